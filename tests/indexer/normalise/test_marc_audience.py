from __future__ import annotations

import pymarc
import pytest

from indexer.normalise.marc_audience import audience
from indexer.normalise.marc_fields import index_fields
from indexer.read.readers.marcxml import read_marcxml
from indexer.record import Audience, RawRecord
from tests.conftest import REAL_DATA

HELMET = REAL_DATA / "helmet-marcxml/curated"


def helmet_record(name: str) -> pymarc.Record:
    with (HELMET / name).open("rb") as stream:
        (raw,) = read_marcxml(stream, source="espoo", location=name)
    assert isinstance(raw, RawRecord)
    record: pymarc.Record = raw.payload
    return record


def with_008_audience(record: pymarc.Record, code: str) -> pymarc.Record:
    data = record["008"].data or ""
    record["008"].data = data[:22] + code + data[23:]
    return record


def with_note(record: pymarc.Record, tag: str, text: str) -> pymarc.Record:
    record.fields.append(pymarc.Field(tag=tag, subfields=[pymarc.Subfield("a", text)]))
    return record


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2360958.xml", "children"),  # Swedish picture book, 008/22 j
        ("2564382.xml", "adult"),  # film, 008/22 g
        ("2297829.xml", None),  # novel, 008/22 blank
        ("2616222.xml", None),  # score: 008/22 '|' and a 521 about playing level, not age
    ],
)
def test_audience_of_helmet_records(name: str, expected: Audience | None) -> None:
    assert audience(index_fields(helmet_record(name))) == expected


@pytest.mark.parametrize(
    ("code", "expected"), [("a", "children"), ("c", "children"), ("d", "youth"), ("e", "adult")]
)
def test_008_target_audience_codes(code: str, expected: Audience) -> None:
    assert audience(index_fields(with_008_audience(helmet_record("2297829.xml"), code))) == expected


@pytest.mark.parametrize("leader", ["00000nas a22005535i 4500", "00000nem a22005535i 4500"])
def test_008_position_22_of_serials_and_maps_is_not_an_audience(leader: str) -> None:
    record = with_008_audience(helmet_record("2297829.xml"), "d")
    record.leader = pymarc.Leader(leader)
    assert audience(index_fields(record)) is None


@pytest.mark.parametrize(
    ("tag", "text", "expected"),
    [
        ("385", "Lapset", "children"),
        ("385", "Nuoret aikuiset", "youth"),
        ("385", "Young adults", "youth"),
        ("385", "Vuxna", "adult"),
        ("521", "Barn 6-9 år", "children"),
        ("521", "Kielletty alle 16-vuotiailta", None),
    ],
)
def test_audience_terms(tag: str, text: str, expected: Audience | None) -> None:
    assert audience(index_fields(with_note(helmet_record("2297829.xml"), tag, text))) == expected


def test_385_term_wins_over_008() -> None:
    record = with_note(with_008_audience(helmet_record("2297829.xml"), "e"), "385", "nuoret")
    assert audience(index_fields(record)) == "youth"
