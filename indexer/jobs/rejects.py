"""The rejects file: every record that could not be read, normalised or indexed, one JSON object per line.

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
        "offset": rejection.offset,
        "file_damaged": rejection.file_damaged,
    }
    if with_raw:
        entry["raw_base64"] = base64.b64encode(rejection.raw).decode("ascii")
    return entry


def write_rejection(stream: TextIO, rejection: Rejection) -> None:
    """Append one rejection as a JSON line, flushed so that a crash later keeps what was written."""
    stream.write(json.dumps(rejection_to_dict(rejection), ensure_ascii=False) + "\n")
    stream.flush()


def refused_rejections(
    kind: str, failed: list[tuple[str, str]], records_of: dict[str, list[str]]
) -> list[Rejection]:
    """Documents Elasticsearch refused (a mapping conflict…) as rejections of the records behind them.

    Like a record that cannot be normalised, one bad document must not stop a job over a catalogue of
    millions: it is reported with the record ids a cataloguer can look up, and the rest goes in.
    ``failed`` holds (document id, Elasticsearch's reason); ``records_of`` maps a work document's id to
    its records' ids (a records document's id is its record's id).
    """
    return [
        Rejection(
            source=ref.split(":", 1)[0],
            location="elasticsearch",
            position=None,
            record_id=ref,
            reason=f"Elasticsearch refused the {kind} document {doc_id}: {reason[:500]}",
        )
        for doc_id, reason in failed
        for ref in records_of.get(doc_id, [doc_id])
    ]
