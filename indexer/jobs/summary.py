"""What a run did, per source and per file, as one JSON object.

The summary is the first thing a person reads after a harvest (and what a job record keeps), so it
answers the questions asked then: how much came in, how much made it through, how much was refused and
deleted, which file was the problem, and whether a whole location could not be read at all.

Counting rules: ``read`` counts records that came out of a reader or a feed (raw records and delete
events); ``normalised`` the records that came through normalisation; ``rejected`` every rejection
(while reading, while normalising, whole files in no catalogue format, and records whose documents
Elasticsearch refused); ``deleted`` delete events
plus normalised records marked deleted.
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


@dataclass(slots=True)
class SourceSummary:
    counts: Counts = field(default_factory=Counts)
    files: list[FileRead] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Summary:
    sources: dict[str, SourceSummary] = field(default_factory=dict)

    def add(self, item: HarvestItem | NormalisedRecord) -> None:
        """Count one thing that passed through the run."""
        if isinstance(item, FileRead):
            self._source(item.source).files.append(item)
            return
        counts = self._source(item.source).counts
        if isinstance(item, RawRecord):
            counts.read += 1
        elif isinstance(item, DeleteEvent):
            counts.read += 1
            counts.deleted += 1
        elif isinstance(item, Rejection):
            counts.rejected += 1
        else:
            counts.normalised += 1
            if item.deleted:
                counts.deleted += 1

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
            for file in part.files:
                if mine.files and mine.files[-1].location == file.location:  # the next share of a file
                    last = mine.files[-1]
                    mine.files[-1] = dataclasses.replace(
                        last, records=last.records + file.records, rejected=last.rejected + file.rejected
                    )
                else:
                    mine.files.append(file)
            mine.errors += part.errors

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
        )

    def nothing_read(self) -> bool:
        """True when no location yielded a catalogue file or a record: the run as a whole failed."""
        catalogue_files = (file for summary in self.sources.values() for file in summary.files)
        return self.total().read == 0 and all(file.format is None for file in catalogue_files)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": {
                **dataclasses.asdict(self.total()),
                "sources": {
                    name: {
                        **dataclasses.asdict(summary.counts),
                        "files": [
                            {
                                "file": file.location,
                                "format": file.format,
                                "records": file.records,
                                "rejected": file.rejected,
                            }
                            for file in summary.files
                        ],
                        "errors": summary.errors,
                    }
                    for name, summary in self.sources.items()
                },
            }
        }

    def _source(self, name: str) -> SourceSummary:
        return self.sources.setdefault(name, SourceSummary())
