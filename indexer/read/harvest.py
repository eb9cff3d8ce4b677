"""The harvest loop: every record of one source, read by the right reader, one at a time.

For a file-based source each file of the location is opened in turn, its format detected from its head
(unless the source names one), and handed to the matching reader; for an OAI-PMH source the endpoint is
harvested. Damage stays as local as it can be: a broken record is a Rejection from the reader, a file in
no catalogue format or one that breaks off half-way is one Rejection for that file, and only a location
that cannot be read at all (missing path, refused download, OAI-PMH error) raises — after everything
read before it has been handed on.

After each file (and after a completed OAI-PMH harvest) a :class:`FileRead` says what was found in it,
so that a summary can tell which file of a directory was the bad one, and that a catalogue file with no
records was still read.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from indexer.read.formats import HEAD_SIZE, file_format
from indexer.read.locations import (
    DEFAULT_HTTP_OPTIONS,
    HttpOptions,
    Unreadable,
    is_http_url,
    open_location,
    open_range,
    peek_head,
)
from indexer.read.oaipmh import list_records
from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.onix import read_onix
from indexer.read.readers.sierra import read_sierra_json
from indexer.read.shares import FileShare
from indexer.read.sources import Source
from indexer.record import FileRead, HarvestItem, ReaderItem, RecordFormat, Rejection

NOT_A_CATALOGUE_FILE = "not a MARC21, MARCXML, ONIX or Sierra JSON file"


class Reader(Protocol):
    def __call__(self, stream: BinaryIO, *, source: str, location: str) -> Iterator[ReaderItem]: ...


READERS: dict[RecordFormat, Reader] = {
    "marc21": read_marc21,
    "marcxml": read_marcxml,
    "sierra_json": read_sierra_json,
    "onix3": read_onix,
    "onix21": read_onix,
}


def harvest(
    source: Source, *, since: str | None = None, http: HttpOptions = DEFAULT_HTTP_OPTIONS
) -> Generator[HarvestItem, None, str | None]:
    """Everything ``source`` holds, or with ``since`` (ISO 8601) what changed since then: for OAI-PMH the
    records the endpoint reports changed (``from=``), for files those modified since (URLs are always read).

    Returns, as the generator's value, the datestamp to harvest from next time: for an OAI-PMH source
    that was harvested to its end, else ``None``. It is returned rather than stored so that the caller
    stores it only once it has also *indexed* everything (:mod:`indexer.read.harvest_state`).

    Raises :class:`indexer.read.locations.LocationError` (or its subclass
    :class:`indexer.read.oaipmh.OaiPmhError`) when the location cannot be read at all or stops part way.
    """
    endpoint = source.oai_endpoint
    if endpoint is None:
        for entry in open_location(source.location, http=http):
            if isinstance(entry, Unreadable):
                yield from _whole_file_rejected(source, entry.name, f"cannot open: {entry.reason}")
            elif since is not None and _unchanged_since(entry[0], since):
                entry[1].close()
            else:
                yield from _read_file(source, *entry)
        return None
    tally = _Tally()
    records = list_records(
        endpoint,
        source=source.municipality,
        metadata_prefix=source.oai_metadata_prefix,
        set_spec=source.set_spec,
        since=since,
        http=http,
    )
    checkpoint: str | None = yield from tally.counting(records)
    yield tally.file_read(source.municipality, endpoint, "marcxml")
    return checkpoint


def _unchanged_since(name: str, since: str) -> bool:
    """A local file last modified before ``since`` (ISO 8601); URLs always count as changed."""
    if is_http_url(name):
        return False
    moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Path(name).stat().st_mtime < moment.timestamp()


def _read_file(source: Source, name: str, stream: BinaryIO) -> Iterator[HarvestItem]:
    try:
        head, stream = peek_head(stream, HEAD_SIZE)
    except OSError as error:
        yield from _whole_file_rejected(source, name, f"cannot read: {error}")
        return
    record_format = file_format(source.format, head)
    if record_format is None:
        yield from _whole_file_rejected(source, name, NOT_A_CATALOGUE_FILE, raw=head)
        return
    records = READERS[record_format](stream, source=source.municipality, location=name)
    yield from _counted(source, name, record_format, records)


def harvest_share(source: Source, share: FileShare) -> Generator[HarvestItem, None, str | None]:
    """The records of one share of ``source``'s ISO 2709 file (:mod:`indexer.read.shares`), with the positions
    a whole read gives them, and a :class:`FileRead` counting this share's part of the file. Returns
    ``None``, as :func:`harvest` does for a file source."""
    name = str(share.path)
    with open_range(share.path, share.start, share.end) as stream:
        records = read_marc21(
            stream, source=source.municipality, location=name, first_position=share.first_position
        )
        yield from _counted(source, name, "marc21", records)
    return None


def _counted(
    source: Source, name: str, record_format: RecordFormat, records: Iterator[ReaderItem]
) -> Iterator[HarvestItem]:
    """``records`` of one file, then its :class:`FileRead`."""
    tally = _Tally()
    try:
        yield from tally.counting(records)
    except Exception as error:  # a reader that gives up (or a download that breaks off) ends this file only
        reason = f"reading stopped after {tally.records} records: {error or type(error).__name__}"
        yield tally.count(Rejection(source.municipality, name, None, None, reason, file_damaged=True))
    yield tally.file_read(source.municipality, name, record_format)


def _whole_file_rejected(source: Source, name: str, reason: str, raw: bytes = b"") -> Iterator[HarvestItem]:
    """One Rejection for a file that yields no records at all; ``raw`` is its head, enough to see what
    it is without copying a whole stray file into the rejects file."""
    tally = _Tally()
    yield tally.count(Rejection(source.municipality, name, None, None, reason, raw, file_damaged=True))
    yield tally.file_read(source.municipality, name, None)


class _Tally:
    """Counts what passes through for the file's :class:`FileRead`: every item, the rejections, and the
    places where the file itself is damaged (the first one's reason kept)."""

    def __init__(self) -> None:
        self.records = 0
        self.rejected = 0
        self.damaged = 0
        self.damage: str | None = None

    def file_read(self, source: str, location: str, record_format: RecordFormat | None) -> FileRead:
        return FileRead(
            source, location, record_format, self.records, self.rejected, self.damaged, self.damage
        )

    def counting(self, items: Iterator[ReaderItem]) -> Generator[HarvestItem, None, Any]:
        """``items`` unchanged, counted; returns what ``items`` returns (the OAI-PMH checkpoint)."""
        while True:
            try:
                item = next(items)
            except StopIteration as finished:
                return finished.value
            yield self.count(item)

    def count(self, item: ReaderItem) -> ReaderItem:
        """``item``, counted."""
        self.records += 1
        if isinstance(item, Rejection):
            self.rejected += 1
            if item.file_damaged:
                self.damaged += 1
                self.damage = self.damage or item.reason
        return item
