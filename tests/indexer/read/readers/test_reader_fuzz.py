"""Mutation fuzzing of the readers and normalisers with real files: damage never raises, never hangs.

Every real MARC21, MARCXML and ONIX file under ``tests/data/real`` (small enough to mutate quickly) is a
seed. Hypothesis damages it the ways feeds get damaged – bits flipped, the end cut off, random bytes
inserted, a chunk repeated or lost – and the ways an attacker would aim: a MARC leader or directory
entry overwritten, an XML tag name or attribute value corrupted, markup (entities, a DOCTYPE, CDATA)
spliced in. The damaged file goes through the reader of its format and every record through the
normaliser, and three promises are checked:

* nothing raises: every outcome is a RawRecord, a DeleteEvent, a NormalisedRecord or a Rejection;
* every failure is a Rejection that says where (source, location) and why (a reason);
* every record is read and normalised within :data:`SECONDS_PER_RECORD` of CPU time (a hang or a
  runaway loop burns CPU; CPU time, unlike the clock, does not count waiting for a busy machine).

The default suite runs a small derandomised sample (stable in CI, about fifteen seconds); the slow variant
runs thousands of fresh examples per format (``-m slow``; results in ``bench/RESULTS.md``).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.normalise import normalise
from indexer.read.formats import detect_format
from indexer.read.harvest import READERS
from indexer.read.readers.marc21 import RECORD_TERMINATOR
from indexer.record import DeleteEvent, NormalisedRecord, RawRecord, Rejection
from tests.conftest import REAL_DATA

SECONDS_PER_RECORD = 2.0
MAX_SEED_SIZE = 64 * 1024  # mutating and re-reading a larger file costs more than the variety it adds
FAST_EXAMPLES = 300
LONG_EXAMPLES = 20_000
SOURCE = "espoo"
LOCATION = "fuzzed-file"

FormatGroup = str  # "marc21", "marcxml" or "onix"


def _seeds() -> dict[FormatGroup, list[bytes]]:
    groups: dict[FormatGroup, list[bytes]] = {"marc21": [], "marcxml": [], "onix": []}
    for path in sorted(REAL_DATA.rglob("*")):
        if not path.is_file() or path.stat().st_size > MAX_SEED_SIZE:
            continue
        data = path.read_bytes()
        found = detect_format(data[:8192])
        group = "onix" if found in ("onix3", "onix21") else found
        if group in groups:
            groups[group].append(data)
    return groups


SEEDS = _seeds()


def _reader_format(group: FormatGroup) -> str:
    return "onix3" if group == "onix" else group


# --- mutations -------------------------------------------------------------------------------------------
# Each takes the data and a draw function and returns damaged data; all keep working on empty input.


def _flip_bits(data: bytearray, draw: st.DrawFn) -> bytearray:
    for _ in range(draw(st.integers(1, 8))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] ^= 1 << draw(st.integers(0, 7))
    return data


def _truncate(data: bytearray, draw: st.DrawFn) -> bytearray:
    return data[: draw(st.integers(0, len(data)))]


def _insert_bytes(data: bytearray, draw: st.DrawFn) -> bytearray:
    at = draw(st.integers(0, len(data)))
    data[at:at] = draw(st.binary(min_size=1, max_size=64))
    return data


def _duplicate_chunk(data: bytearray, draw: st.DrawFn) -> bytearray:
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + 4096)))
    at = draw(st.integers(0, len(data)))
    data[at:at] = data[start:end] * draw(st.integers(1, 4))
    return data


def _delete_chunk(data: bytearray, draw: st.DrawFn) -> bytearray:
    start = draw(st.integers(0, len(data)))
    del data[start : draw(st.integers(start, min(len(data), start + 512)))]
    return data


def _record_starts(data: bytearray) -> list[int]:
    return [0, *[index + 1 for index, byte in enumerate(data) if byte == RECORD_TERMINATOR][:-1]]


_LEADER_JUNK = st.sampled_from([b"00000", b"99999", b"-0001", b"abcde", b"     ", b"\x00\x00\x00\x00\x00"])


def _corrupt_leader(data: bytearray, draw: st.DrawFn) -> bytearray:
    """A record's length (00-04), coding (09), indicator and subfield counts (10-11) or base address
    (12-16) replaced by something a broken exporter writes."""
    start = draw(st.sampled_from(_record_starts(data)))
    offset = start + draw(st.sampled_from([0, 9, 10, 12]))
    width = {0: 5, 9: 1, 10: 2, 12: 5}[offset - start]
    data[offset : offset + width] = draw(_LEADER_JUNK)[:width]
    return data


def _corrupt_directory(data: bytearray, draw: st.DrawFn) -> bytearray:
    """One directory entry's tag, length or offset overwritten with digits that lie or with non-digits."""
    start = draw(st.sampled_from(_record_starts(data)))
    entry = start + 24 + 12 * draw(st.integers(0, 20))
    part = draw(st.sampled_from([(0, 3), (3, 4), (7, 5)]))
    replacement = draw(st.one_of(st.text("0123456789", min_size=1), st.binary(min_size=1)))
    value = replacement.encode() if isinstance(replacement, str) else replacement
    data[entry + part[0] : entry + part[0] + part[1]] = value.ljust(part[1], b"9")[: part[1]]
    return data


_XML_JUNK = st.sampled_from(
    [
        b"&lt",
        b"&unknown;",
        b"&#0;",
        b"&#xD800;",
        b"&#99999999;",
        b"<![CDATA[",
        b"]]>",
        b"<!--",
        b"<?pi ?>",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        b"&e;",
        b"</record>",
        b"</Product>",
        b"<record>",
        b"<Product>",
        b'xmlns="urn:other"',
        b"\xef\xbb\xbf",
        b"\xff\xfe",
    ]
)


def _corrupt_markup(data: bytearray, draw: st.DrawFn) -> bytearray:
    """A tag name, an attribute value or a bit of markup damaged or spliced in at a tag boundary."""
    boundaries = [index for index, byte in enumerate(data) if byte in b'<>="'] or [0]
    at = draw(st.sampled_from(boundaries))
    choice = draw(st.integers(0, 2))
    if choice == 0:  # the name or value that follows is replaced
        length = draw(st.integers(0, 12))
        data[at + 1 : at + 1 + length] = draw(st.binary(max_size=12))
    elif choice == 1:  # the '<', '>', '=' or '"' itself is lost
        del data[at : at + 1]
    else:
        data[at:at] = draw(_XML_JUNK)
    return data


_COMMON = (_flip_bits, _truncate, _insert_bytes, _duplicate_chunk, _delete_chunk)
MUTATIONS: dict[FormatGroup, tuple[Callable[[bytearray, st.DrawFn], bytearray], ...]] = {
    "marc21": (*_COMMON, _corrupt_leader, _corrupt_directory),
    "marcxml": (*_COMMON, _corrupt_markup),
    "onix": (*_COMMON, _corrupt_markup),
}


@st.composite
def mutated(draw: st.DrawFn, group: FormatGroup) -> bytes:
    """A real file of ``group`` with one to four mutations applied."""
    data = bytearray(draw(st.sampled_from(SEEDS[group])))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS[group]), min_size=1, max_size=4)):
        data = mutation(data, draw)
    return bytes(data)


# --- the promises --------------------------------------------------------------------------------------


def _timed(items: Iterator[RawRecord | Rejection | DeleteEvent]) -> Iterator[tuple[object, float]]:
    """Each item with the CPU seconds it took to produce."""
    while True:
        started = time.process_time()
        try:
            item = next(items)
        except StopIteration:
            return
        yield item, time.process_time() - started


@dataclass
class Tally:
    """What a fuzzing run saw, printed at its end (``-s``) for ``bench/RESULTS.md``."""

    files: int = 0
    records: int = 0
    rejections: int = 0
    slowest: float = 0.0


def check_reading(data: bytes, group: FormatGroup, tally: Tally) -> None:
    """Read ``data`` as ``group`` and normalise every record, asserting the module's three promises."""
    reader = READERS[_reader_format(group)]  # type: ignore[index]
    tally.files += 1
    for item, seconds in _timed(reader(io.BytesIO(data), source=SOURCE, location=LOCATION)):
        outcome: object = item
        if isinstance(item, RawRecord):
            started = time.process_time()
            outcome = normalise(item)
            seconds += time.process_time() - started
        assert isinstance(outcome, NormalisedRecord | Rejection | DeleteEvent), repr(outcome)
        tally.records += 1
        if isinstance(outcome, Rejection):
            tally.rejections += 1
            assert (outcome.source, outcome.location) == (SOURCE, LOCATION)
            assert isinstance(outcome.reason, str) and outcome.reason.strip()
            assert outcome.position is None or outcome.position >= 1
        tally.slowest = max(tally.slowest, seconds)
        assert seconds < SECONDS_PER_RECORD, f"{seconds:.2f} s for one record"


def warm_up(group: FormatGroup) -> None:
    """Normalise the seeds once untimed: the first record loads language profiles and dictionaries (about
    a second), which is not a record being slow."""
    for seed in SEEDS[group]:
        check_reading(seed, group, Tally())


def test_every_format_has_seeds() -> None:
    assert {group: len(seeds) >= 20 for group, seeds in SEEDS.items()} == dict.fromkeys(SEEDS, True)


@pytest.mark.parametrize("group", sorted(SEEDS))
@pytest.mark.parametrize(
    "examples",
    [
        pytest.param(FAST_EXAMPLES, id="fast"),
        pytest.param(LONG_EXAMPLES, id="long", marks=[pytest.mark.slow, pytest.mark.timeout(3600)]),
    ],
)
def test_mutated_real_files_are_read_or_rejected_in_time(group: FormatGroup, examples: int) -> None:
    fast = examples == FAST_EXAMPLES

    @settings(
        max_examples=examples,
        derandomize=fast,  # the CI sample is the same every run; the long run explores afresh
        deadline=None,  # time is bounded per record above, not per example
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(group))
    def fuzz(data: bytes) -> None:
        check_reading(data, group, tally)

    warm_up(group)
    tally = Tally()
    fuzz()
    print(f"\n{group}: {tally}")
