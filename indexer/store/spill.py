"""Spill files: how a full rebuild hands its records from the loading phase to the merging phase.

Phase 1 of a rebuild stores every normalised record in the records index (kept for incremental updates)
and also appends it to a local file of its work key's *partition*. Phase 2 then groups each partition's
records by work key from these files. It used to read them back from the records index instead, sorted
by work key; measured on 100,000 records, that sorted scan cost Elasticsearch 0.08 ms of CPU per record,
and keeping the records index sorted on the key another 0.055 ms while loading it: about an eighth of the
whole rebuild, on the same two cores as the indexer. A local file costs a write and a read from the page
cache.

Every record of one work key lands in the same partition, whichever source it came from, so partitions
are built independently (in parallel by worker processes). Grouping keeps only a small index entry per
record of the partition in memory (its key, id and place in a file); the records themselves are read one
work at a time.

A file line is ``[work key, record id]`` TAB ``[reason, record]`` in JSON (JSON escapes tabs and newlines
inside strings, so neither byte can occur in the JSON itself): the index is built from the heads alone.
"""

from __future__ import annotations

import logging
import os
import shutil
from array import array
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO
from zlib import adler32, crc32

import orjson

from indexer.record import NormalisedRecord
from indexer.store.record_store import StoredRecord

log = logging.getLogger(__name__)

PARTITIONS = 32
"""Independent parts of phase 2: more than there are cores, so that the workers finish close together."""

_READ_BUFFER = 1 << 20
_FILE_SHIFT = 40  # a place is file number << 40 | offset: files of up to a terabyte
_OFFSET_MASK = (1 << _FILE_SHIFT) - 1


def partition_of(key: str) -> int:
    """The partition of a work key: stable across processes and runs (unlike ``hash``), so that all the
    records of one work, wherever they came from, land in the same partition."""
    return crc32(key.encode("utf-8")) % PARTITIONS


@contextmanager
def spill_files(state_dir: Path, catalogue: str, job_id: str) -> Iterator[Path]:
    """The spill directory of a job, removed when the job ends however it ends; those of the catalogue's
    earlier jobs, left behind by a killed one, are removed first. One job runs at a time per catalogue
    (``HELMET_INDEX_PREFIX``; the job lock), so none of them is in use; another catalogue's jobs, which may
    share the state directory and run at the same time, keep theirs (a re-index of a second catalogue once
    deleted a running one's files, which lost 40 % of its works: the job now also counts what it merges)."""
    root = state_dir / "spill" / catalogue
    for directory in sorted(root.iterdir()) if root.is_dir() else []:
        log.info("deleting the spill files of job %s, left over from an interrupted build", directory.name)
        shutil.rmtree(directory, ignore_errors=True)
    try:
        yield root / job_id
    finally:
        shutil.rmtree(root / job_id, ignore_errors=True)


class SpillWriter:
    """Appends records to the partition files of one writer (one per task: files are never shared, so
    tasks running side by side need no locking)."""

    def __init__(self, directory: Path, name: str) -> None:
        self.directory = directory
        self.name = name
        self._files: dict[int, BinaryIO] = {}

    def add(self, key: str, reason: str, ref: str, record: dict[str, Any]) -> None:
        partition = partition_of(key)
        stream = self._files.get(partition)
        if stream is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            stream = self._files[partition] = (self.directory / f"{partition}.{self.name}").open("wb")
        stream.write(orjson.dumps([key, ref]) + b"\t" + orjson.dumps([reason, record]) + b"\n")

    def close(self) -> None:
        for stream in self._files.values():
            stream.close()
        self._files.clear()

    def __enter__(self) -> SpillWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _key_hash(key: str) -> int:
    """64 bits standing for a work key while a partition is sorted: two C checksums, deterministic across
    processes and runs (unlike ``hash``), so that works are built in the same order every time. Keys that
    share a hash are told apart when their records are read."""
    data = key.encode("utf-8")
    return crc32(data) << 32 | adler32(data)


class _Locations:
    """Where each record of a partition lies, in three arrays of machine integers: 24 bytes a record, where a
    tuple of its key, id and place took ~290 — at three million records, the difference between a worker
    whose memory stays flat and one that grows by some 30 MiB per million."""

    def __init__(self) -> None:
        self.hashes = array("q")
        self.places = array("q")  # file number << 40 | offset; a negative number -n-1: replacement n
        self.lengths = array("q")

    def add(self, key: str, place: int, length: int) -> None:
        self.hashes.append(_key_hash(key) - (1 << 63))  # into the signed range of "q"
        self.places.append(place)
        self.lengths.append(length)

    def by_key_hash(self) -> Iterator[list[int]]:
        """Positions in the arrays, grouped by key hash, the groups in hash order."""
        order = sorted(range(len(self.hashes)), key=self.hashes.__getitem__)
        for _, members in groupby(order, key=self.hashes.__getitem__):
            yield list(members)


def partition_groups(
    directory: Path, partition: int, kept: Mapping[str, StoredRecord | None]
) -> Iterator[tuple[str, str, list[NormalisedRecord]]]:
    """The partition's records grouped by work key: (key, reason, records), one work at a time, the records
    of a work in the order of their ids.

    ``kept`` overrides the files for the record ids it names: what the records index holds for them. It is
    for ids sent to the index more than once (the index keeps only the last version, possibly under
    another key, and so must the works) and for records it refused (``None``: not in the index at all).
    """
    paths = sorted(directory.glob(f"{partition}.*"))
    locations = _Locations()
    for number, path in enumerate(paths):
        _locate(path, number, kept, locations)
    replacements = [(ref, stored) for ref, stored in kept.items() if stored is not None]
    replacements = [(ref, stored) for ref, stored in replacements if partition_of(stored.key) == partition]
    for number, (_, stored) in enumerate(replacements):
        locations.add(stored.key, -number - 1, 0)
    descriptors = [os.open(path, os.O_RDONLY) for path in paths]
    try:
        for members in locations.by_key_hash():
            read = [
                _read(locations.places[m], locations.lengths[m], descriptors, replacements) for m in members
            ]
            read.sort(key=lambda item: item[:2])
            for key, same_key in groupby(read, key=lambda item: item[0]):
                group = list(same_key)
                yield key, group[-1][2], [NormalisedRecord.from_dict(item[3]) for item in group]
    finally:
        for descriptor in descriptors:
            os.close(descriptor)


def _read(
    place: int, length: int, descriptors: list[int], replacements: list[tuple[str, StoredRecord]]
) -> tuple[str, str, str, dict[str, Any]]:
    """(key, record id, reason, record) of the record at ``place``."""
    if place < 0:
        ref, stored = replacements[-place - 1]
        return stored.key, ref, stored.reason, stored.record
    line = os.pread(descriptors[place >> _FILE_SHIFT], length, place & _OFFSET_MASK)
    tab = line.index(b"\t")
    key, ref = orjson.loads(line[:tab])
    reason, record = orjson.loads(line[tab + 1 :])
    return key, ref, reason, record


def _locate(path: Path, number: int, skip: Mapping[str, object], locations: _Locations) -> None:
    """Add where each record of a spill file lies, except those of the ids in ``skip``."""
    offset = 0
    with path.open("rb", buffering=_READ_BUFFER) as stream:
        for line in stream:
            key, ref = orjson.loads(line[: line.index(b"\t")])
            if ref not in skip:
                locations.add(key, number << _FILE_SHIFT | offset, len(line))
            offset += len(line)
