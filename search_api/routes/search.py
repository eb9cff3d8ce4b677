from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from search_api.dependencies import StoreDep
from search_api.models import ErrorResponse, SearchRequest, SearchResponse
from search_api.query import build_search
from search_api.response import shape_search

router = APIRouter(prefix="/v1", tags=["search"])
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


@router.get("/search", response_model=SearchResponse, responses=ERRORS)
async def search(store: StoreDep, request: Annotated[SearchRequest, Query()]) -> SearchResponse:
    """Full-text search of the catalogue."""
    return shape_search(await store.search(build_search(request)), request)
