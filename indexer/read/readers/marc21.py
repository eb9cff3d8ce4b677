"""ISO 2709 (binary MARC 21) files, read one record at a time.

pymarc's ``MARCReader`` finds the end of a record by the length in leader 00-04. Helmet's exports write
``00000`` there (``MARCReader`` then reads the whole rest of the file as one record), and other exporters
count characters instead of bytes or are off by one (every following record is then read out of step).
The record terminator 0x1D is what actually ends a record, so the stream is split on it here, in fixed
size blocks (constant memory however large the file: a record that has no terminator within
:data:`~indexer.read.readers.limits.MAX_ISO2709_RECORD_BYTES` is rejected, not collected), and each chunk is
decoded as ``pymarc.Record`` decodes it – the decoder ``MARCReader`` calls, with the same options
(``to_unicode=True``, ``force_utf8`` off unless detected below, ``utf8_handling='replace'``;
``MARCReader``'s ``permissive`` flag changes nothing in pymarc 5 because its per-record error capture is
exactly what this module does).

Leader 09 blank claims MARC-8, but Helmet records often carry UTF-8 behind it. A chunk that is valid
UTF-8 and has multi-byte sequences is decoded as UTF-8: real MARC-8 text (combining marks 0xE0-0xFE
before a base letter, specials in 0xA1-0xCF) practically never forms valid UTF-8 sequences. Text in
any of these encodings ends up as Unicode NFC (:func:`indexer.read.readers.marc.raw_record`).

pymarc's decoder is the measured bottleneck of a harvest (about 2,600 records/s of typical 1.7 KB records
on one core, when the whole read + normalise step has to reach 3,000): it decodes every subfield on its
own, asks the leader for its coding scheme once per subfield, and builds every field and subfield through
constructors that check arguments a decoder never gets wrong. Well-formed UTF-8 records, nearly all of a
real feed, are therefore decoded here by :func:`_plain_record`, several times as fast: the directory is
parsed with one regular expression, the fields' bytes are decoded in one call when they follow one
another as exporters write them, and each field becomes a :class:`~indexer.read.readers.marc.PlainField` of a
:class:`~indexer.read.readers.marc.ReadRecord` (pymarc's objects are made only if something asks for them).
It hands a record back only when pymarc would decode it to exactly the same leader,
tags, indicators, codes and values; anything else – MARC-8 text, an unreadable leader or directory,
missing or extra indicators, a non-ASCII subfield code, a field cut inside a UTF-8 sequence – goes to
pymarc, with its repairs, warnings and errors. ``tests/indexer/read/readers/test_marc21_plain.py`` holds the
two decoders to that promise.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO, Literal

import pymarc

from indexer.read.readers.limits import MAX_ISO2709_RECORD_BYTES
from indexer.read.readers.marc import (
    PlainField,
    ReadRecord,
    is_nfc,
    new_indicators,
    new_plain_field,
    raw_record,
)
from indexer.record import RawRecord, Rejection

RECORD_TERMINATOR = 0x1D
_BLOCK_SIZE = 1 << 16
_MAX_LEADER_LENGTH = 99999
_REJECTED_HEAD_BYTES = 1024  # what an oversized record's Rejection keeps: enough to see what it was
_ESCAPE = 0x1B  # MARC-8 switches character sets with escape sequences
# Bytes some exporters put between records (line breaks, padding); they are not part of any record.
_INTER_RECORD_PADDING = b"\r\n\x00\x1a "

_LEADER_LENGTH = 24
_DIRECTORY_ENTRY_LENGTH = 12
# A directory entry: tag, field length (4 digits) and offset from the base address (5 digits).
_DIRECTORY_ENTRY = re.compile(r"(...)(\d{4})(\d{5})", re.ASCII | re.DOTALL)
_INDICATOR_COUNT = 2
# (code, value) of every subfield that has a code; pymarc skips the empty ones too.
_SUBFIELD = re.compile("\x1f([^\x1f])([^\x1f]*)")
_NON_ASCII_SUBFIELD_CODE = re.compile(b"\x1f[\x80-\xff]")
# Two ASCII indicators, then the first subfield or the end of the field: what pymarc takes without repair.
_INDICATORS = re.compile("[\x00-\x1e\x20-\x7f]{2}(?:\x1f|\\Z)")
_FIELD_TERMINATOR = b"\x1e"
_MAX_CONTROL_NUMBER = 50  # characters: 001s are a dozen or so, a longer "first field" is something else
_FIELD_TERMINATOR_TEXT = "\x1e"


def read_marc21(
    stream: BinaryIO, *, source: str, location: str, first_position: int = 1
) -> Iterator[RawRecord | Rejection]:
    """Every record of an ISO 2709 stream as a RawRecord, or a Rejection when it cannot be decoded.

    ``first_position``: the position in its file of the stream's first record, when the stream is one
    share of a file (:mod:`indexer.read.shares`): positions name records that have no id of their own.
    """
    for position, (chunk, ending) in enumerate(_record_chunks(stream), start=first_position):
        if ending == "cut":
            reason = "the file ends in the middle of a record"
            yield Rejection(
                source, location, position, _control_number(chunk), reason, chunk, file_damaged=True
            )
        elif ending == "oversized":
            reason = (
                f"no record terminator within {MAX_ISO2709_RECORD_BYTES:,} bytes, far more than a MARC "
                "record can hold; skipped to the next terminator (the first bytes are kept here)"
            )
            yield Rejection(
                source, location, position, _control_number(chunk), reason, chunk, file_damaged=True
            )
        else:
            yield _decode(chunk, source=source, location=location, position=position)


def count_records(stream: BinaryIO) -> int:
    """How many positions :func:`read_marc21` gives out for ``stream``: one per record or rejection."""
    return sum(1 for _ in _record_chunks(stream))


_Ending = Literal["terminated", "cut", "oversized"]


def _record_chunks(stream: BinaryIO) -> Iterator[tuple[bytes, _Ending]]:
    """(bytes of one record including its terminator, "terminated") for each record; (its first bytes,
    "oversized") for one that runs past :data:`MAX_ISO2709_RECORD_BYTES`, whose rest up to the next
    terminator is skipped unread into memory; at the end possibly (trailing bytes, "cut")."""
    buffer = bytearray()
    searched = 0
    skipping = False  # inside an oversized record: everything up to the next terminator is dropped
    while block := stream.read(_BLOCK_SIZE):
        buffer += block
        start = 0
        while (end := buffer.find(RECORD_TERMINATOR, searched)) >= 0:
            chunk = bytes(buffer[start : end + 1]).lstrip(_INTER_RECORD_PADDING)
            start = searched = end + 1
            if skipping:
                skipping = False
            elif len(chunk) > 1:
                yield chunk, "terminated"
        del buffer[:start]
        searched = len(buffer)
        if len(buffer) > MAX_ISO2709_RECORD_BYTES and not skipping:
            yield bytes(buffer[:_REJECTED_HEAD_BYTES]), "oversized"
            skipping = True
        if skipping:
            buffer.clear()
            searched = 0
    rest = bytes(buffer).strip(_INTER_RECORD_PADDING)
    if rest and not skipping:
        yield rest, "cut"


def _decode(chunk: bytes, *, source: str, location: str, position: int) -> RawRecord | Rejection:
    text = _utf8_text(chunk)
    record = None if text is None else _plain_record(chunk, text)
    composed = record is not None
    if record is None:
        utf8 = text is not None or _damaged_utf8(chunk)
        try:
            record = pymarc.Record(
                _prepared(chunk, utf8=utf8),
                to_unicode=True,
                force_utf8=utf8,
                hide_utf8_warnings=True,
                utf8_handling="replace",
            )
        except Exception as error:  # pymarc signals every kind of damage with a different exception
            return Rejection(source, location, position, _control_number(chunk), _reason(error), chunk)
    return raw_record(
        record, source=source, location=location, position=position, format="marc21", raw=chunk, nfc=composed
    )


def _plain_record(chunk: bytes, text: str) -> pymarc.Record | None:
    """A UTF-8 chunk (``text`` is all of it, decoded) as pymarc decodes it, with its text in NFC; None
    when the record is not plain enough to be sure of that.

    The leader and directory are checked in pymarc's order and with its limits, and an entry counts only
    when its length and offset are all digits, so that each field is cut from the bytes pymarc would cut
    it from. Fields pymarc repairs and logs (indicators that are not exactly two ASCII characters, a
    subfield code that is not ASCII) make the record pymarc's. When the chunk's text is NFC, so is every
    part of it (a substring of an NFC string is NFC), and no value needs looking at.
    """
    data = _prepared(chunk, utf8=True)
    composed = is_nfc(text)
    try:
        leader = data[:_LEADER_LENGTH].decode("ascii")
        base_address = int(data[12:17])
        directory = data[_LEADER_LENGTH : base_address - 1].decode("ascii")
    except (UnicodeDecodeError, ValueError):
        return None
    entries = _DIRECTORY_ENTRY.findall(directory)
    if (
        not 0 < base_address < len(data)
        or not entries
        or len(entries) * _DIRECTORY_ENTRY_LENGTH != len(directory)
        or _NON_ASCII_SUBFIELD_CODE.search(data)
    ):
        return None
    tags, lengths, offsets = zip(*entries, strict=True)
    texts = _field_texts(data, base_address, list(map(int, lengths)), list(map(int, offsets)))
    if texts is None:
        return None
    fields: list[PlainField] = []
    # Directory tags have three characters, so pymarc's control field test is the whole of plain_field().
    for tag, field_text in zip(tags, texts, strict=True):
        if tag < "010" and tag.isdigit():
            fields.append(
                new_plain_field((tag, None, (), field_text if composed else _nfc(field_text), True))
            )
            continue
        if not _INDICATORS.match(field_text):
            return None
        pairs = _SUBFIELD.findall(field_text, _INDICATOR_COUNT)
        if not composed:
            pairs = [(code, _nfc(value)) for code, value in pairs]
        fields.append(new_plain_field((tag, new_indicators(field_text[:2]), pairs, None, False)))
    record = ReadRecord(fields, force_utf8=True)
    record.leader = pymarc.Leader(leader)  # the constructor would reset positions 10-11 and 20-23
    return record


def _field_texts(data: bytes, base_address: int, lengths: list[int], offsets: list[int]) -> list[str] | None:
    """The text of each field as pymarc cuts it from the record ``data``: the field's length less its
    terminator, from its offset after the base address. None when a field is not UTF-8.

    Exporters write the fields one after another in directory order, each ending in the field terminator;
    then all of them are decoded in one call and split at the terminators. Any other layout is cut field
    by field."""
    starts = list(itertools.accumulate(lengths, initial=0))
    body = data[base_address : base_address + starts.pop()]
    pieces = body.split(_FIELD_TERMINATOR)
    try:
        if (
            offsets == starts
            and len(pieces) == len(lengths) + 1
            and list(map(len, pieces)) == [length - 1 for length in lengths] + [0]
        ):
            return body.decode("utf-8").split(_FIELD_TERMINATOR_TEXT)[:-1]
        return [
            data[base_address + offset : base_address + offset + length - 1].decode("utf-8")
            for length, offset in zip(lengths, offsets, strict=True)
        ]
    except UnicodeDecodeError:
        return None


def _control_number(chunk: bytes) -> str | None:
    """The 001 of a record that cannot be decoded, when its bytes show it beyond doubt, so that the rejects
    file names the record a cataloguer must fix.

    The directory may be what is broken, so its offsets are not followed: exporters write the fields in
    directory order, so when the directory's first entry is 001 the first field (from the terminator that
    ends the directory to the next one) is its data. It is taken only when it looks like a control number:
    short, printable, no subfields, and as long as that entry says when the entry's length is a number.
    """
    if chunk[_LEADER_LENGTH : _LEADER_LENGTH + 3] != b"001":
        return None
    start = chunk.find(_FIELD_TERMINATOR, _LEADER_LENGTH) + 1
    end = chunk.find(_FIELD_TERMINATOR, start)
    length = chunk[_LEADER_LENGTH + 3 : _LEADER_LENGTH + 7]
    if start == 0 or end < 0 or (length.isdigit() and int(length) != end - start + 1):
        return None
    try:
        text = chunk[start:end].decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    return text if 0 < len(text) <= _MAX_CONTROL_NUMBER and text.isprintable() else None


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _prepared(chunk: bytes, *, utf8: bool) -> bytes:
    """``chunk`` as pymarc should see it: leader 00-04 set to the real length (pymarc rejects a record
    as truncated when the leader claims more bytes than there are, but the terminator already told
    where the record ends), and leader 09 blank when the text is MARC-8 (pymarc trusts an 'a' there)."""
    true_length = b"%05d" % min(len(chunk), _MAX_LEADER_LENGTH)
    coding = chunk[9:10] if utf8 or chunk[9:10] != b"a" else b" "
    return true_length + chunk[5:9] + coding + chunk[10:]


def _utf8_text(chunk: bytes) -> str | None:
    """The chunk's text when it is UTF-8 beyond doubt, whatever leader 09 claims: plain ASCII without
    escape sequences (it reads the same either way, and pymarc's MARC-8 converter walks it byte by byte at
    a fraction of the UTF-8 codec's speed), or valid UTF-8 with multi-byte sequences (Helmet's UTF-8 behind
    a MARC-8 flag)."""
    if chunk.isascii():
        return None if _ESCAPE in chunk else chunk.decode("ascii")
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _damaged_utf8(chunk: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 are still UTF-8 text: when the leader says UTF-8 and some
    sequences are valid it is UTF-8 with a few damaged bytes, which are replaced, rather than MARC-8
    behind a wrong 'a' (every non-ASCII byte invalid)."""
    return chunk[9:10] == b"a" and any(
        "\x80" <= char != "\ufffd" for char in chunk.decode("utf-8", "replace")
    )


def _reason(error: Exception) -> str:
    """Why pymarc gave up on a chunk, in words a cataloguer can act on."""
    if isinstance(error, UnicodeDecodeError):
        if error.encoding == "ascii":
            what = (
                "the leader, directory or indicators hold non-ASCII bytes "
                "(the directory's offsets probably do not match the data)"
            )
        elif error.encoding == "utf-8":
            what = "a control field is not valid UTF-8"
        else:
            what = "the MARC-8 text has an invalid character set escape or multibyte character"
    elif isinstance(error, ValueError):
        what = "the leader or directory has a length or offset that is not a number"
    else:
        what = str(error).strip() or "the record structure is damaged"
    return f"unreadable ISO 2709 record: {what} ({type(error).__name__})"
