"""What a new catalogue changes against the live one: records and works added, removed and changed, per
municipality and per source (a dry run's report).

Both indices are read in the same order (records by municipality and id, works by id) and merged like two
sorted lists, so memory stays flat at any size; only each document's key, scopes and ``digest`` are
fetched. A document whose digest differs has changed; a live document stored before digests existed
(``digest`` missing) cannot be compared and is counted as ``unknown``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from elasticsearch import Elasticsearch

from indexer.store.catalogue_counts import Scope
from indexer.store.record_store import scan_records


@dataclass(slots=True)
class Changes:
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0
    unknown: int = 0


@dataclass(frozen=True, slots=True)
class Entry:
    """One document as the comparison sees it."""

    key: tuple[str, ...]
    scopes: tuple[Scope, ...]
    digest: str | None


def differences(live: Iterable[Entry], new: Iterable[Entry]) -> dict[Scope, Changes]:
    """Added, removed and changed documents per scope, from two sequences sorted by key."""
    found: dict[Scope, Changes] = {}

    def count(scopes: Iterable[Scope], what: str) -> None:
        for scope in scopes:
            changes = found.setdefault(scope, Changes())
            setattr(changes, what, getattr(changes, what) + 1)

    old_items, new_items = iter(live), iter(new)
    old, current = next(old_items, None), next(new_items, None)
    while old is not None or current is not None:
        if current is None or (old is not None and old.key < current.key):
            assert old is not None
            count(old.scopes, "removed")
            old = next(old_items, None)
        elif old is None or current.key < old.key:
            count(current.scopes, "added")
            current = next(new_items, None)
        else:
            scopes = tuple(dict.fromkeys((*old.scopes, *current.scopes)))
            if old.digest is None or current.digest is None:
                count(scopes, "unknown")
            else:
                count(scopes, "changed" if old.digest != current.digest else "unchanged")
            old, current = next(old_items, None), next(new_items, None)
    return found


def compare_catalogues(
    es: Elasticsearch, live: tuple[str, str], new: tuple[str, str]
) -> dict[str, dict[Scope, Changes]]:
    """Records and works of ``new`` (records index, works index) against ``live``."""
    return {
        "records": differences(_records(es, live[0]), _records(es, new[0])),
        "works": differences(_works(es, live[1]), _works(es, new[1])),
    }


def as_report(compared: dict[str, dict[Scope, Changes]]) -> dict[str, Any]:
    """``{"records": {"municipality": {"espoo": {"added": …}}, "source": {…}}, "works": {…}}`` for JSON."""
    report: dict[str, Any] = {}
    for kind, per_scope in compared.items():
        shaped: dict[str, dict[str, dict[str, int]]] = {}
        for (scope_kind, name), changes in sorted(per_scope.items()):
            shaped.setdefault(scope_kind, {})[name] = asdict(changes)
        report[kind] = shaped
    return report


def _records(es: Elasticsearch, index: str) -> Iterator[Entry]:
    fields = ["source", "source_id", "feed", "digest"]
    for hit in scan_records(es, index, {"match_all": {}}, fields, order=("source", "source_id")):
        record = hit["_source"]
        scopes: tuple[Scope, ...] = (("municipality", record["source"]), ("source", record["feed"]))
        yield Entry((record["source"], record["source_id"]), scopes, record.get("digest"))


def _works(es: Elasticsearch, index: str) -> Iterator[Entry]:
    for hit in scan_records(es, index, {"match_all": {}}, ["id", "municipality", "digest"], order=("id",)):
        work = hit["_source"]
        scopes: tuple[Scope, ...] = tuple(("municipality", name) for name in work["municipality"])
        yield Entry((work["id"],), scopes, work.get("digest"))
