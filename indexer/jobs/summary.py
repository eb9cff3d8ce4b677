"""What a run did, per source and per file, as one JSON object.

The summary is the first thing a person reads after a harvest (and what a job record keeps), so it
answers the questions asked then: how much came in, how much made it through, how much was refused and
deleted, which file was the problem, and whether a whole location could not be read at all.

One set of counting rules, the same per file, per source and in total, and the same figures that a job's
progress reports (:mod:`indexer.jobs.progress`): each thing read is counted exactly once, so that
``read = normalised + rejected + deleted`` everywhere. ``read`` counts everything a reader or a feed
yielded (records, delete events, and the reader's own rejections: damaged records, damaged stretches, a
file in no catalogue format); ``normalised`` the records that came through normalisation and are not
marked deleted; ``rejected`` the reader's rejections and the normaliser's; ``deleted`` delete events and
normalised records marked deleted. ``refused`` (per source and in total) counts records whose documents
Elasticsearch then refused: they were normalised, and the rejects file says why they are not indexed.

Per file: ``complete`` is
false when the file itself was damaged (its XML broke, it ended early, bytes were skipped unread), and
``damage`` then says where first and how many places there were; the rejects file has an entry for each.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from indexer.record import DeleteEvent, FileRead, HarvestItem, NormalisedRecord, RawRecord, Rejection


@dataclass(slots=True)
class Counts:
    read: int = 0
    normalised: int = 0
    rejected: int = 0
    deleted: int = 0
    refused: int = 0


@dataclass(slots=True)
class FileSummary:
    """One file's :class:`FileRead` and what became of what was read from it (the module's rules)."""

    file: FileRead
    normalised: int = 0
    rejected: int = 0
    deleted: int = 0

    def to_dict(self) -> dict[str, Any]:
        file = self.file
        more = f" (and {file.damaged - 1} more places; see the rejects file)" if file.damaged > 1 else ""
        return {
            "file": file.location,
            "format": file.format,
            "read": file.records,
            "normalised": self.normalised,
            "rejected": self.rejected,
            "deleted": self.deleted,
            "complete": file.complete,
            "damage": None if file.damage is None else file.damage + more,
        }


@dataclass(slots=True)
class SourceSummary:
    counts: Counts = field(default_factory=Counts)
    files: list[FileSummary] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Summary:
    sources: dict[str, SourceSummary] = field(default_factory=dict)
    reading: dict[tuple[str, str | None], Counts] = field(default_factory=dict, repr=False)
    """What became of the things read from each file still being read, by (source, location): a file's
    FileRead comes after everything read from it, and takes these counts along."""
    last_read: dict[str, tuple[str, int | None]] = field(default_factory=dict, repr=False)
    """Per source, the file and position of the last raw record: what normalisation makes of a record (a
    normalised record, which has no location of its own, or a rejection) comes right after it."""
    found: int = field(default=0, repr=False)
    """Records and delete events read: whether anything at all was (:meth:`nothing_read`)."""

    def add(self, item: HarvestItem | NormalisedRecord) -> None:
        """Count one thing that passed through the run."""
        if isinstance(item, FileRead):
            outcome = self.reading.pop((item.source, item.location), Counts())
            files = self._source(item.source).files
            files.append(FileSummary(item, outcome.normalised, outcome.rejected, outcome.deleted))
            return
        counts = self._source(item.source).counts
        if isinstance(item, RawRecord):
            counts.read += 1
            self.found += 1
            self.last_read[item.source] = (item.location, item.position)
        elif isinstance(item, DeleteEvent):
            counts.read += 1
            counts.deleted += 1
            self.found += 1
            self._reading(item.source, item.location).deleted += 1
        elif isinstance(item, Rejection):
            if item.position is None or self.last_read.get(item.source) != (item.location, item.position):
                counts.read += 1  # the reader's own: read, and never normalised
            counts.rejected += 1
            self._reading(item.source, item.location).rejected += 1
        else:
            last = self.last_read.get(item.source)
            outcome = self._reading(item.source, last[0] if last else None)
            if item.deleted:
                counts.deleted += 1
                outcome.deleted += 1
            else:
                counts.normalised += 1
                outcome.normalised += 1

    def add_refused(self, rejection: Rejection) -> None:
        """A record Elasticsearch refused after it was normalised: counted apart (see the module)."""
        self._source(rejection.source).counts.refused += 1

    def absorb(self, other: Summary) -> None:
        """Add what another run part counted (a worker's part of a job) to this summary; parts reading
        shares of one file (:mod:`indexer.read.shares`), absorbed in file order, add up to one file."""
        for name, part in other.sources.items():
            mine = self._source(name)
            mine.counts = Counts(
                *(
                    a + b
                    for a, b in zip(
                        dataclasses.astuple(mine.counts), dataclasses.astuple(part.counts), strict=True
                    )
                )
            )
            for entry in part.files:
                if mine.files and mine.files[-1].file.location == entry.file.location:  # the next share
                    mine.files[-1] = _joined(mine.files[-1], entry)
                else:
                    mine.files.append(entry)
            mine.errors += part.errors
        self.found += other.found

    def add_error(self, source: str, message: str) -> None:
        """A location of ``source`` that could not be read (or stopped being readable part way)."""
        self._source(source).errors.append(message)

    def total(self) -> Counts:
        counts = [summary.counts for summary in self.sources.values()]
        return Counts(
            read=sum(count.read for count in counts),
            normalised=sum(count.normalised for count in counts),
            rejected=sum(count.rejected for count in counts),
            deleted=sum(count.deleted for count in counts),
            refused=sum(count.refused for count in counts),
        )

    def nothing_read(self) -> bool:
        """True when no location yielded a catalogue file or a record: the run as a whole failed."""
        catalogue_files = (entry.file for summary in self.sources.values() for entry in summary.files)
        return self.found == 0 and all(file.format is None for file in catalogue_files)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": {
                **dataclasses.asdict(self.total()),
                "sources": {
                    name: {
                        **dataclasses.asdict(summary.counts),
                        "files": [entry.to_dict() for entry in summary.files],
                        "errors": summary.errors,
                    }
                    for name, summary in self.sources.items()
                },
            }
        }

    def _source(self, name: str) -> SourceSummary:
        return self.sources.setdefault(name, SourceSummary())

    def _reading(self, source: str, location: str | None) -> Counts:
        return self.reading.setdefault((source, location), Counts())


def _joined(first: FileSummary, second: FileSummary) -> FileSummary:
    """Two shares of one file (:mod:`indexer.read.shares`) as one file: every count added up."""
    a, b = first.file, second.file
    file = dataclasses.replace(
        a,
        records=a.records + b.records,
        rejected=a.rejected + b.rejected,
        damaged=a.damaged + b.damaged,
        damage=a.damage or b.damage,
    )
    return FileSummary(
        file,
        first.normalised + second.normalised,
        first.rejected + second.rejected,
        first.deleted + second.deleted,
    )
