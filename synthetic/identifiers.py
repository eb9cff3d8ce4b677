"""Invented standard numbers with valid check digits, from ranges no real product can hold.

Merging finds a work's holdings by ISBN, ISSN, ISMN or EAN, and the harvester refuses numbers whose check
digit is wrong, so the generated numbers must be valid; but they must never be mistaken for real books.
Every number is a pure function of a serial, so that a stream of works numbers itself without memory.

* ISBN: the registration group 979-7 has not been allocated by the International ISBN Agency, so no
  publisher anywhere holds a number in it. All invented ISBNs use the publisher prefix 979-7-9 (ten
  million numbers).
* EAN: GS1 prefixes 200–299 are for restricted circulation (in-store numbers), never a traded product;
  recordings get 20 followed by ten digits.
* ISSN and ISMN have no reserved ranges: ISSNs count up from 2900-000X and ISMNs from 979-0-99-000000-X,
  with valid check digits. They may coincide with real numbers by chance and mean nothing.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from stdnum import ean, issn

IdentifierKind = Literal["isbn", "issn", "ismn", "ean"]

ISBN_PREFIX = "97979"
"""979-7-9: registration group 7 of the 979 prefix (unallocated) and the publisher prefix 9."""
ISBN_PREFIX_HYPHENATED = "979-7-9"
_ISBN_TITLE_DIGITS = 7
ISMN_PREFIX = "979099"
_ISMN_ITEM_DIGITS = 6
ISSN_FIRST = 2_900_000
_ISSN_DIGITS = 7
EAN_PREFIX = "20"
_EAN_ITEM_DIGITS = 10

CAPACITY: dict[IdentifierKind, int] = {
    "isbn": 10**_ISBN_TITLE_DIGITS,
    "ismn": 10**_ISMN_ITEM_DIGITS,
    "issn": 10**_ISSN_DIGITS - ISSN_FIRST,
    "ean": 10**_EAN_ITEM_DIGITS,
}


class StandardNumber(NamedTuple):
    """A standard number in its compact form (digits, and 'X' for an ISSN check digit of ten)."""

    kind: IdentifierKind
    value: str


class RangeExhausted(ValueError):
    """More numbers of one kind were asked for than the invented range holds."""


def standard_number(kind: IdentifierKind, serial: int) -> StandardNumber:
    """The ``serial``-th number (from 0) of ``kind`` in its invented range."""
    if not 0 <= serial < CAPACITY[kind]:
        raise RangeExhausted(
            f"the invented {kind.upper()} range holds {CAPACITY[kind]:,} numbers; asked for #{serial:,}"
        )
    if kind == "isbn":
        return StandardNumber(kind, _with_ean_check(f"{ISBN_PREFIX}{serial:0{_ISBN_TITLE_DIGITS}d}"))
    if kind == "ismn":
        return StandardNumber(kind, _with_ean_check(f"{ISMN_PREFIX}{serial:0{_ISMN_ITEM_DIGITS}d}"))
    if kind == "ean":
        return StandardNumber(kind, _with_ean_check(f"{EAN_PREFIX}{serial:0{_EAN_ITEM_DIGITS}d}"))
    digits = f"{ISSN_FIRST + serial:0{_ISSN_DIGITS}d}"
    return StandardNumber(kind, digits + str(issn.calc_check_digit(digits)))


def hyphenated(number: StandardNumber) -> str:
    """The number as cataloguers print it: ISBN 979-7-9-0001234-5, ISSN 2900-0017, ISMN 979-0-99-000123-4.

    Records from different libraries write the same number with and without hyphens; merging must not
    care, so the generator writes both.
    """
    value = number.value
    if number.kind == "isbn":
        return f"{ISBN_PREFIX_HYPHENATED}-{value[5:12]}-{value[12]}"
    if number.kind == "issn":
        return f"{value[:4]}-{value[4:]}"
    if number.kind == "ismn":
        return f"979-0-99-{value[6:12]}-{value[12]}"
    return value


def _with_ean_check(digits: str) -> str:
    """ISBN-13, ISMN-13 and EAN-13 share the EAN-13 check digit."""
    return digits + str(ean.calc_check_digit(digits))
