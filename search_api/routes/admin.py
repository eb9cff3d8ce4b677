"""Admin endpoints for cataloguers: start re-index and update jobs, see what jobs did.

Every admin action is logged on ``search_api.admin`` with who (the token's configured name) and what (the
action, the sources, the job id), whether it succeeded or not; refusals are logged by ``admin_auth``.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import JSONResponse

from search_api.dependencies import AdminDep, SettingsDep, StoreDep
from search_api.job_launcher import LaunchFailed, start_job
from search_api.models import ErrorResponse, JobRequest, JobStatus

log = logging.getLogger("search_api.admin")
router = APIRouter(prefix="/v1/admin", tags=["admin"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse},
    403: {"model": ErrorResponse},
    409: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
    503: {"model": ErrorResponse},
}


async def _start(
    kind: str, job: JobRequest, who: str, settings: SettingsDep, store: StoreDep
) -> JSONResponse:
    what = f"{kind} (sources={job.sources or 'all'}, force={job.force})"
    try:
        record = await start_job(settings, store.job, kind, job.sources, job.force, who)
    except LaunchFailed as error:
        log.warning("admin %s could not start %s: %s %s", who, what, error.status, error)
        raise HTTPException(status_code=error.status, detail=str(error)) from error
    log.info("admin %s started %s: job %s", who, what, record["id"])
    return JSONResponse(status_code=202, content=JobStatus.from_record(record).model_dump(mode="json"))


@router.post("/reindex", status_code=202, response_model=JobStatus, responses=ERRORS)
async def reindex(job: JobRequest, who: AdminDep, settings: SettingsDep, store: StoreDep) -> JSONResponse:
    """Start a full re-index (new index, validation, atomic alias swap). 409 while another job runs."""
    return await _start("reindex", job, who, settings, store)


@router.post("/update", status_code=202, response_model=JobStatus, responses=ERRORS)
async def update(job: JobRequest, who: AdminDep, settings: SettingsDep, store: StoreDep) -> JSONResponse:
    """Start an incremental update of the live index (changed records and deletions; of a source that is a
    whole export, also the records it no longer holds, unless it shrank by more than 10 % and not forced)."""
    return await _start("update", job, who, settings, store)


@router.get("/jobs", response_model=list[JobStatus], responses=ERRORS)
async def jobs(
    who: AdminDep, store: StoreDep, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[JobStatus]:
    """The most recent jobs, newest first."""
    log.info("admin %s lists the last %d jobs", who, limit)
    return [JobStatus.from_record(record) for record in await store.jobs(limit)]


@router.get("/jobs/{job_id}", response_model=JobStatus, responses={**ERRORS, 404: {"model": ErrorResponse}})
async def job(who: AdminDep, store: StoreDep, job_id: Annotated[str, Path(max_length=64)]) -> JobStatus:
    log.info("admin %s reads job %r", who, job_id)
    record = await store.job(job_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"There is no job with id '{job_id}'.")
    return JobStatus.from_record(record)
