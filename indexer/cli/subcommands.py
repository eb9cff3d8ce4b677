"""The type every ``add_…_command`` function registers its sub-parser on (a module of its own, so that the
command modules and :mod:`indexer.cli.main`, which lists them, do not import each other)."""

from __future__ import annotations

import argparse
from typing import TypeAlias

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
