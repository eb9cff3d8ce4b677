"""Names shared by the indexer, which writes job records, and the API, which starts jobs and shows them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from catalogue.settings import Settings

LOCK_ID = "lock"


def jobs_index(settings: Settings) -> str:
    """The index of job records and of the job lock document (id ``lock``)."""
    return f"{settings.index_prefix}-jobs"


def new_job_id() -> str:
    """Sortable by start time, unique enough for concurrent starts: ``20261129T071500Z-3fa9c1``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
