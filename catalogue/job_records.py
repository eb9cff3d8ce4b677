"""What the indexer, which writes job records and holds the job lock, and the API, which starts jobs and
shows them, must agree on: names, and when a job that says it runs is in fact dead."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime
from typing import Any

from catalogue.settings import Settings

LOCK_ID = "lock"
ABANDONED = "the job's process ended without finishing (killed or crashed)"


def jobs_index(settings: Settings) -> str:
    """The index of job records and of the job lock document (id ``lock``)."""
    return f"{settings.index_prefix}-jobs"


def new_job_id() -> str:
    """Sortable by start time, unique enough for concurrent starts: ``20261129T071500Z-3fa9c1``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def died_here(holder: dict[str, Any]) -> bool:
    """True when the lock's holder ran on this host and its process is gone.

    A holder elsewhere cannot be checked from here and waits out the expiry. A reused pid makes a dead
    holder look alive: that only means waiting for the expiry, never taking a live holder's lock.
    """
    if holder.get("host") != socket.gethostname() or not isinstance(holder.get("pid"), int):
        return False
    try:
        os.kill(holder["pid"], 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def lock_abandoned(holder: dict[str, Any], now: datetime | None = None) -> bool:
    """The lock's holder stopped renewing it (its expiry passed) or is known dead on this host."""
    return datetime.fromisoformat(holder["expires"]) <= (now or datetime.now(UTC)) or died_here(holder)


def as_seen_now(record: dict[str, Any], lock: dict[str, Any] | None) -> dict[str, Any]:
    """A job record as it stands: a job still marked running whose lock it no longer holds is dead.

    A job takes the lock before it writes its record and closes its record before it lets the lock go, so
    a record that says "running" without a live lock of its own belongs to a process that was killed or
    crashed. Shown as failed at once, not only when the next job takes the lock over (which also writes it).
    """
    if record.get("status") != "running":
        return record
    if lock is not None and lock.get("job_id") == record.get("id") and not lock_abandoned(lock):
        return record
    return {**record, "status": "failed", "message": ABANDONED}
