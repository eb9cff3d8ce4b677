from __future__ import annotations

import unicodedata

import pymarc
import pytest
from lxml import etree

from indexer.readers.marc import compose_text, control_number, raw_record
from indexer.readers.marcxml import marc_record_from_element
from tests.conftest import REAL_DATA


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
