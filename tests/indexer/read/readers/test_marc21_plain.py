"""The ISO 2709 reader's own decoder against pymarc's: the same record whenever it decodes one at all.

``_plain_record`` exists only for speed, so its whole contract is equality with what pymarc's decoder
followed by :func:`indexer.read.readers.marc.compose_text` gives: on every real record, on generated records
with arbitrary Unicode (decomposed letters and stray combining marks included), and on damaged bytes.
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import pymarc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.read.readers.marc import compose_text
from indexer.read.readers.marc21 import _plain_record, _prepared, _record_chunks, _utf8_text
from tests.conftest import REAL_DATA
from tests.indexer.read.readers.marc_shape import pymarc_shape

ISO_SUFFIXES = {".mrc", ".dat", ".marc"}


def real_iso_chunks() -> list[bytes]:
    paths = sorted(
        path
        for path in REAL_DATA.rglob("*")
        if path.is_file() and (path.suffix in ISO_SUFFIXES or "iso2709" in path.parts)
    )
    return [chunk for path in paths for chunk, _ in _record_chunks(io.BytesIO(path.read_bytes()))]


REAL_CHUNKS = real_iso_chunks()


def pymarc_decoded(chunk: bytes) -> pymarc.Record | None:
    """What the reader made of a UTF-8 chunk before it had a decoder of its own (None: pymarc refuses)."""
    try:
        record = pymarc.Record(
            _prepared(chunk, utf8=True),
            to_unicode=True,
            force_utf8=True,
            hide_utf8_warnings=True,
            utf8_handling="replace",
        )
    except Exception:
        return None
    return compose_text(record)


def shape(record: pymarc.Record) -> tuple[Any, ...]:
    """Everything the normaliser, the rejects file and ``as_marc`` can see of a record."""
    return (
        str(record.leader),
        (record.force_utf8, record.to_unicode),
        [pymarc_shape(field) for field in record.fields],
        record.as_marc(),
    )


def plainly_decoded(chunk: bytes) -> pymarc.Record | None:
    text = _utf8_text(chunk)
    assert text is not None
    return _plain_record(chunk, text)


def assert_same_as_pymarc(chunk: bytes) -> pymarc.Record | None:
    """The reader's own decoding of ``chunk``, after checking that pymarc's is the same."""
    plain = plainly_decoded(chunk)
    if plain is not None:
        expected = pymarc_decoded(chunk)
        assert expected is not None
        assert shape(plain) == shape(expected)
    return plain


def test_every_real_utf8_record_decodes_as_pymarc_decodes_it() -> None:
    decoded = [assert_same_as_pymarc(chunk) for chunk in REAL_CHUNKS if _utf8_text(chunk) is not None]
    # The damaged records (extra indicators, bad directories, cut sequences) are left to pymarc; the rest,
    # 714 of the 754 UTF-8 chunks in tests/data/real, must take the fast way.
    assert (len(decoded), sum(record is not None for record in decoded)) == (754, 714)


def test_decomposed_text_comes_out_composed() -> None:
    path = REAL_DATA / "marc4j/brkrtest_UTF8.mrc"
    chunks = [chunk for chunk, _ in _record_chunks(path.open("rb"))]
    assert any(not unicodedata.is_normalized("NFC", chunk.decode()) for chunk in chunks)
    for chunk in chunks:
        record = assert_same_as_pymarc(chunk)
        assert record is not None
        values = [field.data or "" for field in record.fields if field.control_field]
        values += [sub.value for field in record.fields for sub in field.subfields]
        assert all(unicodedata.is_normalized("NFC", value) for value in values)


@pytest.mark.parametrize(
    ("damage", "position"),
    [
        (b" ", 0),  # one indicator
        (b"123", 0),  # three indicators
        (b"\xc3\xa4", 0),  # a non-ASCII indicator
        (b"\x1f\xc3\xa4", 2),  # a non-ASCII subfield code
    ],
)
def test_fields_pymarc_repairs_are_left_to_pymarc(damage: bytes, position: int) -> None:
    title = pymarc.Field("245", pymarc.Indicators("1", "0"), [pymarc.Subfield("a", "Kesä")])
    data = pymarc.Record(leader="00000nam a2200000 a 4500", fields=[title], force_utf8=True).as_marc()
    field_start = int(data[12:17])
    damaged = data[: field_start + position] + damage + data[field_start + position + 2 :]
    assert plainly_decoded(damaged) is None


def test_a_field_cut_inside_a_utf8_sequence_is_left_to_pymarc() -> None:
    title = pymarc.Field("245", pymarc.Indicators("1", "0"), [pymarc.Subfield("a", "ä")])
    data = pymarc.Record(leader="00000nam a2200000 a 4500", fields=[title], force_utf8=True).as_marc()
    entry = data.index(b"245") + 3
    # One byte shorter: the field now ends after the first byte of "ä".
    shorter = data[:entry] + b"%04d" % (int(data[entry : entry + 4]) - 1) + data[entry + 4 :]
    assert plainly_decoded(shorter) is None
    assert pymarc_decoded(shorter) is not None


# A field terminator inside a value stays part of it (the directory says where the field ends); an escape
# in plain ASCII is MARC-8's, which is pymarc's alone.
texts = st.text(st.characters(codec="utf-8", exclude_characters="\x1b\x1d\x1f"), max_size=20)
combining_heavy = st.text(
    st.sampled_from("ae\u0301\u0308\u0323\u030a\u0327oÅ\u1100\u1161\u11a8 "), max_size=8
)
values = texts | combining_heavy
codes = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
data_tags = st.sampled_from(["020", "100", "245", "650", "700", "856", "CAT", "9XY"])
control_tags = st.sampled_from(["001", "005", "007", "008"])
ascii_indicators = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


@st.composite
def records(draw: st.DrawFn) -> pymarc.Record:
    fields = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            fields.append(pymarc.Field(draw(control_tags), data=draw(values)))
        else:
            indicators = pymarc.Indicators(draw(ascii_indicators), draw(ascii_indicators))
            subfields = draw(st.lists(st.builds(pymarc.Subfield, codes, values), max_size=5))
            fields.append(pymarc.Field(draw(data_tags), indicators, subfields))
    leader = draw(st.sampled_from(["00000nam a2200000 a 4500", "00000cjm  2200000 i 4500"]))
    return pymarc.Record(leader=leader, fields=fields)


@settings(max_examples=300)
@given(records())
def test_generated_records_decode_as_pymarc_decodes_them(record: pymarc.Record) -> None:
    assert assert_same_as_pymarc(record.as_marc()) is not None


@settings(max_examples=300)
@given(records(), st.integers(0, 2000), st.binary(min_size=1, max_size=6))
def test_damaged_records_decode_as_pymarc_decodes_them_or_not_at_all(
    record: pymarc.Record, at: int, garbage: bytes
) -> None:
    data = record.as_marc()
    at %= len(data)
    damaged = data[:at] + garbage + data[at + len(garbage) :]
    if _utf8_text(damaged) is not None:
        assert_same_as_pymarc(damaged)


@pytest.mark.parametrize("chunk", [chunk for chunk in REAL_CHUNKS[::20] if _utf8_text(chunk) is not None])
def test_real_records_with_a_wrong_length_or_offset_are_still_the_same(chunk: bytes) -> None:
    """Directory arithmetic is pymarc's: a length or offset off by some bytes cuts the same field."""
    base_address = int(chunk[12:17]) if chunk[12:17].isdigit() else 0
    for entry in range(24, max(24, base_address - 13), 12):
        for position in (entry + 6, entry + 11):
            digit = chunk[position : position + 1]
            if digit.isdigit():
                changed = chunk[:position] + b"%d" % ((int(digit) + 1) % 10) + chunk[position + 1 :]
                if _utf8_text(changed) is not None:
                    assert_same_as_pymarc(changed)
