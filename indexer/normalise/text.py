"""Tidying of catalogue text values, shared by every normaliser.

MARC and ONIX both carry ISBD punctuation that separates fields on a printed card ("Otava,", "Helsinki :",
"Helin, Sari.") and square brackets that mark information a cataloguer supplied ("[Helsinki]"). On a search
result page and in a merge key that punctuation is noise, so it is removed here, once, the same way for all
sources. The final full stop is kept where it belongs to the word: initials ("Smith, J."), abbreviations
("Jr.", "S.l.") and ellipses.
"""

from __future__ import annotations

import re
import unicodedata

_BRACKETS = re.compile(r"[\[\]]")
_TRAILING_SEPARATOR = re.compile(r"\s*[/:;=,+]$")
_FINAL_PUNCTUATION = frozenset("/:;=,+.")  # what the loop in clean() may take off the end
# The last word before a final full stop, to decide whether the stop is an abbreviation's.
_LAST_WORD = re.compile(r"(?:^|[\s(\-])([^\s(\-]*)\.$")

# Abbreviations seen at the end of names, places and publisher statements in Finnish, Swedish and English
# records; the stop after them is part of the word. Lower case, without the final stop.
_ABBREVIATIONS = frozenset(
    {
        "jr", "sr", "dr", "mr", "mrs", "ms", "st", "prof", "co", "inc", "ltd", "corp", "bros", "etc",
        "ed", "eds", "esim", "jne", "ym", "yms", "mm", "ks", "toim", "suom", "kuv", "nid", "sid", "pp",
        "vol", "no", "nr", "ca", "cop", "kust", "förf", "övers", "red", "uppl", "bd", "hrsg", "aufl",
        "vyp", "izd",
    }
)  # fmt: skip


def clean(text: str | None) -> str | None:
    """NFC, collapse whitespace, strip ISBD/MARC trailing punctuation and cataloguer brackets.

    ' /', ' :', ' ;', ',', ' =' and ' +' (accompanying material) are removed from the end, repeatedly
    ("Helsinki :," → "Helsinki"); a final '.' goes unless it ends an initial ('J.'), a known abbreviation
    ('Jr.', 'etc.'), a dotted abbreviation ('S.l.') or an ellipsis ('...'). Square brackets are dropped
    wherever they occur ('[Helsinki]' → 'Helsinki'). None, empty or punctuation-only values become None,
    so callers can test for presence.
    """
    if text is None:
        return None
    # Collapsing by str.split() and skipping the regular expressions when there is nothing for them to
    # remove gives the same value (the same whitespace characters count) in a fraction of the time, and
    # most values have no brackets and end in a letter.
    value = " ".join(unicodedata.normalize("NFC", text).split())
    if "[" in value or "]" in value:
        value = " ".join(_BRACKETS.sub("", value).split())  # 'a [] b' must not leave two spaces
    while value and value[-1] in _FINAL_PUNCTUATION:
        stripped = _TRAILING_SEPARATOR.sub("", value)
        if stripped.endswith(".") and not _keeps_final_stop(stripped):
            stripped = stripped[:-1].rstrip()
        if stripped == value:
            break
        value = stripped
    return value or None


def _keeps_final_stop(value: str) -> bool:
    """True when the final '.' of ``value`` belongs to an initial, an abbreviation or an ellipsis."""
    if value.endswith(".."):
        return True
    match = _LAST_WORD.search(value)
    word = match.group(1) if match else value[:-1]
    if len(word) == 1 and word.isalpha():
        return True
    return "." in word or word.casefold() in _ABBREVIATIONS
