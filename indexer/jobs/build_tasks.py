"""The two kinds of task a full re-index is made of, each runnable in any worker process.

1. :func:`load_source`: read and normalise one source (or one share of its file, :mod:`indexer.read.shares`),
   key every record to its work, bulk-load the records into the new records index and spill them to the
   files of their partitions (:mod:`indexer.store.spill`). Sources and shares are independent, so they
   load side by side.
2. :func:`build_partition`: group one partition's spilled records by work key, merge each key's records
   into a work, analyse it and bulk-load the works index. Every record of a work key lies in the same
   partition (:func:`indexer.store.spill.partition_of`), so partitions are independent too.

Tasks and their results are plain picklable values; each task uses its process's own client
(:func:`indexer.jobs.workers.context`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.jobs.pipeline import read_source
from indexer.jobs.rejects import write_rejection
from indexer.jobs.returning import Returning
from indexer.jobs.summary import Summary
from indexer.jobs.workers import context
from indexer.normalise.languages import load_language_profiles
from indexer.read.shares import FileShare
from indexer.read.sources import Source
from indexer.record import DeleteEvent, Rejection
from indexer.store import index
from indexer.store.record_store import StoredRecord, stored_record
from indexer.store.spill import SpillWriter, partition_groups
from indexer.works.analyse import work_document
from indexer.works.merge import MergeRules, merge, record_ref, work_key

PROGRESS_STEP = 500  # records between progress reports (a shared counter costs a lock)


@dataclass(frozen=True, slots=True)
class LoadSource:
    source: Source
    records_index: str
    rules: MergeRules
    rejects_file: Path
    spill: Path
    name: str  # of the task's own spill files
    share: FileShare | None = None  # None: the whole source


@dataclass(slots=True)
class SourceLoaded:
    summary: Summary
    checkpoint: str | None
    stored: index.BulkOutcome
    deleted: list[str]  # ids of the records the source deletes (their spilled versions must not count)


@dataclass(frozen=True, slots=True)
class BuildPartition:
    spill: Path
    works_index: str
    partition: int
    kept: Mapping[str, StoredRecord | None]  # see indexer.store.spill.partition_groups


def prepare_workers() -> None:
    """Load, in the job, what the tasks need besides their modules, before the workers fork and share it:
    langdetect's language profiles are 63 MiB that each worker would otherwise load for itself."""
    load_language_profiles()


def load_source(task: LoadSource) -> SourceLoaded:
    """Harvest one source (or share) into the records index and the spill files; rejections go to the
    task's own rejects file.

    A record the source deletes further on (a saved OAI-PMH page's deleted header, a MARC record marked
    deleted in a later export) is deleted again from the records index, so that a rebuild honours it as an
    update would. A share's records are written with their position in the file as their version
    (read_source hands on one item per position, in file order), so that of two records with one id the
    later one is kept, as a whole read keeps it, whichever share's worker writes first.
    """
    summary = Summary()
    items = Returning(read_source(task.source, summary, lambda _: None, share=task.share))
    first_position = None if task.share is None else task.share.first_position
    task.rejects_file.parent.mkdir(parents=True, exist_ok=True)
    with (
        task.rejects_file.open("w", encoding="utf-8") as rejects,
        SpillWriter(task.spill, task.name) as spill,
    ):
        deleted: list[str] = []

        def documents() -> Iterator[index.Document | index.VersionedDocument]:
            seen = reported = 0
            for item in items:
                seen += 1
                if seen % PROGRESS_STEP == 0:
                    reported = _report_read(summary, reported)
                if isinstance(item, Rejection):
                    write_rejection(rejects, item)
                    continue
                if isinstance(item, DeleteEvent) or item.deleted:
                    ref, document = record_ref(item), None
                    deleted.append(ref)
                else:
                    ref, document = stored_record(item, *work_key(item, task.rules), feed=task.source.id)
                    spill.add(document["work_key"], document["reason"], ref, document["record"])
                yield (
                    (ref, document) if first_position is None else (ref, document, first_position + seen - 1)
                )
            _report_read(summary, reported)

        stored = index.bulk_write(context().es, task.records_index, documents())
    return SourceLoaded(summary, items.value, stored, deleted)


def _report_read(summary: Summary, reported: int) -> int:
    """Advance the job's progress to what the summary counts as read, so that the two never disagree."""
    read = summary.total().read
    context().advance(read - reported)
    return read


@dataclass(slots=True)
class PartitionBuilt:
    written: index.BulkOutcome
    records: int  # the records the partition's spill files held, merged into its works


def build_partition(task: BuildPartition) -> PartitionBuilt:
    """Merge, analyse and index the works of one partition of the spilled records."""
    merged = 0

    def works() -> Iterator[tuple[str, dict[str, Any]]]:
        nonlocal merged
        for key, reason, records in partition_groups(task.spill, task.partition, task.kept):
            merged += len(records)
            context().advance(len(records))
            work = merge(key, reason, records)
            if work is not None:
                yield work.id, work_document(work)

    written = index.bulk_write(context().es, task.works_index, works())
    return PartitionBuilt(written, merged)
