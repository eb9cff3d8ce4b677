from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import ean, isbn, ismn, issn

from indexer.normalise.identifiers import (
    find_isbn,
    normalise_ean,
    normalise_ismn,
    normalise_issn,
    split_isbns,
)


def _isbn10_check(digits: str) -> str:
    total = sum((10 - index) * int(digit) for index, digit in enumerate(digits))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def _ean_check(digits: str) -> str:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits))
    return str((10 - total % 10) % 10)


def _issn_check(digits: str) -> str:
    total = sum((8 - index) * int(digit) for index, digit in enumerate(digits))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
seven_digits = st.text(alphabet="0123456789", min_size=7, max_size=7)


def test_split_isbns_cleans_qualifiers_converts_and_deduplicates() -> None:
    valid, invalid = split_isbns(
        [
            "951-0-20702-0 (nid.)",
            "978-951-0-20702-4 : 25 €",
            "ISBN 978-952-375-000-5",
            "951-0-20702-1",
            "(sid.)",
            "25 €",
            "9789510207024",
        ]
    )
    assert valid == ["9789510207024", "9789523750005"]
    assert invalid == ["951-0-20702-1"]


def test_split_isbns_reads_space_separated_groups() -> None:
    assert split_isbns(["978 951 0 20702 4"]) == (["9789510207024"], [])


def test_split_isbns_never_takes_a_slice_of_a_longer_number() -> None:
    assert split_isbns(["97895102070241"]) == ([], ["97895102070241"])


def test_split_isbns_keeps_order_of_invalid_values_as_found() -> None:
    assert split_isbns(["123456780", "978-0-00-000000-1", "123456780"]) == (
        [],
        ["123456780", "978-0-00-000000-1"],
    )


def test_split_isbns_reads_nine_digit_sbn() -> None:
    assert split_isbns(["340013818"]) == (["9780340013816"], [])


@given(nine_digits)
def test_isbn10_converts_to_isbn13(digits: str) -> None:
    isbn10 = digits + _isbn10_check(digits)
    body = "978" + digits
    assert split_isbns([isbn10]) == ([body + _ean_check(body)], [])


@given(nine_digits, st.sampled_from(["978", "979"]))
def test_valid_isbn13_is_kept(digits: str, prefix: str) -> None:
    body = prefix + digits
    isbn13 = body + _ean_check(body)
    assert split_isbns([f"{isbn13} (nid.)"]) == ([isbn13], [])


@given(nine_digits, st.integers(min_value=1, max_value=10))
def test_isbn10_with_wrong_check_digit_is_invalid(digits: str, offset: int) -> None:
    right = "0123456789X".index(_isbn10_check(digits))
    wrong = "0123456789X"[(right + offset) % 11]
    isbn10 = digits + wrong
    assert split_isbns([isbn10]) == ([], [isbn10])


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_isbn13_with_wrong_check_digit_is_invalid(digits: str, offset: int) -> None:
    body = "978" + digits
    isbn13 = body + str((int(_ean_check(body)) + offset) % 10)
    assert split_isbns([isbn13]) == ([], [isbn13])


@given(st.lists(st.text()))
def test_split_isbns_never_raises(values: list[str]) -> None:
    valid, invalid = split_isbns(values)
    assert all(len(isbn) == 13 and isbn.isdigit() for isbn in valid)
    assert len(set(valid)) == len(valid)
    assert len(set(invalid)) == len(invalid)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0355-0893", "0355-0893"),
        ("03550893", "0355-0893"),
        ("0355-0893 (painettu)", "0355-0893"),
        ("ISSN 1458-4530", "1458-4530"),
        ("103550893", None),
        ("0355-0894", None),
        ("junk", None),
    ],
)
def test_normalise_issn(value: str, expected: str | None) -> None:
    assert normalise_issn(value) == expected


@given(seven_digits)
def test_issn_with_valid_checksum_is_formatted(digits: str) -> None:
    issn = digits + _issn_check(digits)
    assert normalise_issn(issn) == f"{issn[:4]}-{issn[4:]}"


@given(seven_digits, st.integers(min_value=1, max_value=10))
def test_issn_with_wrong_checksum_is_none(digits: str, offset: int) -> None:
    right = "0123456789X".index(_issn_check(digits))
    assert normalise_issn(digits + "0123456789X"[(right + offset) % 11]) is None


@given(st.text())
def test_standard_number_normalisers_never_raise(value: str) -> None:
    for normalise in (normalise_issn, normalise_ismn, normalise_ean):
        result = normalise(value)
        assert result is None or isinstance(result, str)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("979-0-2306-7118-7", "9790230671187"),
        ("9790230671187 (nid.)", "9790230671187"),
        ("M-2306-7118-7", "9790230671187"),
        ("M230671187", "9790230671187"),
        ("ISMN 979-0-2306-7118-7", "9790230671187"),
        ("ISMN M-2306-7118-7 (nid.)", "9790230671187"),
        ("M-2306-7118-8", None),
        ("9780230671187", None),
        ("", None),
    ],
)
def test_normalise_ismn(value: str, expected: str | None) -> None:
    assert normalise_ismn(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4006381333931", "4006381333931"),
        ("4006381333932", None),
        ("012345678905", "0012345678905"),
        ("0 12345 67890 5", "0012345678905"),
        ("6417832003112 : 12 €", None),
        ("12345", None),
        ("", None),
    ],
)
def test_normalise_ean(value: str, expected: str | None) -> None:
    assert normalise_ean(value) == expected


# The checksums are computed here for the usual forms of each number and left to python-stdnum for the
# rest; either way the answer must be the one stdnum gives (what these normalisers returned before).
separators = st.sampled_from(["", "", "-", " ", "‐", "–"])
digit_runs = st.text(alphabet="0123456789", min_size=8, max_size=13)
numbers = st.builds(
    lambda prefix, digits, gap, last, suffix: prefix + gap.join([digits[:3], digits[3:]]) + last + suffix,
    st.sampled_from(["", "ISBN ", "ISMN ", "M", "M-", "m", "979-0", "9790", "x"]),
    digit_runs,
    separators,
    st.sampled_from(["", "X", "x", "0", "7", "١"]),
    st.sampled_from(["", " (nid.)", " : 25 €", "1"]),
)


def stdnum_isbns(values: list[str]) -> tuple[list[str], list[str]]:
    valid: list[str] = []
    invalid: list[str] = []
    for value in values:
        found = find_isbn(value)
        if found is None:
            continue
        compact = re.sub(r"[\s‐–-]", "", found).upper()
        if isbn.is_valid(compact):
            if isbn.to_isbn13(compact) not in valid:
                valid.append(isbn.to_isbn13(compact))
        elif found not in invalid:
            invalid.append(found)
    return valid, invalid


def stdnum_compact(pattern: str, value: str) -> str | None:
    match = re.search(pattern, value)
    return None if match is None else re.sub(r"[\s‐–-]", "", match.group()).upper()


@settings(max_examples=500)
@given(st.lists(numbers, max_size=3))
def test_isbns_are_what_stdnum_says(values: list[str]) -> None:
    assert split_isbns(values) == stdnum_isbns(values)


@settings(max_examples=500)
@given(numbers)
def test_issn_ismn_and_ean_are_what_stdnum_says(value: str) -> None:
    compact = stdnum_compact(r"(?<!\d)\d{4}\s*[-‐–]?\s*\d{3}[\dXx](?![\dXx])", value)
    expected_issn = issn.format(compact) if compact and issn.is_valid(compact) else None
    assert normalise_issn(value) == expected_issn
    compact = stdnum_compact(r"(?<![A-Za-z\d])(?:979[\s-]*0|[Mm])(?:[\s-]*\d){8,9}(?!\d)", value)
    expected_ismn = ismn.to_ismn13(compact) if compact and ismn.is_valid(compact) else None
    assert normalise_ismn(value) == expected_ismn
    match = re.search(r"\d(?:[\s-]*\d)*", value)
    digits = re.sub(r"[\s‐–-]", "", match.group()) if match else ""
    expected_ean = digits.zfill(13) if len(digits) in (12, 13) and ean.is_valid(digits) else None
    assert normalise_ean(value) == expected_ean
