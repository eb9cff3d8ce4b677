"""What a finished job hands back, and where its rejects file lives: shared by ``reindex`` and ``update``
(and read by the command line, which prints it), so that neither job imports the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.settings import Settings


@dataclass(slots=True)
class JobResult:
    job_id: str
    status: str
    summary: dict[str, Any]
    message: str | None = None
    new_index: str | None = None
    removed: list[str] = field(default_factory=list)


def rejects_path(settings: Settings, job_id: str) -> Path:
    """The job's rejects file: every record it could not read, normalise or index, one JSON line each."""
    return settings.state_dir / "rejects" / f"{job_id}.jsonl"
