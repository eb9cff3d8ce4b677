"""The FastAPI application: wiring only. Routes live in ``routes/``, queries are built in ``query``,
answers shaped in ``response``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from catalogue.es import async_client
from catalogue.job_records import jobs_index
from catalogue.settings import Settings, get_settings
from search_api.catalogue_store import CatalogueStore
from search_api.dependencies import utf8_query_string
from search_api.errors import install_error_handlers
from search_api.metrics import ApiMetrics, MetricsMiddleware
from search_api.rate_limit import RateLimiter, RateLimitMiddleware, parse_rates
from search_api.routes import admin, docs, facet_listing, feeds, finna, health, pages, records, search
from search_api.routes import metrics as metrics_route


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    metrics = ApiMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        es = async_client(settings)
        app.state.settings = settings
        app.state.store = CatalogueStore(
            es,
            settings.works_alias,
            settings.records_alias,
            jobs_index(settings),
            observe=metrics.observe_elasticsearch,
            timeout=settings.api_request_timeout,
        )
        try:
            yield
        finally:
            await es.close()

    app = FastAPI(
        title="Helmet catalogue search",
        version="1",
        summary="Search the joint e-library of Espoo, Helsinki, Vantaa and Kauniainen.",
        lifespan=lifespan,
        docs_url=None,  # routes/docs.py serves /docs with its files from this service, not a CDN
        redoc_url=None,
    )
    install_error_handlers(app)
    app.state.metrics = metrics
    rates = parse_rates(settings.rate_limit)
    if rates:  # inside CORS, so that a browser can read the 429
        app.add_middleware(
            RateLimitMiddleware, limiter=RateLimiter(rates), on_refusal=metrics.rate_limited.inc
        )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET"],
            allow_headers=["Accept", "Accept-Language", "Content-Type"],
            # A page told to wait (429, 503) must be able to read for how long.
            expose_headers=["Retry-After"],
            max_age=3600,
        )
    # Outermost: the client is the address a trusted proxy forwarded for, before anything counts it.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.add_middleware(MetricsMiddleware, metrics=metrics)  # outermost: every answer counted, 429s too
    for module in (health, metrics_route, search, feeds, records, facet_listing, admin):
        app.include_router(module.router, dependencies=[Depends(utf8_query_string)])
    # The pages read their own URLs in the browser; the Finna API answers a bad query string in its own shape.
    for module in (pages, docs, finna):
        app.include_router(module.router)
    return app
