"""The search document of a merged work, from real records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from catalogue.analysis import sort_key
from indexer.works.analyse import series_title, work_document
from indexer.works.merge import merge, work_key
from tests.indexer.curated import curated_record


def test_a_work_held_twice_becomes_one_searchable_document(real_data: Path) -> None:
    espoo = curated_record("2297829.xml", "espoo")
    vantaa = curated_record("2297829.xml", "vantaa")
    work = merge(*work_key(espoo), [espoo, vantaa])
    assert work is not None
    document = work_document(work)

    assert document["id"] == work.id
    assert document["municipality"] == ["espoo", "vantaa"]
    assert [h["municipality"] for h in document["display"]["holdings"]] == ["espoo", "vantaa"]
    assert document["display"]["title"] == "Salaisuuden kantaja"
    assert document["display"]["merge"] == {"key": "isbn:9789522794666", "reason": "isbn", "records": 2}
    assert document["isbn"] == ["9789522794666"] and "9789522794666" in document["identifiers"]
    assert "salaisuuden kantaja" in document["title"]["exact"]
    assert "salaisuus" in document["title"]["stemmed"].split(), "Finnish base form of 'salaisuuden'"
    assert "morton" in document["contributor"]["exact"].split()
    assert document["author_facet"][0] == "Morton, Kate"
    assert document["sort_title"]["fi"] == sort_key("Salaisuuden kantaja", "fi")
    assert "Kate Morton" in document["suggest_author"]["input"], "names are suggested in both orders"
    assert document["language"] == ["fin"] and document["year"] == 2017


def test_the_series_facet_counts_a_series_once_whatever_the_volume(real_data: Path) -> None:
    record = curated_record("2297829.xml", "espoo")
    documents = []
    for volume in (1, 6):
        numbered = dataclasses.replace(record, source_id=f"v{volume}", series=[f"Yö Saimaalla ; {volume}"])
        work = merge(*work_key(numbered), [numbered])
        assert work is not None
        documents.append(work_document(work))
    assert [document["series_facet"] for document in documents] == [["Yö Saimaalla"], ["Yö Saimaalla"]]
    assert documents[1]["display"]["series"] == ["Yö Saimaalla ; 6"], "the display keeps the volume"
    assert series_title("Muumikirjat") == "Muumikirjat"
