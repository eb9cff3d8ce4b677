"""All values of one facet, for analysts: paged, sorted by count or label, as JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response

from catalogue.analysis import sort_key
from search_api.csv_export import csv_response, file_name
from search_api.dependencies import StoreDep
from search_api.facets import FACETS, FilterError, is_selected, parse_filters
from search_api.labels import label
from search_api.matching import matches_fuzzily
from search_api.models import (
    FUZZY_PARAMETER,
    MAX_QUERY_LENGTH,
    ErrorResponse,
    FacetListing,
    FacetValueOut,
    UiLanguage,
)
from search_api.query import build_facet_listing
from search_api.query_syntax import parse

router = APIRouter(prefix="/v1/facets", tags=["analytics"])
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}
COMPOSITE_PAGE = 1000
MAX_VALUES = 200_000  # a facet with more distinct values than this is cut there ('total' is then this number)


@router.get(
    "/{name}",
    response_model=FacetListing,
    responses={**ERRORS, 200: {"content": {"text/csv": {}}, "description": "JSON, or CSV when asked for"}},
)
async def facet_values(
    request: Request,
    store: StoreDep,
    name: Annotated[str, Path(description=f"One of: {', '.join(FACETS)}")],
    q: Annotated[str, Query(max_length=MAX_QUERY_LENGTH)] = "",
    filter: Annotated[list[str], Query(description="As in /v1/search.")] = [],  # noqa: B006 (FastAPI reads it)
    lang: UiLanguage = "fi",
    sort: Literal["count", "label"] = "count",
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=10_000)] = 100,
    format: Literal["json", "csv"] | None = None,
    bom: Annotated[
        bool, Query(description="CSV: start with the UTF-8 byte order mark, so that Excel reads ä and ö.")
    ] = False,
    fuzzy: Annotated[bool | None, Query(description=FUZZY_PARAMETER)] = None,
) -> Response | FacetListing:
    """Every value of facet ``name`` for the query and the other facets' filters (this facet's own
    selection does not narrow it, as in /v1/search), counting the works /v1/search matches for the same
    q and filters, fuzzy retry included. CSV with ``format=csv`` or ``Accept: text/csv``, named after the
    facet and the query (``subject-romaani.csv``), with cells a spreadsheet would take for formulas made
    text."""
    if name not in FACETS:
        raise HTTPException(422, f"name: unknown facet '{name}'; use one of {', '.join(FACETS)}")
    try:
        filters = parse_filters(filter)
    except FilterError as error:
        raise HTTPException(422, str(error)) from error
    parsed = parse(q)
    fuzzy = await matches_fuzzily(store, parsed, filters, fuzzy)
    counts: list[tuple[str, int]] = []
    after: dict[str, Any] | None = None
    while len(counts) < MAX_VALUES:
        body = build_facet_listing(name, parsed, filters, COMPOSITE_PAGE, fuzzy=fuzzy)
        if after is not None:
            body["aggs"]["values"]["composite"]["after"] = after
        buckets = (await store.search(body))["aggregations"]["values"]
        counts += [(str(bucket["key"]["value"]), bucket["doc_count"]) for bucket in buckets["buckets"]]
        after = buckets.get("after_key")
        if after is None or len(buckets["buckets"]) < COMPOSITE_PAGE:
            break
    listed = {value for value, _ in counts}
    counts += [(value, 0) for value in filters.selected(name) if value not in listed]  # as /v1/search shows
    values = [
        FacetValueOut(value=v, label=label(name, v, lang), count=c, selected=is_selected(name, v, filters))
        for v, c in counts
    ]
    if sort == "count":
        values.sort(key=lambda value: (-value.count, sort_key(value.label, lang)))
    else:
        values.sort(key=lambda value: sort_key(value.label, lang))
    start = (page - 1) * page_size
    listing = FacetListing(
        facet=name,
        total=len(values),
        page=page,
        page_size=page_size,
        fuzzy=fuzzy,
        values=values[start : start + page_size],
    )
    if format == "csv" or (format is None and "text/csv" in request.headers.get("accept", "")):
        rows = [(v.value, v.label, v.count, "true" if v.selected else "false") for v in listing.values]
        download = file_name(name, q, f"page {page}" if page > 1 else "")
        return csv_response(("value", "label", "count", "selected"), rows, download, bom)
    return listing
