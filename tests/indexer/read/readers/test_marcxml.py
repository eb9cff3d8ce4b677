from __future__ import annotations

import io
from pathlib import Path

import pymarc
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from indexer.read.readers.marcxml import marc_record_from_element, read_marcxml
from indexer.record import DeleteEvent, RawRecord, Rejection
from tests.conftest import REAL_DATA

MELINDA = REAL_DATA / "natlibfi/marc-record-serializers/marcxml"
HELMET_MUSIC_CD = REAL_DATA / "helmet-marcxml/curated/2452306.xml"


def read_bytes(data: bytes) -> list[RawRecord | Rejection]:
    return list(read_marcxml(io.BytesIO(data), source="kauniainen", location="feed.xml"))


def read_path(path: Path) -> list[RawRecord | Rejection]:
    return read_bytes(path.read_bytes())


def only_record(path: Path) -> pymarc.Record:
    (result,) = read_path(path)
    assert isinstance(result, RawRecord)
    assert isinstance(result.payload, pymarc.Record)
    return result.payload


def test_helmet_record_in_the_default_namespace() -> None:
    record = only_record(HELMET_MUSIC_CD)
    assert str(record.leader) == "00000njm  22000007a 4500"
    assert record["245"]["a"] == "Get all you deserve /"
    assert record["100"].get_subfields("a", "e") == ["Wilson, Steven,", "esittäjä"]
    assert [field.indicators for field in record.get_fields("024")] == [("1", " "), ("3", " ")]


def test_raw_record_of_a_file_without_001_has_no_id_hint() -> None:
    (result,) = read_path(HELMET_MUSIC_CD)
    assert isinstance(result, RawRecord)
    assert (result.format, result.position, result.id_hint) == ("marcxml", 1, None)
    assert (
        etree.fromstring(result.raw).findtext("{*}datafield[@tag='245']/{*}subfield")
        == "Get all you deserve /"
    )


def test_melinda_carets_are_blanks_in_leader_and_008() -> None:
    record = only_record(MELINDA / "from1")
    assert str(record.leader) == "00000cam a22001937i 4500"
    assert record["008"].data == "890208s1988    sw |||||||||||||||||swe||"
    assert record["001"].data == "000030000"


def test_marc_prefix_and_no_namespace_read_alike() -> None:
    prefixed = only_record(MELINDA / "from-namespace-xml1")
    assert prefixed["245"]["a"].startswith("The hobbit")
    bare = (MELINDA / "from1").read_bytes().replace(b' xmlns="http://www.loc.gov/MARC21/slim"', b"")
    (result,) = read_bytes(bare)
    assert isinstance(result, RawRecord)
    assert result.payload.as_json() == only_record(MELINDA / "from1").as_json()


def test_collection_records_come_in_order() -> None:
    results = read_path(MELINDA / "2RecordsFrom1")
    assert [(result.position, result.id_hint) for result in results if isinstance(result, RawRecord)] == [
        (1, "000000021"),
        (2, "000000020"),
    ]


def test_xml_breaking_after_a_record_gives_the_record_then_one_rejection() -> None:
    results = read_path(REAL_DATA / "ruby-marc/three-records-second-bad.xml")
    assert isinstance(results[0], RawRecord)
    assert isinstance(results[1], Rejection)
    assert results[1].position == 2
    assert results[1].reason.startswith("the XML is not well-formed at line 72, column 29")


def test_junk_before_the_leader_is_one_rejection() -> None:
    (result,) = read_path(MELINDA / "erroneous")
    assert isinstance(result, Rejection)
    assert "line 4, column 3336" in result.reason


def test_empty_input_is_one_rejection() -> None:
    (result,) = read_bytes(b"")
    assert isinstance(result, Rejection)


def test_entities_are_not_expanded() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<record><leader>00000nam a2200000 a 4500</leader><datafield tag="245" ind1="0" ind2="0">'
        b'<subfield code="a">&x;</subfield></datafield></record>'
    )
    (result,) = read_bytes(evil)
    assert isinstance(result, RawRecord)
    assert result.payload["245"]["a"] == ""


def test_oai_envelope_records_are_not_marc_records() -> None:
    marc = HELMET_MUSIC_CD.read_bytes()
    envelope = (
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
        b"<identifier>oai:helmet:2452306</identifier></header><metadata>" + marc + b"</metadata></record>"
        b"</ListRecords></OAI-PMH>"
    )
    results = read_bytes(envelope)
    assert [type(result) for result in results] == [RawRecord]


def test_record_element_from_an_oai_envelope() -> None:
    element = etree.fromstring(HELMET_MUSIC_CD.read_bytes())
    record = marc_record_from_element(element)
    assert record.as_json() == only_record(HELMET_MUSIC_CD).as_json()


def test_damaged_leader_is_padded_and_missing_leader_is_blank() -> None:
    messed = only_record(REAL_DATA / "ruby-marc/messed_up_leader.xml")
    assert len(str(messed.leader)) == 24
    no_leader = only_record(REAL_DATA / "vufind/fixtures/marc/toc1.xml")
    assert str(no_leader.leader) == "          22        4500"


def test_missing_indicators_and_odd_tags_are_kept() -> None:
    record = only_record(REAL_DATA / "pymarc/bad_tag.xml")
    assert record["042"]["a"] == "dc"
    assert [field.indicators for field in record.get_fields("100")] == [("0", "z"), ("z", "z")]


@settings(max_examples=200)
@given(st.binary(max_size=1000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert all(isinstance(result, RawRecord | Rejection) for result in read_bytes(data))


@given(st.integers(min_value=1, max_value=len(HELMET_MUSIC_CD.read_bytes()) - 1))
def test_a_real_record_cut_anywhere_never_raises(cut: int) -> None:
    results = read_bytes(HELMET_MUSIC_CD.read_bytes()[:cut])
    assert [type(result) for result in results] == [Rejection]


def test_saved_oai_pages_give_records_and_deleted_headers() -> None:
    """A ListRecords page saved to a file: the MARC records inside, and deletions as DeleteEvents."""
    record = (REAL_DATA / "helmet-marcxml" / "curated" / "2297829.xml").read_text(encoding="utf-8")
    record = record[record.index("<record") :]
    page = f"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-29T08:00:00Z</responseDate>
<ListRecords>
<record><header><identifier>oai:helmet.fi:2297829</identifier><datestamp>2026-11-01</datestamp></header>
<metadata>{record}</metadata></record>
<record><header status="deleted"><identifier>oai:helmet.fi:1234567</identifier>
<datestamp>2026-11-02</datestamp></header></record>
<resumptionToken completeListSize="2"/></ListRecords></OAI-PMH>""".encode()
    items = list(read_marcxml(io.BytesIO(page), source="vantaa", location="page-001.xml"))
    assert [type(item).__name__ for item in items] == ["RawRecord", "DeleteEvent"]
    assert items[1] == DeleteEvent("vantaa", "1234567", "marcxml")
