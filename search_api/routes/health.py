from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from search_api.dependencies import StoreDep
from search_api.models import Health

router = APIRouter(tags=["operations"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(store: StoreDep) -> JSONResponse:
    """Is Elasticsearch reachable, does the alias exist, and how many works does it hold (503 if not)."""
    report = await store.health()
    return JSONResponse(status_code=200 if report.status == "ok" else 503, content=report.model_dump())
