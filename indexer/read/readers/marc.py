"""What the three MARC readers (ISO 2709, MARCXML, Sierra bib JSON) share once a ``pymarc.Record`` exists.

The normaliser sees one kind of record whichever way MARC arrived, so the finishing touches are made here
once: text in NFC (MARC-8 conversion and some UTF-8 exporters give decomposed letters, which would make
"Kääntäjä" two different strings in the index), and the RawRecord with its id hint and delete flag.

Every payload is a ``pymarc.Record``. The ISO 2709 and MARCXML readers make a :class:`ReadRecord`, whose
fields stay plain tuples (:class:`PlainField`) until something asks for pymarc's objects: the normaliser
reads the tuples (:func:`fields_of`), and making a pymarc object of every field and subfield of every
record was a third of the time spent reading it.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

import pymarc

from indexer.record import RawRecord, RecordFormat

SIERRA_MATERIAL_TAG = "998"
"""The local field the Sierra bib material type code travels in (subfield ``d``), as in Sierra's own
MARC output ("BIB INFO" 998 $d MAT TYPE), so that Helmet records keep the only hint that tells an
e-book coded as a plain printed book (leader ``nam``) from a printed one."""
SIERRA_MATERIAL_CODE = "d"


BLANK_INDICATORS = pymarc.Indicators(" ", " ")
_TAG_LENGTH = 3
_new_object = object.__new__
# Subfield and Indicators are named tuples, whose constructors are Python functions; tuple.__new__ makes
# them in C, and so do these partial applications of it.
new_indicators = functools.partial(tuple.__new__, pymarc.Indicators)
"""``new_indicators((first, second))`` is ``pymarc.Indicators(first, second)``; a two-character string
serves as the pair."""
_as_subfields = functools.partial(map, tuple.__new__, itertools.repeat(pymarc.Subfield))
# Never part of a value's composition, so values joined with it are NFC exactly when each of them is.
_VALUE_SEPARATOR = "\x00"


class MarcField(Protocol):
    """What the normaliser reads of a field: the attributes a ``pymarc.Field`` and a :class:`PlainField`
    share, subfields being (code, value) pairs."""

    @property
    def tag(self) -> str: ...

    @property
    def indicators(self) -> pymarc.Indicators | None: ...

    @property
    def subfields(self) -> Sequence[tuple[str, str]]: ...

    @property
    def data(self) -> str | None: ...

    @property
    def control_field(self) -> bool: ...


class PlainField(NamedTuple):
    """A field as the ISO 2709 and MARCXML readers decode it: what ``pymarc.Field(tag, indicators,
    subfields, data)`` holds, in one tuple with plain (code, value) pairs as subfields. Making the pymarc
    objects of every field and subfield was a third of the time spent reading a record, and the normaliser
    reads only these attributes."""

    tag: str
    indicators: pymarc.Indicators | None
    subfields: Sequence[tuple[str, str]]
    data: str | None
    control_field: bool


new_plain_field = functools.partial(tuple.__new__, PlainField)
"""``new_plain_field((tag, indicators, subfields, data, control_field))``, made in C; the caller vouches
that the values are what :func:`plain_field` would make of them."""


def plain_field(
    tag: str,
    indicators: pymarc.Indicators | None = None,
    subfields: Sequence[tuple[str, str]] | None = None,
    data: str | None = None,
) -> PlainField:
    """What ``pymarc.Field(tag, indicators, subfields, data)`` holds (``indicators`` an ``Indicators`` or
    None): a control field (tag below 010) keeps only its data, any other field only its indicators
    (blank when there are none) and subfields. Tags of other lengths are pymarc's to pad or convert."""
    if len(tag) != _TAG_LENGTH:
        made = pymarc.Field(tag, indicators, list(_as_subfields(subfields or ())), data)
        return new_plain_field((made.tag, made.indicators, made.subfields, made.data, made.control_field))
    if tag < "010" and tag.isdigit():  # pymarc's test for a control field
        return new_plain_field((tag, None, (), data, True))
    return new_plain_field((tag, indicators or BLANK_INDICATORS, subfields or [], None, False))


def _pymarc_field(field: PlainField) -> pymarc.Field:
    """``field`` as the ``pymarc.Field`` it stands for. A plain field holds what pymarc's constructor
    makes of its arguments, so the attributes are set directly."""
    made = _new_object(pymarc.Field)
    made.tag = field.tag
    made.data = field.data
    made.control_field = field.control_field
    made.subfields = list(_as_subfields(field.subfields))
    made._indicators = field.indicators
    return made


_RECORD_FIELDS = pymarc.Record.__dict__["fields"]  # the slot a pymarc.Record keeps its fields in


class ReadRecord(pymarc.Record):
    """A ``pymarc.Record`` whose fields stay :class:`PlainField` tuples until something asks for
    ``fields``: then they become the ``pymarc.Field`` objects pymarc itself would have made, and
    ``plain_fields`` is None from then on (whatever is done to ``fields`` is the record). The normaliser
    reads the plain fields (:func:`fields_of`); everything else sees an ordinary pymarc record."""

    __slots__ = ("plain_fields",)

    def __init__(self, plain_fields: list[PlainField], **record: Any) -> None:
        """``record`` as for ``pymarc.Record`` (leader, force_utf8), without fields or data."""
        super().__init__(**record)
        self.plain_fields: list[PlainField] | None = plain_fields

    @property
    def fields(self) -> list[pymarc.Field]:
        """The record's ``pymarc.Field`` objects, made from the plain fields the first time."""
        plain = self.plain_fields
        if plain is not None:
            self.plain_fields = None
            _RECORD_FIELDS.__set__(self, list(map(_pymarc_field, plain)))
        fields: list[pymarc.Field] = _RECORD_FIELDS.__get__(self)
        return fields

    @fields.setter
    def fields(self, fields: list[pymarc.Field]) -> None:
        self.plain_fields = None
        _RECORD_FIELDS.__set__(self, fields)


def fields_of(record: pymarc.Record) -> Sequence[MarcField]:
    """The fields of ``record`` as the normaliser reads them, in record order: a :class:`ReadRecord`'s
    plain fields while it has them, else the pymarc fields."""
    if isinstance(record, ReadRecord) and record.plain_fields is not None:
        return record.plain_fields
    fields: list[pymarc.Field] = record.fields
    return fields


def is_nfc(text: str) -> bool:
    """``unicodedata.is_normalized("NFC", text)``, told at once for text in Latin-1 (Finnish and Swedish
    text nearly always is): no Latin-1 character decomposes, combines or reorders, so every Latin-1 string
    is NFC, and encoding one is a copy where the check looks every character up."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return unicodedata.is_normalized("NFC", text)
    return True


def compose_text(record: pymarc.Record) -> pymarc.Record:
    """``record`` with every control field and subfield value in Unicode NFC (changed in place).

    Nearly every record is NFC already, which one check of all its values joined together tells."""
    fields = fields_of(record)
    values = [field.data or "" for field in fields if field.control_field]
    values += [value for field in fields if not field.control_field for _, value in field.subfields]
    if is_nfc(_VALUE_SEPARATOR.join(values)):
        return record
    if isinstance(record, ReadRecord) and record.plain_fields is not None:
        record.plain_fields = [
            field._replace(data=_nfc(field.data))
            if field.control_field
            else field._replace(subfields=_nfc_subfields(field.subfields))
            for field in record.plain_fields
        ]
        return record
    for field in record.fields:
        if field.control_field:
            field.data = _nfc(field.data)
        else:
            field.subfields = list(_as_subfields(_nfc_subfields(field.subfields)))
    return record


def _nfc(data: str | None) -> str | None:
    return unicodedata.normalize("NFC", data) if data and not unicodedata.is_normalized("NFC", data) else data


def _nfc_subfields(subfields: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (code, value) pairs with every value in NFC."""
    return [(code, unicodedata.normalize("NFC", value)) for code, value in subfields]


def control_number(record: pymarc.Record) -> str | None:
    """The record's own id (001), stripped, or None when it is absent or blank."""
    for field in fields_of(record):
        if field.tag == "001":
            return field.data.strip() or None if field.data else None
    return None


def raw_record(
    record: pymarc.Record,
    *,
    source: str,
    location: str,
    position: int,
    format: RecordFormat,
    raw: bytes,
    fallback_id: str | None = None,
    nfc: bool = False,
) -> RawRecord:
    """The RawRecord for a decoded record: NFC text, 001 (else ``fallback_id``) as the id hint, and the
    delete flag from leader 05 (carried on to the normalised record, whose ``deleted`` the jobs act on).

    ``nfc`` says the decoder has already composed the text (the ISO 2709 reader does it field by field
    while it decodes, more cheaply than walking every value again here)."""
    if not nfc:
        compose_text(record)
    leader = str(record.leader)
    return RawRecord(
        source=source,
        location=location,
        position=position,
        format=format,
        payload=record,
        raw=raw,
        id_hint=control_number(record) or fallback_id,
        deleted=leader[5:6] == "d",
    )
