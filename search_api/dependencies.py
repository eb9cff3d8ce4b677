"""What route handlers receive: the settings, the catalogue store, and (admin routes) who is calling;
and the check every API route makes first, that its query string is UTF-8 text.

The providers are coroutines although none of them waits for anything: FastAPI runs a plain function
dependency in a worker thread, and handing every request to a thread and back cost more CPU than the
dependencies themselves."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import Depends, HTTPException, Request

from catalogue.settings import Settings
from search_api.admin_auth import admin_name
from search_api.catalogue_store import CatalogueStore
from search_api.metrics import ApiMetrics


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _store(request: Request) -> CatalogueStore:
    store: CatalogueStore = request.app.state.store
    return store


async def _admin(request: Request, settings: Annotated[Settings, Depends(_settings)]) -> str:
    return admin_name(request, settings)


async def _metrics(request: Request) -> ApiMetrics:
    metrics: ApiMetrics = request.app.state.metrics
    return metrics


SettingsDep = Annotated[Settings, Depends(_settings)]
MetricsDep = Annotated[ApiMetrics, Depends(_metrics)]
StoreDep = Annotated[CatalogueStore, Depends(_store)]
AdminDep = Annotated[str, Depends(_admin)]


def undecodable_parameter(query_string: bytes) -> str | None:
    """The name of the first parameter whose name or value is not UTF-8 once percent-decoded, if any.

    Starlette decodes the query string with ``errors="replace"``: ``q=%FF`` reaches a route as ``"\ufffd"``,
    which has no word in it, and so searched for everything. Decoding as Latin-1 first keeps every byte as
    one character, so the bytes can be checked strictly here."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    for name, value in pairs:
        try:
            name.encode("latin-1").decode("utf-8")
            value.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            return name.encode("latin-1").decode("utf-8", errors="replace")
    return None


async def utf8_query_string(request: Request) -> None:
    """422 naming the parameter that is not UTF-8 text, rather than answering a query nobody typed."""
    name = undecodable_parameter(request.scope["query_string"])
    if name is not None:
        raise HTTPException(
            422, f"{name}: not UTF-8 text; percent-encode the UTF-8 bytes of the characters (ä is %C3%A4)"
        )
