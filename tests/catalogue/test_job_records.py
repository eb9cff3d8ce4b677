"""When a job record that says "running" belongs to a dead process (shared by the indexer and the API)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from catalogue.job_records import ABANDONED, as_seen_now, died_here, lock_abandoned

NOW = datetime.now(UTC)
RUNNING = {"id": "job-1", "status": "running"}


def _lock(job_id: str = "job-1", expires_in: float = 86400, pid: int | None = None) -> dict[str, object]:
    return {
        "job_id": job_id,
        "host": socket.gethostname() if pid else "elsewhere",
        "pid": pid or 1,
        "expires": (NOW + timedelta(seconds=expires_in)).isoformat(),
    }


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_job_holding_a_live_lock_is_running() -> None:
    assert as_seen_now(RUNNING, _lock()) == RUNNING


def test_a_running_job_without_its_lock_is_failed() -> None:
    for lock in (None, _lock(job_id="job-2"), _lock(expires_in=-1)):
        seen = as_seen_now(RUNNING, lock)
        assert seen["status"] == "failed" and seen["message"] == ABANDONED


def test_finished_jobs_are_left_as_they_are() -> None:
    done = {"id": "job-0", "status": "succeeded"}
    assert as_seen_now(done, None) == done


def test_a_holder_on_this_host_whose_process_is_gone_is_dead_before_its_expiry() -> None:
    pid = _dead_pid()
    assert died_here(_lock(pid=pid))
    assert lock_abandoned(_lock(pid=pid))
    assert not lock_abandoned(_lock())  # elsewhere: trusted until it expires
    assert not died_here(_lock(pid=os.getpid()))
