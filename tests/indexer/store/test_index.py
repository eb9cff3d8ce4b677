"""Versioned indices behind an alias, against the real node."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from catalogue.analysis import analysis_signature, finnish
from catalogue.settings import Settings
from indexer.store import index
from indexer.store.mappings import mapping_version


def _doc(n: int) -> tuple[str, dict[str, object]]:
    return f"espoo:{n}", {
        "id": f"espoo:{n}",
        "title": {"exact": f"kirja {n}"},
        "material_type": "ebook",
        "year": 2000 + n,
    }


def _build(es: Elasticsearch, alias: str, count: int) -> str:
    name = index.create_build_index(es, alias, "works")
    outcome = index.bulk_write(es, name, (_doc(n) for n in range(count)))
    assert outcome.indexed == count and outcome.failed == []
    index.finish_build(es, name, "works")
    return name


def test_build_swap_and_prune(es: Elasticsearch, settings: Settings) -> None:
    alias = settings.works_alias
    first = _build(es, alias, 5)
    assert f"-v{mapping_version('works')}-" in first
    settings_in_build = es.indices.get_settings(index=first)[first]["settings"]["index"]
    assert settings_in_build.get("refresh_interval") is None
    assert settings_in_build.get("translog", {}).get("durability") is None  # back to every request
    assert index.live_index(es, alias) is None
    assert index.swap_alias(es, alias, first) is None
    assert es.count(index=alias)["count"] == 5

    second = _build(es, alias, 7)
    assert es.count(index=alias)["count"] == 5, "the live index must not change before the swap"
    assert index.swap_alias(es, alias, second) == first
    assert es.count(index=alias)["count"] == 7
    assert list(es.indices.get_alias(name=alias)) == [second]

    third = _build(es, alias, 2)
    index.swap_alias(es, alias, third)
    assert index.prune_indices(es, alias, keep=2) == [first]
    assert sorted(es.indices.get(index=f"{alias}-v*")) == [second, third]


def test_interrupted_build_leaves_an_orphan_that_the_next_run_deletes(
    es: Elasticsearch, settings: Settings
) -> None:
    alias = settings.works_alias
    live = _build(es, alias, 3)
    index.swap_alias(es, alias, live)
    orphan = index.create_build_index(es, alias, "works")
    index.bulk_write(es, orphan, (_doc(n) for n in range(2)))
    assert index.live_index(es, alias) == live
    assert index.delete_orphans(es, alias) == [orphan]
    assert list(es.indices.get(index=f"{alias}-v*")) == [live]
    assert es.count(index=alias)["count"] == 3


def test_documents_the_mapping_refuses_are_reported_with_their_id(
    es: Elasticsearch, settings: Settings
) -> None:
    name = index.create_build_index(es, settings.works_alias, "works")
    documents = [_doc(1), ("espoo:bad", {"id": "espoo:bad", "no_such_field": 1}), _doc(2)]
    outcome = index.bulk_write(es, name, documents)
    assert outcome.indexed == 2
    assert [doc_id for doc_id, _ in outcome.failed] == ["espoo:bad"]
    assert "strict_dynamic_mapping_exception" in outcome.failed[0][1]


def test_a_build_index_loads_without_refreshes_or_per_request_translog_syncs(
    es: Elasticsearch, settings: Settings
) -> None:
    name = index.create_build_index(es, settings.works_alias, "works")
    loading = es.indices.get_settings(index=name)[name]["settings"]["index"]
    assert (loading["refresh_interval"], loading["translog"]["durability"]) == ("-1", "async")
    assert loading["number_of_replicas"] == "0"


def test_a_works_index_records_the_analysis_that_built_it(es: Elasticsearch, settings: Settings) -> None:
    works = index.create_build_index(es, settings.works_alias, "works")
    records = index.create_build_index(es, settings.records_alias, "records")
    meta = {name: es.indices.get_mapping(index=name)[name]["mappings"]["_meta"] for name in (works, records)}
    assert meta[works] == {"mapping_version": mapping_version("works"), **analysis_signature()}
    assert meta[works]["finnish_stemmer"] == finnish.STEMMER.name
    assert meta[records] == {"mapping_version": mapping_version("records")}, "records are not analysed"


def test_of_two_versioned_writes_of_one_id_the_higher_version_stays(
    es: Elasticsearch, settings: Settings
) -> None:
    """Shares of one file are written side by side (indexer.read.shares): the record later in the file must
    win whichever worker writes first, and the summary must still count the id as written twice."""
    name = index.create_build_index(es, settings.works_alias, "works")
    (doc_id, first), (_, second) = _doc(1), _doc(2)
    second = {**second, "id": doc_id}
    other, document = _doc(7)
    early = index.bulk_write(es, name, [(doc_id, second, 9), (doc_id, first, 3), (other, document, 1)])
    assert early.indexed == 3 and early.failed == []
    assert early.replaced == [doc_id]
    assert es.get(index=name, id=doc_id)["_source"]["year"] == 2002
    late = index.bulk_write(es, name, [(doc_id, first, 12)])
    assert late.replaced == [doc_id]
    assert es.get(index=name, id=doc_id)["_source"]["year"] == 2001


def test_a_versioned_deletion_outlasts_an_older_write_arriving_after_it(
    es: Elasticsearch, settings: Settings
) -> None:
    """A share later in a file deletes a record that an earlier share writes afterwards: it stays deleted."""
    name = index.create_build_index(es, settings.works_alias, "works")
    doc_id, document = _doc(1)
    written = index.bulk_write(es, name, [(doc_id, document, 5), (doc_id, None, 9)])
    assert (written.indexed, written.deleted, written.removed) == (1, 1, 1)
    late = index.bulk_write(es, name, [(doc_id, document, 7)])
    assert late.failed == [] and late.replaced == [doc_id]
    assert not es.exists(index=name, id=doc_id)
    early = index.bulk_write(es, name, [("espoo:2", None, 9), ("espoo:2", _doc(2)[1], 3)])
    assert (early.deleted, early.removed, early.replaced) == (1, 0, ["espoo:2"])
    assert not es.exists(index=name, id="espoo:2")


def test_shards_and_replicas_come_from_the_settings(es: Elasticsearch, settings: Settings) -> None:
    """Replicas '0-1' are none on this one node and one copy per shard on a cluster (auto-expanded)."""
    name = index.create_build_index(es, settings.works_alias, "works", shards=2)
    index.finish_build(es, name, "works", "0-1")
    values = es.indices.get_settings(index=name)[name]["settings"]["index"]
    assert values["number_of_shards"] == "2" and values["auto_expand_replicas"] == "0-1"
    assert index.wait_until_allocated(es, [name]) == "green"
    index.finish_build(es, name, "works", "1")  # one copy more than this node can hold
    assert es.indices.get_settings(index=name)[name]["settings"]["index"]["number_of_replicas"] == "1"
    assert index.wait_until_allocated(es, [name], timeout="1s") == "yellow"


def test_an_index_whose_shards_no_node_can_take_is_red(es: Elasticsearch, settings: Settings) -> None:
    name = f"{settings.works_alias}-v1-20261207000000000000"
    es.indices.create(
        index=name,
        settings={"number_of_replicas": 0, "index.routing.allocation.require._name": "no-such-node"},
        wait_for_active_shards="0",
    )
    try:
        assert index.wait_until_allocated(es, [name], timeout="1s") == "red"
    finally:
        es.indices.delete(index=name)  # a red index makes the whole cluster red for the tests after this


def test_a_loaded_index_is_merged_into_one_segment_per_shard(es: Elasticsearch, settings: Settings) -> None:
    name = index.create_build_index(es, settings.works_alias, "works", shards=2)
    for batch in range(3):  # each flush of an unrefreshed load leaves segments of its own
        index.bulk_write(es, name, (_doc(n) for n in range(batch * 10, batch * 10 + 10)))
        es.indices.flush(index=name)
    before = es.indices.segments(index=name)["indices"][name]["shards"]
    assert any(len(copy["segments"]) > 1 for copies in before.values() for copy in copies)

    index.merge_segments(es, name)
    index.finish_build(es, name, "works")

    after = es.indices.segments(index=name)["indices"][name]["shards"]
    assert sorted(len(copy["segments"]) for copies in after.values() for copy in copies) == [1, 1]
    assert es.count(index=name)["count"] == 30
