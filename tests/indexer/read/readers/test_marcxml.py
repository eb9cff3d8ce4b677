from __future__ import annotations

import io
import re
from pathlib import Path

import pymarc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from indexer.read.readers.limits import MAX_XML_RECORD_BYTES
from indexer.read.readers.marcxml import marc_record_from_element, read_marcxml
from indexer.record import DeleteEvent, RawRecord, Rejection
from tests.conftest import REAL_DATA, SAMPLES

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


def test_xml_breaking_in_a_record_costs_that_record_only() -> None:
    results = read_path(REAL_DATA / "ruby-marc/three-records-second-bad.xml")
    assert [type(result) for result in results] == [RawRecord, Rejection, RawRecord]
    damaged = results[1]
    assert isinstance(damaged, Rejection)
    assert (damaged.position, damaged.file_damaged) == (2, True)
    assert damaged.reason.startswith("the XML is not well-formed at line 72, column 29")
    assert "this record is skipped, reading resumed at the next record" in damaged.reason
    assert results[2].position == 3


def damaged_helsinki(garbage: bytes, records_in: int) -> tuple[bytes, bytes]:
    """The Helsinki sample with ``garbage`` inside the ``records_in``-th record (after its leader), and the
    001 of that record."""
    data = (SAMPLES / "helsinki/helsinki.xml").read_bytes()
    start = 0
    for _ in range(records_in):
        start = data.index(b"<record>", start + 1)
    cut = data.index(b"<datafield", start)
    found = re.search(rb'tag="001">([^<]+)<', data[start:])
    assert found is not None
    return data[:cut] + garbage + data[cut:], found.group(1)


@pytest.mark.parametrize(
    "garbage",
    [
        pytest.param(b"\x00\xff<<<", id="bad-bytes"),
        pytest.param(b"<datafield tag='650'><subfield>", id="broken-element"),
        pytest.param(b"\x01", id="invalid-character"),
        pytest.param(b"</record>", id="stray-end-tag"),
    ],
)
def test_damage_in_the_middle_of_a_file_costs_the_damaged_record_only(garbage: bytes) -> None:
    whole = read_path(SAMPLES / "helsinki/helsinki.xml")
    data, control_number = damaged_helsinki(garbage, 100)
    results = read_bytes(data)
    rejections = [result for result in results if isinstance(result, Rejection)]
    assert len(rejections) == 1
    (damaged,) = rejections
    assert damaged.file_damaged
    assert damaged.position == 100
    assert damaged.record_id == control_number.decode()
    assert damaged.offset is not None and data[damaged.offset :].startswith(b"<record>")
    assert control_number in damaged.raw
    read = [(result.position, result.raw) for result in results if isinstance(result, RawRecord)]
    assert read == [(result.position, result.raw) for result in whole if result.position != 100]


def test_a_damaged_oai_envelope_is_skipped_whole_and_the_next_one_read() -> None:
    record = (REAL_DATA / "helmet-marcxml" / "curated" / "2297829.xml").read_text(encoding="utf-8")
    record = record[record.index("<record") :]
    envelope = (
        "<record><header{status}><identifier>oai:helmet.fi:{id}</identifier></header>{metadata}</record>\n"
    )
    page = f"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>
{envelope.format(status="", id=1, metadata=f"<metadata>{record}</metadata>")}
{envelope.format(status="", id=2, metadata=f"<metadata>{record}</metadata>").replace("<header>", "<header<")}
{envelope.format(status=' status="deleted"', id=3, metadata="")}
{envelope.format(status="", id=4, metadata=f"<metadata>{record}</metadata>")}
</ListRecords></OAI-PMH>""".encode()
    items = list(read_marcxml(io.BytesIO(page), source="vantaa", location="page.xml"))
    assert [(type(item).__name__, getattr(item, "position", None)) for item in items] == [
        ("RawRecord", 1),
        ("Rejection", 2),
        ("DeleteEvent", None),
        ("RawRecord", 4),
    ]
    assert items[2] == DeleteEvent("vantaa", "3", "marcxml")


def test_an_oversized_record_is_skipped_to_the_next_record() -> None:
    data = (REAL_DATA / "pymarc/batch.xml").read_bytes()
    first = data.index(b"<marc:record")
    flood = b"<marc:record><marc:datafield tag='500'><marc:subfield code='a'>"
    flood += b"a" * (MAX_XML_RECORD_BYTES + (1 << 17)) + b"</marc:subfield></marc:datafield></marc:record>"
    results = read_bytes(data[:first] + flood + data[first:])
    assert [(type(result), result.position) for result in results] == [
        (Rejection, 1),
        (RawRecord, 2),
        (RawRecord, 3),
    ]
    assert isinstance(results[0], Rejection)
    assert results[0].file_damaged
    assert results[0].reason.startswith(f"a record runs on for more than {MAX_XML_RECORD_BYTES:,} bytes")
    assert len(results[0].raw) <= 1 << 16


def test_a_file_cut_between_records_keeps_its_records_and_says_it_ends_early() -> None:
    data = (REAL_DATA / "pymarc/batch.xml").read_bytes()
    results = read_bytes(data[: data.rindex(b"</marc:record>") + len(b"</marc:record>")])
    assert [(type(result), result.position) for result in results] == [
        (RawRecord, 1),
        (RawRecord, 2),
        (Rejection, None),
    ]
    assert isinstance(results[2], Rejection)
    assert results[2].file_damaged
    assert "no record was in it, no record follows it" in results[2].reason


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
