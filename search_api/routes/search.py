from __future__ import annotations

from typing import Annotated, Any, Literal

from elasticsearch import NotFoundError
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from search_api.dependencies import StoreDep
from search_api.errors import SearchUnavailable
from search_api.facets import FACETS, FilterError, parse_filters
from search_api.feeds import SUGGESTIONS_TYPE, opensearch_suggestions
from search_api.matching import helpful_suggestion, matched_search, most_words_search
from search_api.models import MAX_QUERY_LENGTH, ErrorResponse, SearchRequest, SearchResponse, SuggestResponse
from search_api.query import FOREIGN_CURSOR, BadCursor, build_suggest, open_cursor
from search_api.query_syntax import parse
from search_api.response import json_response, shape_search, shape_suggestions

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

    When the precise query finds nothing, it is tried once more with fuzzy matching (the decision every
    endpoint taking ``q`` shares, :mod:`search_api.matching`), so small typos still find something while
    exact hits are never outranked by fuzzy ones. A cursor continues its own list only: sent with another
    q, filters, sort or lang it is a 422; one whose index has been pruned after a re-index is 410 Gone,
    whose message tells the client to start again from page 1.
    """
    unknown = [name for name in request.facets or [] if name not in FACETS]
    if unknown:
        raise HTTPException(422, f"facets: unknown facet '{unknown[0]}'; use one of {', '.join(FACETS)}")
    try:
        filters = parse_filters(request.filter)
        parsed = parse(request.q)
        cursor = open_cursor(request, parsed, filters)
        if cursor is not None and not store.is_works_index(cursor.index):
            raise BadCursor(FOREIGN_CURSOR)
        answer, fuzzy = await matched_search(store, request, parsed, filters, cursor)
    except (FilterError, BadCursor) as error:
        raise HTTPException(422, str(error)) from error
    except SearchUnavailable as error:
        if request.cursor and isinstance(error.__cause__, NotFoundError):  # its index was pruned
            raise HTTPException(410, EXPIRED_CURSOR) from error
        raise
    # With fuzzy=true the precise query was not tried: its hits are unknown, so an answer with hits is
    # not taken for a retry.
    from_retry = fuzzy and request.fuzzy is None
    did_you_mean = await helpful_suggestion(store, answer, parsed, filters, from_retry)
    # Never a dead end: when neither attempt matched anything, most of the words (paged by page number:
    # a cursor continues the lists of the first two attempts only).
    unmatched = None
    if not answer["hits"]["total"]["value"] and cursor is None and request.fuzzy is None:
        most_words = await most_words_search(store, request, parsed, filters)
        if most_words is not None:
            answer, unmatched = most_words
    shaped = shape_search(
        answer,
        request,
        parsed,
        filters,
        fuzzy=fuzzy,
        cursor=cursor,
        did_you_mean=did_you_mean,
        unmatched=unmatched,
    )
    return json_response(shaped)


@router.get(
    "/suggest",
    response_model=SuggestResponse,
    responses={**ERRORS, 200: {"content": {SUGGESTIONS_TYPE: {}}, "description": "JSON, or OpenSearch's"}},
)
async def suggest(
    store: StoreDep,
    q: Annotated[
        str, Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="What has been typed so far.")
    ],
    size: Annotated[int, Query(ge=1, le=10)] = 10,
    format: Annotated[
        Literal["json", "opensearch"],
        Query(description="opensearch: [q, [completions]], as a browser's search box reads suggestions."),
    ] = "json",
) -> Response:
    """Title, author and subject completions as the user types (prefix, accents optional)."""
    shaped = shape_suggestions(await store.search(build_suggest(q, size)), q, size)
    if format == "opensearch":
        return Response(opensearch_suggestions(q, shaped["suggestions"]), media_type=SUGGESTIONS_TYPE)
    return json_response(shaped)
