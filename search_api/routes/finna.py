"""The Finna REST API (``/api/v1/search``, ``/api/v1/record``, ``/api/v1/?openapi``): GET, or POST with the
same parameters form-encoded.

Thin handlers: the request is translated by :mod:`search_api.finna.request`, searched as ``/v1/search``
searches (:func:`search_api.matching.matched_search`), and written by :mod:`search_api.finna.response`.
Every failure is Finna's error shape, never FastAPI's: a refused request with Finna's status and message,
the cluster away a 503 with Retry-After. Left out of this service's own OpenAPI schema (``/openapi.json``
documents ``/v1``); the Finna API has its own document, as on api.finna.fi.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from elasticsearch import BadRequestError
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from search_api.catalogue_store import CatalogueStore
from search_api.dependencies import StoreDep
from search_api.errors import SearchUnavailable
from search_api.finna.openapi import openapi_document
from search_api.finna.records import SOURCE_RECORD_FIELDS
from search_api.finna.request import (
    INVALID_SEARCH,
    FinnaError,
    Params,
    fields,
    finna_search,
    language,
    pretty,
    read_params,
    record_ids,
)
from search_api.finna.response import (
    displays_of,
    error_content,
    finna_response,
    records_content,
    search_content,
)
from search_api.matching import matched_search
from search_api.query import WHOLE_DISPLAY, build_works

router = APIRouter(prefix="/api/v1", tags=["finna"], include_in_schema=False)
MAX_FORM_BYTES = 64 * 1024
"""A POSTed form larger than this is refused (a hundred ids and every field fit in a tenth of it)."""
RETRY_AFTER_S = "5"


@router.api_route("/search", methods=["GET", "POST"])
async def search(request: Request, store: StoreDep) -> Response:
    """Search: Finna's parameters, Finna's answer."""

    async def answer(params: Params) -> dict[str, Any]:
        wanted = finna_search(params)
        found, _ = await matched_search(
            store, wanted.request, wanted.parsed, wanted.filters, source=WHOLE_DISPLAY
        )
        sources = await _sources(store, displays_of(found, wanted.limit), wanted.fields)
        return search_content(wanted, found, params, sources)

    return await _answering(request, answer)


@router.api_route("/record", methods=["GET", "POST"])
async def record(request: Request, store: StoreDep) -> Response:
    """Records by id: ``id`` (one; an unknown one is an error) or ``id[]`` (up to 100; unknown ones are
    left out), in the order asked for."""

    async def answer(params: Params) -> dict[str, Any]:
        ids, single = record_ids(params)
        found = await store.search(build_works(ids))
        by_id = {hit["_id"]: hit["_source"]["display"] for hit in found["hits"]["hits"]}
        displays = [by_id[work_id] for work_id in ids if work_id in by_id]
        if single and not displays:
            raise FinnaError(400, "Error loading record", f"id: there is no record '{ids[0]}'")
        wanted = fields(params)
        return records_content(displays, wanted, language(params), await _sources(store, displays, wanted))

    return await _answering(request, answer)


@router.get("")
@router.get("/")
async def openapi(request: Request) -> Response:
    """``?openapi`` (or ``?swagger``): the OpenAPI document of these endpoints; else a redirect there."""
    if "openapi" not in request.query_params and "swagger" not in request.query_params:
        return RedirectResponse(f"{request.url.path}?openapi", status_code=302)
    server = f"{str(request.base_url).rstrip('/')}/api/v1"
    return finna_response(openapi_document(server), pretty=True)


async def _sources(
    store: CatalogueStore, displays: list[dict[str, Any]], wanted: list[str]
) -> list[list[dict[str, Any]]] | None:
    """The works' source records when a requested field needs them; None otherwise."""
    if not displays or not any(name in SOURCE_RECORD_FIELDS for name in wanted):
        return None
    return await store.source_records([display["merge"]["key"] for display in displays])


async def _answering(request: Request, answer: Callable[[Params], Awaitable[dict[str, Any]]]) -> Response:
    """The answer to the request's parameters, or Finna's error shape for what went wrong."""
    indented = False
    try:
        params = read_params(
            request.scope["query_string"], request.query_params.multi_items(), await _form(request)
        )
        indented = pretty(params)
        content = await answer(params)
    except FinnaError as error:
        return finna_response(error_content(error.message, error.detail), indented, error.status)
    except BadRequestError as error:  # what Elasticsearch cannot search, e.g. a term too long to index
        return finna_response(error_content(INVALID_SEARCH, str(error.message)), indented, 400)
    except SearchUnavailable as error:
        response = finna_response(error_content("Search unavailable", str(error)), indented, 503)
        response.headers["Retry-After"] = RETRY_AFTER_S
        return response
    return finna_response(content, indented)


async def _form(request: Request) -> list[tuple[str, str]]:
    """A POSTed ``application/x-www-form-urlencoded`` body's parameters (JSON bodies are not read, as on
    Finna); refused when larger than :data:`MAX_FORM_BYTES` or not UTF-8."""
    content_type = request.headers.get("content-type", "")
    if request.method != "POST" or not content_type.startswith("application/x-www-form-urlencoded"):
        return []
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FinnaError(
                413, "Request too large", f"the form is larger than {MAX_FORM_BYTES // 1024} KiB"
            )
    try:
        return parse_qsl(body.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError) as error:
        raise FinnaError(400, INVALID_SEARCH, "the form is not percent-encoded UTF-8 text") from error
