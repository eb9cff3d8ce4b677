"""The datestamp of each source's last successful OAI-PMH harvest, kept between runs.

One small JSON file (``harvest-state.json`` in the state directory) maps source ids to the datestamp the
next incremental harvest asks for with ``from=``. It is replaced atomically (temporary file, then
``os.replace``) so that a crash mid-write leaves the previous state rather than a truncated file, which
would otherwise either stop every harvest or silently trigger a full one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

STATE_FILE_NAME = "harvest-state.json"


class HarvestStateError(Exception):
    """The state file exists but cannot be trusted; a person should look before harvesting again."""


def last_harvest(state_dir: Path, source_id: str) -> str | None:
    """The datestamp to harvest ``source_id`` from, or ``None`` when it was never harvested."""
    return _load(state_dir).get(source_id)


def remember_harvest(state_dir: Path, source_id: str, datestamp: str) -> None:
    """Record that ``source_id`` was harvested completely up to ``datestamp``; other sources are kept."""
    state = _load(state_dir)
    state[source_id] = datestamp
    state_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=state_dir, prefix=".harvest-state-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(state, stream, ensure_ascii=False, indent=2, sort_keys=True)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(state_dir / STATE_FILE_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load(state_dir: Path) -> dict[str, str]:
    path = state_dir / STATE_FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise HarvestStateError(f"{path}: cannot read: {error.strerror or error}") from error
    try:
        state = json.loads(text)
    except json.JSONDecodeError as error:
        raise HarvestStateError(f"{path}: not valid JSON ({error}); fix or remove it") from error
    if not isinstance(state, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in state.items()
    ):
        raise HarvestStateError(f"{path}: expected an object of source id → datestamp; fix or remove it")
    return state
