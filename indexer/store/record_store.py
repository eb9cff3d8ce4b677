"""The store of normalised source records (an Elasticsearch index of its own, no second database).

A work is computed from all records that share its key. When one record changes or disappears, the work
must be recomputed from the others, so every normalised record is kept here with its work key. (A full
rebuild groups its records through local files instead, :mod:`indexer.store.spill`: reading a million records
back sorted by key cost Elasticsearch more than indexing them.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from elasticsearch import Elasticsearch

from indexer.record import NormalisedRecord, content_digest
from indexer.works.merge import record_ref

PAGE_SIZE = 1000  # records per page of a scan
MGET_SIZE = 1000  # ids per multi-get


class StoredRecord(NamedTuple):
    """A record as the records index holds it: its work key, why that key, and the record itself."""

    key: str
    reason: str
    record: dict[str, Any]


def stored_record(record: NormalisedRecord, key: str, reason: str, feed: str) -> tuple[str, dict[str, Any]]:
    """(document id, document) for the records index; ``feed`` is the id of the source it came from."""
    return record_ref(record), stored_document(
        key, reason, feed, record.source, record.source_id, record.to_dict()
    )


def stored_document(
    key: str, reason: str, feed: str, source: str, source_id: str, record: dict[str, Any]
) -> dict[str, Any]:
    """The records index's document of one record (``record`` in its JSON shape), with its digest."""
    return {
        "work_key": key,
        "reason": reason,
        "feed": feed,
        "source": source,
        "source_id": source_id,
        "record": record,
        "digest": content_digest([key, reason, feed, record]),
    }


def _unpack(hit: dict[str, Any]) -> tuple[str, str, NormalisedRecord]:
    source = hit["_source"]
    return source["work_key"], source["reason"], NormalisedRecord.from_dict(source["record"])


def fetch_keys(es: Elasticsearch, index: str, refs: Iterable[str]) -> dict[str, str]:
    """Record reference → work key it is stored under now (absent references are left out)."""
    ids = list(dict.fromkeys(refs))
    if not ids:
        return {}
    answer = es.mget(index=index, ids=ids, source_includes=["work_key"])
    return {doc["_id"]: doc["_source"]["work_key"] for doc in answer["docs"] if doc.get("found")}


def records_for_keys(
    es: Elasticsearch, index: str, keys: Iterable[str]
) -> dict[str, tuple[str, list[NormalisedRecord]]]:
    """Every stored record of the given work keys, grouped by key (keys with no record are absent)."""
    groups: dict[str, tuple[str, list[NormalisedRecord]]] = {}
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 500):
        query = {"terms": {"work_key": wanted[start : start + 500]}}
        for hit in scan_records(es, index, query):
            key, reason, record = _unpack(hit)
            groups.setdefault(key, (reason, []))[1].append(record)
    return groups


def stored_versions(es: Elasticsearch, index: str, refs: Iterable[str]) -> dict[str, StoredRecord | None]:
    """What the index holds now under each of ``refs`` (``None``: nothing)."""
    ids = list(dict.fromkeys(refs))
    found: dict[str, StoredRecord | None] = {}
    for start in range(0, len(ids), MGET_SIZE):
        for doc in es.mget(index=index, ids=ids[start : start + MGET_SIZE])["docs"]:
            source = doc.get("_source") if doc.get("found") else None
            found[doc["_id"]] = source and StoredRecord(
                source["work_key"], source["reason"], source["record"]
            )
    return found


def scan_records(
    es: Elasticsearch,
    index: str,
    query: dict[str, Any],
    fields: list[str] | None = None,
    order: tuple[str, ...] = ("work_key",),
) -> Iterator[dict[str, Any]]:
    """Every hit of ``query`` sorted by the keyword fields ``order`` (records by work key, unless told
    otherwise; the works index by ``id``), paged with a point in time and ``search_after``; with ``fields``,
    only those fields of each document's ``_source``."""
    pit = es.open_point_in_time(index=index, keep_alive="2m")["id"]
    try:
        after: list[Any] | None = None
        while True:
            answer = es.search(
                pit={"id": pit, "keep_alive": "2m"},
                query=query,
                sort=[*({name: "asc"} for name in order), {"_shard_doc": "asc"}],
                size=PAGE_SIZE,
                search_after=after,
                track_total_hits=False,
                source={"includes": fields} if fields is not None else True,
            )
            pit = answer.get("pit_id", pit)
            hits = answer["hits"]["hits"]
            yield from hits
            if len(hits) < PAGE_SIZE:
                return
            after = hits[-1]["sort"]
    finally:
        es.close_point_in_time(id=pit)
