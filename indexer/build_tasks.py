"""The two kinds of task a full re-index is made of, each runnable in any worker process.

1. :func:`load_source`: read and normalise one source, key every record to its work and bulk-load the
   records into the new records index. Sources are independent, so they load side by side.
2. :func:`build_partition`: stream one partition of the records index back in work-key order, merge each
   key's records into a work, analyse it and bulk-load the works index. Every record of a work key lies in
   the same partition (:func:`indexer.record_store.partition_of`), so partitions are independent too.

Tasks and their results are plain picklable values; each task uses its process's own client
(:func:`indexer.workers.context`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer import index
from indexer.analyse import work_document
from indexer.merge import MergeRules, merge, work_key
from indexer.pipeline import read_source
from indexer.record import NormalisedRecord, Rejection
from indexer.record_store import partition_query, stored_record, stream_groups
from indexer.rejects import write_rejection
from indexer.returning import Returning
from indexer.sources import Source
from indexer.summary import Summary
from indexer.workers import context

PROGRESS_STEP = 500  # records between progress reports (a shared counter costs a lock)


@dataclass(frozen=True, slots=True)
class LoadSource:
    source: Source
    records_index: str
    rules: MergeRules
    rejects_file: Path


@dataclass(slots=True)
class SourceLoaded:
    summary: Summary
    checkpoint: str | None
    stored: index.BulkOutcome


@dataclass(frozen=True, slots=True)
class BuildPartition:
    records_index: str
    works_index: str
    partition: int


def load_source(task: LoadSource) -> SourceLoaded:
    """Harvest one source into the records index; rejections go to the task's own rejects file."""
    summary = Summary()
    items = Returning(read_source(task.source, summary, lambda _: None))
    task.rejects_file.parent.mkdir(parents=True, exist_ok=True)
    with task.rejects_file.open("w", encoding="utf-8") as rejects:

        def documents() -> Iterator[tuple[str, dict[str, Any]]]:
            seen = 0
            for item in items:
                seen += 1
                if seen % PROGRESS_STEP == 0:
                    context().advance(PROGRESS_STEP)
                if isinstance(item, Rejection):
                    write_rejection(rejects, item)
                elif isinstance(item, NormalisedRecord) and not item.deleted:
                    yield stored_record(item, *work_key(item, task.rules), feed=task.source.id)
            context().advance(seen % PROGRESS_STEP)

        stored = index.bulk_write(context().es, task.records_index, documents())
    return SourceLoaded(summary, items.value, stored)


def build_partition(task: BuildPartition) -> index.BulkOutcome:
    """Merge, analyse and index the works of one partition of the records index."""

    def works() -> Iterator[tuple[str, dict[str, Any]]]:
        query = partition_query(task.partition)
        for key, reason, records in stream_groups(context().es, task.records_index, query):
            context().advance(len(records))
            work = merge(key, reason, records)
            if work is not None:
                yield work.id, work_document(work)

    return index.bulk_write(context().es, task.works_index, works())
