"""What route handlers receive: the settings, the catalogue store, and (admin routes) who is calling."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from catalogue.settings import Settings
from search_api.admin_auth import admin_name
from search_api.catalogue_store import CatalogueStore


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> CatalogueStore:
    store: CatalogueStore = request.app.state.store
    return store


def _admin(request: Request, settings: Annotated[Settings, Depends(_settings)]) -> str:
    return admin_name(request, settings)


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[CatalogueStore, Depends(_store)]
AdminDep = Annotated[str, Depends(_admin)]
