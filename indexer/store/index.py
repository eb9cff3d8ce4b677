"""Writing search documents into Elasticsearch: versioned indices behind an alias.

A full re-index builds a brand-new index beside the live one (replicas 0, refresh off while loading, both
restored afterwards) and only then moves the alias in one atomic ``_aliases`` call. Until that call the
live index is never touched, so an interrupted build leaves search exactly as it was; the half-built
index is an orphan that the next run deletes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from indexer.store.mappings import index_pattern, index_template, new_index_name
from indexer.store.prefetch import prefetched


@dataclass(slots=True)
class BulkOutcome:
    """What a bulk load did; per-document failures are kept with their ids, never dropped silently."""

    indexed: int = 0
    deleted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # ids written twice: in a new index, duplicates
    removed: int = 0  # deletions that found a document to delete

    def absorb(self, other: BulkOutcome) -> None:
        """Add another load's outcome (one worker's share of a job) to this one."""
        self.indexed += other.indexed
        self.deleted += other.deleted
        self.failed += other.failed
        self.replaced += other.replaced
        self.removed += other.removed


def install_template(es: Elasticsearch, alias: str, definition: str) -> None:
    es.indices.put_index_template(name=alias, **index_template(alias, definition))


# gc_deletes: a versioned deletion must outlive the whole load, so that an older version of the record
# written after it (by a worker reading an earlier share of the file) is still refused.
_LOADING = {
    "number_of_replicas": 0,
    "refresh_interval": "-1",
    "translog.durability": "async",
    "gc_deletes": "1d",
}


def create_build_index(es: Elasticsearch, alias: str, definition: str, shards: int = 1) -> str:
    """A new empty index for a full build, tuned for loading: no replicas, no periodic refresh, and the
    translog synced in the background rather than on every bulk request (measured: a quarter less of
    Elasticsearch's CPU for the records index). Until the swap a build index is disposable (a crash means
    a new build), so durability per request buys nothing; :func:`finish_build` restores it.

    ``definition`` names the file in ``mappings/`` (``works`` or ``records``).
    """
    install_template(es, alias, definition)
    name = new_index_name(alias, definition)
    es.indices.create(index=name, settings={**_LOADING, "number_of_shards": shards})
    return name


Document = tuple[str, dict[str, Any] | None]
VersionedDocument = tuple[str, dict[str, Any] | None, int]
_VERSION_CONFLICT = 409
_NOT_FOUND = 404
_TIMED_OUT = 408


def _actions(index: str, documents: Iterable[Document | VersionedDocument]) -> Iterator[dict[str, Any]]:
    for item in documents:
        doc_id, document = item[0], item[1]
        action: dict[str, Any] = {"_index": index, "_id": doc_id}
        if document is None:
            action["_op_type"] = "delete"
        else:
            action["_op_type"], action["_source"] = "index", document
        if len(item) == 3:
            action["version"], action["version_type"] = item[2], "external"
        yield action


def bulk_write(
    es: Elasticsearch,
    index: str,
    documents: Iterable[Document | VersionedDocument],
    chunk_size: int = 1000,
) -> BulkOutcome:
    """Stream ``(id, document)`` pairs in with the client's bulk helper (``None`` deletes the id).

    429s and 503s (a full write queue, a node busy recovering) are retried with exponential backoff;
    deleting an id that is already gone is not a failure (the goal, its absence, is reached).

    ``(id, document, version)`` triples are written (or deleted) with an external version: of two writes
    of one id, the higher version stays whichever comes first. Workers reading shares of one file side by
    side (:mod:`indexer.read.shares`) version records by their position, so that the later of two records with
    one id wins, as when the file is read in order. The lower one's refusal counts as done and, for a
    write, as replaced.
    """
    outcome = BulkOutcome()
    results = streaming_bulk(
        es,
        _actions(index, prefetched(documents, depth=chunk_size)),
        chunk_size=chunk_size,
        max_retries=8,
        initial_backoff=1,
        max_backoff=30,
        retry_on_status=(429, 503),
        raise_on_error=False,
    )
    for ok, item in results:
        operation, detail = next(iter(item.items()))
        if operation == "delete" and (ok or detail.get("status") in (_NOT_FOUND, _VERSION_CONFLICT)):
            outcome.deleted += 1
            outcome.removed += detail.get("result") == "deleted"
        elif ok or detail.get("status") == _VERSION_CONFLICT:
            outcome.indexed += 1
            if not ok or detail.get("result") == "updated":
                outcome.replaced.append(str(detail.get("_id")))
        else:
            outcome.failed.append((str(detail.get("_id")), str(detail.get("error"))))
    return outcome


def finish_build(es: Elasticsearch, index: str, definition: str, replicas: str = "0-1") -> None:
    """Restore what a live index needs (periodic refresh, its replicas: a number, or a range Elasticsearch
    fits to the nodes there are) and make everything searchable."""
    copies: dict[str, Any] = (
        {"auto_expand_replicas": replicas}
        if "-" in replicas
        else {"auto_expand_replicas": False, "number_of_replicas": int(replicas)}
    )
    es.indices.put_settings(index=index, settings={name: None for name in _LOADING} | copies)
    es.indices.flush(index=index)  # everything on disk before the index can go live
    es.indices.refresh(index=index)


MERGE_TIMEOUT_S = 3600.0


def merge_segments(es: Elasticsearch, index: str) -> None:
    """Merge a freshly loaded index into one segment per shard, before it has replicas (which then copy the
    merged files instead of merging again) and before it goes live.

    A bulk load leaves a dozen or more segments per shard, and every search pays for each: its facets map
    each segment's term ordinals to the shard's, and its matching walks every segment's term dictionaries.
    Measured on the 3,000,000-record catalogue (bench/RESULTS.md), one segment instead of 17 halved
    Elasticsearch's cost per search (41 → 21 ms mean) at a one-off cost of 80 s for the 3.1 GB works index,
    which is why the request may take far longer than any other the indexer sends."""
    es.options(request_timeout=MERGE_TIMEOUT_S).indices.forcemerge(index=index, max_num_segments=1)


WARM_UP_PREFIXES = "aeikmst"
"""Prefixes the suggesters of a new index are asked for before it goes live (a spread of common initials)."""


def warm_up(es: Elasticsearch, index: str) -> None:
    """Load on every node what the first searches of a new index would otherwise load while people wait:
    the completion fields' suggesters and the facet fields' doc values (the facet fields' global ordinals
    are built when the index is refreshed: ``eager_global_ordinals`` in its mapping). Measured on the
    3,000,000-record catalogue, suggestions answered in the first minute after a rebuild took three times
    as long as later ones (bench/RESULTS.md). Each node holding a copy is asked in turn
    (``_prefer_nodes``), since a search reads one copy of each shard."""
    fields = es.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    completion = [name for name, field in fields.items() if field.get("type") == "completion"]
    facets = [name for name, field in fields.items() if field.get("eager_global_ordinals")]
    for node in es.nodes.info(node_id="data:true", metric="_none")["nodes"]:
        preference = f"_prefer_nodes:{node}"
        aggs = {name: {"terms": {"field": name}} for name in facets}
        es.search(index=index, size=0, aggs=aggs, preference=preference, request_cache=False)
        for prefix in WARM_UP_PREFIXES if completion else "":
            suggest = {name: {"prefix": prefix, "completion": {"field": name}} for name in completion}
            es.search(index=index, suggest=suggest, preference=preference, source=False)


def wait_until_allocated(es: Elasticsearch, indices: list[str], timeout: str = "120s") -> str:
    """Wait until every primary shard of ``indices`` has a node, and every replica too where there are
    nodes enough to hold them, at most ``timeout`` each; returns the health colour then.

    An index goes live only once its shards are allocated: swapping to an index whose primaries are still
    unassigned would answer searches with errors. Replicas that cannot be placed (fewer nodes than copies)
    leave it yellow, which serves; red does not."""
    health = _health(es, indices, "yellow", timeout)
    if health["status"] == "yellow" and health["number_of_data_nodes"] > 1:
        health = _health(es, indices, "green", timeout)
    return str(health["status"])


def _health(es: Elasticsearch, indices: list[str], status: str, timeout: str) -> dict[str, Any]:
    """Cluster health of ``indices`` once ``status`` is reached or ``timeout`` passed (Elasticsearch then
    answers 408 with the health as it stands)."""
    try:
        return dict(es.cluster.health(index=indices, wait_for_status=status, timeout=timeout).body)
    except ApiError as error:
        if error.meta.status == _TIMED_OUT and isinstance(error.body, dict):
            return error.body
        raise


def built_with_version(es: Elasticsearch, index: str) -> int | None:
    """The mapping version an index was built with (its ``_meta``), None for one built before it was kept."""
    answer: dict[str, Any] = dict(es.indices.get_mapping(index=index).body)
    definition: dict[str, Any] = next(iter(answer.values()), {})
    version = definition.get("mappings", {}).get("_meta", {}).get("mapping_version")
    return int(version) if version is not None else None


def live_index(es: Elasticsearch, alias: str) -> str | None:
    try:
        names = list(es.indices.get_alias(name=alias))
    except NotFoundError:
        return None
    return names[0] if names else None


def swap_aliases(es: Elasticsearch, targets: dict[str, str]) -> dict[str, str | None]:
    """Point each alias at its new index, all in one atomic ``_aliases`` call.

    One call for all aliases means a reader never sees the new works with the old records or the other
    way round. Returns the index each alias pointed at before (``None`` for a new alias).
    """
    previous = {alias: live_index(es, alias) for alias in targets}
    actions: list[dict[str, Any]] = []
    for alias, new_index in targets.items():
        old = previous[alias]
        if old is not None and old != new_index:
            actions.append({"remove": {"index": old, "alias": alias}})
        actions.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
    es.indices.update_aliases(actions=actions)
    return previous


def swap_alias(es: Elasticsearch, alias: str, new_index: str) -> str | None:
    return swap_aliases(es, {alias: new_index})[alias]


def prune_indices(es: Elasticsearch, alias: str, keep: int) -> list[str]:
    """Delete this alias's indices beyond the ``keep`` newest, never the live one; returns what went."""
    live = live_index(es, alias)
    names = sorted(es.indices.get(index=index_pattern(alias), expand_wildcards="open,closed"), reverse=True)
    doomed = [name for name in names[keep:] if name != live]
    if doomed:
        es.indices.delete(index=",".join(doomed))
    return doomed


def delete_orphans(es: Elasticsearch, alias: str) -> list[str]:
    """Indices of an interrupted build: newer than the live index yet never made live."""
    live = live_index(es, alias)
    names = sorted(es.indices.get(index=index_pattern(alias), expand_wildcards="open,closed"))
    orphans = [name for name in names if live is None or name > live]
    if orphans:
        es.indices.delete(index=",".join(orphans))
    return orphans
