"""The OpenSearch description (``/opensearch.xml``, linked from the search page's head) and the Atom feed
of any search (``/v1/search.atom``, the parameters of ``/v1/search``); the XML is written by
:mod:`search_api.feeds`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from search_api.dependencies import StoreDep
from search_api.facets import FilterError, parse_filters
from search_api.feeds import ATOM_TYPE, atom_feed, opensearch_description
from search_api.matching import matched_search
from search_api.models import ErrorResponse, SearchRequest
from search_api.query import WHOLE_DISPLAY, BadCursor
from search_api.query_syntax import parse

router = APIRouter(tags=["feeds"])
FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {ATOM_TYPE: {}}, "description": "An Atom feed of the page of works"},
    422: {"model": ErrorResponse},
    503: {"model": ErrorResponse},
}
NO_CURSOR = "cursor: a feed holds one page; ask for another with page"


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/opensearch.xml", include_in_schema=False)
async def opensearch(request: Request) -> Response:
    """Lets a browser add the catalogue as a search engine, with suggestions."""
    return Response(
        opensearch_description(_base(request)), media_type="application/opensearchdescription+xml"
    )


@router.get("/v1/search.atom", response_class=Response, responses=FEED_RESPONSES)
async def search_feed(http: Request, store: StoreDep, request: Annotated[SearchRequest, Query()]) -> Response:
    """The works a search finds, as an Atom feed, each entry linking to its record page: subscribe to a
    search (``filter=municipality:espoo&filter=language:swe&sort=newest``) in a feed reader. Matched as
    ``/v1/search`` matches; no facets."""
    if request.cursor:
        raise HTTPException(422, NO_CURSOR)
    try:
        filters = parse_filters(request.filter)
        answer, _ = await matched_search(
            store, request.model_copy(update={"facets": []}), parse(request.q), filters, source=WHOLE_DISPLAY
        )
    except (FilterError, BadCursor) as error:
        raise HTTPException(422, str(error)) from error
    hits = answer["hits"]["hits"]
    indexed = await store.index_created(hits[0]["_index"]) if hits else None
    feed = atom_feed(
        [hit["_source"]["display"] for hit in hits],
        answer["hits"]["total"]["value"],
        base=_base(http),
        self_url=str(http.url),
        page_query=_page_query(request),
        updated=indexed or datetime.now(UTC),
        lang=request.lang,
    )
    return Response(feed, media_type=ATOM_TYPE)


def _page_query(request: SearchRequest) -> list[tuple[str, str]]:
    """The search page's parameters for the same search (as its ``stateQuery`` writes them)."""
    pairs = [("q", request.q)] if request.q else []
    pairs += [("filter", value) for value in request.filter]
    if request.sort != "relevance":
        pairs.append(("sort", request.sort))
    if request.lang != "fi":
        pairs.append(("lang", request.lang))
    return pairs
