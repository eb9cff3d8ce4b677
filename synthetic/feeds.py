"""A feed: one municipality's catalogue file (or OAI-PMH pages) in one format, written holding by holding.

Both the demo samples and the benchmark corpora are sets of feeds; a holding goes to the first feed of
its municipality that accepts it. A format accepts what it can describe: MARC everything, ONIX books
only (e-books and e-audiobooks). A feed may also be limited to one vendor's licences, as a vendor's own
ONIX feed is.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Literal

from indexer.record import Municipality
from synthetic.cataloguing import marc_record
from synthetic.damage import Damage, truncated, with_broken_directory, without_title
from synthetic.marc import Iso2709Writer, MarcXmlWriter, iso2709
from synthetic.oaipmh import OaiPagesWriter
from synthetic.onix import ONIX_KINDS, OnixWriter, onix3_product, onix21_product, without
from synthetic.works import KINDS, Holding, Kind

FeedFormat = Literal["marc21", "marcxml", "oai", "onix3", "onix21"]
FEED_FORMATS: tuple[FeedFormat, ...] = ("marc21", "marcxml", "oai", "onix3", "onix21")
FORMAT_KINDS: dict[FeedFormat, frozenset[Kind]] = {
    "marc21": frozenset(KINDS),
    "marcxml": frozenset(KINDS),
    "oai": frozenset(KINDS),
    "onix3": ONIX_KINDS,
    "onix21": ONIX_KINDS,
}
FILE_SUFFIX: dict[FeedFormat, str] = {
    "marc21": ".mrc",
    "marcxml": ".xml",
    "onix3": "-onix3.xml",
    "onix21": "-onix21.xml",
}
OAI_PAGE_SIZE = 100
SENT = datetime(2024, 6, 1, 12, 0, 0)
"""When every generated message says it was sent (ONIX headers, OAI-PMH response dates): a fixed moment,
so that the same seed writes the same bytes."""


class Feed:
    """Writes the holdings it is given into ``path`` (a file, or for OAI-PMH a folder of pages)."""

    def __init__(
        self,
        municipality: Municipality,
        feed_format: FeedFormat,
        path: Path,
        *,
        kinds: frozenset[Kind] | None = None,
        vendor: str | None = None,
        sender: str | None = None,
    ) -> None:
        self.municipality = municipality
        self.format = feed_format
        self.path = path
        self.kinds = FORMAT_KINDS[feed_format] if kinds is None else kinds & FORMAT_KINDS[feed_format]
        self._vendor = vendor
        sender = sender or f"{municipality.capitalize()} library"
        self._writer: Iso2709Writer | MarcXmlWriter | OaiPagesWriter | OnixWriter
        if feed_format == "marc21":
            self._writer = Iso2709Writer(path)
        elif feed_format == "marcxml":
            self._writer = MarcXmlWriter(path)
        elif feed_format == "oai":
            self._writer = OaiPagesWriter(
                path,
                base_url=f"https://oai.example.org/{municipality}",
                repository=f"{municipality}.example.org",
                set_spec="elibrary",
                response_date=SENT,
                page_size=OAI_PAGE_SIZE,
            )
        else:
            self._writer = OnixWriter(
                path, "3.0" if feed_format == "onix3" else "2.1", sender=sender, sent=SENT
            )

    @property
    def records(self) -> int:
        return self._writer.records

    def accepts(self, holding: Holding) -> bool:
        if holding.municipality != self.municipality or holding.work.kind not in self.kinds:
            return False
        return self._vendor is None or holding.vendor.name == self._vendor

    def add(self, holding: Holding, damage: Damage | None = None) -> None:
        """Write ``holding``, broken as ``damage`` says. Only ISO 2709 feeds take "bad-directory" and
        "truncated" (which must be the last record: the reader would glue the next one to it); the
        others take "no-title"."""
        writer = self._writer
        if isinstance(writer, OnixWriter):
            product = onix3_product(holding) if writer.release == "3.0" else onix21_product(holding)
            if damage == "no-title":
                product = without(product, "TitleDetail" if writer.release == "3.0" else "Title")
            writer.write(product)
            return
        record = marc_record(holding)
        if damage == "no-title":
            record = without_title(record)
        if isinstance(writer, OaiPagesWriter):
            writer.write(holding.record_id, holding.updated, None if holding.deleted else record)
        elif isinstance(writer, Iso2709Writer) and damage in ("bad-directory", "truncated"):
            encoded = iso2709(record)
            writer.write_raw(
                with_broken_directory(encoded) if damage == "bad-directory" else truncated(encoded)
            )
        else:
            writer.write(record)

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> Feed:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def route(feeds: list[Feed], holding: Holding) -> Feed:
    """The first feed that accepts ``holding``. Holders are chosen with :func:`municipalities_for`, so
    there always is one; a LookupError says the feeds were set up wrongly."""
    for feed in feeds:
        if feed.accepts(holding):
            return feed
    raise LookupError(
        f"no feed of {holding.municipality} takes {holding.work.kind} from {holding.vendor.name}"
    )


def municipalities_for(feeds: list[Feed], kind: Kind) -> list[Municipality]:
    """The municipalities (in feed order, once each) that have a feed for works of ``kind``."""
    return list(dict.fromkeys(feed.municipality for feed in feeds if kind in feed.kinds))
