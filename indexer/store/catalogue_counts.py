"""How many records and works a catalogue holds, in all and per municipality and per source (feed).

A re-index compares these figures of the new indices with the live ones before it swaps (a feed that
shrank is more likely a broken export than a weeded catalogue), and an update of a whole export compares
what a source would keep with what it holds. Elasticsearch counts them with aggregations: no scan.

Works per municipality are the works holding a record of that municipality (a work held by two counts for
both). Works per source are the distinct work keys of the source's records, counted by a ``cardinality``
aggregation: exact up to :data:`EXACT_UP_TO` works per source, within about a percent beyond.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from elasticsearch import Elasticsearch

Scope = tuple[Literal["catalogue", "municipality", "source"], str]
"""What a figure is about: ``("catalogue", "all")``, ``("municipality", "espoo")``, ``("source", "x")``."""

CATALOGUE: Scope = ("catalogue", "all")
EXACT_UP_TO = 40_000  # Elasticsearch's largest precision threshold for cardinality
_MANY = 10_000  # more municipalities or sources than any catalogue has


@dataclass(frozen=True, slots=True)
class Tally:
    records: int = 0
    works: int = 0


def count_catalogue(es: Elasticsearch, records_index: str, works_index: str) -> dict[Scope, Tally]:
    """Records and works of the whole catalogue, of each municipality and of each source."""
    records = es.search(
        index=records_index,
        size=0,
        track_total_hits=True,
        aggs={
            "municipalities": {"terms": {"field": "source", "size": _MANY}},
            "sources": {
                "terms": {"field": "feed", "size": _MANY},
                "aggs": {"works": {"cardinality": {"field": "work_key", "precision_threshold": EXACT_UP_TO}}},
            },
        },
    )
    works = es.search(
        index=works_index,
        size=0,
        track_total_hits=True,
        aggs={"municipalities": {"terms": {"field": "municipality", "size": _MANY}}},
    )
    return tallies(records.body, works.body)


def tallies(records: dict[str, Any], works: dict[str, Any]) -> dict[Scope, Tally]:
    """The figures of :func:`count_catalogue` from the two search answers."""
    found: dict[Scope, Tally] = {
        CATALOGUE: Tally(records["hits"]["total"]["value"], works["hits"]["total"]["value"])
    }
    works_of = {b["key"]: b["doc_count"] for b in works["aggregations"]["municipalities"]["buckets"]}
    for bucket in records["aggregations"]["municipalities"]["buckets"]:
        found["municipality", bucket["key"]] = Tally(bucket["doc_count"], works_of.pop(bucket["key"], 0))
    for municipality, count in works_of.items():  # works without records of theirs: only in a broken index
        found["municipality", municipality] = Tally(0, count)
    for bucket in records["aggregations"]["sources"]["buckets"]:
        found["source", bucket["key"]] = Tally(bucket["doc_count"], bucket["works"]["value"])
    return found
