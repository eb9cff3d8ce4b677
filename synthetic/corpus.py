"""Benchmark corpora of any size: ``python -m synthetic.corpus --records N --out DIR [--seed S]
[--formats marc21,marcxml,onix3] [--shared 0.35]``.

Writes one feed per municipality under ``DIR/<municipality>/``, the formats given to the municipalities in
turn (espoo the first, helsinki the second…; ``oai`` writes a folder of ListRecords pages). Exactly N
records are written in all. Works are made and written one at a time, so memory stays flat however large
N is; a share of the works (``--shared``) is held by two to four municipalities with the same standard
number, so that merging has work to do. ONIX feeds carry books only, so a municipality whose feed is ONIX
holds only e-books and e-audiobooks. The same seed always writes the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from indexer.record import MUNICIPALITIES, Municipality
from synthetic.feeds import FEED_FORMATS, FILE_SUFFIX, Feed, FeedFormat, municipalities_for, route
from synthetic.works import KINDS, WorkFactory, holder_count, holdings

DEFAULT_SEED = 1
DEFAULT_FORMATS: tuple[FeedFormat, ...] = ("marc21", "marcxml", "onix3")
DEFAULT_SHARED_SHARE = 0.35


def write_corpus(
    out: Path,
    records: int,
    *,
    seed: int = DEFAULT_SEED,
    formats: Sequence[FeedFormat] = DEFAULT_FORMATS,
    shared_share: float = DEFAULT_SHARED_SHARE,
) -> list[Feed]:
    """Write ``records`` records into feeds under ``out`` and return the (closed) feeds."""
    feeds = [
        _feed(out, municipality, formats[index % len(formats)])
        for index, municipality in enumerate(MUNICIPALITIES)
    ]
    rng = random.Random(seed)
    factory = WorkFactory(rng, kinds=[kind for kind in KINDS if municipalities_for(feeds, kind)])
    written = 0
    try:
        while written < records:
            work = factory.next_work()
            eligible = municipalities_for(feeds, work.kind)
            holders = rng.sample(eligible, holder_count(rng, shared_share, len(eligible)))
            for holding in holdings(rng, work, holders)[: records - written]:
                route(feeds, holding).add(holding)
                written += 1
    finally:
        for feed in feeds:
            feed.close()
    return feeds


def _feed(out: Path, municipality: Municipality, feed_format: FeedFormat) -> Feed:
    folder = out / municipality
    folder.mkdir(parents=True, exist_ok=True)
    path = folder if feed_format == "oai" else folder / f"{municipality}{FILE_SUFFIX[feed_format]}"
    return Feed(municipality, feed_format, path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthetic.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=_positive, required=True, help="how many records to write in all")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write into (one sub-folder per municipality)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--formats",
        type=_formats,
        default=DEFAULT_FORMATS,
        help=f"comma-separated, given to the municipalities in turn: {', '.join(FEED_FORMATS)} "
        f"(default {','.join(DEFAULT_FORMATS)})",
    )
    parser.add_argument(
        "--shared",
        type=_share,
        default=DEFAULT_SHARED_SHARE,
        help=f"share of works held by two or more municipalities (default {DEFAULT_SHARED_SHARE})",
    )
    arguments = parser.parse_args(argv)
    feeds = write_corpus(
        arguments.out,
        arguments.records,
        seed=arguments.seed,
        formats=arguments.formats,
        shared_share=arguments.shared,
    )
    for feed in feeds:
        print(f"{feed.path}: {feed.records} records ({feed.format})")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _formats(text: str) -> tuple[FeedFormat, ...]:
    known: dict[str, FeedFormat] = {name: name for name in FEED_FORMATS}
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names or any(name not in known for name in names):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(FEED_FORMATS)}; got {text!r}")
    return tuple(known[name] for name in names)


if __name__ == "__main__":
    sys.exit(main())
