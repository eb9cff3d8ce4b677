"""Reading one large ISO 2709 file in several workers at once, each its own byte range of it.

A full re-index reads its sources side by side, one task per source (:mod:`indexer.jobs.build_tasks`).
A source is one municipality's export, often one big file, and sources differ in size and format: with whole
sources as tasks, one worker is still reading the biggest while the others wait, and ``reindex --source
espoo`` keeps a single core busy. An ISO 2709 file splits cheaply and exactly, because every record ends in
the terminator 0x1D: a share starts right after a terminator, so it holds whole records only, and counting
the records before it (at memory speed, :func:`~indexer.read.readers.marc21.count_records`) gives it the
positions a whole read would have given, which name the records that have no id of their own. (One thing
can differ, and only for garbage: a run of more than 1 MiB without a terminator is rejected as oversized
where a 64 KiB block of reading ends, so a run of just over 1 MiB may be rejected for its size in one
reading and for its content in the other.)

XML files (MARCXML, ONIX) are not split: a byte range of XML is not a document, and finding record
boundaries exactly would take a parse of everything before them. OAI-PMH harvests and downloads are read
whole as well, as is a source of several files (their order decides which duplicate wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from indexer.read.formats import HEAD_SIZE, file_format
from indexer.read.locations import LocationError, is_http_url, local_files, open_range
from indexer.read.readers.marc21 import RECORD_TERMINATOR, count_records
from indexer.read.sources import Source

MAX_SHARES = 64  # per file: each share is a task with spill files of its own
_SCAN_BLOCK = 1 << 16


@dataclass(frozen=True, slots=True)
class FileShare:
    """Bytes ``start`` to ``end`` of an ISO 2709 file, whose first record is at ``first_position``."""

    path: Path
    start: int
    end: int
    first_position: int


def plan_shares(source: Source, share_bytes: int) -> list[FileShare]:
    """The shares of about ``share_bytes`` each to read ``source`` in, in file order; ``[]`` when it is read
    whole: not one local ISO 2709 file of at least two shares (or ``share_bytes`` is 0)."""
    path = _single_local_file(source)
    if path is None or share_bytes <= 0:
        return []
    size = path.stat().st_size
    if size < 2 * share_bytes:
        return []
    count = min(MAX_SHARES, size // share_bytes)
    with path.open("rb") as file:
        if file_format(source.format, file.read(HEAD_SIZE)) != "marc21":
            return []
        starts = [0, *sorted({_record_start(file, size * k // count) for k in range(1, count)} - {size})]
    ends = [*starts[1:], size]
    shares, position = [], 1
    for start, end in zip(starts, ends, strict=True):
        shares.append(FileShare(path, start, end, position))
        if end < size:
            with open_range(path, start, end) as stream:
                position += count_records(stream)
    return shares if len(shares) > 1 else []


def _single_local_file(source: Source) -> Path | None:
    if source.oai_endpoint is not None or is_http_url(source.location):
        return None
    try:
        files = local_files(source.location)
    except LocationError:
        return None  # read whole, so that the error is reported as it always is
    return files[0] if len(files) == 1 else None


def _record_start(file: BinaryIO, offset: int) -> int:
    """The offset of the first record boundary at or after ``offset``: just after a terminator (the end of
    the file when no terminator follows)."""
    file.seek(offset - 1)
    scanned = offset - 1
    while block := file.read(_SCAN_BLOCK):
        found = block.find(RECORD_TERMINATOR)
        if found >= 0:
            return scanned + found + 1
        scanned += len(block)
    return scanned
