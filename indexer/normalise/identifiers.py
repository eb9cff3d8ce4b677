"""Standard numbers (ISBN, ISSN, ISMN, EAN/UPC) in the one canonical form the merge step compares.

Records from different municipalities and publishers write the same number with hyphens, spaces, an
"ISBN" prefix, binding qualifiers ("(nid.)") or a price (" : 25 €"). Works are merged on these numbers, so
every source must reduce them to the same digits and must not let a mistyped number merge two different
books: checksums are verified with python-stdnum, and numbers that fail are kept apart as invalid.
"""

from __future__ import annotations

import operator
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
_ISBN10_LENGTH = 10
_ISBN13_LENGTH = 13
_ISBN13_PREFIXES = ("978", "979")
_ISMN13_PREFIX = "9790"
_ISBN10_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9)
_ISSN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)
_ZERO = ord("0")
_CHECK_X = 10  # the ISBN-10 and ISSN check value written 'X'


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
        number = _isbn13(_SEPARATORS.sub("", found).upper())
        if number is None:
            if found not in invalid:
                invalid.append(found)
        elif number not in valid:
            valid.append(number)
    return valid, invalid


def _isbn13(compact: str) -> str | None:
    """The ISBN-13 of a separator-free ISBN, or None when it is not valid: python-stdnum's answer.

    The plain ten and thirteen ASCII digit forms, nearly every ISBN a catalogue holds, are checked here
    with the same arithmetic; stdnum cleans its input character by character in Python generators, which
    made ISBN checking a sixth of the MARC normaliser's time. Every other form (nine-digit SBNs, digits of
    other scripts) is stdnum's to judge.
    """
    if compact.isascii() and compact[:9].isdigit():
        if len(compact) == _ISBN13_LENGTH and compact.isdigit():
            valid = compact[:3] in _ISBN13_PREFIXES and _ean_check_digit(compact[:-1]) == compact[-1]
            return compact if valid else None
        if len(compact) == _ISBN10_LENGTH:
            check = _weighted_sum(_ISBN10_WEIGHTS, compact[:9]) % 11
            if ("X" if check == _CHECK_X else str(check)) != compact[-1]:
                return None
            body = _ISBN13_PREFIXES[0] + compact[:9]
            return body + _ean_check_digit(body)
    return str(isbn.to_isbn13(compact)) if isbn.is_valid(compact) else None


def _ean_check_digit(body: str) -> str:
    """The GS1 check digit for ``body`` (ASCII digits, without the check digit): weights 3 and 1
    alternating from the right."""
    odd = body[-1::-2].encode()
    even = body[-2::-2].encode()
    total = 3 * (sum(odd) - _ZERO * len(odd)) + sum(even) - _ZERO * len(even)
    return str(-total % 10)


def _weighted_sum(weights: tuple[int, ...], digits: str) -> int:
    """The sum of each of ``digits`` (ASCII digits) times its weight, added up in C from the digits'
    character codes rather than by converting each digit to a number."""
    total: int = sum(map(operator.mul, weights, digits.encode()))
    return total - _ZERO * sum(weights)


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
    if compact.isascii():  # the pattern's seven digits and a digit or X: stdnum's arithmetic, done here
        check = -_weighted_sum(_ISSN_WEIGHTS, compact[:7]) % 11
        valid = ("X" if check == _CHECK_X else str(check)) == compact[-1]
        return f"{compact[:4]}-{compact[4:]}" if valid else None
    return str(issn.format(compact)) if issn.is_valid(compact) else None


def normalise_ismn(value: str) -> str | None:
    """The 13-digit ISMN ('9790…') when ``value`` contains a valid one; the old 'M-…' form is converted."""
    match = _ISMN.search(value)
    if match is None:
        return None
    compact = _SEPARATORS.sub("", match.group()).upper()
    if compact.isascii():  # 'M' or '9790' and the digits, as the pattern found them: stdnum's answer, here
        number = _ISMN13_PREFIX + compact[1:] if compact[:1] == "M" else compact
        valid = len(number) == _ISBN13_LENGTH and _ean_check_digit(number[:-1]) == number[-1]
        return number if valid else None
    return str(ismn.to_ismn13(compact)) if ismn.is_valid(compact) else None


def normalise_ean(value: str) -> str | None:
    """The 13 digits of an EAN-13, or of a UPC-A (12 digits) widened with a leading 0 as GS1 defines, when
    the checksum is valid; the same product then has one number whichever form a record used."""
    match = _DIGITS.search(value)
    if match is None:
        return None
    compact = _SEPARATORS.sub("", match.group())
    if len(compact) not in (12, 13):
        return None
    # ASCII means ASCII digits only, as the pattern found them: stdnum's arithmetic, done here.
    valid = _ean_check_digit(compact[:-1]) == compact[-1] if compact.isascii() else ean.is_valid(compact)
    return compact.zfill(13) if valid else None
