"""MARCXML files (a ``<collection>`` or a single ``<record>``), read one record at a time.

The file is streamed with ``iterparse`` and every finished record is cleared and unlinked, so a
collection of any size is read in constant memory. Records are found by local name in any namespace:
the MARC 21 slim namespace (default or ``marc:`` prefix), none at all (older exports), or MarcXchange.
The parser never resolves entities, loads a DTD or touches the network: feeds come from outside.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pymarc
from lxml import etree

from indexer.read.readers.limits import MAX_XML_RECORD_BYTES
from indexer.read.readers.marc import (
    PlainField,
    ReadRecord,
    new_indicators,
    new_plain_field,
    plain_field,
    raw_record,
)
from indexer.record import DeleteEvent, RawRecord, Rejection

_LEADER_LENGTH = 24
_TAG_LENGTH = 3
_BLOCK_SIZE = 1 << 16
# Melinda writes '^' for blanks in the leader and in the coded control fields.
_CODED_CONTROL_TAGS = frozenset({"006", "007", "008"})
# An OAI-PMH response saved to a file wraps each MARC record in an OAI <record>; that one is an envelope.
_OAI_NAMESPACE = "{http://www.openarchives.org/OAI/2.0/}"
_SUBFIELD = "{*}subfield"  # in any namespace or none, as lxml matches it


def read_marcxml(
    stream: BinaryIO, *, source: str, location: str
) -> Iterator[RawRecord | Rejection | DeleteEvent]:
    """Every ``record`` element of a MARCXML stream as a RawRecord; when the XML breaks, or a record runs
    past :data:`~indexer.read.readers.limits.MAX_XML_RECORD_BYTES`, one Rejection saying where, after the
    records that came before it.

    Saved OAI-PMH ``ListRecords`` pages are MARCXML inside OAI envelopes: the MARC records inside are read
    like any others, and a ``<header status="deleted">`` (which has no MARC record) is a DeleteEvent, so
    deletions in such files are honoured just as in a live harvest.
    """
    position = 0
    try:
        for element in _record_elements(stream):
            if element.tag.startswith(_OAI_NAMESPACE):
                deletion = _deleted_header(element, source)
                if deletion is not None:
                    position += 1
                    yield deletion
                _release(element)
                continue
            position += 1
            raw = etree.tostring(element)
            record = marc_record_from_element(element)
            _release(element)
            yield raw_record(
                record, source=source, location=location, position=position, format="marcxml", raw=raw
            )
    except etree.XMLSyntaxError as error:
        line, column = error.position
        reason = (
            f"the XML is not well-formed at line {line}, column {column} ({error.msg}); "
            "nothing after it was read"
        )
        yield Rejection(source, location, position + 1, None, reason)
    except _RecordTooLarge:
        reason = (
            f"a record runs on for more than {MAX_XML_RECORD_BYTES:,} bytes, far more than a MARC record "
            "can hold; nothing after it was read"
        )
        yield Rejection(source, location, position + 1, None, reason)


class _RecordTooLarge(Exception):
    """No record ended within :data:`MAX_XML_RECORD_BYTES` of the previous one."""


def _record_elements(stream: BinaryIO) -> Iterator[etree._Element]:
    """Every finished ``record`` element (MARC or OAI envelope), fed to libxml2 block by block so that
    the bytes since the last one can be counted. Raises ``XMLSyntaxError`` and :class:`_RecordTooLarge`,
    after the records that ended before the damage."""
    parser = etree.XMLPullParser(
        events=("end",),
        tag="{*}record",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        collect_ids=False,  # no xml:id lookups are made, so no table of them is built
    )
    unfinished = 0  # bytes fed since the block in which a record last ended
    try:
        while block := stream.read(_BLOCK_SIZE):
            parser.feed(block)
            unfinished += len(block)
            for element in _finished(parser):
                unfinished = len(block)
                yield element
            if unfinished > MAX_XML_RECORD_BYTES:
                raise _RecordTooLarge
    except etree.XMLSyntaxError:
        yield from _finished(parser)  # those that ended before the damage
        raise
    # Everything is fed and every record that ended has been handed on. A document cut short fails here,
    # and libxml2 (2.14 on) then ends the elements still open: those records did not end, so whatever this
    # call reports is dropped when it fails, or a cut-off download would index half a record.
    parser.close()
    yield from _finished(parser)


def _finished(parser: etree.XMLPullParser) -> Iterator[etree._Element]:
    return (element for _, element in parser.read_events() if isinstance(element, etree._Element))


def local_identifier(identifier: str) -> str:
    """The record's own id inside an OAI identifier: ``oai:helmet.fi:2364053`` → ``2364053``.

    Repositories following the OAI identifier scheme (``oai:<repository>:<local id>``) put the id the
    catalogue knows (MARC 001) last; a deleted header carries nothing else to name the record by.
    """
    scheme, _, rest = identifier.partition(":")
    repository, _, local = rest.partition(":")
    return local if scheme == "oai" and repository and local else identifier


def _deleted_header(envelope: etree._Element, source: str) -> DeleteEvent | None:
    header = envelope.find(f"{_OAI_NAMESPACE}header")
    if header is None or header.get("status") != "deleted":
        return None
    identifier = (header.findtext(f"{_OAI_NAMESPACE}identifier") or "").strip()
    return DeleteEvent(source, local_identifier(identifier), "marcxml") if identifier else None


def marc_record_from_element(element: etree._Element) -> pymarc.Record:
    """A ``pymarc.Record`` from one MARCXML ``record`` element, in any namespace or none.

    Damage that MARCXML readers meet in real feeds is absorbed rather than refused, because the
    normaliser can still use the rest: a leader of the wrong length is padded or cut to 24 characters
    (a missing one is blank), missing indicators are blanks, and '^' stands for a blank in the leader
    and in 006/007/008.
    """
    leader = " " * _LEADER_LENGTH
    fields: list[PlainField] = []
    for child in element:
        name = _LOCAL_NAMES[child.tag]
        if name == "datafield":
            pairs = [(sub.get("code", ""), sub.text or "") for sub in child.iterchildren(_SUBFIELD)]
            tag = child.get("tag", "")
            if tag < "010" and tag.isdigit():
                # A control tag written as a datafield: pymarc would keep no data for it, so keep the text.
                fields.append(plain_field(tag, data="".join(value for _, value in pairs)))
            else:
                indicators = new_indicators((child.get("ind1") or " ", child.get("ind2") or " "))
                if len(tag) == _TAG_LENGTH:  # a data field as pymarc keeps it: plain_field() in short
                    fields.append(new_plain_field((tag, indicators, pairs, None, False)))
                else:
                    fields.append(plain_field(tag, indicators, pairs))
        elif name == "controlfield":
            tag = child.get("tag", "")
            data = child.text or ""
            fields.append(plain_field(tag, data=_blanks(data) if tag in _CODED_CONTROL_TAGS else data))
        elif name == "leader":
            leader = _blanks(child.text or "").ljust(_LEADER_LENGTH)[:_LEADER_LENGTH]
    return ReadRecord(fields, leader=leader)


class _LocalNames(dict[object, str | None]):
    """Element tag → its local name (``{http://www.loc.gov/MARC21/slim}subfield`` → ``subfield``; None for
    comments, processing instructions and entities), remembered for the few tags a feed uses rather than
    worked out for every field. A feed inventing names without end only fills the first
    :data:`_REMEMBERED_NAMES`."""

    def __missing__(self, tag: object) -> str | None:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else None
        if len(self) < _REMEMBERED_NAMES:
            self[tag] = name
        return name


_REMEMBERED_NAMES = 256
_LOCAL_NAMES = _LocalNames()


def _blanks(text: str) -> str:
    return text.replace("^", " ")


def _release(element: etree._Element) -> None:
    """Free a finished record and the already handled records before it, keeping memory flat."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
