from __future__ import annotations

from typing import Annotated, Any

from elasticsearch import NotFoundError
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from search_api.catalogue_store import CatalogueStore
from search_api.dependencies import StoreDep
from search_api.errors import SearchUnavailable
from search_api.facets import FACETS, FilterError, parse_filters
from search_api.models import MAX_QUERY_LENGTH, ErrorResponse, SearchRequest, SearchResponse, SuggestResponse
from search_api.query import FOREIGN_CURSOR, BadCursor, build_search, build_spelling_lookup, build_suggest
from search_api.query_syntax import ParsedQuery, parse
from search_api.response import (
    catalogued_spellings,
    corrections,
    json_response,
    shape_search,
    shape_suggestions,
)

router = APIRouter(prefix="/v1", tags=["search"])
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}
SEARCH_ERRORS: dict[int | str, dict[str, Any]] = {410: {"model": ErrorResponse}, **ERRORS}
EXPIRED_CURSOR = (
    "cursor: the result list has changed since this cursor was made (the catalogue was re-indexed); "
    "start again from page 1 without a cursor"
)


@router.get("/search", response_model=SearchResponse, responses=SEARCH_ERRORS)
async def search(store: StoreDep, request: Annotated[SearchRequest, Query()]) -> Response:
    """Full-text search with facets, filters, sorting and paging (see the README for the query syntax).

    When the precise query finds nothing, it is tried once more with fuzzy matching, so small typos still
    find something while exact hits are never outranked by fuzzy ones. A cursor whose index has been
    pruned after a re-index is 410 Gone, whose message tells the client to start again from page 1.
    """
    unknown = [name for name in request.facets or [] if name not in FACETS]
    if unknown:
        raise HTTPException(422, f"facets: unknown facet '{unknown[0]}'; use one of {', '.join(FACETS)}")
    try:
        filters = parse_filters(request.filter)
        parsed = parse(request.q)
        index, body = build_search(request, parsed, filters)
        if index is not None and not store.is_works_index(index):
            raise BadCursor(FOREIGN_CURSOR)
        answer = await store.search(body, index=index)
    except (FilterError, BadCursor) as error:
        raise HTTPException(422, str(error)) from error
    except SearchUnavailable as error:
        if request.cursor and isinstance(error.__cause__, NotFoundError):  # its index was pruned
            raise HTTPException(410, EXPIRED_CURSOR) from error
        raise
    fuzzy = False
    if answer["hits"]["total"]["value"] == 0 and parsed.clauses and not request.cursor:
        _, fuzzy_body = build_search(request, parsed, filters, fuzzy=True)
        fuzzy_answer = await store.search(fuzzy_body, index=index)
        if fuzzy_answer["hits"]["total"]["value"]:
            fuzzy_answer["suggest"] = answer.get("suggest", {})
            answer, fuzzy = fuzzy_answer, True
    spellings = await _catalogued_spellings(store, answer, parsed)
    return json_response(shape_search(answer, request, parsed, filters, fuzzy=fuzzy, spellings=spellings))


async def _catalogued_spellings(
    store: CatalogueStore, answer: dict[str, Any], parsed: ParsedQuery
) -> dict[str, str]:
    """How the catalogue spells the corrections did_you_mean will offer: one more request, only when it
    offers any."""
    wanted = {fix for _, fix in corrections(answer, parsed) if fix}
    if not wanted:
        return {}
    return catalogued_spellings(await store.search(build_spelling_lookup(wanted)), wanted)


@router.get("/suggest", response_model=SuggestResponse, responses=ERRORS)
async def suggest(
    store: StoreDep,
    q: Annotated[
        str, Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="What has been typed so far.")
    ],
    size: Annotated[int, Query(ge=1, le=10)] = 10,
) -> Response:
    """Title, author and subject completions as the user types (prefix, accents optional)."""
    answer = await store.search(build_suggest(q, size))
    return json_response(shape_suggestions(answer, q, size))
