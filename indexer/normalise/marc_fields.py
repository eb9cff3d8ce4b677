"""A MARC record's fields looked up by tag, built in one pass so that no extraction rescans the record.

The MARC normaliser asks for some thirty tags per record; indexing the fields once keeps that linear in
the size of the record, which matters at thousands of records a second. Sierra JSON also gives fields
out of tag order, and lookups by tag make every extraction independent of that order. The fields are what
:func:`indexer.read.readers.marc.fields_of` gives: a read record's plain tuples, or pymarc's fields (the
normaliser reads only the attributes both have, :class:`~indexer.read.readers.marc.MarcField`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import pymarc

from indexer.normalise.languages import normalise_language
from indexer.normalise.text import clean
from indexer.read.readers.marc import MarcField, fields_of

_BLANK_LEADER = " " * 24
# Distinct recurring values (vocabulary terms, publishers, relators), and fields made of them (subject
# headings, names with their relators), remembered by the functions that read them: enough for what a
# library actually uses, and a bound on memory (a few MiB) when a feed puts free text in such places.
FIELD_CACHE_SIZE = 1 << 14


class FieldsByTag(dict[str, list[MarcField]]):
    """A record's fields by tag; a tag the record lacks has none ([], and the tag is not added)."""

    __slots__ = ()

    def __missing__(self, tag: str) -> list[MarcField]:
        return []


class MarcFields:
    """The leader (at least 24 characters) and the fields of one record, grouped by tag in record order.

    ``get(tag)`` gives the fields with that tag, [] when the record has none. It is the index's own item
    lookup: the normaliser asks some thirty times a record, and a Python method in between cost a tenth
    of its time.
    """

    __slots__ = ("by_tag", "get", "leader")

    def __init__(self, leader: str, by_tag: FieldsByTag) -> None:
        self.leader = leader
        self.by_tag = by_tag
        self.get: Callable[[str], list[MarcField]] = by_tag.__getitem__

    def get_all(self, tags: Iterable[str]) -> list[MarcField]:
        """The fields with any of ``tags``, tag by tag in the order the tags are given."""
        return [field for tag in tags for field in self.by_tag.get(tag, ())]

    def control(self, tag: str) -> str:
        """The data of the first control field ``tag``, or '' (absent and empty are the same to us)."""
        for field in self.get(tag):
            if field.data:
                return str(field.data)
        return ""

    def leader_at(self, index: int) -> str:
        return self.leader[index : index + 1]


def index_fields(record: pymarc.Record) -> MarcFields:
    by_tag = FieldsByTag()
    for marc_field in fields_of(record):
        same_tag = by_tag.get(marc_field.tag)
        if same_tag is None:
            by_tag[marc_field.tag] = [marc_field]
        else:
            same_tag.append(marc_field)
    leader = str(record.leader) if record.leader is not None else _BLANK_LEADER
    return MarcFields(leader.ljust(24), by_tag)


def subfield_values(field: MarcField, codes: str) -> list[str]:
    """The values of the subfields whose code is one of the characters of ``codes``, in field order (a
    control field has no subfields)."""
    return [value for subfield_code, value in field.subfields if subfield_code in codes and subfield_code]


def values(fields: Iterable[MarcField], codes: str) -> list[str]:
    """:func:`subfield_values` of each of ``fields`` in turn, as one list."""
    return [
        value
        for field in fields
        for subfield_code, value in field.subfields
        if subfield_code in codes and subfield_code
    ]


def first_value(field: MarcField, code: str) -> str | None:
    """The first non-blank value of subfield ``code`` (one character)."""
    for subfield_code, value in field.subfields:
        if subfield_code == code and value.strip():
            return value
    return None


def indicator(field: MarcField, which: int) -> str:
    """Indicator 1 or 2 of a data field (' ' for control fields and damaged indicators)."""
    indicators = field.indicators
    if indicators is None:
        return " "
    value = indicators[which - 1]
    return value if isinstance(value, str) and value else " "


def unique(values: Iterable[str | None]) -> list[str]:
    """The non-empty values in first-seen order, without repeats."""
    return list(dict.fromkeys(filter(None, values)))


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def clean_recurring(value: str | None) -> str | None:
    """:func:`indexer.normalise.text.clean` for a value that recurs from record to record (terms of
    controlled vocabularies, publisher and place names, series, link texts, class numbers): each distinct
    value is cleaned once, and cleaning is the normaliser's most frequent piece of work."""
    return clean(value)


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def language_code(code: str) -> str | None:
    """:func:`indexer.normalise.languages.normalise_language`, worked out once per distinct code."""
    return normalise_language(code)
