"""Full re-index: rebuild the catalogue into new indices, check them, then swap the aliases atomically.

The order of events is what keeps search up and nothing lost; each phase is one function, run in this
order by :func:`run_reindex`:

1. take the job lock (one job at a time, CLI or API) and write a job record;
2. :func:`set_up`: delete orphans of an earlier interrupted build (indices newer than the live ones, never
   made live) and create the new indices;
3. :func:`load_records`: load every normalised record into the new *records* index, honouring the
   deletions the sources carry (a saved OAI-PMH page deleting a record of an earlier file);
   :func:`copy_unharvested`: copy the sources not being re-harvested from the live records index, so
   ``--source espoo`` refreshes Espoo without dropping Helsinki;
4. :func:`build_works`: group the records by work key (from local spill files written beside the records
   index, see :mod:`indexer.store.spill`), merge, analyse, and bulk-load a new *works* index (a document
   Elasticsearch refuses, e.g. a mapping conflict, goes to the rejects file under the ids of its records,
   like a record that cannot be normalised, and the rest goes in);
5. :func:`check_nothing_lost`: the new indices hold every document the job wrote (a node that crashed
   during the load can lose acknowledged writes); :func:`validate`: neither the catalogue nor any
   municipality or source may hold more than 10 % fewer records or works than the live one
   (:mod:`indexer.jobs.shrink_guard`: a broken export must not wipe part of the catalogue) unless forced,
   and a sample query must find its work;
6. :func:`swap_and_prune`: swap both aliases in one ``_aliases`` call, then delete old indices beyond the
   retention count; :func:`totals` is the job's summary.

Until step 6 the live indices are never written to: killing the process at any moment leaves search
exactly as it was, and step 2 of the next run removes the half-built indices (and the spill files).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from catalogue.job_records import jobs_index, new_job_id
from catalogue.settings import Settings
from indexer.jobs.build_tasks import BuildPartition, LoadSource, build_partition, load_source, prepare_workers
from indexer.jobs.job_lock import JobLock, job_progress, record_job_end, record_job_start
from indexer.jobs.job_result import JobResult, rejects_path
from indexer.jobs.progress import Progress, Report
from indexer.jobs.rejects import refused_rejections, write_rejection
from indexer.jobs.shrink_guard import Shrinkage, refusal, shrinkages
from indexer.jobs.summary import Summary
from indexer.jobs.workers import WorkerPool
from indexer.read.harvest_state import remember_harvest
from indexer.read.shares import FileShare, plan_shares
from indexer.read.sources import Source
from indexer.store import index
from indexer.store.catalogue_counts import count_catalogue
from indexer.store.catalogue_diff import as_report, compare_catalogues
from indexer.store.record_store import scan_records, stored_document, stored_versions
from indexer.store.spill import PARTITIONS, SpillWriter, spill_files
from indexer.works.merge import MergeRules, work_id

log = logging.getLogger(__name__)


class ReindexRefused(Exception):
    """The new index failed validation; the live index was left as it was. The message says why."""


def _part_path(settings: Settings, job_id: str, number: int) -> Path:
    return settings.state_dir / "rejects" / f"{job_id}.part{number}.jsonl"


def _join_rejects(path: Path, parts: list[Path]) -> None:
    """The job's one rejects file from its tasks' files (each task writes its own: they run side by side)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as joined:
        for part in parts:
            if part.exists():
                with part.open("rb") as stream:
                    shutil.copyfileobj(stream, joined)
                part.unlink()


def run_reindex(
    es: Elasticsearch,
    settings: Settings,
    sources: list[Source],
    selected: list[str] | None = None,
    *,
    force: bool = False,
    keep: int = 2,
    started_by: str = "cli",
    job_id: str | None = None,
    dry_run: DryRun | None = None,
) -> JobResult:
    """Rebuild the catalogue from ``sources`` (re-harvesting only ``selected`` ids when given); with
    ``dry_run``, build and validate it and report what it would change, but swap nothing."""
    job_id = job_id or new_job_id()
    harvested = [s for s in sources if selected is None or s.id in selected]
    jobs = jobs_index(settings)
    summary = Summary()
    with JobLock(es, jobs, job_id):  # before the job record: a refused job leaves no "running" record behind
        record_job_start(es, jobs, job_id, "reindex", [s.id for s in harvested], force, started_by)
        try:
            with spill_files(settings.state_dir, settings.index_prefix, job_id) as spill:
                result = _rebuild(
                    es,
                    settings,
                    sources,
                    harvested,
                    summary,
                    job_id,
                    spill,
                    force=force,
                    keep=keep,
                    dry_run=dry_run,
                )
        except Exception as error:
            message = str(error) if isinstance(error, ReindexRefused) else f"{type(error).__name__}: {error}"
            record_job_end(es, jobs, job_id, "failed", _summary_dict(summary), message)
            raise
        record_job_end(es, jobs, job_id, "succeeded", result.summary, result.message)
    return result


def _summary_dict(summary: Summary, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = summary.to_dict()["summary"]
    body.update(extra)
    return body


@dataclass(frozen=True, slots=True)
class DryRun:
    """Build and validate, report the changes against the live catalogue, swap nothing."""

    keep_build: bool = False  # keep the built indices for inspection (the next run deletes them)


@dataclass(slots=True)
class Build:
    """What the phases of one rebuild share: where they write, and the counts kept so far."""

    es: Elasticsearch
    settings: Settings
    job_id: str
    spill: Path
    summary: Summary
    report: Report | None = None  # where progress goes besides the log: the job record
    rules: MergeRules = field(default_factory=MergeRules)
    records_index: str = ""
    works_index: str = ""


@dataclass(slots=True)
class Loaded:
    """Phase 1's outcome: what went into the new records index, and where each source's harvest got to."""

    stored: index.BulkOutcome = field(default_factory=index.BulkOutcome)
    checkpoints: dict[str, str] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)

    def records(self) -> int:
        """The records the new index holds: each id once, the deleted ones gone (the summary's figure)."""
        return self.stored.indexed - len(self.stored.replaced) - self.stored.removed


def _rebuild(
    es: Elasticsearch,
    settings: Settings,
    sources: list[Source],
    harvested: list[Source],
    summary: Summary,
    job_id: str,
    spill: Path,
    force: bool,
    keep: int,
    dry_run: DryRun | None,
) -> JobResult:
    """The phases in order: set up, load records, copy the rest, build works, validate, swap, prune."""
    build = Build(es, settings, job_id, spill, summary, report=job_progress(es, jobs_index(settings), job_id))
    with WorkerPool(settings, es, prepare_workers) as pool, ThreadPoolExecutor(max_workers=1) as background:
        set_up(build)
        loaded = load_records(build, pool, harvested)
        loaded.stored.absorb(copy_unharvested(build, [s for s in sources if s not in harvested]))
        refused = _reject_refused(build, "record", {}, loaded.stored)
        # Phase 2 reads the spill files, not the records index (and multi-get is real-time), so the records
        # index is flushed while the works are built rather than keeping the workers waiting for it.
        records_finished = background.submit(
            index.finish_build, es, build.records_index, "records", settings.index_replicas
        )
        written = build_works(build, pool, loaded, refused)
        records_finished.result()
    refused_works = {doc_id for doc_id, _ in written.failed}
    refused += _reject_refused(build, "work", _records_of_works(build, refused_works), written)
    index.merge_segments(es, build.works_index)
    index.finish_build(es, build.works_index, "works", settings.index_replicas)
    _wait_until_allocated(build)
    check_nothing_lost(build, loaded.records(), written.indexed - len(written.replaced))
    if dry_run is not None:
        report = {
            **totals(build, loaded, written, refused),
            "dry_run": compare_with_live(build, force, dry_run),
        }
        return JobResult(job_id, "succeeded", report, None, build.works_index if dry_run.keep_build else None)

    overridden = validate(build, force=force)
    removed = swap_and_prune(build, keep)
    for source_id, checkpoint in loaded.checkpoints.items():
        remember_harvest(settings.state_dir, source_id, checkpoint)
    summary_of_job = totals(build, loaded, written, refused)
    if overridden:
        summary_of_job["forced"] = [str(shrinkage) for shrinkage in overridden]
    return JobResult(job_id, "succeeded", summary_of_job, None, build.works_index, removed)


def set_up(build: Build) -> None:
    """Delete what an interrupted build left behind, read the merge rules, create the two new indices."""
    for alias in (build.settings.records_alias, build.settings.works_alias):
        for orphan in index.delete_orphans(build.es, alias):
            log.info("deleted %s, left over from an interrupted build", orphan)
    build.rules = MergeRules.load(build.settings.merge_rules_file)
    shards = build.settings.index_shards
    build.records_index = index.create_build_index(build.es, build.settings.records_alias, "records", shards)
    build.works_index = index.create_build_index(build.es, build.settings.works_alias, "works", shards)


def load_records(build: Build, pool: WorkerPool, harvested: list[Source]) -> Loaded:
    """Phase 1: read, normalise and store every record of the harvested sources, in the workers."""
    started = datetime.now(UTC).isoformat()
    loads = [
        LoadSource(
            source,
            build.records_index,
            build.rules,
            _part_path(build.settings, build.job_id, number),
            build.spill,
            str(number),
            share,
        )
        for number, (source, share) in enumerate(_parts(harvested, build.settings, pool.workers))
    ]
    # Whole sources first, the shares after them: the small shares fill in around the big indivisible
    # tasks, so that the workers finish together.
    order = sorted(range(len(loads)), key=lambda number: loads[number].share is not None)
    try:
        expected = _records_held(build, harvested)
        with Progress("reading records", total=expected, report=build.report) as progress:
            results = pool.run(load_source, [loads[number] for number in order], progress)
    finally:
        _join_rejects(rejects_path(build.settings, build.job_id), [task.rejects_file for task in loads])
    in_source_order = sorted(zip(order, results, strict=True), key=lambda numbered: numbered[0])
    loaded = Loaded()
    for (_, result), task in zip(in_source_order, loads, strict=True):
        build.summary.absorb(result.summary)
        loaded.stored.absorb(result.stored)
        loaded.deleted += result.deleted
        loaded.checkpoints[task.source.id] = result.checkpoint or started
    return loaded


def _records_held(build: Build, harvested: list[Source]) -> int | None:
    """How many records the live catalogue holds of the harvested sources: what phase 1 will most likely
    read again, so that its progress can say how long it has left (None before the first re-index)."""
    alias = build.settings.records_alias
    if not build.es.indices.exists_alias(name=alias):
        return None
    query = {"terms": {"feed": [source.id for source in harvested]}}
    return int(build.es.count(index=alias, query=query)["count"]) or None


def copy_unharvested(build: Build, copied: list[Source]) -> index.BulkOutcome:
    """The live records of the sources not re-harvested, copied into the new records index (and spilled)."""
    with SpillWriter(build.spill, "copied") as copies:
        records = _copied_records(build.es, build.settings.records_alias, copied, copies)
        return index.bulk_write(build.es, build.records_index, records)


def build_works(build: Build, pool: WorkerPool, loaded: Loaded, refused: list[str]) -> index.BulkOutcome:
    """Phase 2: group the spilled records by work key, merge, analyse and load the works, in the workers."""
    # What the index holds for ids written more than once or deleted: their spilled versions may be stale.
    stale = loaded.stored.replaced + loaded.deleted
    kept = stored_versions(build.es, build.records_index, stale) | dict.fromkeys(refused)
    builds = [BuildPartition(build.spill, build.works_index, part, kept) for part in range(PARTITIONS)]
    expected = loaded.records() - len(refused)
    with Progress("merging works", total=expected, report=build.report) as progress:
        built = pool.run(build_partition, builds, progress)
    merged = sum(part.records for part in built)
    if merged != expected:
        raise ReindexRefused(
            f"{expected:,} records were stored but {merged:,} reached the works: the job's spill files in "
            f"{build.spill} were changed while it ran; the live index was kept. Run again, and let no other "
            "job use the same HELMET_STATE_DIR and HELMET_INDEX_PREFIX at the same time."
        )
    written = index.BulkOutcome()
    for part in built:
        written.absorb(part.written)
    return written


def _wait_until_allocated(build: Build) -> None:
    """The new indices go live only with every primary shard on a node (see
    :func:`indexer.store.index.wait_until_allocated`); replicas still unplaced are logged, not fatal."""
    colour = index.wait_until_allocated(build.es, [build.records_index, build.works_index])
    if colour == "red":
        raise ReindexRefused(
            "the new indices' shards could not all be placed on a node within two minutes (cluster red); "
            "the live index was kept. Check the cluster's nodes and disk space, then run again."
        )
    if colour == "yellow":
        log.warning("the new indices have replicas no node can hold yet (yellow); they serve without them")


def check_nothing_lost(build: Build, records: int, works: int) -> None:
    """Refuse new indices that hold fewer documents than the job wrote into them.

    A build index has no replica while it loads (:func:`indexer.store.index.create_build_index`), and its
    translog is synced every few seconds rather than on every request: a node that crashes during the
    build takes the last writes of its shards with it, although Elasticsearch had acknowledged them, and
    comes back without them. Only the count tells. (More documents than counted is no loss: a bulk request
    retried after its node went away writes some documents twice and counts them as replaced.)"""
    es = build.es
    es.indices.refresh(index=[build.records_index, build.works_index])
    for kind, name, written in (
        ("records", build.records_index, records),
        ("works", build.works_index, works),
    ):
        held = int(es.count(index=name)["count"])
        if held < written:
            raise ReindexRefused(
                f"the new {kind} index holds {held} of the {written} {kind} written into it: a node left the "
                "cluster while the build was loading (its shards had no replica yet) and lost its last "
                "writes; the live index was kept. Run the re-index again."
            )


def compare_with_live(build: Build, force: bool, dry_run: DryRun) -> dict[str, Any]:
    """A dry run's verdict and report: whether the swap would happen (and why not), and per municipality
    and per source the records and works added, removed and changed against the live catalogue."""
    try:
        overridden, refused = validate(build, force=force), None
    except ReindexRefused as error:
        overridden, refused = [], str(error)
    live_records = index.live_index(build.es, build.settings.records_alias)
    live_works = index.live_index(build.es, build.settings.works_alias)
    changes = None
    if live_records is not None and live_works is not None:
        compared = compare_catalogues(
            build.es, (live_records, live_works), (build.records_index, build.works_index)
        )
        changes = as_report(compared)
    built = [build.records_index, build.works_index]
    if not dry_run.keep_build:
        build.es.indices.delete(index=built)
    return {
        "would_swap": refused is None,
        "refused": refused,
        "forced": [str(shrinkage) for shrinkage in overridden],
        "changes": changes,
        "kept_indices": built if dry_run.keep_build else [],
    }


def swap_and_prune(build: Build, keep: int) -> list[str]:
    """Make both new indices live in one step (the works warmed up first), then delete old ones beyond
    ``keep``; returns those deleted."""
    records_alias, works_alias = build.settings.records_alias, build.settings.works_alias
    index.warm_up(build.es, build.works_index)
    index.swap_aliases(build.es, {records_alias: build.records_index, works_alias: build.works_index})
    return index.prune_indices(build.es, works_alias, keep) + index.prune_indices(
        build.es, records_alias, keep
    )


def totals(build: Build, loaded: Loaded, written: index.BulkOutcome, refused: list[str]) -> dict[str, Any]:
    """The job's summary: the per-source counts and what ended up in the new indices."""
    stored = loaded.stored
    records = loaded.records()
    if stored.replaced:
        log.warning(
            "%d record ids occur more than once in the feeds; each later record replaced the earlier one: %s",
            len(stored.replaced),
            ", ".join(stored.replaced[:10]),
        )
    return _summary_dict(
        build.summary,
        records=records,
        works=written.indexed,
        merged=records - written.indexed,
        duplicate_ids=sorted(set(stored.replaced))[:100],
        refused_by_elasticsearch=sorted(refused)[:100],
    )


def _parts(
    harvested: list[Source], settings: Settings, workers: int
) -> Iterator[tuple[Source, FileShare | None]]:
    """The harvested sources in order, whole or in the shares of its file (:mod:`indexer.read.shares`)."""
    for source in harvested:
        shares = plan_shares(source, settings.index_share_bytes) if workers > 1 else []
        if not shares:
            yield source, None
        else:
            log.info("reading %s in %d shares of its file", source.id, len(shares))
            yield from ((source, share) for share in shares)


def _reject_refused(
    build: Build, kind: str, records_of: dict[str, list[str]], outcome: index.BulkOutcome
) -> list[str]:
    """Write the refused documents' records to the rejects file and count them; returns their ids.
    (Wholesale refusals still keep the live index, through :func:`validate`.)"""
    rejections = refused_rejections(kind, outcome.failed, records_of)
    if rejections:
        with rejects_path(build.settings, build.job_id).open("a", encoding="utf-8") as rejects:
            for rejection in rejections:
                build.summary.add_refused(rejection)
                write_rejection(rejects, rejection)
        log.warning("Elasticsearch refused %d %s documents; see the rejects file", len(outcome.failed), kind)
    return [rejection.record_id or "" for rejection in rejections]


def _records_of_works(build: Build, work_ids: set[str]) -> dict[str, list[str]]:
    """The ids of the records behind each of ``work_ids`` (a full scan: only run when some were refused)."""
    found: dict[str, list[str]] = {}
    if not work_ids:
        return found
    for hit in scan_records(build.es, build.records_index, {"match_all": {}}):
        work = work_id(hit["_source"]["work_key"])
        if work in work_ids:
            found.setdefault(work, []).append(hit["_id"])
    return found


def _copied_records(
    es: Elasticsearch, alias: str, sources: list[Source], spill: SpillWriter
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Live records of the sources not re-harvested this time, copied as they are (and spilled).

    Elasticsearch's ``_reindex`` would do this server-side, but the stock distribution has no reindex
    module, so the indexer streams them through itself.
    """
    if not sources or not es.indices.exists_alias(name=alias):
        return
    query = {"terms": {"feed": [source.id for source in sources]}}
    for hit in scan_records(es, alias, query):
        stored = hit["_source"]
        spill.add(stored["work_key"], stored["reason"], hit["_id"], stored["record"])
        fields = (stored[name] for name in ("work_key", "reason", "feed", "source", "source_id", "record"))
        yield hit["_id"], stored_document(*fields)  # in this version's shape, whichever it was stored in


def validate(build: Build, *, force: bool) -> list[Shrinkage]:
    """Refuse a new catalogue that is empty, has shrunk (:mod:`indexer.jobs.shrink_guard`) or fails a sample
    query. Returns the shrinkages ``force`` overrode, for the job's summary."""
    es, settings = build.es, build.settings
    if int(es.count(index=build.works_index)["count"]) == 0:
        raise ReindexRefused("the new index is empty: no source yielded a record; the live index was kept")
    live_records = index.live_index(es, settings.records_alias)
    live_works = index.live_index(es, settings.works_alias)
    found: list[Shrinkage] = []
    if live_records is not None and live_works is not None:
        live = count_catalogue(es, live_records, live_works)
        found = shrinkages(live, count_catalogue(es, build.records_index, build.works_index))
    if found and not force:
        raise ReindexRefused(refusal(found))
    if found:
        log.warning("--force overrides: %s", "; ".join(map(str, found)))
    sample = es.search(index=build.works_index, size=1, query={"match_all": {}})["hits"]["hits"][0]["_source"]
    hits = es.search(index=build.works_index, size=0, query={"term": {"id": sample["id"]}})["hits"]["total"]
    if hits["value"] != 1:
        raise ReindexRefused(
            f"sanity query failed: work {sample['id']} is not found by its id in the new index"
        )
    return found
