"""MARCXML files (a ``<collection>`` or a single ``<record>``), read one record at a time.

The file is fed to a libxml2 pull parser in pieces cut before each ``<record`` start tag, and every
finished record is cleared and unlinked, so a collection of any size is read in constant memory; damage
costs the record it is in, and a new parser reads on from the next record (:class:`_Records`). Records
are found by local name in any namespace: the MARC 21 slim namespace (default or ``marc:`` prefix), none
at all (older exports), or MarcXchange. The parser never resolves entities, loads a DTD or touches the
network: feeds come from outside.
"""

from __future__ import annotations

import re
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
from indexer.read.readers.xml_elements import opening_tag, qualified_name, release
from indexer.record import DeleteEvent, RawRecord, ReaderItem, Rejection

_LEADER_LENGTH = 24
_TAG_LENGTH = 3
_BLOCK_SIZE = 1 << 16
# Melinda writes '^' for blanks in the leader and in the coded control fields.
_CODED_CONTROL_TAGS = frozenset({"006", "007", "008"})
# An OAI-PMH response saved to a file wraps each MARC record in an OAI <record>; that one is an envelope.
_OAI_NAMESPACE = "{http://www.openarchives.org/OAI/2.0/}"
_SUBFIELD = "{*}subfield"  # in any namespace or none, as lxml matches it
_RECORD = "{*}record"
_RECORD_START = re.compile(rb"<(?:([\w.-]+):)?record(?=[\s/>])")
_LONGEST_START_TAG = 64  # a '<' this close to the end of a block is held back: it may start a record
_NAMESPACE_DECLARATION = re.compile(rb"""xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']""")
_CONTROL_001 = re.compile(
    rb"""<(?:[\w.-]+:)?controlfield\s[^>]*?tag\s*=\s*["']001["'][^>]*>\s*([^<\s]+)\s*<"""
)
_REJECTED_BYTES = 1 << 16  # what a damaged record's Rejection keeps of its bytes
_WRAPPER_LINES = 1  # a parser that takes over is first given this many lines of opening tags
# libxml2 repeats the line and column inside its message, counted from where its parser started.
_EMBEDDED_POSITION = re.compile(r"\s*,\s*line \d+, column \d+\s*$")


def read_marcxml(stream: BinaryIO, *, source: str, location: str) -> Iterator[ReaderItem]:
    """Every ``record`` element of a MARCXML stream as a RawRecord, in order, and a Rejection for each
    place where the file is damaged.

    Damage of any kind (bytes that are not XML, a broken element, an invalid character, a record running
    past :data:`~indexer.read.readers.limits.MAX_XML_RECORD_BYTES`, a file that ends early) costs the
    record it is in and no more: that record is one Rejection (``file_damaged``, with the 001 when its
    bytes show one) and reading resumes at the next ``<record>`` start (:class:`_Records`).

    Saved OAI-PMH ``ListRecords`` pages are MARCXML inside OAI envelopes: the MARC records inside are read
    like any others, and a ``<header status="deleted">`` (which has no MARC record) is a DeleteEvent, so
    deletions in such files are honoured just as in a live harvest.
    """
    records = _Records(source, location)
    for piece in _pieces(stream):
        yield from records.feed(piece)
    yield from records.close()


def _pieces(stream: BinaryIO) -> Iterator[bytes]:
    """The file in pieces of at most about a block, each cut right before a ``<record`` start tag (of any
    prefix), so that damage is found in the piece of the record it is in. A ``<`` near the end of a block
    is held back for the next, where the tag it may start ends."""
    pending = b""
    while block := stream.read(_BLOCK_SIZE):
        pending += block
        held = pending.rfind(b"<", max(0, len(pending) - _LONGEST_START_TAG))
        ready, pending = (pending[:held], pending[held:]) if held >= 0 else (pending, b"")
        yield from _split_before_records(ready)
    yield from _split_before_records(pending)


def _split_before_records(data: bytes) -> Iterator[bytes]:
    start = 0
    for match in _RECORD_START.finditer(data):
        if match.start() > start:
            yield data[start : match.start()]
            start = match.start()
    if start < len(data):
        yield data[start:]


class _Damage:
    """A damaged stretch of the file being skipped, from where the record it hit started (or the damage,
    between records) to the next record start: its Rejection once its end is known."""

    def __init__(self, reason: str, *, position: int | None, offset: int, head: bytes) -> None:
        self.reason = reason
        self.position = position
        self.offset = offset
        self.raw = bytearray(head[:_REJECTED_BYTES])

    def extend(self, piece: bytes) -> None:
        self.raw += piece[: max(0, _REJECTED_BYTES - len(self.raw))]

    def rejection(self, source: str, location: str, *, resumed_at: int | None) -> Rejection:
        then = (
            f"reading resumed at the next record (byte {resumed_at:,})"
            if resumed_at is not None
            else "no record follows it"
        )
        what = "this record is skipped" if self.position is not None else "no record was in it"
        raw = bytes(self.raw)
        reason = f"{self.reason}; {what}, {then}"
        return Rejection(
            source, location, self.position, _control_number(raw), reason, raw, self.offset, file_damaged=True
        )


class _Records:
    """A strict libxml2 pull parser fed piece by piece, the records that come out of it, and the new
    parser that takes over after damage.

    The parser is strict (not libxml2's recovery mode): a record whose XML breaks is not guessed at but
    rejected whole. The damaged stretch, from the start of the record it hit to the next ``<record>`` start
    of the same kind, is skipped unparsed; a new parser is then given the opening tags of the elements the
    records sit in (the collection, or an OAI-PMH page's envelope) and reads on. Records are told apart
    from the MARC records inside OAI envelopes by namespace, so that a damaged envelope is skipped whole.
    """

    def __init__(self, source: str, location: str) -> None:
        self._source = source
        self._location = location
        self._parser = _new_parser()
        self._position = 0  # records and delete events handed on, and records lost to damage
        self._offset = 0  # bytes of the file before the piece being fed
        self._lines = 0  # newlines before it
        self._column = 0  # bytes on its line before it
        # Where the parser's own input (after a wrapper) starts: file line, column before it, parser line.
        self._origin = (1, 0, 1)
        self._parent: etree._Element | None = None  # of the last top-level record that started
        # The namespace of those records, and the namespaces in scope where they start.
        self._namespace: tuple[str | None, dict[str | None, str]] | None = None
        self._record: bytearray | None = None  # bytes of the top-level record started and not yet ended
        self._record_offset = 0
        self._unfinished = 0  # bytes fed since a top-level record last ended
        self._damage: _Damage | None = None

    def feed(self, piece: bytes) -> Iterator[ReaderItem]:
        starts = self._starts_record(piece)
        if self._damage is not None:
            if not starts:
                self._damage.extend(piece)
                self._advance(piece)
                return
            yield self._damage.rejection(self._source, self._location, resumed_at=self._offset)
            self._take_over()
        if starts:
            self._record, self._record_offset = bytearray(), self._offset
        if self._record is not None and len(self._record) < _REJECTED_BYTES:
            self._record += piece
        record, position = self._record, self._position
        try:
            self._parser.feed(piece)
        except etree.XMLSyntaxError as error:
            if any(self._ended()):
                # A record that ended in the piece where the XML broke is not trusted: a stray
                # "</record>" ends a record half-way, and the error comes where the record really ends.
                self._record, self._position = record, position
            self._damaged(self._not_well_formed(error), piece)
        else:
            yield from self._ended()
            self._unfinished += len(piece)
            if self._unfinished > MAX_XML_RECORD_BYTES:
                reason = (
                    f"a record runs on for more than {MAX_XML_RECORD_BYTES:,} bytes, far more than a MARC "
                    "record can hold"
                )
                self._damaged(reason, b"")
        self._advance(piece)

    def close(self) -> Iterator[ReaderItem]:
        """The end of the file: a stretch skipped to its end, or what the last parser makes of it."""
        if self._damage is not None:
            yield self._damage.rejection(self._source, self._location, resumed_at=None)
            return
        try:
            self._parser.close()
        except etree.XMLSyntaxError as error:
            # A document cut short fails here, and libxml2 (2.14 on) then ends the elements still open: those
            # records did not end, so whatever this call reports is dropped, or a cut-off download would
            # index half a record.
            self._damaged(self._not_well_formed(error), b"")
            yield from self.close()
            return
        yield from self._ended()

    def _ended(self) -> Iterator[ReaderItem]:
        """What the parser finished since the last call: records and deleted envelopes handed on."""
        for event, element in self._parser.read_events():
            if not isinstance(element, etree._Element):
                continue
            parent = element.getparent()
            if event == "start":
                if parent is not self._parent and next(element.iterancestors(_RECORD), None) is None:
                    self._learn_context(element, parent)
                continue
            if parent is self._parent:  # a top-level record: in the element the last one started in
                self._record = None
                self._unfinished = 0
            item = self._item(element)
            release(element)
            if item is not None:
                yield item

    def _item(self, element: etree._Element) -> RawRecord | DeleteEvent | None:
        if element.tag.startswith(_OAI_NAMESPACE):
            deletion = _deleted_header(element, self._source, self._location)
            if deletion is not None:
                self._position += 1
            return deletion
        self._position += 1
        raw = etree.tostring(element, with_tail=False)
        record = marc_record_from_element(element)
        return raw_record(
            record,
            source=self._source,
            location=self._location,
            position=self._position,
            format="marcxml",
            raw=raw,
        )

    def _damaged(self, reason: str, piece: bytes) -> None:
        """Skip from here to the next record start: the record being read, if any, is lost with it."""
        if self._record is not None:
            self._position += 1
            self._damage = _Damage(
                reason, position=self._position, offset=self._record_offset, head=bytes(self._record)
            )
        else:
            self._damage = _Damage(reason, position=None, offset=self._offset, head=piece)
        self._record = None

    def _not_well_formed(self, error: etree.XMLSyntaxError) -> str:
        line, column = error.position
        file_line, first_column, parser_line = self._origin
        line = max(line, parser_line)  # an empty input fails on line 0, an empty stretch on the wrapper's
        file_column = column + first_column if line == parser_line else column
        file_line += line - parser_line
        message = _EMBEDDED_POSITION.sub("", error.msg).strip()
        return f"the XML is not well-formed at line {file_line}, column {file_column} ({message})"

    def _learn_context(self, record: etree._Element, parent: etree._Element | None) -> None:
        """Remember what a top-level record (one in no other record) sits in, for telling top-level records
        by their parent (lxml hands out the same proxy for an element while one is referenced), for
        :meth:`_starts_record` and for :meth:`_take_over`."""
        self._parent = parent
        in_scope = dict(parent.nsmap) if parent is not None else {}
        # Not etree.QName: a prefix no one declared stays in the tag (``marc:record``), which it refuses.
        namespace = record.tag[1:].partition("}")[0] if record.tag.startswith("{") else None
        self._namespace = (namespace, in_scope)

    def _starts_record(self, piece: bytes) -> bool:
        """Whether ``piece`` starts with a record start tag of the kind the file's top-level records are
        (in an OAI-PMH page the envelope, not the MARC record in it), by the namespace it resolves to."""
        match = _RECORD_START.match(piece)
        if match is None or self._namespace is None:
            return match is not None
        namespace, in_scope = self._namespace
        end = piece.find(b">")
        declared = dict(_NAMESPACE_DECLARATION.findall(piece[: end if end >= 0 else len(piece)]))
        prefix = match.group(1) or b""
        uri = declared.get(prefix)
        found = (
            in_scope.get(prefix.decode("ascii") or None) if uri is None else uri.decode("utf-8", "replace")
        )
        return found == namespace

    def _take_over(self) -> None:
        """A new parser for what follows the damage, inside the elements the records sat in."""
        self._damage = None
        self._unfinished = 0
        self._parser = _new_parser()
        self._parser.feed(_wrapper(self._parent))
        self._origin = (self._lines + 1, self._column, _WRAPPER_LINES + 1)

    def _advance(self, piece: bytes) -> None:
        self._offset += len(piece)
        newlines = piece.count(b"\n")
        self._lines += newlines
        self._column = len(piece) - piece.rfind(b"\n") - 1 if newlines else self._column + len(piece)


def _wrapper(parent: etree._Element | None) -> bytes:
    """An XML declaration in the file's encoding and the opening tags of ``parent`` and its ancestors, on
    :data:`_WRAPPER_LINES` lines of their own (a ``<collection>`` when no record was seen to sit in one)."""
    if parent is None:
        return b'<?xml version="1.0" encoding="UTF-8"?><collection>\n'
    encoding = parent.getroottree().docinfo.encoding or "UTF-8"
    elements = [*reversed(list(parent.iterancestors())), parent]
    tags = "".join(opening_tag(qualified_name(element), element.nsmap, {}) for element in elements)
    try:
        return f'<?xml version="1.0" encoding="{encoding}"?>{tags}\n'.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return f'<?xml version="1.0" encoding="UTF-8"?>{tags}\n'.encode()


def _control_number(raw: bytes) -> str | None:
    """The 001 of a damaged record, when its bytes show one."""
    found = _CONTROL_001.search(raw)
    return found.group(1).decode("utf-8", "replace") if found else None


def _new_parser() -> etree.XMLPullParser:
    return etree.XMLPullParser(
        events=("start", "end"),
        tag=_RECORD,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        collect_ids=False,  # no xml:id lookups are made, so no table of them is built
    )


def local_identifier(identifier: str) -> str:
    """The record's own id inside an OAI identifier: ``oai:helmet.fi:2364053`` → ``2364053``.

    Repositories following the OAI identifier scheme (``oai:<repository>:<local id>``) put the id the
    catalogue knows (MARC 001) last; a deleted header carries nothing else to name the record by.
    """
    scheme, _, rest = identifier.partition(":")
    repository, _, local = rest.partition(":")
    return local if scheme == "oai" and repository and local else identifier


def _deleted_header(envelope: etree._Element, source: str, location: str) -> DeleteEvent | None:
    header = envelope.find(f"{_OAI_NAMESPACE}header")
    if header is None or header.get("status") != "deleted":
        return None
    identifier = (header.findtext(f"{_OAI_NAMESPACE}identifier") or "").strip()
    return DeleteEvent(source, local_identifier(identifier), "marcxml", location) if identifier else None


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
