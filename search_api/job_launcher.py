"""Start an indexer job from the API: a separate ``python -m indexer`` process, not a thread in the API.

A full re-index runs for minutes and uses a core; in its own process it cannot stall the event loop that
serves searches, it survives an API restart, and it takes the same job lock as a job started from a
terminal. The API passes its own configuration on explicitly, so the job writes to the cluster and index
prefix this API reads.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from catalogue.job_records import new_job_id
from catalogue.settings import PROJECT_ROOT, Settings
from search_api.errors import SearchUnavailable

LAUNCH_TIMEOUT_S = 20.0


class LaunchFailed(Exception):
    """The job process ended before registering; ``status`` is the HTTP status that says why:
    409 another job holds the lock, 422 the request named something the configuration lacks (the
    indexer's exit code 2), 503 anything else (cluster away, process could not start)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _secret(value: SecretStr | None) -> str | None:
    return None if value is None else value.get_secret_value()


def _environment(settings: Settings) -> dict[str, str]:
    """The job's environment: ours, with this API's cluster, catalogue and credentials set explicitly.

    The credentials are the general ones (the indexer's writer key), never the API's read-only key; one
    that this API does not have is removed, so that the job cannot pick up a conflicting one.
    """
    env = {**os.environ}
    overrides = {
        "HELMET_ELASTICSEARCH_URL": settings.elasticsearch_url,
        "HELMET_INDEX_PREFIX": settings.index_prefix,
        "HELMET_SOURCES_FILE": str(settings.sources_file),
        "HELMET_MERGE_RULES_FILE": str(settings.merge_rules_file),
        "HELMET_STATE_DIR": str(settings.state_dir),
    }
    env.update({name: value for name, value in overrides.items() if value is not None})
    credentials = {
        "HELMET_ELASTICSEARCH_API_KEY": _secret(settings.elasticsearch_api_key),
        "HELMET_ELASTICSEARCH_USERNAME": settings.elasticsearch_username,
        "HELMET_ELASTICSEARCH_PASSWORD": _secret(settings.elasticsearch_password),
        "HELMET_ELASTICSEARCH_CA_CERTS": (
            str(settings.elasticsearch_ca_certs) if settings.elasticsearch_ca_certs else None
        ),
        "HELMET_ELASTICSEARCH_VERIFY_CERTS": str(settings.elasticsearch_verify_certs).lower(),
        "HELMET_API_ELASTICSEARCH_API_KEY": None,
    }
    for name, value in credentials.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


JobLookup = Callable[[str], Awaitable[dict[str, Any] | None]]


def _log_tail(path: Path, lines: int = 5) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " ".join(text[-lines:]) if text else "(no output)"


async def start_job(
    settings: Settings, lookup: JobLookup, kind: str, sources: list[str], force: bool, started_by: str
) -> dict[str, Any]:
    """Launch ``python -m indexer <kind>`` detached and return its job record once it has written one.

    Raises :class:`LaunchFailed` when the process ends first (another job holds the lock, an unknown
    source, …) or does not register in time; the message carries the end of its log.
    """
    job_id = new_job_id()
    log_file = settings.state_dir / "logs" / f"{job_id}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "indexer", kind, "--job-id", job_id, "--started-by", started_by]
    for source in sources:
        command += ["--source", source]
    if force:
        command.append("--force")
    with log_file.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=PROJECT_ROOT,
            env=_environment(settings),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + LAUNCH_TIMEOUT_S
    while True:
        try:
            job = await lookup(job_id)
        except SearchUnavailable:  # the job may be creating the jobs index right now
            job = None
        if job is not None:
            return job
        if process.returncode is not None:
            tail = _log_tail(log_file)
            status = 409 if "another indexer job" in tail else 422 if process.returncode == 2 else 503
            raise LaunchFailed(f"the {kind} job did not start: {tail}", status)
        if time.monotonic() > deadline:
            raise LaunchFailed(
                f"the {kind} job did not register within {LAUNCH_TIMEOUT_S:.0f} s (log: {log_file})", 503
            )
        await asyncio.sleep(0.2)
