"""Helmet Sierra REST API bib JSON, turned into the same ``pymarc.Record`` the other MARC readers give.

A page of the API (``{"entries": [...]}``), a bare array of bibs or one bib object is accepted. Each bib's
``varFields`` carry ``marcTag``/``ind1``/``ind2``/``subfields`` (``content`` for control fields) and the
leader sits in the varField with ``fieldTag`` ``_``; varFields without a ``marcTag`` are Sierra's own
non-MARC notes and are left out. ``materialType.code`` is kept in 998 $d (see
:data:`indexer.read.readers.marc.SIERRA_MATERIAL_TAG`), and the bib id stands in for a missing 001.

An API page is at most a few thousand bibs, so the file is parsed whole with ``json``; memory stays small,
because a file beyond :data:`~indexer.read.readers.limits.MAX_JSON_DOCUMENT_BYTES` is refused unparsed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import pymarc

from indexer.read.readers.limits import MAX_JSON_DOCUMENT_BYTES
from indexer.read.readers.marc import SIERRA_MATERIAL_CODE, SIERRA_MATERIAL_TAG, raw_record
from indexer.record import RawRecord, Rejection

_LEADER_FIELD_TAG = "_"
_LEADER_LENGTH = 24
_REJECTED_HEAD_BYTES = 1024


def read_sierra_json(stream: BinaryIO, *, source: str, location: str) -> Iterator[RawRecord | Rejection]:
    """Every bib of a Sierra bib JSON document as a RawRecord; a bib that is not a bib, and a document
    that is not JSON of a known shape, become Rejections."""
    data = stream.read(MAX_JSON_DOCUMENT_BYTES + 1)
    if len(data) > MAX_JSON_DOCUMENT_BYTES:
        reason = (
            f"the file is larger than {MAX_JSON_DOCUMENT_BYTES:,} bytes, far more than a page of the "
            "Sierra API; it is not read (harvest it in pages)"
        )
        yield Rejection(source, location, None, None, reason, data[:_REJECTED_HEAD_BYTES], file_damaged=True)
        return
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        reason = f"the file is not valid JSON ({error})"
        yield Rejection(source, location, None, None, reason, file_damaged=True)
        return
    bibs = _bibs(document)
    if bibs is None:
        reason = "the JSON is neither a list of Sierra bibs, an {'entries': [...]} page nor one bib"
        yield Rejection(source, location, None, None, reason, file_damaged=True)
        return
    for position, bib in enumerate(bibs, start=1):
        yield _read_bib(bib, source=source, location=location, position=position)


def _bibs(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        entries = document.get("entries")
        if isinstance(entries, list):
            return entries
        if "varFields" in document:
            return [document]
    return None


def _read_bib(bib: Any, *, source: str, location: str, position: int) -> RawRecord | Rejection:
    raw = json.dumps(bib, ensure_ascii=False).encode()
    bib_id = _text(bib.get("id")) if isinstance(bib, dict) else None
    var_fields = bib.get("varFields") if isinstance(bib, dict) else None
    if not isinstance(var_fields, list):
        return Rejection(
            source, location, position, bib_id, "not a Sierra bib: it has no varFields list", raw
        )
    leader = " " * _LEADER_LENGTH
    fields: list[pymarc.Field] = []
    for var_field in var_fields:
        if not isinstance(var_field, dict):
            continue
        if var_field.get("fieldTag") == _LEADER_FIELD_TAG and "marcTag" not in var_field:
            leader = _text(var_field.get("content")).ljust(_LEADER_LENGTH)[:_LEADER_LENGTH]
            continue
        field = _marc_field(var_field)
        if field is not None:
            fields.append(field)
    material = _material_code(bib)
    if material:
        fields.append(
            pymarc.Field(
                tag=SIERRA_MATERIAL_TAG,
                indicators=pymarc.Indicators(" ", " "),
                subfields=[pymarc.Subfield(SIERRA_MATERIAL_CODE, material)],
            )
        )
    record = pymarc.Record(leader=leader, fields=fields)
    return raw_record(
        record,
        source=source,
        location=location,
        position=position,
        format="sierra_json",
        raw=raw,
        fallback_id=bib_id or None,
    )


def _marc_field(var_field: dict[str, Any]) -> pymarc.Field | None:
    tag = _text(var_field.get("marcTag"))
    if not tag:
        return None
    subfields = var_field.get("subfields")
    if tag < "010" and tag.isdigit():
        return pymarc.Field(tag=tag, data=_text(var_field.get("content")))
    indicators = pymarc.Indicators(_text(var_field.get("ind1")) or " ", _text(var_field.get("ind2")) or " ")
    if isinstance(subfields, list):
        values = [
            pymarc.Subfield(_text(subfield.get("tag")), _text(subfield.get("content")))
            for subfield in subfields
            if isinstance(subfield, dict)
        ]
    elif "content" in var_field:
        # Sierra keeps some MARC-tagged notes unstructured; their text is what $a would hold.
        values = [pymarc.Subfield("a", _text(var_field.get("content")))]
    else:
        return None
    return pymarc.Field(tag=tag, indicators=indicators, subfields=values)


def _material_code(bib: dict[str, Any]) -> str:
    material = bib.get("materialType")
    return _text(material.get("code")).strip() if isinstance(material, dict) else ""


def _text(value: Any) -> str:
    """JSON scalars as text: the API writes ids as strings today but numbers are seen in older dumps."""
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)
