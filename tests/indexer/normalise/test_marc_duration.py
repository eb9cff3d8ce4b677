from __future__ import annotations

import pymarc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.normalise.marc_duration import duration
from indexer.normalise.marc_fields import index_fields


def fields_with(tag: str, *values: str) -> pymarc.Record:
    fields = [pymarc.Field(tag=tag, subfields=[pymarc.Subfield("a", value)]) for value in values]
    return pymarc.Record(leader="00000nim  22000004c 4500", fields=fields)


@pytest.mark.parametrize(
    ("extent", "expected"),
    [  # 300 $a values as real records write them (Helmet, LC, OCLC, BTJ and Norwegian records)
        ("2 CD-äänilevyä (63 min, 58 min)", "02:01:00"),
        ("E-äänikirja (MP3  kb; kesto 3 h 10 min)", "03:10:00"),
        ("2 Blu-ray -videolevyä (2 h 30 min)", "02:30:00"),
        ("4 sound cassettes (approx. 5 hrs. 45 min.).", "05:45:00"),
        ("6 sound discs (ca. 5 hr., 45 min.)", "05:45:00"),
        ("9 sound cassettes (ca. 13.5 hrs.)", "13:30:00"),
        ("3 plater (3 t, 45 min)", "03:45:00"),
        ("1 online resource (streaming video file) (45 minutes)", "00:45:00"),
        ("1 DVD (ca. 1:35:00)", "01:35:00"),
        ("10 CD-äänilevyä (12 h)", "12:00:00"),
        ("2 t. en 1 v.", None),
        ("669 sivua", None),
        ("E-kirja (EPUB  kb; vastaa painettuna 526 sivua)", None),
    ],
)
def test_duration_from_the_physical_description(extent: str, expected: str | None) -> None:
    assert duration(index_fields(fields_with("300", extent))) == expected


def test_coded_playing_time_wins_and_parts_add_up() -> None:
    record = fields_with("306", "004410", "011500")
    record.fields.append(
        pymarc.Field(tag="300", subfields=[pymarc.Subfield("a", "1 online resource (45 minutes)")])
    )
    assert duration(index_fields(record)) == "01:59:10"


def test_malformed_coded_time_falls_back_to_300() -> None:
    record = fields_with("306", "1h30")
    record.fields.append(pymarc.Field(tag="300", subfields=[pymarc.Subfield("a", "1 videodisc (90 min.)")]))
    assert duration(index_fields(record)) == "01:30:00"


@given(st.text())
def test_any_text_gives_none_or_a_clock(text: str) -> None:
    result = duration(index_fields(fields_with("300", text)))
    assert result is None or (
        len(result.split(":")) == 3 and all(part.isdigit() for part in result.split(":"))
    )
