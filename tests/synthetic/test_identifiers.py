from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean, isbn, ismn, issn

from synthetic.identifiers import (
    CAPACITY,
    ISBN_PREFIX,
    IdentifierKind,
    RangeExhausted,
    hyphenated,
    standard_number,
)

VALIDATORS = {"isbn": isbn.is_valid, "issn": issn.is_valid, "ismn": ismn.is_valid, "ean": ean.is_valid}
KINDS: list[IdentifierKind] = ["isbn", "issn", "ismn", "ean"]


@given(st.sampled_from(KINDS), st.data())
def test_every_number_has_a_valid_check_digit_written_either_way(
    kind: IdentifierKind, data: st.DataObject
) -> None:
    number = standard_number(kind, data.draw(st.integers(0, CAPACITY[kind] - 1)))
    assert VALIDATORS[kind](number.value)
    assert VALIDATORS[kind](hyphenated(number))
    assert hyphenated(number).replace("-", "") == number.value


@given(st.sampled_from(KINDS), st.data())
def test_different_serials_give_different_numbers(kind: IdentifierKind, data: st.DataObject) -> None:
    first, second = data.draw(
        st.lists(st.integers(0, CAPACITY[kind] - 1), min_size=2, max_size=2, unique=True)
    )
    assert standard_number(kind, first) != standard_number(kind, second)


@given(st.integers(0, CAPACITY["isbn"] - 1))
def test_isbns_stay_in_the_unallocated_group_979_7(serial: int) -> None:
    value = standard_number("isbn", serial).value
    assert value.startswith(ISBN_PREFIX)
    assert isbn.split(value)[1] == ""  # python-stdnum knows no registration group 979-7


@given(st.integers(0, CAPACITY["ean"] - 1))
def test_eans_are_restricted_circulation_numbers(serial: int) -> None:
    assert 200 <= int(standard_number("ean", serial).value[:3]) <= 299


@pytest.mark.parametrize("kind", KINDS)
def test_asking_past_the_range_is_a_clear_error(kind: IdentifierKind) -> None:
    with pytest.raises(RangeExhausted, match=kind.upper()):
        standard_number(kind, CAPACITY[kind])
