"""Incremental update: apply what changed in the feeds to the live indices, through their aliases.

OAI-PMH sources are harvested ``from=`` their last successful harvest; file sources re-read only files
changed since then. Every changed or deleted record is written to (or removed from) the record store,
and every work it belonged to before or belongs to now is recomputed from the records that remain: a
work whose last record went is deleted, a record whose ISBN changed moves to its new work.

Changes are applied in batches, so a crash part-way leaves the catalogue consistent batch by batch; the
harvest checkpoint is stored only after the whole source was applied, so the next run re-reads whatever a
crash left out (re-applying a record is harmless: ids are stable).

What an incremental run cannot see: a record that simply vanished from a *file* (rather than being
marked deleted) is still in the catalogue until the next full re-index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TextIO

from elasticsearch import Elasticsearch

from catalogue.job_records import jobs_index, new_job_id
from catalogue.settings import Settings
from indexer.jobs.job_lock import JobLock, job_progress, record_job_end, record_job_start
from indexer.jobs.job_result import JobResult, rejects_path
from indexer.jobs.pipeline import read_source
from indexer.jobs.progress import Progress
from indexer.jobs.rejects import refused_rejections, write_rejection
from indexer.jobs.returning import Returning
from indexer.jobs.shrink_guard import refusal, shrinkages
from indexer.jobs.summary import Summary
from indexer.read.harvest_state import last_harvest, remember_harvest
from indexer.read.sources import Source
from indexer.record import DeleteEvent, NormalisedRecord, Rejection
from indexer.store import index
from indexer.store.catalogue_counts import Scope, Tally
from indexer.store.mappings import mapping_version
from indexer.store.record_store import fetch_keys, records_for_keys, scan_records, stored_record
from indexer.works.analyse import work_document
from indexer.works.merge import MergeRules, merge, record_ref, work_id, work_key

log = logging.getLogger(__name__)

BATCH_SIZE = 500
Change = NormalisedRecord | DeleteEvent


class NothingToUpdate(Exception):
    """There is no live catalogue yet; an incremental update needs a full re-index first."""


class UpdateRefused(Exception):
    """Applying the update would shrink a source by more than the limit; the message says where."""


@dataclass(slots=True)
class Applied:
    records_written: int = 0
    records_deleted: int = 0
    works_written: int = 0
    works_deleted: int = 0
    refused: list[Rejection] = field(default_factory=list)  # documents Elasticsearch refused
    vanished: int = 0  # records deleted because a whole export no longer holds them

    def add(self, other: Applied) -> None:
        self.records_written += other.records_written
        self.records_deleted += other.records_deleted
        self.works_written += other.works_written
        self.works_deleted += other.works_deleted
        self.refused += other.refused


def run_update(
    es: Elasticsearch,
    settings: Settings,
    sources: list[Source],
    selected: list[str] | None = None,
    *,
    started_by: str = "cli",
    job_id: str | None = None,
    force: bool = False,
) -> JobResult:
    if index.live_index(es, settings.works_alias) is None:
        raise NothingToUpdate(
            f"there is no live catalogue behind '{settings.works_alias}' yet: run a full re-index first"
        )
    _refuse_older_indices(es, settings)
    job_id = job_id or new_job_id()
    chosen = [s for s in sources if selected is None or s.id in selected]
    jobs = jobs_index(settings)
    summary = Summary()
    applied = Applied()
    with JobLock(es, jobs, job_id):  # before the job record: a refused job leaves no "running" record behind
        record_job_start(es, jobs, job_id, "update", [s.id for s in chosen], force, started_by)
        try:
            _apply_sources(es, settings, chosen, summary, applied, job_id, force)
        except Exception as error:
            totals = {**summary.to_dict()["summary"], **_as_dict(applied)}
            message = str(error) if isinstance(error, UpdateRefused) else f"{type(error).__name__}: {error}"
            record_job_end(es, jobs, job_id, "failed", totals, message)
            raise
        totals = {**summary.to_dict()["summary"], **_as_dict(applied)}
        record_job_end(es, jobs, job_id, "succeeded", totals, None)
    return JobResult(job_id, "succeeded", totals)


def _refuse_older_indices(es: Elasticsearch, settings: Settings) -> None:
    """An update writes documents of this version's shape into the live indices, whose strict mappings
    refuse fields they were not built with: after an upgrade that changed a definition in ``mappings/``,
    the catalogue must be rebuilt once before it can be updated."""
    for alias, name in ((settings.records_alias, "records"), (settings.works_alias, "works")):
        live = index.live_index(es, alias)
        built = index.built_with_version(es, live) if live is not None else None
        if live is not None and built != mapping_version(name):
            raise NothingToUpdate(
                f"the live index {live} was built with {name} mapping version {built or 'unknown'}, and this "
                f"indexer writes version {mapping_version(name)}: run a full re-index first"
            )


def _apply_sources(
    es: Elasticsearch,
    settings: Settings,
    sources: list[Source],
    summary: Summary,
    applied: Applied,
    job_id: str,
    force: bool,
) -> None:
    rules = MergeRules.load(settings.merge_rules_file)
    path = rejects_path(settings, job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    report = job_progress(es, jobs_index(settings), job_id)
    with path.open("w", encoding="utf-8") as rejects, Progress("applying changes", report=report) as progress:
        for source in sources:
            _apply_source(es, settings, source, rules, summary, applied, rejects, progress, force)


def _apply_source(
    es: Elasticsearch,
    settings: Settings,
    source: Source,
    rules: MergeRules,
    summary: Summary,
    applied: Applied,
    rejects: TextIO,
    progress: Progress,
    force: bool,
) -> None:
    """Apply what one source changed; of a whole export, also delete what it no longer holds."""
    started = datetime.now(UTC).isoformat()
    whole = source.export == "whole"
    since = None if whole else last_harvest(settings.state_dir, source.id)
    in_export: set[str] = set()  # of a whole export: every record it still holds

    def reject(rejection: Rejection) -> None:
        write_rejection(rejects, rejection)
        if rejection.record_id:  # still in the export, though broken: its indexed version stays
            in_export.add(f"{rejection.source}:{rejection.record_id}")

    changes = Returning(read_source(source, summary, reject, since))
    for batch in _batches(change for change in changes if not isinstance(change, Rejection)):
        in_export.update(record_ref(change) for change in batch)
        _apply_batch(es, settings, source, batch, rules, summary, applied, rejects)
        progress.advance(summary.total().read - progress.count)  # counted as the summary counts
    progress.advance(summary.total().read - progress.count)  # what the last batch left
    if whole:
        gone = _vanished(es, settings, source, in_export, force)
        for batch in _batches(gone):
            _apply_batch(es, settings, source, batch, rules, summary, applied, rejects)
        applied.vanished += len(gone)
    remember_harvest(settings.state_dir, source.id, changes.value or started)


def _apply_batch(
    es: Elasticsearch,
    settings: Settings,
    source: Source,
    batch: list[Change],
    rules: MergeRules,
    summary: Summary,
    applied: Applied,
    rejects: TextIO,
) -> None:
    done = _apply(es, settings, source, batch, rules)
    for rejection in done.refused:
        summary.add_refused(rejection)
        write_rejection(rejects, rejection)
    applied.add(done)


def _vanished(
    es: Elasticsearch, settings: Settings, source: Source, in_export: set[str], force: bool
) -> list[Change]:
    """The records of a whole export that it no longer holds, to be deleted as a full re-index would,
    unless that shrinks the source by more than the limit (:mod:`indexer.jobs.shrink_guard`)."""
    held, gone = 0, list[Change]()  # only the gone are kept: a feed may hold a million records
    query, fields = {"term": {"feed": source.id}}, ["source", "source_id"]
    for hit in scan_records(es, settings.records_alias, query, fields):
        record, held = hit["_source"], held + 1
        if f"{record['source']}:{record['source_id']}" not in in_export:
            gone.append(DeleteEvent(record["source"], record["source_id"]))
    scope: Scope = ("source", source.id)
    found = shrinkages({scope: Tally(records=held)}, {scope: Tally(records=held - len(gone))})
    if found and not force:
        kept = "they were kept (the export's other changes were applied)"
        raise UpdateRefused(refusal(found, f"delete the records missing from {source.id}'s export", kept))
    if found:
        log.warning("--force overrides: %s", "; ".join(map(str, found)))
    return gone


def _as_dict(applied: Applied) -> dict[str, Any]:
    return {
        "records_written": applied.records_written,
        "records_deleted": applied.records_deleted,
        "works_written": applied.works_written,
        "works_deleted": applied.works_deleted,
        "vanished": applied.vanished,
        "refused_by_elasticsearch": sorted({r.record_id or "" for r in applied.refused})[:100],
    }


def _batches(changes: Iterable[Change]) -> Iterator[list[Change]]:
    iterator = iter(changes)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def _apply(
    es: Elasticsearch, settings: Settings, source: Source, batch: list[Change], rules: MergeRules
) -> Applied:
    """Write one batch of changed records and recompute every work they touch.

    A document Elasticsearch refuses is reported as a rejection of its records and the rest goes in, as in
    a full re-index: a refused record keeps its previous version in the index (or stays absent), a refused
    work its previous document."""
    latest = {record_ref(change): change for change in batch}  # a record changed twice: the last state wins
    previous_keys = fetch_keys(es, settings.records_alias, latest)
    record_ops: list[tuple[str, dict[str, Any] | None]] = []
    affected = set(previous_keys.values())
    for ref, change in latest.items():
        if isinstance(change, DeleteEvent) or change.deleted:
            record_ops.append((ref, None))
        else:
            key, reason = work_key(change, rules)
            affected.add(key)
            record_ops.append(stored_record(change, key, reason, feed=source.id))
    records = index.bulk_write(es, settings.records_alias, record_ops)
    es.indices.refresh(index=settings.records_alias)

    groups = records_for_keys(es, settings.records_alias, affected)
    work_ops: list[tuple[str, dict[str, Any] | None]] = []
    for key in sorted(affected):
        work = merge(key, *groups[key]) if key in groups else None
        work_ops.append((work.id, work_document(work)) if work else (work_id(key), None))
    works = index.bulk_write(es, settings.works_alias, work_ops)
    es.indices.refresh(index=settings.works_alias)  # searchable now, not within the refresh interval
    records_of = {work_id(key): [record_ref(record) for record in group[1]] for key, group in groups.items()}
    refused = refused_rejections("record", records.failed, {})
    refused += refused_rejections("work", works.failed, records_of)
    return Applied(records.indexed, records.deleted, works.indexed, works.deleted, refused)
