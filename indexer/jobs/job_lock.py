"""Job records and the single job lock, both kept in Elasticsearch.

Only one indexer job may run at a time, whether started from the command line or through the admin API,
on whichever machine: two full rebuilds racing for the alias would waste an hour and could swap in the
wrong index. The lock is a document with an expiry that its holder keeps pushing forward (heartbeat);
if the holder dies, the lock expires and the next job takes it over. A holder that died on this very
machine (killed, out of memory, the machine's job runner timed out) is known dead at once, its pid being
gone, so the next job on the same host takes the lock over without waiting out the expiry. Every change to
the lock document is conditional on its sequence number, so two contenders can never both believe they
hold it.

Each job also writes a record (who started it, which sources, status, the final summary) so that the API
can show cataloguers what happened without access to the indexer's terminal.

These small writes share the cluster's write queue with every bulk load running at the time; a full queue
answers 429 (503 while a shard recovers), so they are retried with backoff rather than failing the job.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from elastic_transport import TransportError
from elasticsearch import ApiError, ConflictError, Elasticsearch, NotFoundError
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

from catalogue.job_records import ABANDONED, LOCK_ID, died_here, lock_abandoned
from indexer.store.mappings import load_definition

log = logging.getLogger(__name__)


class JobLockHeld(Exception):
    """Another job holds the lock; the message says which, where, and until when."""


def _busy(error: BaseException) -> bool:
    return isinstance(error, ApiError) and error.meta.status in (429, 503)


# 0.5 s, 1 s, 2 s … up to 10 s apart, about a minute in all: a write queue drains well within that.
_retry_when_busy = retry(
    retry=retry_if_exception(_busy),
    wait=wait_exponential(multiplier=0.5, max=10),
    stop=stop_after_attempt(10),
    reraise=True,
)


def _now() -> datetime:
    return datetime.now(UTC)


def ensure_jobs_index(es: Elasticsearch, index: str) -> None:
    """Create the jobs index on first use and wait until its shard can take writes; give an existing one the
    fields a newer definition added (the jobs index is never rebuilt, so its mapping grows in place).

    Two jobs may create it at the same moment; losing that race is fine. A shard
    that was just created may still be recovering, and a write then fails with 503, hence the wait.
    """
    definition = load_definition("jobs")
    if not es.indices.exists(index=index):
        try:
            es.indices.create(index=index, settings=definition["settings"], mappings=definition["mappings"])
        except ApiError:
            if not es.indices.exists(index=index):
                raise
    else:
        es.indices.put_mapping(index=index, properties=definition["mappings"]["properties"])
    es.cluster.health(index=index, wait_for_status="yellow", timeout="30s")


class JobLock:
    """Context manager holding the job lock while a job runs; see the module docstring for why."""

    def __init__(self, es: Elasticsearch, index: str, job_id: str, ttl: timedelta = timedelta(seconds=90)):
        self.es = es
        self.index = index
        self.job_id = job_id
        self.ttl = ttl
        self._version: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None
        self.lost = threading.Event()

    def _document(self) -> dict[str, Any]:
        now = _now()
        return {
            "kind": "lock",
            "job_id": self.job_id,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "heartbeat": now.isoformat(),
            "expires": (now + self.ttl).isoformat(),
        }

    @_retry_when_busy
    def acquire(self) -> None:
        ensure_jobs_index(self.es, self.index)
        try:
            answer = self.es.create(index=self.index, id=LOCK_ID, document=self._document(), refresh=True)
        except ConflictError:
            answer = self._take_over_expired()
        self._version = (answer["_seq_no"], answer["_primary_term"])
        self._heartbeat = threading.Thread(target=self._beat, name=f"job-lock-{self.job_id}", daemon=True)
        self._heartbeat.start()

    def _take_over_expired(self) -> Any:
        try:
            current = self.es.get(index=self.index, id=LOCK_ID)
        except NotFoundError:  # released between our create and get: try once more from scratch
            return self.es.create(index=self.index, id=LOCK_ID, document=self._document(), refresh=True)
        holder = current["_source"]
        if not lock_abandoned(holder, _now()):
            raise JobLockHeld(
                f"another indexer job is running: job {holder['job_id']} (pid {holder['pid']} on "
                f"{holder['host']}), lock held until {holder['expires']}"
            )
        log.warning(
            "taking over the job lock of job %s (pid %s on %s): its holder %s",
            holder["job_id"],
            holder["pid"],
            holder["host"],
            "is gone" if died_here(holder) else "stopped renewing it",
        )
        try:
            taken = self.es.index(
                index=self.index,
                id=LOCK_ID,
                document=self._document(),
                if_seq_no=current["_seq_no"],
                if_primary_term=current["_primary_term"],
                refresh=True,
            )
        except ConflictError as error:
            raise JobLockHeld("another indexer job took over the expired lock at the same moment") from error
        self._close_abandoned(holder["job_id"])
        return taken

    def _close_abandoned(self, job_id: str) -> None:
        """The job whose lock was taken over never finished: its record must not say "running" forever
        (the admin API shows it to cataloguers)."""
        try:
            job = self.es.get(index=self.index, id=job_id)["_source"]
        except NotFoundError:  # killed between taking the lock and writing its record
            return
        if job.get("status") == "running":
            message = f"{ABANDONED}; job {self.job_id} took over"
            record_job_end(self.es, self.index, job_id, "failed", job.get("summary") or {}, message)

    def _beat(self) -> None:
        while not self._stop.wait(self.ttl.total_seconds() / 3):
            assert self._version is not None
            try:
                answer = self.es.index(
                    index=self.index,
                    id=LOCK_ID,
                    document=self._document(),
                    if_seq_no=self._version[0],
                    if_primary_term=self._version[1],
                )
                self._version = (answer["_seq_no"], answer["_primary_term"])
            except ConflictError:
                self.lost.set()
                return
            except Exception:  # cluster briefly away: keep trying until the lock would expire anyway
                continue

    def release(self) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join()
        if self._version is None or self.lost.is_set():
            return
        try:
            _retry_when_busy(self.es.delete)(
                index=self.index,
                id=LOCK_ID,
                if_seq_no=self._version[0],
                if_primary_term=self._version[1],
                refresh=True,
            )
        except (ConflictError, NotFoundError):
            pass  # expired and taken over by another job: not ours to delete any more
        except (TransportError, ApiError) as error:
            # The cluster went away: the job's own error is the news. The lock expires by itself, and a
            # next job on this host takes it over at once (this process will be gone).
            log.error("could not release the job lock of job %s: %s", self.job_id, error)
        self._version = None

    def __enter__(self) -> JobLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


@_retry_when_busy
def record_job_start(
    es: Elasticsearch, index: str, job_id: str, kind: str, sources: list[str], force: bool, started_by: str
) -> None:
    ensure_jobs_index(es, index)
    document = {
        "kind": kind,
        "status": "running",
        "started_by": started_by,
        "sources": sources,
        "force": force,
        "started": _now().isoformat(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
    }
    es.index(index=index, id=job_id, document=document, refresh=True)


def record_job_end(
    es: Elasticsearch, index: str, job_id: str, status: str, summary: dict[str, Any], message: str | None
) -> None:
    """Close the job record. When the cluster is what failed, this cannot be written either: the failure is
    logged rather than raised, so the job's own error (the real news) is what the caller sees."""
    fields = {"status": status, "finished": _now().isoformat(), "summary": summary, "message": message}
    try:
        _retry_when_busy(es.update)(index=index, id=job_id, doc=fields, refresh=True)
    except (TransportError, ApiError) as error:
        log.error("could not record the end of job %s (%s): %s", job_id, status, error)


def job_progress(es: Elasticsearch, index: str, job_id: str) -> Callable[[str, dict[str, Any]], None]:
    """A :data:`indexer.jobs.progress.Report` that keeps the job record's ``progress`` current: the phase
    running now and the figures of every phase so far, for the admin API. Progress is worth one attempt:
    a write that fails (a busy cluster) is logged and the job goes on."""

    def report(phase: str, figures: dict[str, Any]) -> None:
        try:
            es.update(index=index, id=job_id, doc={"progress": {"phase": phase, "phases": {phase: figures}}})
        except (TransportError, ApiError) as error:
            log.info("could not record the progress of job %s: %s", job_id, error)

    return report
