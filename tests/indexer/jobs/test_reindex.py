"""Full re-index on the real node: build, validate, swap; refusals and interruptions keep the live index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from lxml import etree

from catalogue.job_records import jobs_index
from catalogue.settings import PROJECT_ROOT, Settings
from indexer.jobs import reindex
from indexer.jobs.job_lock import JobLock, JobLockHeld
from indexer.jobs.job_result import rejects_path
from indexer.jobs.reindex import ReindexRefused, run_reindex
from indexer.jobs.summary import Summary
from indexer.jobs.workers import WorkerPool
from indexer.read.locations import LocationError
from indexer.read.sources import Source, load_sources
from indexer.store import index
from indexer.store.spill import spill_files

SAMPLES = PROJECT_ROOT / "data" / "samples"


def _sample_sources() -> list[Source]:
    return load_sources(PROJECT_ROOT / "sources.toml")


def _count(es: Elasticsearch, alias: str) -> int:
    return int(es.count(index=alias)["count"])


def test_reindex_builds_swaps_and_records_the_job(
    es: Elasticsearch, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged: list[str] = []
    merge = index.merge_segments

    def merging(es: Elasticsearch, name: str) -> None:
        merged.append(name)
        merge(es, name)

    monkeypatch.setattr(index, "merge_segments", merging)
    result = run_reindex(es, settings, _sample_sources())
    assert result.status == "succeeded"
    assert index.live_index(es, settings.works_alias) == result.new_index
    works = _count(es, settings.works_alias)
    records = _count(es, settings.records_alias)
    assert works == result.summary["works"] > 0
    assert records == result.summary["records"] >= works
    job = es.get(index=jobs_index(settings), id=result.job_id)["_source"]
    assert job["status"] == "succeeded" and job["summary"]["works"] == works
    assert rejects_path(settings, result.job_id).is_file()
    spill = settings.state_dir / "spill" / settings.index_prefix
    assert list(spill.iterdir()) == [], "the spill files go with the job"
    for alias in (settings.records_alias, settings.works_alias):  # both finished, one while works were built
        live = es.indices.get_settings(index=alias)
        (values,) = (body["settings"]["index"] for body in live.body.values())
        assert values.get("refresh_interval") is None and values.get("translog") is None, alias

    assert merged == [result.new_index], "the works are merged before they go live (the records are not)"
    segments = es.indices.segments(index=result.new_index)["indices"][result.new_index]["shards"]
    assert all(len(copy["segments"]) == 1 for copies in segments.values() for copy in copies)

    again = run_reindex(es, settings, _sample_sources(), keep=1)
    assert _count(es, settings.works_alias) == works
    assert result.new_index in again.removed, "indices beyond the retention count are deleted"


def test_a_shrunken_feed_is_refused_unless_forced(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    run_reindex(es, settings, _sample_sources())
    live = index.live_index(es, settings.works_alias)
    before = _count(es, settings.works_alias)
    small = tmp_path / "espoo"
    small.mkdir()
    first_file = sorted((SAMPLES / "espoo").iterdir())[0]
    shutil.copy(first_file, small / first_file.name)
    shrunk = [Source(id="espoo", municipality="espoo", location=str(small))]
    with pytest.raises(ReindexRefused, match="fewer than the live index"):
        run_reindex(es, settings, shrunk)
    assert index.live_index(es, settings.works_alias) == live
    assert _count(es, settings.works_alias) == before
    job = es.search(index=jobs_index(settings), query={"term": {"status": "failed"}})["hits"]["hits"]
    assert "--force" in job[0]["_source"]["message"]

    forced = run_reindex(es, settings, shrunk, force=True)
    assert index.live_index(es, settings.works_alias) == forced.new_index
    assert _count(es, settings.works_alias) < before


def test_an_interrupted_build_leaves_the_live_index_and_the_next_run_cleans_up(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    run_reindex(es, settings, _sample_sources())
    live = index.live_index(es, settings.works_alias)
    before = _count(es, settings.works_alias)
    broken = [
        *_sample_sources(),
        Source(id="gone", municipality="vantaa", location=str(tmp_path / "missing")),
    ]
    with pytest.raises(LocationError):
        run_reindex(es, settings, broken)
    assert index.live_index(es, settings.works_alias) == live
    assert _count(es, settings.works_alias) == before
    assert len(es.indices.get(index=f"{settings.works_alias}-v*")) == 2, "the half-built index is left over"

    run_reindex(es, settings, _sample_sources(), keep=1)
    assert len(es.indices.get(index=f"{settings.works_alias}-v*")) == 1
    assert _count(es, settings.works_alias) == before


def test_writes_lost_by_a_crashed_node_are_caught_before_the_swap(
    es: Elasticsearch, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A node that crashes while a build index loads (no replica yet, translog synced every few seconds)
    can come back without writes it had acknowledged. Here the loss is made by hand: one record deleted
    from the new records index before it is finished. The job refuses to swap, saying why."""
    run_reindex(es, settings, _sample_sources())
    live, works = index.live_index(es, settings.works_alias), _count(es, settings.works_alias)
    finish = index.finish_build

    def losing_one_record(client: Elasticsearch, name: str, definition: str, replicas: str = "0-1") -> None:
        if definition == "records":
            client.indices.refresh(index=name)
            victim = client.search(index=name, size=1)["hits"]["hits"][0]["_id"]
            client.delete(index=name, id=victim)
        finish(client, name, definition, replicas)

    monkeypatch.setattr(index, "finish_build", losing_one_record)
    with pytest.raises(
        ReindexRefused, match=r"the new records index holds (\d+) of the \d+ records"
    ) as refused:
        run_reindex(es, settings, _sample_sources())
    assert "a node left the cluster while the build was loading" in str(refused.value)
    assert index.live_index(es, settings.works_alias) == live
    assert _count(es, settings.works_alias) == works


def test_reindexing_one_source_keeps_the_others(es: Elasticsearch, settings: Settings) -> None:
    run_reindex(es, settings, _sample_sources())
    before = _count(es, settings.records_alias)
    result = run_reindex(es, settings, _sample_sources(), selected=["espoo"])
    assert result.summary["sources"].keys() == {"espoo"}
    assert _count(es, settings.records_alias) == before


def test_only_one_job_at_a_time(es: Elasticsearch, settings: Settings) -> None:
    with JobLock(es, jobs_index(settings), "someone-else"), pytest.raises(JobLockHeld):
        run_reindex(es, settings, _sample_sources())
    assert not es.indices.exists_alias(name=settings.works_alias)


def test_sources_that_cannot_be_read_fail_before_touching_anything(
    settings: Settings, es: Elasticsearch
) -> None:
    with pytest.raises(LocationError):
        run_reindex(es, settings, [Source(id="x", municipality="espoo", location="/nonexistent/feed.xml")])
    assert not es.indices.exists_alias(name=settings.works_alias)


def test_records_sharing_an_id_are_reported(
    es: Elasticsearch, settings: Settings, real_data: Path, tmp_path: Path
) -> None:
    """The same record exported twice (two files, one 001): the later replaces the earlier, and the summary
    says so rather than hiding it."""
    record = real_data / "helmet-marcxml" / "curated" / "2297829.xml"
    for name in ("export-1.xml", "export-2.xml"):
        shutil.copy(record, tmp_path / name)
    shutil.copy(real_data / "helmet-marcxml" / "curated" / "2372028.xml", tmp_path / "other.xml")
    result = run_reindex(es, settings, [Source(id="e", municipality="espoo", location=str(tmp_path))])
    assert result.summary["duplicate_ids"] == ["espoo:9789522794666"]
    assert result.summary["normalised"] == 3
    assert result.summary["records"] == _count(es, settings.records_alias) == 2
    works = es.search(index=settings.works_alias, query={"match_all": {}})["hits"]["hits"]
    holdings = [holding for work in works for holding in work["_source"]["display"]["holdings"]]
    assert len(holdings) == 2  # the record sent twice is held once


def _deleting_oai_page(identifier: str) -> str:
    """A saved OAI-PMH ListRecords page whose one entry deletes ``identifier``, as harvested deltas are."""
    return (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record>'
        f'<header status="deleted"><identifier>oai:helmet.fi:{identifier}</identifier>'
        "<datestamp>2024-02-01T00:00:00Z</datestamp></header></record></ListRecords></OAI-PMH>"
    )


@pytest.mark.parametrize("deletion", ["deleted header", "record marked deleted"])
def test_a_deletion_later_in_a_source_removes_the_record_it_names(
    es: Elasticsearch, settings: Settings, real_data: Path, tmp_path: Path, deletion: str
) -> None:
    """A source folder holding an export and later deltas: a rebuild honours the deltas' deletions, as an
    update reading the same files would, and the work the record made goes with it."""
    curated = real_data / "helmet-marcxml" / "curated"
    shutil.copy(curated / "2297829.xml", tmp_path / "a-export.xml")
    shutil.copy(curated / "2372028.xml", tmp_path / "b-export.xml")
    if deletion == "deleted header":
        (tmp_path / "c-delta.xml").write_text(_deleting_oai_page("9789522794666"), encoding="utf-8")
    else:
        text = (curated / "2297829.xml").read_text(encoding="utf-8")
        start = text.index("<leader>") + len("<leader>")
        (tmp_path / "c-delta.xml").write_text(text[: start + 5] + "d" + text[start + 6 :], encoding="utf-8")
    result = run_reindex(es, settings, [Source(id="e", municipality="espoo", location=str(tmp_path))])
    assert not es.exists(index=settings.records_alias, id="espoo:9789522794666")
    assert result.summary["records"] == _count(es, settings.records_alias) == 1
    assert result.summary["works"] == _count(es, settings.works_alias) == 1
    assert result.summary["deleted"] == 1
    isbn = es.search(index=settings.works_alias, query={"term": {"isbn": "9789522794666"}})["hits"]["hits"]
    assert isbn == []


def test_the_phases_of_a_rebuild_run_one_by_one(es: Elasticsearch, settings: Settings) -> None:
    """Each phase is a function of its own: run alone, in order, each does its part and no more."""
    first = run_reindex(es, settings, _sample_sources())
    live_records = index.live_index(es, settings.records_alias)
    sources = _sample_sources()
    espoo = [source for source in sources if source.id == "espoo"]
    others = [source for source in sources if source.id != "espoo"]
    with (
        spill_files(settings.state_dir, settings.index_prefix, "phases") as spill,
        WorkerPool(settings, es) as pool,
    ):
        build = reindex.Build(es, settings, "phases", spill, Summary())
        reindex.set_up(build)
        assert es.indices.exists(index=[build.records_index, build.works_index])
        assert index.live_index(es, settings.works_alias) == first.new_index, "set-up leaves the live index"

        loaded = reindex.load_records(build, pool, espoo)
        assert list(loaded.checkpoints) == ["espoo"]
        counted = build.summary.to_dict()["summary"]
        assert loaded.stored.indexed == counted["normalised"] > 0, "each normalised record stored"
        assert len(loaded.deleted) == counted["deleted"], "each record marked deleted deleted again"

        copied = reindex.copy_unharvested(build, others)
        es.indices.refresh(index=[build.records_index, live_records or ""])
        feeds = {"terms": {"feed": [source.id for source in others]}}
        assert copied.indexed == es.count(index=live_records, query=feeds)["count"] > 0

        loaded.stored.absorb(copied)
        written = reindex.build_works(build, pool, loaded, [])
        assert written.failed == []
        assert written.indexed == first.summary["works"], "the same catalogue: the same works"
    index.finish_build(es, build.works_index, "works")
    assert reindex.validate(build, force=False) == []
    assert index.live_index(es, settings.works_alias) == first.new_index, "nothing is live before the swap"

    removed = reindex.swap_and_prune(build, keep=1)
    assert index.live_index(es, settings.works_alias) == build.works_index
    assert index.live_index(es, settings.records_alias) == build.records_index
    assert first.new_index in removed and live_records in removed
    assert reindex.totals(build, loaded, written, [])["works"] == first.summary["works"]


def test_records_missing_from_the_spill_files_stop_the_build(es: Elasticsearch, settings: Settings) -> None:
    """Every stored record must reach a work: spill files changed under a running job (once: a job of
    another catalogue sharing the state directory deleted them) fail the job before anything goes live."""
    sources = _sample_sources()
    with (
        spill_files(settings.state_dir, settings.index_prefix, "damaged") as spill,
        WorkerPool(settings, es) as pool,
    ):
        build = reindex.Build(es, settings, "damaged", spill, Summary())
        reindex.set_up(build)
        loaded = reindex.load_records(build, pool, sources)
        lost = next(spill.glob("*.*"))
        lines = len(lost.read_bytes().splitlines())
        lost.unlink()
        with pytest.raises(reindex.ReindexRefused, match=f"{loaded.records():,} records were stored but "):
            reindex.build_works(build, pool, loaded, [])
    assert lines > 0
    index.delete_orphans(es, settings.works_alias)
    index.delete_orphans(es, settings.records_alias)


def _every_tenth_product(source: Path, target: Path) -> None:
    """A copy of an ONIX file holding only every tenth of its products (a broken export)."""
    tree = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True))
    products = [
        element for element in tree.iter() if etree.QName(element).localname in ("Product", "product")
    ]
    for number, product in enumerate(products):
        if number % 10:
            product.getparent().remove(product)
    tree.write(str(target), xml_declaration=True, encoding="utf-8")


def _kauniainen_cut_to_a_tenth(folder: Path) -> list[Source]:
    """The sample sources, with Kauniainen's exports holding every tenth of their products."""
    cut = folder / "kauniainen"
    cut.mkdir()
    for export in sorted((SAMPLES / "kauniainen").iterdir()):
        _every_tenth_product(export, cut / export.name)
    return [
        source.model_copy(update={"location": str(cut)}) if source.id == "kauniainen" else source
        for source in _sample_sources()
    ]


def test_one_municipality_cut_to_a_tenth_is_refused_though_the_total_barely_shrinks(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    """The trial: Kauniainen's feed cut to 10 % of its records was swapped live because the total fell by
    less than 10 %. Every municipality and source is checked on its own now, and --force says what it
    overrode."""
    first = run_reindex(es, settings, _sample_sources())
    sources = _kauniainen_cut_to_a_tenth(tmp_path)
    with pytest.raises(ReindexRefused) as refused:
        run_reindex(es, settings, sources)
    message = str(refused.value)
    assert "municipality kauniainen: records 399 → 37 (91 % fewer than the live index)" in message
    assert "source kauniainen: works 399 → 37" in message and "run again with --force" in message
    assert "the catalogue: works" not in message, "the total number of works fell by less than 10 %"
    assert index.live_index(es, settings.works_alias) == first.new_index

    forced = run_reindex(es, settings, sources, force=True)
    overridden = forced.summary["forced"]
    assert "municipality kauniainen: records 399 → 37 (91 % fewer than the live index)" in overridden
    job = es.get(index=jobs_index(settings), id=forced.job_id)["_source"]
    assert job["summary"]["forced"] == forced.summary["forced"]


def test_a_dry_run_reports_what_would_change_and_swaps_nothing(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    first = run_reindex(es, settings, _sample_sources())
    sources = _kauniainen_cut_to_a_tenth(tmp_path)
    indices_before = set(es.indices.get(index=f"{settings.works_alias}-v*"))

    dry = run_reindex(es, settings, sources, dry_run=reindex.DryRun())
    verdict = dry.summary["dry_run"]
    assert verdict["would_swap"] is False and "municipality kauniainen: records" in verdict["refused"]
    records = verdict["changes"]["records"]
    assert records["municipality"]["kauniainen"]["removed"] == 399 - 37
    assert records["source"]["kauniainen"]["removed"] == 399 - 37
    espoo = records["municipality"]["espoo"]
    assert espoo["unchanged"] > 0 and espoo["added"] == espoo["removed"] == espoo["changed"] == 0
    assert verdict["changes"]["works"]["municipality"]["kauniainen"]["removed"] > 0
    assert index.live_index(es, settings.works_alias) == first.new_index, "nothing swapped"
    assert set(es.indices.get(index=f"{settings.works_alias}-v*")) == indices_before, "the build is deleted"

    kept = run_reindex(es, settings, _sample_sources(), dry_run=reindex.DryRun(keep_build=True))
    unchanged = kept.summary["dry_run"]
    assert unchanged["would_swap"] is True and unchanged["refused"] is None
    assert all(
        figures["added"] == figures["removed"] == figures["changed"] == figures["unknown"] == 0
        for kind in ("records", "works")
        for figures in unchanged["changes"][kind]["municipality"].values()
    ), "the same feeds again: nothing changes"
    assert kept.new_index in unchanged["kept_indices"] and es.indices.exists(index=kept.new_index)
    assert index.live_index(es, settings.works_alias) == first.new_index
