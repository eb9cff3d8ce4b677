"""The FastAPI application: wiring only. Queries are built in ``query``, answers shaped in ``response``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse

from catalogue.es import async_client
from catalogue.settings import Settings, get_settings
from search_api.catalogue_store import CatalogueStore
from search_api.errors import install_error_handlers
from search_api.models import ErrorResponse, Health, SearchRequest, SearchResponse
from search_api.query import build_search
from search_api.response import shape_search

ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


def _store(request: Request) -> CatalogueStore:
    catalogue: CatalogueStore = request.app.state.store
    return catalogue


Store = Annotated[CatalogueStore, Depends(_store)]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        es = async_client(settings)
        app.state.store = CatalogueStore(es, settings.works_alias)
        try:
            yield
        finally:
            await es.close()

    app = FastAPI(
        title="Helmet catalogue search",
        version="1",
        summary="Search the joint e-library of Espoo, Helsinki, Vantaa and Kauniainen.",
        lifespan=lifespan,
    )
    install_error_handlers(app)

    @app.get("/health", response_model=Health, responses={503: {"model": Health}}, tags=["operations"])
    async def health(catalogue: Store) -> JSONResponse:
        """Is Elasticsearch reachable, does the alias exist, and how many works does it hold."""
        report = await catalogue.health()
        return JSONResponse(status_code=200 if report.status == "ok" else 503, content=report.model_dump())

    @app.get("/v1/search", response_model=SearchResponse, responses=ERRORS, tags=["search"])
    async def search(catalogue: Store, request: Annotated[SearchRequest, Query()]) -> SearchResponse:
        """Full-text search of the catalogue."""
        return shape_search(await catalogue.search(build_search(request)), request)

    return app
