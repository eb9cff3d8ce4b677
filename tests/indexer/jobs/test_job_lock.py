"""The single job lock and job records, against the real node."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from elasticsearch import Elasticsearch

from catalogue.job_records import LOCK_ID, jobs_index, new_job_id
from catalogue.settings import Settings
from indexer.jobs.job_lock import JobLock, JobLockHeld, ensure_jobs_index, record_job_end, record_job_start


def test_only_one_job_holds_the_lock(es: Elasticsearch, settings: Settings) -> None:
    index = jobs_index(settings)
    with JobLock(es, index, "job-a"), pytest.raises(JobLockHeld, match="job job-a"):
        JobLock(es, index, "job-b").acquire()
    with JobLock(es, index, "job-c"):
        assert es.get(index=index, id=LOCK_ID)["_source"]["job_id"] == "job-c"
    assert not es.exists(index=index, id=LOCK_ID)


def test_a_dead_holders_lock_expires_and_is_taken_over(es: Elasticsearch, settings: Settings) -> None:
    index = jobs_index(settings)
    dead = JobLock(es, index, "dead", ttl=timedelta(seconds=1))
    dead.acquire()
    dead._stop.set()  # the holder "dies": no more heartbeats, no release
    time.sleep(1.5)
    with JobLock(es, index, "alive"):
        assert es.get(index=index, id=LOCK_ID)["_source"]["job_id"] == "alive"
    dead.release()  # a late release by the dead holder must not remove someone else's lock
    assert dead.lost.is_set() or not es.exists(index=index, id=LOCK_ID)


def test_heartbeat_keeps_the_lock_alive(es: Elasticsearch, settings: Settings) -> None:
    index = jobs_index(settings)
    with JobLock(es, index, "long", ttl=timedelta(seconds=1.5)):
        first = es.get(index=index, id=LOCK_ID)["_source"]["expires"]
        time.sleep(2)
        second = es.get(index=index, id=LOCK_ID)["_source"]["expires"]
        assert datetime.fromisoformat(second) > datetime.fromisoformat(first)
        assert datetime.fromisoformat(second) > datetime.now(UTC)
        with pytest.raises(JobLockHeld):
            JobLock(es, index, "other").acquire()


def test_job_records_show_status_and_summary(es: Elasticsearch, settings: Settings) -> None:
    index = jobs_index(settings)
    job_id = new_job_id()
    record_job_start(es, index, job_id, "reindex", ["espoo-marc"], False, "cli")
    assert es.get(index=index, id=job_id)["_source"]["status"] == "running"
    record_job_end(es, index, job_id, "succeeded", {"read": 3, "indexed": 2}, None)
    job = es.get(index=index, id=job_id)["_source"]
    assert job["status"] == "succeeded"
    assert job["summary"] == {"read": 3, "indexed": 2}
    assert job["finished"] >= job["started"]


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped) on this host."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _plant_lock(es: Elasticsearch, index: str, host: str, pid: int) -> None:
    """A lock document as a holder killed mid-job leaves it: far from expired, never released."""
    ensure_jobs_index(es, index)
    now = datetime.now(UTC)
    document = {
        "kind": "lock",
        "job_id": "killed",
        "host": host,
        "pid": pid,
        "heartbeat": now.isoformat(),
        "expires": (now + timedelta(minutes=30)).isoformat(),
    }
    es.index(index=index, id=LOCK_ID, document=document, refresh=True)


def test_a_killed_holder_on_this_host_is_taken_over_at_once(es: Elasticsearch, settings: Settings) -> None:
    index = jobs_index(settings)
    _plant_lock(es, index, socket.gethostname(), _dead_pid())
    record_job_start(es, index, "killed", "reindex", ["espoo"], False, "cli")
    with JobLock(es, index, "next"):
        assert es.get(index=index, id=LOCK_ID)["_source"]["job_id"] == "next"
    abandoned = es.get(index=index, id="killed")["_source"]
    assert abandoned["status"] == "failed", "a killed job's record does not stay 'running'"
    assert "ended without finishing" in abandoned["message"] and "job next took over" in abandoned["message"]


@pytest.mark.parametrize("where", ["this host, alive", "another host"])
def test_a_holder_that_may_be_alive_keeps_the_lock(es: Elasticsearch, settings: Settings, where: str) -> None:
    index = jobs_index(settings)
    host, pid = (
        (socket.gethostname(), os.getpid()) if where == "this host, alive" else ("elsewhere", _dead_pid())
    )
    _plant_lock(es, index, host, pid)
    with pytest.raises(JobLockHeld, match="job killed"):
        JobLock(es, index, "next").acquire()
