"""Record detail and reading recommendations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from search_api.dependencies import StoreDep
from search_api.models import ErrorResponse, SimilarResponse, UiLanguage, WorkDetail
from search_api.query import build_similar
from search_api.response import json_response, shape_hit, shape_work

router = APIRouter(prefix="/v1/records", tags=["records"])
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
    503: {"model": ErrorResponse},
}
WorkId = Annotated[str, Path(min_length=1, max_length=64, description="A work id from a search hit.")]
Lang = Annotated[UiLanguage, Query(description="Language of labels.")]


async def _existing(store: StoreDep, work_id: str) -> dict[str, Any]:
    work = await store.work(work_id)
    if work is None:
        raise HTTPException(
            404, f"There is no record with id '{work_id}'. It may have been removed from the catalogue."
        )
    return work


@router.get("/{work_id}", response_model=WorkDetail, responses=ERRORS)
async def record(store: StoreDep, work_id: WorkId, lang: Lang = "fi") -> WorkDetail:
    """The full work: description, every municipality's holding with its access URL, and the source
    records it was merged from, with the reason they were merged."""
    work = await _existing(store, work_id)
    (sources,) = await store.source_records([work["merge"]["key"]])
    return shape_work(work["display"], sources, lang)


@router.get("/{work_id}/similar", response_model=SimilarResponse, responses=ERRORS)
async def similar(
    store: StoreDep, work_id: WorkId, lang: Lang = "fi", size: Annotated[int, Query(ge=1, le=50)] = 10
) -> Response:
    """Works sharing subjects, authors, series or title words with this one (more_like_this)."""
    await _existing(store, work_id)
    answer = await store.search(build_similar(work_id, size))
    hits = [shape_hit(hit["_source"]["display"], lang) for hit in answer["hits"]["hits"]]
    return json_response({"id": work_id, "similar": hits})
