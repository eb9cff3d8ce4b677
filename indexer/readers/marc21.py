"""ISO 2709 (binary MARC 21) files, read one record at a time.

pymarc's ``MARCReader`` finds the end of a record by the length in leader 00-04. Helmet's exports write
``00000`` there (``MARCReader`` then reads the whole rest of the file as one record), and other exporters
count characters instead of bytes or are off by one (every following record is then read out of step).
The record terminator 0x1D is what actually ends a record, so the stream is split on it here, in fixed
size blocks (constant memory however large the file), and each chunk is decoded with ``pymarc.Record`` –
the same decoder ``MARCReader`` calls, with the same options (``to_unicode=True``, ``force_utf8`` off
unless detected below, ``utf8_handling='replace'``; ``MARCReader``'s ``permissive`` flag changes nothing
in pymarc 5 because its per-record error capture is exactly what this module does).

Leader 09 blank claims MARC-8, but Helmet records often carry UTF-8 behind it. A chunk that is valid
UTF-8 and has multi-byte sequences is decoded as UTF-8: real MARC-8 text (combining marks 0xE0-0xFE
before a base letter, specials in 0xA1-0xCF) practically never forms valid UTF-8 sequences. Text in
any of these encodings ends up as Unicode NFC (:func:`indexer.readers.marc.raw_record`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pymarc

from indexer.readers.marc import raw_record
from indexer.record import RawRecord, Rejection

RECORD_TERMINATOR = 0x1D
_BLOCK_SIZE = 1 << 16
_MAX_LEADER_LENGTH = 99999
_ESCAPE = 0x1B  # MARC-8 switches character sets with escape sequences
# Bytes some exporters put between records (line breaks, padding); they are not part of any record.
_INTER_RECORD_PADDING = b"\r\n\x00\x1a "


def read_marc21(stream: BinaryIO, *, source: str, location: str) -> Iterator[RawRecord | Rejection]:
    """Every record of an ISO 2709 stream as a RawRecord, or a Rejection when it cannot be decoded."""
    position = 0
    for chunk, terminated in _record_chunks(stream):
        position += 1
        if not terminated:
            yield Rejection(
                source, location, position, None, "the file ends in the middle of a record", chunk
            )
            continue
        yield _decode(chunk, source=source, location=location, position=position)


def _record_chunks(stream: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """(bytes of one record including its terminator, True), then possibly (trailing bytes, False)."""
    buffer = bytearray()
    searched = 0
    while block := stream.read(_BLOCK_SIZE):
        buffer += block
        start = 0
        while (end := buffer.find(RECORD_TERMINATOR, searched)) >= 0:
            chunk = bytes(buffer[start : end + 1]).lstrip(_INTER_RECORD_PADDING)
            start = searched = end + 1
            if len(chunk) > 1:
                yield chunk, True
        del buffer[:start]
        searched = len(buffer)
    rest = bytes(buffer).strip(_INTER_RECORD_PADDING)
    if rest:
        yield rest, False


def _decode(chunk: bytes, *, source: str, location: str, position: int) -> RawRecord | Rejection:
    utf8 = _text_is_utf8(chunk)
    try:
        record = pymarc.Record(
            _prepared(chunk, utf8=utf8),
            to_unicode=True,
            force_utf8=utf8,
            hide_utf8_warnings=True,
            utf8_handling="replace",
        )
    except Exception as error:  # pymarc signals every kind of damage with a different exception
        return Rejection(source, location, position, None, _reason(error), chunk)
    return raw_record(record, source=source, location=location, position=position, format="marc21", raw=chunk)


def _prepared(chunk: bytes, *, utf8: bool) -> bytes:
    """``chunk`` as pymarc should see it: leader 00-04 set to the real length (pymarc rejects a record
    as truncated when the leader claims more bytes than there are, but the terminator already told
    where the record ends), and leader 09 blank when the text is MARC-8 (pymarc trusts an 'a' there)."""
    true_length = b"%05d" % min(len(chunk), _MAX_LEADER_LENGTH)
    coding = chunk[9:10] if utf8 or chunk[9:10] != b"a" else b" "
    return true_length + chunk[5:9] + coding + chunk[10:]


def _text_is_utf8(chunk: bytes) -> bool:
    """Whether the record's text is UTF-8, whatever leader 09 claims.

    Plain ASCII without escape sequences reads the same either way, and pymarc's MARC-8 converter
    walks it byte by byte at a fraction of the UTF-8 codec's speed. Valid UTF-8 with multi-byte
    sequences is UTF-8 behind a wrong flag (Helmet). Bytes that are not valid UTF-8 are MARC-8 unless
    the leader says UTF-8 and some sequences are valid: then it is UTF-8 with a few damaged bytes, which
    are replaced, rather than MARC-8 behind a wrong 'a' (every non-ASCII byte invalid).
    """
    if chunk.isascii():
        return _ESCAPE not in chunk
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return chunk[9:10] == b"a" and any(
            "\x80" <= char != "\ufffd" for char in chunk.decode("utf-8", "replace")
        )
    return True


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
