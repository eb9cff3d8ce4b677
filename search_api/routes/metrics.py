"""``/metrics``: the service seen from Prometheus (see :mod:`search_api.metrics` for what is measured)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from search_api.dependencies import MetricsDep, StoreDep
from search_api.errors import SearchUnavailable

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
async def metrics(store: StoreDep, metrics: MetricsDep) -> Response:
    """Prometheus text exposition: requests by route and status, latencies, Elasticsearch calls and errors,
    rate-limit refusals, the live index's size and age, the indexer's jobs. Always 200: a cluster that is
    away shows as ``helmet_elasticsearch_up 0``."""
    report = await store.health()
    reachable = report.elasticsearch != "unreachable"
    try:
        created = await store.index_created(report.index) if report.index else None
        jobs = await store.jobs(20) if reachable else []
    except SearchUnavailable:
        created, jobs = None, []
    metrics.record_catalogue(report.documents, created, reachable)
    metrics.record_jobs(jobs)
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
