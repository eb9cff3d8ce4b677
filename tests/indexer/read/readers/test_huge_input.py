"""A single-line file of 2 GB does not exhaust memory: the record that never ends is rejected.

Each case is a file with no newline whose record never ends – an ISO 2709 record without a terminator,
a MARCXML or ONIX text node, attribute or run of child elements of the whole file's size, a Sierra JSON
document of that size – followed (where the reader can go on) by one real record. It is harvested like
any file (format detection, reader) in a forked child, whose peak resident memory is measured from the
moment the harvest starts. The promise: memory stays under :data:`MEMORY_LIMIT_MIB` whatever the size,
the endless record comes out as a Rejection naming the limit of :mod:`indexer.read.readers.limits`, and the
record after it is still read.

The default suite writes 50 MiB files; ``-m slow`` writes 2 GiB ones (results in ``bench/RESULTS.md``).
Files are written to a temporary directory and deleted straight after their harvest.
"""

from __future__ import annotations

import multiprocessing
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from indexer.read.harvest import harvest
from indexer.read.readers.marc21 import RECORD_TERMINATOR
from indexer.read.sources import Source
from indexer.record import FileRead, RawRecord, Rejection
from tests.conftest import REAL_DATA

MEMORY_LIMIT_MIB = 500
FAST_SIZE = 50 << 20
LONG_SIZE = 2 << 30
_BLOCK = 1 << 20

_TERMINATOR = bytes([RECORD_TERMINATOR])
_MARC_RECORD = (REAL_DATA / "vufind/tests/data/journals.mrc").read_bytes().split(_TERMINATOR)[0] + _TERMINATOR
_MARCXML = (
    b'<?xml version="1.0" encoding="UTF-8"?><collection xmlns="http://www.loc.gov/MARC21/slim"><record>'
    b'<leader>00000nam a2200000 a 4500</leader><datafield tag="245" ind1="0" ind2="0">'
)
_ONIX_PRODUCT = (
    b"<Product><RecordReference>after-the-flood</RecordReference><NotificationType>03</NotificationType>"
    b"<Title><TitleType>01</TitleType><TitleText>Kalevala</TitleText></Title></Product>"
)
_ONIX = b'<?xml version="1.0" encoding="UTF-8"?><ONIXMessage release="2.1"><Product><Title>'


@dataclass(frozen=True)
class Flood:
    """A file: ``head``, then ``filler`` repeated up to the size, then ``tail``; and what harvesting it
    must give (the outcome kinds, in order, with the first rejection's reason matching ``reason``)."""

    head: bytes
    filler: bytes
    tail: bytes
    outcome: tuple[str, ...]
    reason: str


FLOODS = {
    "marc21-no-terminator": Flood(
        b"00000nam a2200037 a 4500001001300000\x1e", b"a", _TERMINATOR + _MARC_RECORD,
        ("Rejection", "RawRecord"), r"no record terminator within 1,048,576 bytes",
    ),
    "marcxml-text-node": Flood(
        _MARCXML + b'<subfield code="a">', b"a", b"</subfield></datafield></record></collection>",
        ("Rejection",), r"a record runs on for more than 4,194,304 bytes",
    ),
    "marcxml-attribute": Flood(
        _MARCXML + b'<subfield code="', b"a", b'">x</subfield></datafield></record></collection>',
        ("Rejection",), r"a record runs on for more than 4,194,304 bytes",
    ),
    "marcxml-child-elements": Flood(
        _MARCXML, b'<subfield code="a">b</subfield>', b"</datafield></record></collection>",
        ("Rejection",), r"a record runs on for more than 4,194,304 bytes",
    ),
    "onix-text-node": Flood(
        _ONIX + b"<TitleText>", b"a", b"</TitleText></Title></Product>" + _ONIX_PRODUCT + b"</ONIXMessage>",
        ("Rejection", "RawRecord"), r"no product ends within 4,194,304 characters",
    ),
    "onix-attribute": Flood(
        _ONIX + b'<TitleText textformat="', b"a",
        b'">x</TitleText></Title></Product>' + _ONIX_PRODUCT + b"</ONIXMessage>",
        ("Rejection", "RawRecord"), r"no product ends within 4,194,304 characters",
    ),
    "onix-child-elements": Flood(
        _ONIX, b"<b>c</b>", b"</Title></Product>" + _ONIX_PRODUCT + b"</ONIXMessage>",
        ("Rejection", "RawRecord"), r"no product ends within 4,194,304 characters",
    ),
    "sierra-json-string": Flood(
        b'{"entries": [{"id": "1", "varFields": [{"marcTag": "245", "content": "', b"a", b'"}]}]}',
        ("Rejection",), r"the file is larger than 33,554,432 bytes",
    ),
}  # fmt: skip


def write_flood(path: Path, flood: Flood, size: int) -> None:
    block = flood.filler * (_BLOCK // len(flood.filler))
    with path.open("wb") as file:
        file.write(flood.head)
        for _ in range(size // len(block)):
            file.write(block)
        file.write(flood.tail)


def _status_mib(field: str) -> float:
    """A memory figure of this process from /proc (VmRSS now, VmHWM its peak), in MiB."""
    found = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.MULTILINE)
    assert found is not None
    return int(found.group(1)) / 1024


def _harvest_and_measure(location: str, pipe: Connection) -> None:
    """Child process: harvest ``location``; send (outcomes, first reason, peak memory growth in MiB)."""
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
    before = _status_mib("VmRSS")
    outcomes: list[str] = []
    reasons: list[str] = []
    for item in harvest(Source(id="flood", municipality="espoo", location=location)):
        if isinstance(item, RawRecord | Rejection):
            outcomes.append(type(item).__name__)
        if isinstance(item, Rejection):
            reasons.append(item.reason)
        assert not isinstance(item, FileRead) or item.format is not None
    pipe.send((outcomes, reasons, _status_mib("VmHWM") - before))


def harvested(path: Path) -> tuple[list[str], list[str], float]:
    context = multiprocessing.get_context("fork")  # the child starts with the imports already done
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_harvest_and_measure, args=(str(path), sender))
    child.start()
    result: tuple[list[str], list[str], float] = receiver.recv()
    child.join()
    assert child.exitcode == 0
    return result


@pytest.fixture
def flood_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "flood.dat"
    yield path
    path.unlink(missing_ok=True)  # 2 GiB is not left behind for pytest's last three temp directories


@pytest.mark.parametrize("name", list(FLOODS))
@pytest.mark.parametrize(
    "size",
    [
        pytest.param(FAST_SIZE, id="50MiB"),
        pytest.param(LONG_SIZE, id="2GiB", marks=[pytest.mark.slow, pytest.mark.timeout(1800)]),
    ],
)
def test_an_endless_record_is_rejected_in_bounded_memory(name: str, size: int, flood_file: Path) -> None:
    flood = FLOODS[name]
    write_flood(flood_file, flood, size)
    assert b"\n" not in flood.head + flood.filler + flood.tail
    started = time.monotonic()
    outcomes, reasons, growth_mib = harvested(flood_file)
    print(f"\n{name} {size >> 20} MiB: {time.monotonic() - started:.1f} s, peak +{growth_mib:.0f} MiB")
    assert tuple(outcomes) == flood.outcome
    assert re.match(flood.reason, reasons[0])
    assert growth_mib < MEMORY_LIMIT_MIB
