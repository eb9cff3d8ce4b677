"""The demo catalogue: ``python -m synthetic.samples --out data/samples``.

One feed per municipality in the formats real feeds use: Espoo ISO 2709 (books and magazines) and MARCXML
(music and courses), Helsinki the other way round, Vantaa saved OAI-PMH ListRecords pages, Kauniainen
ONIX 3.0 plus an e-book vendor's ONIX 2.1 feed for what it licenses from that vendor. First the
hand-written works of :mod:`synthetic.showcase`, then generated works until there are at least
:data:`TARGET_RECORDS`; nearly half of the works are held by several municipalities. Every feed gets a
few deleted records, and a few records are broken on purpose (see ``data/samples/README.md``).

Each municipality's folder is emptied first: the folders hold nothing but generated feeds.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from synthetic.damage import Damage
from synthetic.feeds import Feed, municipalities_for, route
from synthetic.showcase import SHOWCASE
from synthetic.works import Holding, Kind, WorkFactory, holder_count, holdings

SEED = 20240601
TARGET_RECORDS = 2200
SHARED_SHARE = 0.45
DELETED_EVERY = 97
"""Every feed's 50th record, and every 97th after it, is a deletion."""
_DELETED_AT = 50
BOOKS_AND_MAGAZINES: frozenset[Kind] = frozenset({"ebook", "eaudiobook", "emagazine"})
VENDOR = "Ellibs"
"""The vendor whose ONIX 2.1 feed Kauniainen receives; its name is the real service's, the feed is not."""


def sample_feeds(out: Path) -> list[Feed]:
    """The demo's feeds, in routing order (a holding goes to the first of its municipality's feeds that
    takes it)."""
    for municipality in ("espoo", "helsinki", "vantaa", "kauniainen"):
        shutil.rmtree(out / municipality, ignore_errors=True)
        (out / municipality).mkdir(parents=True)
    return [
        Feed("espoo", "marc21", out / "espoo" / "espoo.mrc", kinds=BOOKS_AND_MAGAZINES),
        Feed("espoo", "marcxml", out / "espoo" / "espoo.xml"),
        Feed("helsinki", "marcxml", out / "helsinki" / "helsinki.xml", kinds=BOOKS_AND_MAGAZINES),
        Feed("helsinki", "marc21", out / "helsinki" / "helsinki.mrc"),
        Feed("vantaa", "oai", out / "vantaa"),
        Feed("kauniainen", "onix21", out / "kauniainen" / "vendor-onix21.xml", vendor=VENDOR, sender=VENDOR),
        Feed(
            "kauniainen",
            "onix3",
            out / "kauniainen" / "kauniainen-onix3.xml",
            sender="Kauniaisten kaupunginkirjasto",
        ),
    ]


# Broken records: the feed (by file or folder name), how many records it has when the broken one is
# written, and the damage.
DAMAGE_PLAN: dict[str, tuple[int, Damage]] = {
    "espoo.mrc": (60, "bad-directory"),
    "helsinki.xml": (40, "no-title"),
    "vantaa": (40, "no-title"),
    "kauniainen-onix3.xml": (30, "no-title"),
    "vendor-onix21.xml": (10, "no-title"),
}
TRUNCATED_FEED = "espoo.mrc"
"""The feed whose last record is cut off half-way."""


def write_samples(out: Path) -> list[Feed]:
    """Write the demo catalogue under ``out`` and return its (closed) feeds."""
    rng = random.Random(SEED)
    factory = WorkFactory(rng)
    feeds = sample_feeds(out)
    try:
        for showcase in SHOWCASE:
            for holding in holdings(rng, factory.written(showcase.work), showcase.holders):
                _add(feeds, holding)
        while sum(feed.records for feed in feeds) < TARGET_RECORDS:
            work = factory.next_work()
            eligible = municipalities_for(feeds, work.kind)
            for holding in holdings(
                rng, work, rng.sample(eligible, holder_count(rng, SHARED_SHARE, len(eligible)))
            ):
                _add(feeds, holding)
        _add_truncated(rng, factory, next(feed for feed in feeds if feed.path.name == TRUNCATED_FEED))
    finally:
        for feed in feeds:
            feed.close()
    return feeds


def _add(feeds: list[Feed], holding: Holding) -> None:
    """Route ``holding`` to its feed, as a deletion or a broken record where the plan says so."""
    feed = route(feeds, holding)
    if feed.records >= _DELETED_AT and (feed.records - _DELETED_AT) % DELETED_EVERY == 0:
        holding = replace(holding, deleted=True)
    planned = DAMAGE_PLAN.get(feed.path.name)
    feed.add(holding, planned[1] if planned is not None and planned[0] == feed.records else None)


def _add_truncated(rng: random.Random, factory: WorkFactory, feed: Feed) -> None:
    """One more work for ``feed`` alone, cut off in the middle as the file's last record."""
    work = factory.next_work()
    while work.kind not in feed.kinds:
        work = factory.next_work()
    feed.add(holdings(rng, work, [feed.municipality])[0], "truncated")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthetic.samples", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the samples folder, e.g. data/samples")
    arguments = parser.parse_args(argv)
    feeds = write_samples(arguments.out)
    for feed in feeds:
        print(f"{feed.path}: {feed.records} records ({feed.format})")
    print(f"in all: {sum(feed.records for feed in feeds)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
