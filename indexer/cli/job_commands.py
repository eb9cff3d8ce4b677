"""``python -m indexer reindex`` and ``python -m indexer update``: the jobs cataloguers run.

Both print one JSON summary on stdout when done (read, normalised, rejected, deleted, what was written,
duration, the rejects file), progress and messages on stderr, and exit 0 on success, 1 when the job failed
or was refused (the reason is printed: a failed re-index leaves the live index as it was, a failed update
keeps the batches it had already applied), 2 when the sources configuration is wrong.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch

from catalogue.es import cluster_url, node_urls, sync_client
from catalogue.settings import Settings, get_settings
from indexer.cli.subcommands import Subcommands
from indexer.jobs.job_lock import JobLockHeld
from indexer.jobs.job_result import JobResult, rejects_path
from indexer.jobs.reindex import DryRun, ReindexRefused, run_reindex
from indexer.jobs.update import NothingToUpdate, UpdateRefused, run_update
from indexer.read.locations import LocationError
from indexer.read.sources import Source, SourcesConfigError, find_source, load_sources

JOB_FAILURES = (ReindexRefused, UpdateRefused, JobLockHeld, LocationError, NothingToUpdate)


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="ID",
        help="only these sources (repeatable); default all",
    )
    parser.add_argument("--config", type=Path, help="sources config (default: HELMET_SOURCES_FILE)")
    parser.add_argument("--job-id", help=argparse.SUPPRESS)  # given by the admin API, which polls for it
    parser.add_argument("--started-by", default="cli", help="who started the job, kept in the job record")


def add_reindex_command(subcommands: Subcommands) -> None:
    parser = subcommands.add_parser(
        "reindex",
        help="rebuild the catalogue into a new index and swap it in",
        description=(
            "Harvest the sources into new versioned indices, validate them (a catalogue, municipality or "
            "source more than 10 %% smaller than in the live one is refused unless --force), then swap the "
            "aliases atomically. Interrupting it at any moment leaves the live index untouched."
        ),
    )
    _add_common_options(parser)
    parser.add_argument("--force", action="store_true", help="swap even if the new catalogue is much smaller")
    parser.add_argument("--keep", type=int, default=2, help="indices to keep per alias, live one included")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="build and validate, report per municipality and source what would change, swap nothing",
    )
    parser.add_argument(
        "--keep-build", action="store_true", help="with --dry-run: keep the built indices for inspection"
    )
    parser.set_defaults(handler=run_job_command, job="reindex")


def add_update_command(subcommands: Subcommands) -> None:
    parser = subcommands.add_parser(
        "update",
        help="apply changed and deleted records to the live index",
        description=(
            "Harvest what changed since the last run (OAI-PMH from=, changed files) into the live index, "
            'deletions included. A source configured as a whole export (export = "whole") is read whole, '
            "and its records missing from it are deleted, unless that shrinks it by more than 10 %% (then "
            "only with --force)."
        ),
    )
    _add_common_options(parser)
    parser.add_argument(
        "--force", action="store_true", help="delete what a whole export lost even if it shrank much"
    )
    parser.set_defaults(handler=run_job_command, job="update")


def run_job_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    logging.getLogger("indexer").setLevel(logging.INFO)  # progress lines when stderr is not a terminal
    # The transport warns once per failed attempt ("retrying", "putting node on timeout"): a node that went
    # away would bury the job's one-line error under dozens of them.
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)
    if args.job == "reindex" and args.keep_build and not args.dry_run:
        parser.error("--keep-build goes with --dry-run (a real re-index keeps its indices: they go live)")
    settings = get_settings()
    try:
        sources = load_sources(args.config or settings.sources_file)
        for source_id in args.source:
            find_source(sources, source_id)
    except SourcesConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    started = time.monotonic()
    es = sync_client(settings)
    try:
        result = _run(args, es, settings, sources)
    except JOB_FAILURES as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except TransportError as error:
        print(f"error: {_cluster_away(error, settings, args.job)}; {_what_was_kept(args)}", file=sys.stderr)
        return 1
    except ApiError as error:
        print(
            f"error: Elasticsearch answered {error.meta.status} ({error.message}); {_what_was_kept(args)}",
            file=sys.stderr,
        )
        return 1
    finally:
        es.close()
    summary = {
        "job_id": result.job_id,
        "status": result.status,
        **result.summary,
        "duration_s": round(time.monotonic() - started, 1),
        "rejects_file": str(rejects_path(settings, result.job_id)),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _what_was_kept(args: argparse.Namespace) -> str:
    """What a job that failed half-way left of the live index: a re-index never wrote to it; an update
    applies its changes batch by batch, and the batches before the failure stay applied."""
    if args.job == "reindex":
        return "the live index was not changed"
    return "the changes applied before the failure stay in the live index; the next update reads them again"


def _cluster_away(error: TransportError, settings: Settings, job: str) -> str:
    """One line for a cluster that stopped answering, instead of the transport's nested error reprs."""
    url = cluster_url(settings, start_local=False)
    if isinstance(error, ConnectionTimeout):
        why = ""
        if job == "reindex" and len(node_urls(url)) > 1:  # nodes answer, but a written shard has none
            why = " (a node may have left the cluster: indices being built have no replica until finished)"
        return (
            f"Elasticsearch at {url} did not answer within {settings.elasticsearch_request_timeout:g} s{why}"
        )
    return f"Elasticsearch at {url} cannot be reached (it went away or was never up)"


def _run(args: argparse.Namespace, es: Elasticsearch, settings: Settings, sources: list[Source]) -> JobResult:
    selected = args.source or None
    if args.job == "reindex":
        return run_reindex(
            es,
            settings,
            sources,
            selected,
            force=args.force,
            keep=args.keep,
            dry_run=DryRun(keep_build=args.keep_build) if args.dry_run else None,
            started_by=args.started_by,
            job_id=args.job_id,
        )
    return run_update(
        es, settings, sources, selected, started_by=args.started_by, job_id=args.job_id, force=args.force
    )
