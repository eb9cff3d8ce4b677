"""``python -m indexer normalise``: print what the first two stages make of some files or sources.

Records in the shared schema go to stdout, one JSON object per line; rejections, unreadable locations and
the closing summary go to stderr as JSON lines (and rejections with their raw bytes to ``--rejects``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from catalogue.settings import get_settings
from indexer.cli.subcommands import Subcommands
from indexer.jobs.pipeline import RejectionSink, read_source
from indexer.jobs.rejects import rejection_to_dict, write_rejection
from indexer.jobs.summary import Summary
from indexer.read.locations import LocationError, is_http_url
from indexer.read.sources import (
    FORMAT_CHOICES,
    Source,
    SourcesConfigError,
    build_source,
    find_source,
    load_sources,
)
from indexer.record import MUNICIPALITIES, Municipality, NormalisedRecord, Rejection

_MUNICIPALITY_NAMES: dict[str, Municipality] = {name: name for name in MUNICIPALITIES}


def add_normalise_command(subcommands: Subcommands) -> None:
    parser = subcommands.add_parser(
        "normalise",
        help="print records in the shared schema, one JSON object per line",
        description=(
            "Read catalogue files and print every record in the shared schema (docs/record-schema.md) as one "
            "JSON object per line on stdout. Rejections go to stderr as JSON lines (and, with their raw "
            "bytes, to --rejects), then a summary. Exit code 1 only when nothing could be read at all."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="file, directory (recursive), glob, http(s) URL, or oai+http(s):// OAI-PMH endpoint",
    )
    parser.add_argument(
        "--municipality",
        choices=MUNICIPALITIES,
        help="whose records the PATHs are (default: the municipality a folder in the path is named after)",
    )
    parser.add_argument(
        "--format", choices=FORMAT_CHOICES, default="auto", help="format of the PATHs (default: auto-detect)"
    )
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="ID",
        help="read a source of the sources config instead of (or as well as) PATHs; repeatable",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="sources config (default: HELMET_SOURCES_FILE, else sources.toml at the project root)",
    )
    parser.add_argument(
        "--rejects", type=Path, metavar="FILE", help="also write rejections, with raw bytes, to FILE"
    )
    parser.set_defaults(handler=run_normalise)


def run_normalise(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.paths and not args.source:
        parser.error("give at least one PATH or --source ID")
    try:
        sources = _configured_sources(args) + [_source_for_path(path, args, parser) for path in args.paths]
    except SourcesConfigError as error:
        _report({"error": str(error)})
        return 2
    summary = Summary()
    with _rejects_file(args.rejects, parser) as keep_rejection:
        for source in sources:
            _normalise_source(source, summary, keep_rejection)
    _report(summary.to_dict())
    return 1 if summary.nothing_read() else 0


def _normalise_source(source: Source, summary: Summary, keep_rejection: RejectionSink) -> None:
    """Print every normalised record of ``source``; a location that fails is reported, not raised."""
    try:
        for item in read_source(source, summary, keep_rejection):
            if isinstance(item, NormalisedRecord):
                print(json.dumps(item.to_dict(), ensure_ascii=False))
            elif isinstance(item, Rejection):
                _report(rejection_to_dict(item, with_raw=False))
    except LocationError as error:
        _report({"error": str(error), "source": source.id})


def _configured_sources(args: argparse.Namespace) -> list[Source]:
    if not args.source:
        return []
    sources = load_sources(args.config or get_settings().sources_file)
    return [find_source(sources, source_id) for source_id in args.source]


def _source_for_path(path: str, args: argparse.Namespace, parser: argparse.ArgumentParser) -> Source:
    municipality = args.municipality or _municipality_named_in(path)
    if municipality is None:
        parser.error(
            f"cannot tell whose records {path} holds; add --municipality {{{','.join(MUNICIPALITIES)}}}"
        )
    return build_source(
        {"id": path, "municipality": municipality, "format": args.format, "location": path}, name=path
    )


def _municipality_named_in(path: str) -> Municipality | None:
    """The innermost folder named after a municipality (``data/samples/espoo/x.xml`` → espoo)."""
    parts = PurePosixPath(urlsplit(path).path).parts if is_http_url(path) else Path(path).parts
    return next((_MUNICIPALITY_NAMES[part] for part in reversed(parts) if part in _MUNICIPALITY_NAMES), None)


@contextlib.contextmanager
def _rejects_file(path: Path | None, parser: argparse.ArgumentParser) -> Iterator[RejectionSink]:
    if path is None:
        yield lambda rejection: None
        return
    try:
        stream = path.open("w", encoding="utf-8", errors="backslashreplace")
    except OSError as error:
        parser.error(f"cannot write the rejects file {path}: {error.strerror or error}")
    with stream:
        yield lambda rejection: write_rejection(stream, rejection)


def _report(entry: dict[str, Any]) -> None:
    print(json.dumps(entry, ensure_ascii=False), file=sys.stderr, flush=True)
