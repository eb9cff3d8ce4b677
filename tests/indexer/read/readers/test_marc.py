from __future__ import annotations

import unicodedata

import pymarc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from indexer.read.readers.marc import (
    BLANK_INDICATORS,
    PlainField,
    ReadRecord,
    compose_text,
    control_number,
    fields_of,
    is_nfc,
    plain_field,
    raw_record,
)
from indexer.read.readers.marcxml import marc_record_from_element
from tests.conftest import REAL_DATA
from tests.indexer.read.readers.marc_shape import pymarc_shape


@pytest.fixture
def helmet_record() -> pymarc.Record:
    """A real Helmet book record (Salaisuuden kantaja)."""
    element = etree.fromstring((REAL_DATA / "helmet-marcxml/curated/2297829.xml").read_bytes())
    return marc_record_from_element(element)


def decompose(record: pymarc.Record) -> None:
    for field in record.fields:
        if field.control_field:
            field.data = unicodedata.normalize("NFD", field.data or "")
        else:
            field.subfields = [
                pymarc.Subfield(sub.code, unicodedata.normalize("NFD", sub.value)) for sub in field.subfields
            ]


def test_compose_text_turns_decomposed_letters_into_nfc(helmet_record: pymarc.Record) -> None:
    expected = helmet_record.as_json()
    decompose(helmet_record)
    assert helmet_record["700"]["e"] != "kääntäjä."
    assert compose_text(helmet_record).as_json() == expected
    assert helmet_record["700"]["e"] == "kääntäjä."


def test_control_number_is_001_stripped(helmet_record: pymarc.Record) -> None:
    assert control_number(helmet_record) == "9789522794666"
    helmet_record["001"].data = "  "
    assert control_number(helmet_record) is None
    helmet_record.remove_fields("001")
    assert control_number(helmet_record) is None


def test_raw_record_uses_001_then_the_fallback_id(helmet_record: pymarc.Record) -> None:
    made = raw_record(
        helmet_record,
        source="espoo",
        location="x.xml",
        position=3,
        format="marcxml",
        raw=b"<r/>",
        fallback_id="b1",
    )
    assert (made.id_hint, made.position, made.deleted, made.raw) == ("9789522794666", 3, False, b"<r/>")
    helmet_record.remove_fields("001")
    fallback = raw_record(
        helmet_record,
        source="espoo",
        location="x.xml",
        position=3,
        format="marcxml",
        raw=b"",
        fallback_id="b1",
    )
    assert fallback.id_hint == "b1"


def test_raw_record_flags_leader_05_d_as_deleted(helmet_record: pymarc.Record) -> None:
    leader = str(helmet_record.leader)
    helmet_record.leader = pymarc.Leader(leader[:5] + "d" + leader[6:])
    made = raw_record(helmet_record, source="vantaa", location="x", position=1, format="marcxml", raw=b"")
    assert made.deleted


odd_tags = st.sampled_from(["", "1", "01", "0001", "1234", "ab", "00a", "FMT", "٠٠١", "010", "009", "999"])
any_tags = odd_tags | st.text(alphabet="0123456789", min_size=3, max_size=3)
pairs = st.lists(st.tuples(st.text(max_size=2), st.text(max_size=5)), max_size=3)


@given(
    any_tags, st.none() | st.tuples(st.text(max_size=2), st.text(max_size=2)), pairs, st.none() | st.text()
)
def test_a_plain_field_holds_what_pymarc_makes_and_becomes_that_field(
    tag: str, indicators: tuple[str, str] | None, subfields: list[tuple[str, str]], data: str | None
) -> None:
    pymarc_indicators = pymarc.Indicators(*indicators) if indicators else None
    expected = pymarc.Field(tag, pymarc_indicators, [pymarc.Subfield(*pair) for pair in subfields], data)
    plain = plain_field(tag, pymarc_indicators, subfields, data)
    assert (plain.tag, plain.control_field, plain.data, plain.indicators) == (
        expected.tag,
        expected.control_field,
        expected.data,
        expected.indicators,
    )
    assert list(plain.subfields) == [tuple(subfield) for subfield in expected.subfields]
    (made,) = ReadRecord([plain]).fields
    assert pymarc_shape(made) == pymarc_shape(expected)


def test_a_read_record_keeps_plain_fields_until_its_pymarc_fields_are_asked_for() -> None:
    element = etree.fromstring((REAL_DATA / "helmet-marcxml/curated/2297829.xml").read_bytes())
    record = marc_record_from_element(element)
    assert isinstance(record, ReadRecord)
    plain = fields_of(record)
    assert all(isinstance(field, PlainField) for field in plain)
    assert control_number(record) == "9789522794666"
    assert record.plain_fields is not None  # reading the id hint made no pymarc objects
    as_pymarc = [pymarc_shape(field) for field in record.fields]
    assert record.plain_fields is None
    assert [field.tag for field in fields_of(record)] == [field.tag for field in plain]
    assert [shape[1:4] for shape in as_pymarc] == [(f.tag, f.control_field, f.data) for f in plain]
    record.remove_fields("001")
    assert control_number(record) is None
    assert "001" not in [field.tag for field in fields_of(record)]


def test_compose_text_composes_plain_fields_without_making_pymarc_ones() -> None:
    decomposed = unicodedata.normalize("NFD", "kääntäjä")
    record = ReadRecord(
        [plain_field("001", data=decomposed), plain_field("700", BLANK_INDICATORS, [("e", decomposed)])],
        leader="00000nam a2200000 a 4500",
    )
    compose_text(record)
    assert record.plain_fields is not None
    assert [(field.data, list(field.subfields)) for field in record.plain_fields] == [
        ("kääntäjä", []),
        (None, [("e", "kääntäjä")]),
    ]


@given(st.text() | st.text(st.sampled_from("aeoÅä\u0301\u0308\u0323\u1100\u1161\u00ff\u0100 ")))
def test_is_nfc_is_unicodedatas_answer(text: str) -> None:
    assert is_nfc(text) == unicodedata.is_normalized("NFC", text)
