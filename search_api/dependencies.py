"""What route handlers receive: the settings, the catalogue store, and (admin routes) who is calling.

The providers are coroutines although none of them waits for anything: FastAPI runs a plain function
dependency in a worker thread, and handing every request to a thread and back cost more CPU than the
dependencies themselves."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from catalogue.settings import Settings
from search_api.admin_auth import admin_name
from search_api.catalogue_store import CatalogueStore


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _store(request: Request) -> CatalogueStore:
    store: CatalogueStore = request.app.state.store
    return store


async def _admin(request: Request, settings: Annotated[Settings, Depends(_settings)]) -> str:
    return admin_name(request, settings)


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[CatalogueStore, Depends(_store)]
AdminDep = Annotated[str, Depends(_admin)]
