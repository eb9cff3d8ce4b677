"""How the works index and the API compare an identifier that is no valid standard number.

Valid ISBNs, ISSNs and the rest are indexed in one canonical form each (``indexer.normalise.identifiers``),
and the API turns what is typed into that form. A cancelled or mistyped ISBN (MARC 020 $z, or a 020 $a
failing its checksum) has no canonical form, yet a reader holding the book types what is printed on it;
both sides reduce such a number to the same compact form, here, so that it finds the work.
"""

from __future__ import annotations

import re

ISBN_SHAPED = re.compile(r"\d{9}[\dX]|\d{13}")
"""A compact value with the length and characters of an ISBN-10 or ISBN-13, whatever its checksum."""


def compact_identifier(value: str) -> str:
    """``value`` without hyphens and spaces, in upper case (the ISBN check character 'x')."""
    return value.replace("-", "").replace(" ", "").upper()
