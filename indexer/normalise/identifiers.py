"""Standard numbers (ISBN, ISSN, ISMN, EAN/UPC) in the one canonical form the merge step compares.

Records from different municipalities and publishers write the same number with hyphens, spaces, an
"ISBN" prefix, binding qualifiers ("(nid.)") or a price (" : 25 €"). Works are merged on these numbers, so
every source must reduce them to the same digits and must not let a mistyped number merge two different
books: checksums are verified with python-stdnum, and numbers that fail are kept apart as invalid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import ean, isbn, ismn, issn

# An ISBN is 10 or 13 characters; cataloguers separate the groups with hyphens (usually) or spaces.
# Runs of digits are taken whole (no digit right before or after), never a slice of a longer number.
_ISBN_HYPHENATED = re.compile(r"(?<!\d)\d(?:-*\d){8,}(?:-*[Xx])?")
_ISBN_SPACED = re.compile(r"(?<!\d)\d(?:[\s-]*\d){8,12}(?:[\s-]*[Xx])?(?!\d)")
_ISSN = re.compile(r"(?<!\d)\d{4}\s*[-‐–]?\s*\d{3}[\dXx](?![\dXx])")
_ISMN = re.compile(r"(?<![A-Za-z\d])(?:979[\s-]*0|[Mm])(?:[\s-]*\d){8,9}(?!\d)")
_DIGITS = re.compile(r"\d(?:[\s-]*\d)*")
_SEPARATORS = re.compile(r"[\s‐–-]")


def split_isbns(values: Iterable[str]) -> tuple[list[str], list[str]]:
    """(valid ISBN-13s, invalid ISBN strings as found), in the order given, without duplicates.

    ISBN-10s are converted to ISBN-13 so that both printings of one number merge. An invalid number is
    reported as the ISBN-like part of the value (qualifiers and prices cut off, hyphens kept as written),
    which is what a cataloguer needs to find and fix it. A value with no run of at least nine digits is
    not an ISBN at all (a bare price, a binding note) and is ignored.
    """
    valid: list[str] = []
    invalid: list[str] = []
    for value in values:
        found = find_isbn(value)
        if found is None:
            continue
        compact = _SEPARATORS.sub("", found).upper()
        if isbn.is_valid(compact):
            number = isbn.to_isbn13(compact)
            if number not in valid:
                valid.append(number)
        elif found not in invalid:
            invalid.append(found)
    return valid, invalid


def find_isbn(value: str) -> str | None:
    """The ISBN-like run of ``value`` as written, or None when there is no run of nine digits or more.

    Hyphenated digits are taken first; space-separated groups only when they make a length an ISBN can
    have, since a space is also what separates an ISBN from a following price or quantity.
    """
    hyphenated = _ISBN_HYPHENATED.search(value)
    if hyphenated is not None and len(_SEPARATORS.sub("", hyphenated.group())) in (10, 13):
        return hyphenated.group()
    spaced = _ISBN_SPACED.search(value)
    if spaced is not None and len(_SEPARATORS.sub("", spaced.group())) in (10, 13):
        return spaced.group().strip()
    return hyphenated.group() if hyphenated is not None else None


def normalise_issn(value: str) -> str | None:
    """'NNNN-NNNX' when ``value`` contains an ISSN with a valid checksum, else None."""
    match = _ISSN.search(value)
    if match is None:
        return None
    compact = _SEPARATORS.sub("", match.group()).upper()
    return str(issn.format(compact)) if issn.is_valid(compact) else None


def normalise_ismn(value: str) -> str | None:
    """The 13-digit ISMN ('9790…') when ``value`` contains a valid one; the old 'M-…' form is converted."""
    match = _ISMN.search(value)
    if match is None:
        return None
    compact = _SEPARATORS.sub("", match.group()).upper()
    return str(ismn.to_ismn13(compact)) if ismn.is_valid(compact) else None


def normalise_ean(value: str) -> str | None:
    """The 13 digits of an EAN-13, or of a UPC-A (12 digits) widened with a leading 0 as GS1 defines, when
    the checksum is valid; the same product then has one number whichever form a record used."""
    match = _DIGITS.search(value)
    if match is None:
        return None
    compact = _SEPARATORS.sub("", match.group())
    if len(compact) not in (12, 13) or not ean.is_valid(compact):
        return None
    return compact.zfill(13)
