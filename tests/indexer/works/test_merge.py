"""Work keys and merging, on real normalised records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from catalogue.settings import PROJECT_ROOT
from indexer.normalise import normalise
from indexer.read.harvest import Reader
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.onix import read_onix
from indexer.record import Identifiers, Link, NormalisedRecord, RawRecord
from indexer.works.merge import NOT_ACCESS, MergeRules, access_url, group_by_key, merge, work_id, work_key
from tests.indexer.curated import curated_record


@pytest.fixture
def book(real_data: Path) -> NormalisedRecord:
    return curated_record("2297829.xml")  # "Salaisuuden kantaja", ISBN 9789522794666


def test_the_same_isbn_in_two_municipalities_is_one_work(real_data: Path, book: NormalisedRecord) -> None:
    vantaa = curated_record("2297829.xml", "vantaa")
    assert work_key(book) == work_key(vantaa) == ("isbn:9789522794666", "isbn")
    work = merge(*work_key(book), [vantaa, book])
    assert work is not None
    assert work.municipalities == ["espoo", "vantaa"]
    assert [h.municipality for h in work.holdings] == ["espoo", "vantaa"], "equally rich: municipality order"
    assert work.reason == "isbn" and work.id == work_id("isbn:9789522794666")


def test_identifier_order_does_not_matter(book: NormalisedRecord) -> None:
    one = dataclasses.replace(book, identifiers=Identifiers(isbn=["9789522794666", "9789510000001"]))
    other = dataclasses.replace(book, identifiers=Identifiers(isbn=["9789510000001", "9789522794666"]))
    assert work_key(one) == work_key(other)


def test_without_identifiers_title_author_year_and_type_decide(book: NormalisedRecord) -> None:
    bare = dataclasses.replace(book, identifiers=Identifiers())
    respelt = dataclasses.replace(bare, title="SALAISUUDEN  KANTAJA.", source="helsinki")
    key, reason = work_key(bare)
    assert reason == "title+author+year+type"
    assert key == work_key(respelt)[0] == "title:salaisuuden kantaja|morton kate|2017|other"
    assert work_key(dataclasses.replace(bare, year=2018))[0] != key
    assert work_key(dataclasses.replace(bare, material_type="ebook"))[0] != key


def test_the_richest_record_describes_the_work(real_data: Path, book: NormalisedRecord) -> None:
    poorer = dataclasses.replace(book, source="helsinki", description=None, subjects=[], contributors=[])
    work = merge("k", "isbn", [poorer, book])
    assert work is not None and work.best is book


def test_deleted_records_leave_the_work_and_the_last_one_ends_it(book: NormalisedRecord) -> None:
    gone = dataclasses.replace(book, source="vantaa", deleted=True)
    work = merge("k", "isbn", [book, gone])
    assert work is not None and work.municipalities == ["espoo"] and work.reason == "single record"
    assert merge("k", "isbn", [gone]) is None


def test_cataloguers_rules_split_and_merge(tmp_path: Path, real_data: Path, book: NormalisedRecord) -> None:
    other = curated_record("2372028.xml", "vantaa")
    rules_file = tmp_path / "merge_rules.toml"
    rules_file.write_text(
        f'[[split]]\nrecords = ["espoo:{book.source_id}"]\n'
        f'[[merge]]\nrecords = ["vantaa:{other.source_id}", "helsinki:x1"]\nnote = "same e-book"\n'
    )
    rules = MergeRules.load(rules_file)
    assert work_key(book, rules) == (f"record:espoo:{book.source_id}", "split by rule")
    assert work_key(other, rules) == (f"rule:vantaa:{other.source_id}", "merged by rule")
    groups = group_by_key([book, other, dataclasses.replace(book, source="vantaa")], rules)
    assert len(groups) == 3


def test_a_broken_rules_file_names_itself(tmp_path: Path) -> None:
    rules_file = tmp_path / "merge_rules.toml"
    rules_file.write_text("[[split]]\nrecordz = []\n")
    with pytest.raises(ValueError, match=r"merge_rules\.toml"):
        MergeRules.load(rules_file)
    assert MergeRules.load(tmp_path / "absent.toml") == MergeRules()


def _first_sample(municipality: str, name: str, reader: Reader) -> NormalisedRecord:
    path = PROJECT_ROOT / "data" / "samples" / municipality / name
    with path.open("rb") as stream:
        raw = next(item for item in reader(stream, source=municipality, location=name))
    assert isinstance(raw, RawRecord)
    record = normalise(raw)
    assert isinstance(record, NormalisedRecord)
    return record


def test_a_holding_opens_the_work_never_its_cover_image() -> None:
    onix = _first_sample("kauniainen", "kauniainen-onix3.xml", read_onix)
    marc = _first_sample("espoo", "espoo.xml", read_marcxml)
    assert [link.text for link in onix.links] == ["cover"], "the sample feed links its covers only"
    assert marc.links and marc.links[0].text not in NOT_ACCESS
    work = merge("isbn:x", "isbn", [marc, onix])
    assert work is not None
    assert {h.municipality: h.url for h in work.holdings} == {"espoo": marc.links[0].url, "kauniainen": None}


def test_a_holding_is_not_opened_at_a_related_resource(real_data: Path) -> None:
    with (real_data / "vufind/fixtures/marc/marctraits.xml").open("rb") as stream:
        (raw,) = list(read_marcxml(stream, source="espoo", location="marctraits.xml"))
    assert isinstance(raw, RawRecord)
    related = normalise(raw)
    assert isinstance(related, NormalisedRecord) and related.links[0].related
    access = dataclasses.replace(related, links=[*related.links, Link("https://ellibs.example/1", None)])
    assert access_url(related) is None
    assert access_url(access) == "https://ellibs.example/1"
