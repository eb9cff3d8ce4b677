"""The indexer's command line: ``python -m indexer COMMAND …``.

Each command is one ``add_…_command`` function that registers its sub-parser and sets its handler;
:data:`COMMANDS` lists them, so adding a command is one function and one entry there.

Output conventions, so that the commands compose in shell pipelines: results go to stdout as JSON (one
object per line), what the run has to say goes to stderr. ``normalise`` writes rejections, unreadable
locations and its summary there as JSON lines and exits 1 only when nothing could be read at all;
``reindex`` and ``update`` print their summary on stdout and an error as one ``error: …`` line on stderr
(:mod:`indexer.cli.job_commands`). Every command exits 2 when the sources configuration is wrong, and
library log messages are JSON lines on stderr.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

from indexer.cli.job_commands import add_reindex_command, add_update_command
from indexer.cli.normalise_command import add_normalise_command
from indexer.cli.subcommands import Subcommands


def main(argv: Sequence[str] | None = None) -> int:
    _use_utf8_output()
    _log_as_json_lines()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, argparse.ArgumentParser], int] = args.handler
    try:
        return handler(args, parser)
    except BrokenPipeError:
        # Reader went away (`… | head`): not an error of ours. Point stdout at devnull so that the
        # interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description="Helmet catalogue indexer.")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_command in COMMANDS:
        add_command(subcommands)
    return parser


COMMANDS: tuple[Callable[[Subcommands], None], ...] = (
    add_normalise_command,
    add_reindex_command,
    add_update_command,
)


class _JsonLinesLogFormatter(logging.Formatter):
    """Library warnings (pymarc on damaged records, sickle retrying) as JSON lines, like all of stderr."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"log": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        return json.dumps(entry, ensure_ascii=False)


def _log_as_json_lines() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonLinesLogFormatter())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


def _use_utf8_output() -> None:
    """Records are Finnish, Swedish, Russian…: print UTF-8 whatever the locale says."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
