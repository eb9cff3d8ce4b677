"""The store of normalised source records (an Elasticsearch index of its own, no second database).

A work is computed from all records that share its key. When one record changes or disappears, the work
must be recomputed from the others, so every normalised record is kept here with its work key. A full
rebuild also reads the records back from here, sorted by work key, so that grouping a million records
costs no memory in the indexer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any
from zlib import crc32

from elasticsearch import Elasticsearch

from indexer.merge import record_ref
from indexer.record import NormalisedRecord

PAGE_SIZE = 1000  # records per page of a scan; each worker of a rebuild holds one page of decoded records
PARTITIONS = 16  # a full rebuild builds works in this many independent parts (see partition_of)


def partition_of(key: str) -> int:
    """The partition of a work key: stable across processes and runs (unlike ``hash``), so that all the
    records of one work, wherever they came from, land in the same part of a parallel rebuild."""
    return crc32(key.encode("utf-8")) % PARTITIONS


def partition_query(partition: int) -> dict[str, Any]:
    return {"term": {"partition": partition}}


def stored_record(record: NormalisedRecord, key: str, reason: str, feed: str) -> tuple[str, dict[str, Any]]:
    """(document id, document) for the records index; ``feed`` is the id of the source it came from."""
    return record_ref(record), {
        "work_key": key,
        "partition": partition_of(key),
        "reason": reason,
        "feed": feed,
        "source": record.source,
        "source_id": record.source_id,
        "record": record.to_dict(),
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


def stream_groups(
    es: Elasticsearch, index: str, query: dict[str, Any] | None = None
) -> Iterator[tuple[str, str, list[NormalisedRecord]]]:
    """The records ``query`` finds (default all), grouped by work key, in key order: (key, reason, records)
    one work at a time."""
    hits = (_unpack(hit) for hit in scan_records(es, index, query or {"match_all": {}}))
    for key, group in groupby(hits, key=lambda item: item[0]):
        members = list(group)
        yield key, members[0][1], [record for _, _, record in members]


def scan_records(es: Elasticsearch, index: str, query: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every hit of ``query`` in work-key order, paged with a point in time and ``search_after``."""
    pit = es.open_point_in_time(index=index, keep_alive="2m")["id"]
    try:
        after: list[Any] | None = None
        while True:
            answer = es.search(
                pit={"id": pit, "keep_alive": "2m"},
                query=query,
                sort=[{"work_key": "asc"}, {"_shard_doc": "asc"}],
                size=PAGE_SIZE,
                search_after=after,
                track_total_hits=False,
            )
            pit = answer.get("pit_id", pit)
            hits = answer["hits"]["hits"]
            yield from hits
            if len(hits) < PAGE_SIZE:
                return
            after = hits[-1]["sort"]
    finally:
        es.close_point_in_time(id=pit)
