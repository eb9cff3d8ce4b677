"""Incremental updates on the real node, with real Helmet records held by two municipalities."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from catalogue.settings import Settings
from indexer.jobs import update
from indexer.jobs.job_result import rejects_path
from indexer.jobs.reindex import run_reindex
from indexer.jobs.update import NothingToUpdate, run_update
from indexer.read.sources import Source
from indexer.store import index
from indexer.store.mappings import mapping_version
from indexer.works.merge import Work, work_id

CURATED = Path(__file__).resolve().parents[2] / "data" / "real" / "helmet-marcxml" / "curated"
SHARED_BOOK = "2297829.xml"  # "Salaisuuden kantaja", ISBN 9789522794666
OTHER_BOOK = "2372028.xml"


def _sources(root: Path) -> list[Source]:
    return [
        Source(id="espoo", municipality="espoo", location=str(root / "espoo")),
        Source(id="vantaa", municipality="vantaa", location=str(root / "vantaa")),
    ]


def _touch_later(path: Path) -> None:
    """Make the change visible to 'files modified since the last run' even within the same second."""
    later = time.time() + 5
    os.utime(path, (later, later))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _touch_later(path)


def _mark_deleted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index("<leader>") + len("<leader>")
    path.write_text(text[: start + 5] + "d" + text[start + 6 :], encoding="utf-8")
    _touch_later(path)


def _work(es: Elasticsearch, settings: Settings) -> dict[str, Any]:
    hits = es.search(index=settings.works_alias, query={"term": {"isbn": "9789522794666"}})["hits"]["hits"]
    assert len(hits) <= 1
    return hits[0]["_source"] if hits else {}


def test_update_needs_a_catalogue_first(es: Elasticsearch, settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(NothingToUpdate, match="run a full re-index first"):
        run_update(es, settings, _sources(tmp_path))


def test_changes_and_deletions_recompute_the_shared_work(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    for municipality in ("espoo", "vantaa"):
        (tmp_path / municipality).mkdir()
        shutil.copy(CURATED / SHARED_BOOK, tmp_path / municipality / SHARED_BOOK)
    shutil.copy(CURATED / OTHER_BOOK, tmp_path / "espoo" / OTHER_BOOK)
    run_reindex(es, settings, _sources(tmp_path))
    work = _work(es, settings)
    assert work["municipality"] == ["espoo", "vantaa"]
    assert es.count(index=settings.works_alias)["count"] == 2

    _edit(tmp_path / "vantaa" / SHARED_BOOK, "Salaisuuden kantaja", "Salaisuuden kantaja (korjattu)")
    result = run_update(es, settings, _sources(tmp_path))
    assert result.summary["records_written"] == 1, "only the changed file is read"
    assert _work(es, settings)["municipality"] == ["espoo", "vantaa"]

    _mark_deleted(tmp_path / "vantaa" / SHARED_BOOK)
    result = run_update(es, settings, _sources(tmp_path))
    assert result.summary["records_deleted"] == 1, result.summary
    work = _work(es, settings)
    assert work["municipality"] == ["espoo"]
    assert [h["municipality"] for h in work["display"]["holdings"]] == ["espoo"]

    _mark_deleted(tmp_path / "espoo" / SHARED_BOOK)
    result = run_update(es, settings, _sources(tmp_path))
    assert result.summary["works_deleted"] == 1
    assert _work(es, settings) == {}
    assert not es.exists(index=settings.works_alias, id=work_id("isbn:9789522794666"))
    assert es.count(index=settings.works_alias)["count"] == 1
    assert es.count(index=settings.records_alias)["count"] == 1


def test_an_unchanged_feed_changes_nothing(es: Elasticsearch, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "espoo").mkdir()
    (tmp_path / "vantaa").mkdir()
    shutil.copy(CURATED / OTHER_BOOK, tmp_path / "espoo" / OTHER_BOOK)
    shutil.copy(CURATED / SHARED_BOOK, tmp_path / "vantaa" / SHARED_BOOK)
    run_reindex(es, settings, _sources(tmp_path))
    result = run_update(es, settings, _sources(tmp_path))
    assert result.summary["records_written"] == 0
    assert result.summary["read"] == 0


def test_a_work_elasticsearch_refuses_is_reported_and_the_rest_goes_in(
    es: Elasticsearch, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One recomputed work document has a string in the integer ``year`` (faked; Elasticsearch's refusal
    is real): the job succeeds, names the records of that work in the summary and the rejects file, and
    the other changed work is updated."""
    (tmp_path / "espoo").mkdir()
    for name in (SHARED_BOOK, OTHER_BOOK):
        shutil.copy(CURATED / name, tmp_path / "espoo" / name)
    espoo = _sources(tmp_path)[:1]
    run_reindex(es, settings, espoo)
    _edit(tmp_path / "espoo" / SHARED_BOOK, "Salaisuuden kantaja", "Salaisuuden kantaja (korjattu)")
    _edit(tmp_path / "espoo" / OTHER_BOOK, "<leader>", "<leader>")
    make_document = update.work_document

    def spoiled(work: Work) -> dict[str, Any]:
        document = make_document(work)
        if "9789522794666" in document["isbn"]:
            document["year"] = "nineteen-eighty-four"
        return document

    monkeypatch.setattr(update, "work_document", spoiled)
    result = run_update(es, settings, espoo)

    assert result.status == "succeeded"
    assert result.summary["refused_by_elasticsearch"] == ["espoo:9789522794666"]
    assert result.summary["works_written"] == 1
    assert "(korjattu)" not in _work(es, settings)["display"]["title"]  # the refused work kept its document
    lines = rejects_path(settings, result.job_id).read_text(encoding="utf-8").splitlines()
    (line,) = [json.loads(line) for line in lines]
    assert line["record_id"] == "espoo:9789522794666" and "year" in line["reason"]


def test_a_record_gone_from_a_whole_export_is_deleted_and_from_a_feed_of_changes_is_not(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    """Today's trial: a record that disappears from a re-exported file stayed in the index forever."""
    for municipality in ("espoo", "vantaa"):
        (tmp_path / municipality).mkdir()
        shutil.copy(CURATED / SHARED_BOOK, tmp_path / municipality / SHARED_BOOK)
        shutil.copy(CURATED / OTHER_BOOK, tmp_path / municipality / OTHER_BOOK)
    whole, changes = _sources(tmp_path)
    sources = [whole.model_copy(update={"export": "whole"}), changes]
    run_reindex(es, settings, sources)
    before = _record_ids(es, settings)
    assert len(before) == 4

    (tmp_path / "espoo" / OTHER_BOOK).unlink()
    (tmp_path / "vantaa" / OTHER_BOOK).unlink()
    result = run_update(es, settings, sources)
    assert result.summary["vanished"] == 1 and result.summary["records_deleted"] == 1, result.summary
    (gone,) = before - _record_ids(es, settings)
    assert gone.startswith("espoo:"), "gone from the whole export: deleted"
    assert gone.replace("espoo:", "vantaa:") in before & _record_ids(es, settings), (
        "a feed of changes deletes only what it marks deleted"
    )
    assert _work(es, settings)["municipality"] == ["espoo", "vantaa"], "the shared work is untouched"


def test_a_whole_export_that_lost_much_is_refused_unless_forced(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    samples = Path(__file__).resolve().parents[3] / "data" / "samples" / "espoo"
    shutil.copytree(samples, tmp_path / "espoo")
    sources = [Source(id="espoo", municipality="espoo", location=str(tmp_path / "espoo"), export="whole")]
    run_reindex(es, settings, sources)
    before = es.count(index=settings.records_alias)["count"]
    (tmp_path / "espoo" / "espoo.mrc").unlink()  # half the export missing: a broken export, not weeding

    with pytest.raises(update.UpdateRefused) as refused:
        run_update(es, settings, sources)
    assert "refused to delete the records missing from espoo's export" in str(refused.value)
    assert f"source espoo: records {before} → " in str(refused.value) and "--force" in str(refused.value)
    assert es.count(index=settings.records_alias)["count"] == before

    forced = run_update(es, settings, sources, force=True)
    es.indices.refresh(index=settings.records_alias)
    assert es.count(index=settings.records_alias)["count"] == before - forced.summary["vanished"] < before


def test_an_oai_pmh_source_cannot_be_a_whole_export() -> None:
    with pytest.raises(ValueError, match="an OAI-PMH source delivers changes"):
        Source(id="x", municipality="espoo", location="oai+https://example.org/oai", export="whole")


def _record_ids(es: Elasticsearch, settings: Settings) -> set[str]:
    es.indices.refresh(index=settings.records_alias)
    return {hit["_id"] for hit in es.search(index=settings.records_alias, size=100)["hits"]["hits"]}


def test_an_update_after_an_upgrade_of_the_mappings_asks_for_a_full_re_index_first(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    """Its documents would carry fields the older live index refuses (strict mappings): say so at once."""
    (tmp_path / "espoo").mkdir()
    shutil.copy(CURATED / SHARED_BOOK, tmp_path / "espoo" / SHARED_BOOK)
    sources = _sources(tmp_path)[:1]
    run_reindex(es, settings, sources)
    live = index.live_index(es, settings.works_alias)
    assert live is not None
    older = mapping_version("works") - 1
    es.indices.put_mapping(index=live, meta={"mapping_version": older})
    with pytest.raises(NothingToUpdate, match=f"built with works mapping version {older}.*full re-index"):
        run_update(es, settings, sources)
    run_reindex(es, settings, sources)
    run_update(es, settings, sources)  # the rebuilt catalogue is this version's: updates go on
