from __future__ import annotations

import io
import random
import unicodedata
from pathlib import Path

import pymarc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.read.readers.marc21 import RECORD_TERMINATOR, read_marc21
from indexer.record import RawRecord, Rejection
from tests.conftest import REAL_DATA, SAMPLES

TERMINATOR = bytes([RECORD_TERMINATOR])
BRKRTEST_UTF8 = REAL_DATA / "marc4j/brkrtest_UTF8.mrc"
JOURNALS = REAL_DATA / "vufind/tests/data/journals.mrc"


def read_bytes(data: bytes, location: str = "test.mrc") -> list[RawRecord | Rejection]:
    return list(read_marc21(io.BytesIO(data), source="helsinki", location=location))


def records_of(results: list[RawRecord | Rejection]) -> list[pymarc.Record]:
    return [result.payload for result in results if isinstance(result, RawRecord)]


def chunks(path: Path) -> list[bytes]:
    return [chunk + TERMINATOR for chunk in path.read_bytes().split(TERMINATOR) if chunk]


def titles(records: list[pymarc.Record]) -> list[str]:
    return [field.value() for record in records for field in record.get_fields("245")]


def texts(records: list[pymarc.Record]) -> list[str]:
    return [
        value
        for record in records
        for field in record.fields
        for value in ([field.data or ""] if field.control_field else [sub.value for sub in field.subfields])
    ]


def test_raw_record_carries_id_position_format_and_bytes() -> None:
    first = read_bytes(JOURNALS.read_bytes())[0]
    assert isinstance(first, RawRecord)
    assert (first.source, first.location, first.position, first.format) == (
        "helsinki",
        "test.mrc",
        1,
        "marc21",
    )
    assert first.id_hint == first.payload["001"].data.strip()
    assert first.raw == chunks(JOURNALS)[0]


def test_leader_length_00000_is_read_like_helmet_exports() -> None:
    """Helmet writes 00000 as the record length; pymarc's MARCReader would read the rest of the file."""
    helmet_style = b"".join(b"00000" + chunk[5:] for chunk in chunks(JOURNALS))
    assert titles(records_of(read_bytes(helmet_style))) == titles(
        records_of(read_bytes(JOURNALS.read_bytes()))
    )


def test_wrong_leader_lengths_do_not_shift_following_records() -> None:
    lengths = [b"00042", b"99999", b"12x45"]
    wrong = b"".join(lengths[index % 3] + chunk[5:] for index, chunk in enumerate(chunks(JOURNALS)))
    assert titles(records_of(read_bytes(wrong))) == titles(records_of(read_bytes(JOURNALS.read_bytes())))


def test_line_breaks_between_records_are_ignored() -> None:
    with_breaks = b"\r\n".join(chunks(JOURNALS)) + b"\n"
    assert len(records_of(read_bytes(with_breaks))) == 10


def test_utf8_behind_a_marc8_flag_is_read_as_utf8() -> None:
    flagged_marc8 = b"".join(chunk[:9] + b" " + chunk[10:] for chunk in chunks(BRKRTEST_UTF8))
    expected = texts(records_of(read_bytes(BRKRTEST_UTF8.read_bytes())))
    assert texts(records_of(read_bytes(flagged_marc8))) == expected
    assert any(not text.isascii() for text in expected)


def test_marc8_with_diacritics_is_decoded_to_nfc_unicode() -> None:
    marc8 = records_of(read_bytes((REAL_DATA / "marc4j/brkrtest.mrc").read_bytes()))
    utf8 = records_of(read_bytes(BRKRTEST_UTF8.read_bytes()))
    assert [record["100"].value() for record in marc8] == [record["100"].value() for record in utf8]


def test_marc8_behind_a_utf8_flag_is_read_as_marc8() -> None:
    (record,) = records_of(read_bytes((REAL_DATA / "ruby-marc/marc8_accented_chars.marc").read_bytes()))
    assert record["100"]["a"] == "Serreau, Geneviève."
    assert record["245"]["a"] == 'Histoire du "nouveau théâtre."'


def test_utf8_with_a_few_bad_bytes_stays_utf8() -> None:
    (record,) = records_of(read_bytes((REAL_DATA / "ruby-marc/utf8_with_bad_bytes.marc").read_bytes()))
    assert record["100"]["a"] == "Čhamlō̜ng Phitsanākha."


def test_all_text_is_nfc() -> None:
    for path in (BRKRTEST_UTF8, REAL_DATA / "marc4j/brkrtest.mrc", REAL_DATA / "pymarc/marc8.dat"):
        assert all(
            unicodedata.is_normalized("NFC", text)
            for text in texts(records_of(read_bytes(path.read_bytes())))
        )


def test_deleted_record_is_flagged() -> None:
    first = chunks(JOURNALS)[0]
    (result,) = read_bytes(first[:5] + b"d" + first[6:])
    assert isinstance(result, RawRecord)
    assert result.deleted


def test_a_file_cut_in_the_middle_of_a_record_ends_with_a_rejection() -> None:
    data = JOURNALS.read_bytes()
    cut = data[: len(data) - 100]
    results = read_bytes(cut)
    assert len(records_of(results)) == 9
    assert isinstance(results[-1], Rejection)
    assert results[-1].reason == "the file ends in the middle of a record"
    assert results[-1].position == 10
    assert data[:-100].endswith(results[-1].raw)


def test_records_are_streamed_not_read_whole() -> None:
    data = (REAL_DATA / "marc4j/pride-and-prejudice-with-many-errors.mrc").read_bytes() * 3
    stream = io.BytesIO(data)
    first = next(read_marc21(stream, source="vantaa", location="big.mrc"))
    assert isinstance(first, RawRecord)
    assert stream.tell() <= 1 << 16


def corrupted(data: bytes, seed: int) -> bytes:
    """``data`` with a run of random bytes overwritten, a few single bytes flipped, some leader lengths
    replaced and the end cut off, all chosen by a seeded RNG so that a failure can be reproduced."""
    rng = random.Random(seed)
    damaged = bytearray(data)
    start = rng.randrange(len(damaged) - 64)
    damaged[start : start + 64] = rng.randbytes(64)
    for _ in range(20):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    for offset in [index + 1 for index, byte in enumerate(damaged) if byte == RECORD_TERMINATOR][:5]:
        damaged[offset : offset + 5] = rng.choice([b"00000", b"99999", b"abcde", b"-0001"])
    return bytes(damaged[: rng.randrange(len(damaged) // 2, len(damaged))])


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(
    "name", ["marc4j/pride-and-prejudice-with-many-errors.mrc", "pymarc/marc8.dat", "marc4j/brkrtest.mrc"]
)
def test_corrupted_real_files_are_read_without_a_crash(name: str, seed: int, tmp_path: Path) -> None:
    path = tmp_path / "corrupted.mrc"
    path.write_bytes(corrupted((REAL_DATA / name).read_bytes(), seed))
    with path.open("rb") as stream:
        results = list(read_marc21(stream, source="espoo", location=str(path)))
    assert results
    assert all(isinstance(result, RawRecord | Rejection) for result in results)
    assert [result.position for result in results] == list(range(1, len(results) + 1))


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert all(isinstance(result, RawRecord | Rejection) for result in read_bytes(data))


@given(st.binary(min_size=1, max_size=300), st.sampled_from(chunks(JOURNALS)))
def test_garbage_inside_a_real_record_never_raises(garbage: bytes, chunk: bytes) -> None:
    middle = len(chunk) // 2
    results = read_bytes(chunk[:middle] + garbage + chunk[middle:])
    assert all(isinstance(result, RawRecord | Rejection) for result in results)


def test_a_record_with_a_broken_directory_is_rejected_with_its_001() -> None:
    """The Espoo sample's 61st record: a directory offset with letters in it, and 001 10000155 first."""
    results = read_bytes((SAMPLES / "espoo/espoo.mrc").read_bytes())
    broken = results[60]
    assert isinstance(broken, Rejection)
    assert broken.reason.startswith("unreadable ISO 2709 record")
    assert (broken.position, broken.record_id) == (61, "10000155")
    assert b"\x1e10000155\x1e" in broken.raw


@pytest.mark.parametrize(
    ("at", "replacement"),
    [
        pytest.param(24, b"002", id="first-entry-not-001"),
        pytest.param(27, b"0012", id="001-of-another-length"),
    ],
)
def test_no_001_is_guessed_from_a_broken_record(at: int, replacement: bytes) -> None:
    broken = chunks(SAMPLES / "espoo/espoo.mrc")[60].lstrip(b"\r\n")
    (result,) = read_bytes(broken[:at] + replacement + broken[at + len(replacement) :])
    assert isinstance(result, Rejection)
    assert result.record_id is None
