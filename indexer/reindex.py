"""Full re-index: rebuild the catalogue into new indices, check them, then swap the aliases atomically.

The order of events is what keeps search up and nothing lost:

1. take the job lock (one job at a time, CLI or API) and write a job record;
2. delete orphans of an earlier interrupted build (indices newer than the live ones, never made live);
3. load every normalised record into a new *records* index, honouring the deletions the sources carry
   (a saved OAI-PMH page deleting a record of an earlier file); sources not being re-harvested are copied
   from the live records index, so ``--source espoo`` refreshes Espoo without dropping Helsinki;
4. group the records by work key (from local spill files written beside the records index, see
   :mod:`indexer.spill`), merge, analyse, and bulk-load a new *works* index (a document Elasticsearch
   refuses, e.g. a mapping conflict, goes to the rejects file under the ids of its records, like a record
   that cannot be normalised, and the rest goes in);
5. validate: the new catalogue must not be more than 10 % smaller than the live one (a broken export
   that shrank the feed must not wipe the catalogue) unless forced, and sample queries must find works;
6. swap both aliases in one ``_aliases`` call, then delete old indices beyond the retention count.

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

from catalogue.jobs import jobs_index, new_job_id
from catalogue.settings import Settings
from indexer import index
from indexer.build_tasks import BuildPartition, LoadSource, build_partition, load_source
from indexer.harvest_state import remember_harvest
from indexer.jobs import JobLock, record_job_end, record_job_start
from indexer.mappings import load_definition
from indexer.merge import MergeRules, work_id
from indexer.progress import Progress
from indexer.record_store import scan_records, stored_versions
from indexer.rejects import refused_rejections, write_rejection
from indexer.shares import FileShare, plan_shares
from indexer.sources import Source
from indexer.spill import PARTITIONS, SpillWriter, spill_files
from indexer.summary import Summary
from indexer.workers import WorkerPool

log = logging.getLogger(__name__)

SHRINK_LIMIT = 0.9
_RECORD_FIELDS = tuple(load_definition("records")["mappings"]["properties"])  # copied from an older index


class ReindexRefused(Exception):
    """The new index failed validation; the live index was left as it was. The message says why."""


@dataclass(slots=True)
class JobResult:
    job_id: str
    status: str
    summary: dict[str, Any]
    message: str | None = None
    new_index: str | None = None
    removed: list[str] = field(default_factory=list)


def rejects_path(settings: Settings, job_id: str) -> Path:
    return settings.state_dir / "rejects" / f"{job_id}.jsonl"


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
) -> JobResult:
    """Rebuild the catalogue from ``sources`` (re-harvesting only ``selected`` ids when given)."""
    job_id = job_id or new_job_id()
    harvested = [s for s in sources if selected is None or s.id in selected]
    jobs = jobs_index(settings)
    summary = Summary()
    with JobLock(es, jobs, job_id):  # before the job record: a refused job leaves no "running" record behind
        record_job_start(es, jobs, job_id, "reindex", [s.id for s in harvested], force, started_by)
        try:
            with spill_files(settings.state_dir, job_id) as spill:
                result = _rebuild(
                    es, settings, sources, harvested, summary, job_id, spill, force=force, keep=keep
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


def _rebuild(
    es: Elasticsearch,
    settings: Settings,
    sources: list[Source],
    harvested: list[Source],
    summary: Summary,
    job_id: str,
    spill: Path,
    *,
    force: bool,
    keep: int,
) -> JobResult:
    preload = ("indexer.build_tasks",)
    with WorkerPool(settings, es, preload) as pool, ThreadPoolExecutor(max_workers=1) as background:
        # The workers start (a second or so of imports each) while the indices are set up.
        for alias in (settings.records_alias, settings.works_alias):
            for orphan in index.delete_orphans(es, alias):
                log.info("deleted %s, left over from an interrupted build", orphan)
        records_alias, works_alias = settings.records_alias, settings.works_alias
        rules = MergeRules.load(settings.merge_rules_file)
        records_index = index.create_build_index(es, records_alias, "records")
        works_index = index.create_build_index(es, works_alias, "works")

        started = datetime.now(UTC).isoformat()
        loads = [
            LoadSource(
                source, records_index, rules, _part_path(settings, job_id, number), spill, str(number), share
            )
            for number, (source, share) in enumerate(_parts(harvested, settings, pool.workers))
        ]
        # Whole sources first, the shares after them: the small shares fill in around the big indivisible
        # tasks, so that the workers finish together.
        order = sorted(range(len(loads)), key=lambda number: loads[number].share is not None)
        try:
            with Progress("reading records") as progress:
                results = pool.run(load_source, [loads[number] for number in order], progress)
            loaded = [results[order.index(number)] for number in range(len(loads))]  # back in source order
        finally:
            _join_rejects(rejects_path(settings, job_id), [task.rejects_file for task in loads])
        stored = index.BulkOutcome()
        checkpoints: dict[str, str] = {}
        deleted: list[str] = []
        for task, result in zip(loads, loaded, strict=True):
            summary.absorb(result.summary)
            stored.absorb(result.stored)
            deleted += result.deleted
            checkpoints[task.source.id] = result.checkpoint or started
        copied = [s for s in sources if s not in harvested]
        with SpillWriter(spill, "copied") as copies:
            stored.absorb(
                index.bulk_write(es, records_index, _copied_records(es, records_alias, copied, copies))
            )
        refused = _reject_refused(settings, job_id, summary, "record", {}, stored)
        # Phase 2 reads the spill files, not the records index (and multi-get is real-time), so the records
        # index is flushed while the works are built rather than keeping the workers waiting for it.
        records_finished = background.submit(index.finish_build, es, records_index, "records")

        # What the index holds for ids written more than once or deleted: their spilled versions may be stale.
        kept = stored_versions(es, records_index, stored.replaced + deleted) | dict.fromkeys(refused)
        builds = [BuildPartition(spill, works_index, part, kept) for part in range(PARTITIONS)]
        with Progress("merging works", total=stored.indexed) as progress:
            built = pool.run(build_partition, builds, progress)
        records_finished.result()
    written = index.BulkOutcome()
    for outcome in built:
        written.absorb(outcome)
    refused_works = {doc_id for doc_id, _ in written.failed}
    records_of = _records_of_works(es, records_index, refused_works)
    refused += _reject_refused(settings, job_id, summary, "work", records_of, written)
    index.finish_build(es, works_index, "works")

    _validate(es, works_alias, works_index, force=force)
    index.swap_aliases(es, {records_alias: records_index, works_alias: works_index})
    removed = index.prune_indices(es, works_alias, keep) + index.prune_indices(es, records_alias, keep)
    for source_id, checkpoint in checkpoints.items():
        remember_harvest(settings.state_dir, source_id, checkpoint)
    records = stored.indexed - len(stored.replaced) - stored.removed
    if stored.replaced:
        log.warning(
            "%d record ids occur more than once in the feeds; each later record replaced the earlier one: %s",
            len(stored.replaced),
            ", ".join(stored.replaced[:10]),
        )
    totals = _summary_dict(
        summary,
        records=records,
        works=written.indexed,
        merged=records - written.indexed,
        duplicate_ids=sorted(set(stored.replaced))[:100],
        refused_by_elasticsearch=sorted(refused)[:100],
    )
    return JobResult(job_id, "succeeded", totals, None, works_index, removed)


def _parts(
    harvested: list[Source], settings: Settings, workers: int
) -> Iterator[tuple[Source, FileShare | None]]:
    """The harvested sources, each whole or in the shares of its file (:mod:`indexer.shares`), in order."""
    for source in harvested:
        shares = plan_shares(source, settings.index_share_bytes) if workers > 1 else []
        if not shares:
            yield source, None
        else:
            log.info("reading %s in %d shares of its file", source.id, len(shares))
            yield from ((source, share) for share in shares)


def _reject_refused(
    settings: Settings,
    job_id: str,
    summary: Summary,
    kind: str,
    records_of: dict[str, list[str]],
    outcome: index.BulkOutcome,
) -> list[str]:
    """Write the refused documents' records to the rejects file and count them; returns their ids.
    (Wholesale refusals still keep the live index, through :func:`_validate`.)"""
    rejections = refused_rejections(kind, outcome.failed, records_of)
    if rejections:
        with rejects_path(settings, job_id).open("a", encoding="utf-8") as rejects:
            for rejection in rejections:
                summary.add(rejection)
                write_rejection(rejects, rejection)
        log.warning("Elasticsearch refused %d %s documents; see the rejects file", len(outcome.failed), kind)
    return [rejection.record_id or "" for rejection in rejections]


def _records_of_works(es: Elasticsearch, records_index: str, work_ids: set[str]) -> dict[str, list[str]]:
    """The ids of the records behind each of ``work_ids`` (a full scan: only run when some were refused)."""
    found: dict[str, list[str]] = {}
    if not work_ids:
        return found
    for hit in scan_records(es, records_index, {"match_all": {}}):
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
        yield hit["_id"], {name: stored[name] for name in _RECORD_FIELDS}


def _validate(es: Elasticsearch, alias: str, new_index: str, *, force: bool) -> None:
    new_count = int(es.count(index=new_index)["count"])
    if new_count == 0:
        raise ReindexRefused("the new index is empty: no source yielded a record; the live index was kept")
    live = index.live_index(es, alias)
    if live is not None and not force:
        live_count = int(es.count(index=live)["count"])
        if new_count < SHRINK_LIMIT * live_count:
            shrink = 100 - 100 * new_count / live_count
            raise ReindexRefused(
                f"refused to swap: the new index has {new_count} works, {shrink:.0f} % fewer than the live "
                f"index ({live_count}). A feed that shrank this much is more likely a broken export than a "
                "weeded catalogue, so the live index was kept. Check the sources; if the catalogue really is "
                "smaller, run again with --force."
            )
    sample = es.search(index=new_index, size=1, query={"match_all": {}})["hits"]["hits"][0]["_source"]
    found = es.search(index=new_index, size=0, query={"term": {"id": sample["id"]}})["hits"]["total"]["value"]
    if found != 1:
        raise ReindexRefused(
            f"sanity query failed: work {sample['id']} is not found by its id in the new index"
        )
