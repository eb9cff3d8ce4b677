"""Subjects (6XX), genres (655) and classification (084/080/082/050) of a MARC record.

A subject keeps its vocabulary and the language of its terms, so that search can analyse "rakkaus" as
Finnish and "kärlek" as Swedish. The vocabulary comes from $2 ("yso/fin" is YSO in Finnish) or, for the
Library of Congress family, from the second indicator.
"""

from __future__ import annotations

import functools

import pymarc

from indexer.normalise.marc_fields import (
    FIELD_CACHE_SIZE,
    MarcFields,
    clean_recurring,
    first_value,
    indicator,
    language_code,
    subfield_values,
    unique,
    values,
)
from indexer.read.readers.marc import BLANK_INDICATORS, MarcField, plain_field
from indexer.record import Classification, Subject

_SUBJECT_TAGS = ("600", "610", "611", "630", "648", "650", "651", "653")
# The heading proper, per tag: names with their numeration, titles and dates; topical terms with $b.
_HEADING_CODES = {
    "600": "abcdt",
    "610": "abt",
    "611": "acdt",
    "630": "ap",
    "648": "a",
    "650": "ab",
    "651": "a",
}
_SUBDIVISION_CODES = "xyzv"
_SUBDIVISION_SEPARATOR = " -- "
# Second indicator → vocabulary, where the indicator names it; 4 says "not specified", 7 "see $2".
_VOCABULARY_BY_INDICATOR = {"0": "lcsh", "1": "lcshac", "2": "mesh", "3": "nal", "5": "cash", "6": "rvm"}
# The language of the terms of vocabularies that have only one.
_VOCABULARY_LANGUAGE = {
    "lcsh": "eng",
    "lcshac": "eng",
    "mesh": "eng",
    "nal": "eng",
    "cash": "eng",
    "fast": "eng",
    "rvm": "fre",
    "ysa": "fin",
    "kaunokki": "fin",
    "musa": "fin",
    "allars": "swe",
    "bella": "swe",
    "cilla": "swe",
}
_CLASSIFICATION_TAGS: tuple[tuple[str, str | None], ...] = (
    ("084", None),  # scheme in $2
    ("080", "udc"),
    ("082", "ddc"),
    ("050", "lcc"),
)


def subjects(fields: MarcFields) -> list[Subject]:
    """Every subject heading with its vocabulary and term language, in record order, without repeats."""
    found: dict[tuple[str, str | None], Subject] = {}
    for field in fields.get_all(_SUBJECT_TAGS):
        for term, vocabulary, language in _headings(field.tag, field.indicators, tuple(field.subfields)):
            if (term, vocabulary) not in found:
                found[term, vocabulary] = Subject(term, vocabulary, language)
    return list(found.values())


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _headings(
    tag: str, indicators: pymarc.Indicators | None, subfields: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str | None, str | None], ...]:
    """(term, vocabulary, language) of each heading of one subject field. Headings come from controlled
    vocabularies, so the same field (term, $2 and $0 URI alike) recurs in record after record: each
    distinct one is read once."""
    field = plain_field(tag, indicators, subfields)
    vocabulary, language = _vocabulary(field)
    return tuple((term, vocabulary, language) for term in _terms(field))


def genres(fields: MarcFields) -> list[str]:
    return unique(map(clean_recurring, values(fields.get("655"), "a")))


def classifications(fields: MarcFields) -> list[Classification]:
    """084 with its $2 scheme (YKL for Finnish public libraries), 080 UDC, 082 DDC, 050 LCC."""
    found: dict[tuple[str, str], Classification] = {}
    for tag, fixed_scheme in _CLASSIFICATION_TAGS:
        for field in fields.get(tag):
            key = _classification(tag, fixed_scheme, tuple(field.subfields))
            if key is not None and key not in found:
                found[key] = Classification(*key)
    return list(found.values())


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _classification(
    tag: str, fixed_scheme: str | None, subfields: tuple[tuple[str, str], ...]
) -> tuple[str, str] | None:
    """(scheme, code) of one classification field, or None when it has no usable class. A library's
    records share a few hundred classes, so each distinct field is read once."""
    field = plain_field(tag, BLANK_INDICATORS, subfields)
    scheme = fixed_scheme or _scheme_from_source(field)
    code = _class_code(field, scheme)
    return (scheme, code) if scheme and code else None


def _terms(field: MarcField) -> list[str]:
    if field.tag == "653":  # uncontrolled terms: each $a is a term of its own
        return unique(clean_recurring(value) for value in subfield_values(field, "a"))
    heading = clean_recurring(" ".join(subfield_values(field, _HEADING_CODES[field.tag])))
    if heading is None:
        return []
    subdivisions = [clean_recurring(value) for value in subfield_values(field, _SUBDIVISION_CODES)]
    return [_SUBDIVISION_SEPARATOR.join([heading, *filter(None, subdivisions)])]


def _vocabulary(field: MarcField) -> tuple[str | None, str | None]:
    """(vocabulary, language of its terms); '$2 yso/fin' gives ('yso', 'fin')."""
    source = first_value(field, "2") if field.tag != "653" else None
    if source is None:
        vocabulary = _VOCABULARY_BY_INDICATOR.get(indicator(field, 2))
        return vocabulary, _VOCABULARY_LANGUAGE.get(vocabulary or "")
    name, _, language = source.strip().casefold().partition("/")
    return name or None, language_code(language) if language else _VOCABULARY_LANGUAGE.get(name)


def _scheme_from_source(field: MarcField) -> str | None:
    source = first_value(field, "2")
    return source.strip().casefold().partition("/")[0] or None if source else None


def _class_code(field: MarcField, scheme: str | None) -> str | None:
    if scheme == "udc":  # common auxiliaries ("-3" literary form) live in $x
        return clean_recurring("".join(value.strip() for value in subfield_values(field, "ax")))
    code = clean_recurring(first_value(field, "a"))
    if code is None:
        return None
    if scheme == "ddc":  # prime marks only show where a shorter number may be cut
        return code.replace("/", "").replace("'", "")
    if scheme == "ykl" and not code[:1].isdigit():
        # Helmet writes shelving words ("Novellit", "Historia") in 084 $2 ykl; YKL classes are numbers.
        return None
    return code
