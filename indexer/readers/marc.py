"""What the three MARC readers (ISO 2709, MARCXML, Sierra bib JSON) share once a ``pymarc.Record`` exists.

The normaliser sees one kind of record whichever way MARC arrived, so the finishing touches are made here
once: text in NFC (MARC-8 conversion and some UTF-8 exporters give decomposed letters, which would make
"Kääntäjä" two different strings in the index), and the RawRecord with its id hint and delete flag.
"""

from __future__ import annotations

import unicodedata

import pymarc

from indexer.record import RawRecord, RecordFormat

SIERRA_MATERIAL_TAG = "998"
"""The local field the Sierra bib material type code travels in (subfield ``d``), as in Sierra's own
MARC output ("BIB INFO" 998 $d MAT TYPE), so that Helmet records keep the only hint that tells an
e-book coded as a plain printed book (leader ``nam``) from a printed one."""
SIERRA_MATERIAL_CODE = "d"


def compose_text(record: pymarc.Record) -> pymarc.Record:
    """``record`` with every control field and subfield value in Unicode NFC (changed in place)."""
    for field in record.fields:
        if field.control_field:
            if field.data and not unicodedata.is_normalized("NFC", field.data):
                field.data = unicodedata.normalize("NFC", field.data)
        elif any(not unicodedata.is_normalized("NFC", subfield.value) for subfield in field.subfields):
            field.subfields = [
                pymarc.Subfield(subfield.code, unicodedata.normalize("NFC", subfield.value))
                for subfield in field.subfields
            ]
    return record


def control_number(record: pymarc.Record) -> str | None:
    """The record's own id (001), stripped, or None when it is absent or blank."""
    field = record.get("001")
    if field is None or not field.data:
        return None
    return field.data.strip() or None


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
    delete flag from leader 05 so that deletions can be routed before normalisation.

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
