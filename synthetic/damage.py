"""Deliberately broken records, of the kinds real feeds contain, so that the demo shows rejections.

Each function damages one record the way exporters and feeds do in practice: an ISO 2709 directory with
an offset that is not a number, a file cut off in the middle of its last record, a record or product
without a title.
"""

from __future__ import annotations

from typing import Literal

from synthetic.marc import MarcRecord

Damage = Literal["no-title", "bad-directory", "truncated"]

_TITLE_TAGS = frozenset({"130", "240", "245", "246"})
_LEADER_LENGTH = 24
_DIRECTORY_ENTRY_LENGTH = 12
_OFFSET_START = 7


def without_title(record: MarcRecord) -> MarcRecord:
    """``record`` with no 245, nor any other field (130, 240, 246) a title could be taken from."""
    return MarcRecord(record.leader, tuple(field for field in record.fields if field.tag not in _TITLE_TAGS))


def with_broken_directory(encoded: bytes) -> bytes:
    """An ISO 2709 record whose second directory entry has letters in its starting offset."""
    start = _LEADER_LENGTH + _DIRECTORY_ENTRY_LENGTH + _OFFSET_START
    return encoded[:start] + b"O0l" + encoded[start + 3 :]


def truncated(encoded: bytes) -> bytes:
    """The first half of an ISO 2709 record, without its record terminator: a transfer cut short."""
    return encoded[: len(encoded) // 2]
