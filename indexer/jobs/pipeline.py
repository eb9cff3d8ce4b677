"""Read and normalise every record of some sources: the first two steps every job shares.

The ``normalise`` command prints what comes out of here, ``reindex`` loads it into a new index and
``update`` applies it to the live one, so all three see exactly the same records, rejections and counts.
"""

from __future__ import annotations

from collections.abc import Callable, Generator

from indexer.jobs.returning import Returning
from indexer.jobs.summary import Summary
from indexer.normalise import normalise
from indexer.read.harvest import harvest, harvest_share
from indexer.read.locations import LocationError
from indexer.read.shares import FileShare
from indexer.read.sources import Source
from indexer.record import DeleteEvent, NormalisedRecord, RawRecord, Rejection

RejectionSink = Callable[[Rejection], None]


def read_source(
    source: Source,
    summary: Summary,
    on_rejection: RejectionSink,
    since: str | None = None,
    share: FileShare | None = None,
) -> Generator[NormalisedRecord | DeleteEvent | Rejection, None, str | None]:
    """Normalised records, delete events and rejections of one source, one at a time.

    Rejections are handed to ``on_rejection`` *and* yielded (the ``normalise`` command prints them);
    counts go into ``summary``. A location that cannot be read is recorded in the summary and re-raised
    as :class:`LocationError` after everything read before it was yielded. The generator returns the
    datestamp to harvest from next time (OAI-PMH sources read to their end, else ``None``); store it only
    once everything read has been indexed. With ``share``, only that share of the source's file is read.
    """
    items = Returning(harvest(source, since=since) if share is None else harvest_share(source, share))
    try:
        for item in items:
            summary.add(item)
            if isinstance(item, RawRecord):
                result = normalise(item)
                summary.add(result)
                if isinstance(result, Rejection):
                    on_rejection(result)
                yield result
            elif isinstance(item, Rejection):
                on_rejection(item)
                yield item
            elif isinstance(item, DeleteEvent):
                yield item
    except LocationError as error:
        summary.add_error(source.municipality, str(error))
        raise
    return items.value
