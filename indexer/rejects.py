"""The rejects file: every record that could not be read or normalised, one JSON object per line.

A cataloguer fixing a record in Sierra needs to know which file, which record and why; a developer
reproducing a reader bug needs the exact bytes. Each line therefore carries both, the bytes base64-encoded
so that broken encodings survive the trip through JSON untouched.
"""

from __future__ import annotations

import base64
import json
from typing import Any, TextIO

from indexer.record import Rejection


def rejection_to_dict(rejection: Rejection, *, with_raw: bool = True) -> dict[str, Any]:
    """The rejects-file shape; ``with_raw=False`` leaves out the bytes (for a terminal)."""
    entry: dict[str, Any] = {
        "source": rejection.source,
        "file": rejection.location,
        "position": rejection.position,
        "record_id": rejection.record_id,
        "reason": rejection.reason,
    }
    if with_raw:
        entry["raw_base64"] = base64.b64encode(rejection.raw).decode("ascii")
    return entry


def write_rejection(stream: TextIO, rejection: Rejection) -> None:
    """Append one rejection as a JSON line, flushed so that a crash later keeps what was written."""
    stream.write(json.dumps(rejection_to_dict(rejection), ensure_ascii=False) + "\n")
    stream.flush()
