from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from search_api.dependencies import StoreDep
from search_api.models import Health

router = APIRouter(tags=["operations"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(store: StoreDep) -> JSONResponse:
    """Is Elasticsearch reachable, does the alias exist, and how many works does it hold (503 if not).
    A degraded service still answers searches, so it is 200: a load balancer must not take it out."""
    report = await store.health()
    status_code = 503 if report.status == "unavailable" else 200
    return JSONResponse(status_code=status_code, content=report.model_dump())
