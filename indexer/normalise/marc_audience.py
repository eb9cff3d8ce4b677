"""Whom a MARC record's item is for: children, youth or adults.

385 $a (an RDA audience term) is the most explicit statement, then the coded 008/22 target audience,
then a 521 audience note. 008/22 is read only for the record types whose 008 has the element (books,
music, computer files, visual materials); for maps and continuing resources position 22 means
something else. The codes map as: a preschool, b primary, c pre-adolescent, j juvenile → children;
d adolescent → youth; e adult, f specialised, g general → adult (general material in a public library
is shelved for adults).
"""

from __future__ import annotations

import re

from indexer.normalise.marc_fields import MarcFields, subfield_values
from indexer.record import Audience

_TYPES_WITH_AUDIENCE = frozenset("atcdijmgkor")
_CONTINUING_LEVELS = frozenset("bis")  # serials and integrating resources have 008/22 as form of original
_AUDIENCE_CODES: dict[str, Audience] = {
    "a": "children",
    "b": "children",
    "c": "children",
    "j": "children",
    "d": "youth",
    "e": "adult",
    "f": "adult",
    "g": "adult",
}
# Word beginnings in Finnish, Swedish and English; youth before adult so that "young adults" is youth.
_AUDIENCE_WORDS: tuple[tuple[Audience, tuple[str, ...]], ...] = (
    ("children", ("lapse", "lapsi", "lasten", "barn", "child", "juvenile", "kids", "esikoul", "förskol")),
    ("youth", ("nuor", "ungdom", "unga", "young", "teen", "adolescen")),
    ("adult", ("aikuis", "vuxen", "vuxna", "adult")),
)
_WORD = re.compile(r"\w+")


def audience(fields: MarcFields) -> Audience | None:
    for field in fields.get("385"):
        found = _audience_in_text(" ".join(subfield_values(field, "a")))
        if found:
            return found
    if fields.leader_at(6) in _TYPES_WITH_AUDIENCE and fields.leader_at(7) not in _CONTINUING_LEVELS:
        found = _AUDIENCE_CODES.get(fields.control("008")[22:23])
        if found:
            return found
    for field in fields.get("521"):
        found = _audience_in_text(" ".join(subfield_values(field, "a")))
        if found:
            return found
    return None


def _audience_in_text(text: str) -> Audience | None:
    words = _WORD.findall(text.casefold())
    for found, beginnings in _AUDIENCE_WORDS:
        if any(word.startswith(beginnings) for word in words):
            return found
    return None
