"""The versioned index definitions in ``mappings/``, and the names derived from them.

Three definitions: ``works`` (the search documents the API reads), ``records`` (the normalised source
records a work is computed from) and ``jobs`` (job records and the job lock, one unversioned index
``<prefix>-jobs``). Concrete indices of works and records are named ``<alias>-v<version>-<UTC timestamp>``
(e.g. ``catalogue-works-v2-20261129…``): the mapping version in the name shows at a glance which definition
an index was built with, and the timestamp lets a re-index build a new index beside the live one before
the alias swaps over.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from catalogue.analysis import analysis_signature

MAPPINGS_DIR = Path(__file__).resolve().parents[2] / "mappings"


@cache
def load_definition(name: str) -> dict[str, Any]:
    definition: dict[str, Any] = json.loads((MAPPINGS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return definition


def mapping_version(name: str) -> int:
    return int(load_definition(name)["version"])


def index_pattern(alias: str) -> str:
    return f"{alias}-v*"


def new_index_name(alias: str, name: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S%f")
    return f"{alias}-v{mapping_version(name)}-{stamp}"


ANALYSED = frozenset({"works"})
"""Definitions whose documents hold text analysed in Python: their indices record how (``_meta``)."""


def index_template(alias: str, name: str) -> dict[str, Any]:
    """Body for ``PUT _index_template/<alias>``: every index of this alias gets the versioned mapping, and
    an index of analysed documents the analysis that this process (the one building it) applies."""
    definition = load_definition(name)
    meta = {"mapping_version": definition["version"], **(analysis_signature() if name in ANALYSED else {})}
    return {
        "index_patterns": [index_pattern(alias)],
        "version": definition["version"],
        "_meta": {"description": definition.get("description", "")},
        "template": {
            "settings": definition["settings"],
            "mappings": {**definition["mappings"], "_meta": meta},
        },
    }
