"""The search document of a merged work, from real records."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from catalogue.analysis import sort_key
from indexer.record import NormalisedRecord
from indexer.works.analyse import series_title, work_document
from indexer.works.merge import merge, work_key
from tests.indexer.curated import curated_record
from tests.indexer.normalise.test_marc_rules import normalised


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


def _single_work_document(record: NormalisedRecord) -> dict[str, Any]:
    work = merge(*work_key(record), [record])
    assert work is not None
    return work_document(work)


def test_original_script_is_shown_first_and_both_forms_are_searchable() -> None:
    # 245 / 880 245-01, 260 / 880 260-02, 700 / 880 700-03: Russian, romanised in the regular fields
    document = _single_work_document(normalised("vufind/fixtures/marc/altscript.xml"))
    display = document["display"]
    assert (display["title"], display["title_romanised"]) == (
        "Русская народная поэзия",
        "Russkaâ narodnaâ poèziâ",
    )
    assert (display["subtitle"], display["subtitle_romanised"]) == ("лирическая поэзия", "liričeskaâ poèziâ")
    assert (display["publisher"], display["publisher_romanised"]) == (
        "Художественная литература",
        "Hudožestvennaâ literatura",
    )
    assert {"name": "Горелов, Ал", "role": "contributor", "romanised": "Gorelov, Al"} in display[
        "contributors"
    ]
    assert {"русская", "russkaâ"} <= set(document["title"]["exact"].split())
    assert {"горелов", "gorelov"} <= set(document["contributor"]["exact"].split())
    assert "Русская народная поэзия" in document["suggest_title"]["input"]


def test_a_record_without_original_script_shows_its_fields_as_they_are() -> None:
    display = _single_work_document(curated_record("2297829.xml"))["display"]
    assert (display["title"], display["title_romanised"], display["publisher_romanised"]) == (
        "Salaisuuden kantaja",
        None,
        None,
    )
    assert display["contributors"][0] == {"name": "Morton, Kate", "role": "author", "romanised": None}


def test_titles_sort_without_their_non_filing_characters() -> None:
    document = _single_work_document(normalised("marc4j/chabon.mrc"))  # 245 14 "The amazing adventures…"
    assert document["display"]["title"] == "The amazing adventures of Kavalier and Clay"
    for locale in ("fi", "sv", "en"):
        assert document["sort_title"][locale] == sort_key("amazing adventures of Kavalier and Clay", locale)  # type: ignore[arg-type]


def test_cancelled_isbns_are_searchable_but_never_merge() -> None:
    record = normalised("marc4j/brkrtest.mrc", 8)
    assert record.identifiers.invalid_isbn
    document = _single_work_document(record)
    compact = [value.replace("-", "").replace(" ", "").upper() for value in record.identifiers.invalid_isbn]
    assert set(compact) <= set(document["identifiers"])
    assert not set(compact) & set(document["isbn"])
    assert document["display"]["identifiers"]["invalid_isbn"] == record.identifiers.invalid_isbn
