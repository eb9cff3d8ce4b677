from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from search_api.dependencies import StoreDep
from search_api.facets import FACETS, FilterError, parse_filters
from search_api.models import MAX_QUERY_LENGTH, ErrorResponse, SearchRequest, SearchResponse, SuggestResponse
from search_api.query import FOREIGN_CURSOR, BadCursor, build_search, build_suggest
from search_api.query_syntax import parse
from search_api.response import shape_search, shape_suggestions

router = APIRouter(prefix="/v1", tags=["search"])
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


@router.get("/search", response_model=SearchResponse, responses=ERRORS)
async def search(store: StoreDep, request: Annotated[SearchRequest, Query()]) -> SearchResponse:
    """Full-text search with facets, filters, sorting and paging (see the README for the query syntax).

    When the precise query finds nothing, it is tried once more with fuzzy matching, so small typos still
    find something while exact hits are never outranked by fuzzy ones.
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
    if answer["hits"]["total"]["value"] == 0 and parsed.clauses and not request.cursor:
        _, fuzzy_body = build_search(request, parsed, filters, fuzzy=True)
        fuzzy_answer = await store.search(fuzzy_body, index=index)
        if fuzzy_answer["hits"]["total"]["value"]:
            fuzzy_answer["suggest"] = answer.get("suggest", {})
            answer = fuzzy_answer
    return shape_search(answer, request, parsed, filters)


@router.get("/suggest", response_model=SuggestResponse, responses=ERRORS)
async def suggest(
    store: StoreDep,
    q: Annotated[
        str, Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="What has been typed so far.")
    ],
    size: Annotated[int, Query(ge=1, le=10)] = 10,
) -> SuggestResponse:
    """Title, author and subject completions as the user types (prefix, accents optional)."""
    answer = await store.search(build_suggest(q, size))
    return SuggestResponse(suggestions=shape_suggestions(answer, q, size))
