"""An ISO 2709 file read in shares gives exactly what reading it whole gives, on real and damaged files."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from indexer.jobs.pipeline import read_source
from indexer.jobs.summary import Summary
from indexer.read.formats import HEAD_SIZE, detect_format
from indexer.read.harvest import harvest, harvest_share
from indexer.read.readers.marc21 import RECORD_TERMINATOR
from indexer.read.shares import MAX_SHARES, FileShare, plan_shares
from indexer.read.sources import Source
from indexer.record import FileRead, HarvestItem, RawRecord, Rejection
from tests.conftest import REAL_DATA
from tests.indexer.read.readers.test_marc21 import corrupted

PRIDE = REAL_DATA / "marc4j" / "pride-and-prejudice-with-many-errors.mrc"


def _iso2709_files() -> list[Path]:
    found = []
    for path in sorted(REAL_DATA.rglob("*")):
        if path.is_file() and path.stat().st_size >= 4096:
            with path.open("rb") as file:
                if detect_format(file.read(HEAD_SIZE)) == "marc21":
                    found.append(path)
    return found


ISO2709 = _iso2709_files()
SEVERAL_RECORDS = [path for path in ISO2709 if path.read_bytes().count(RECORD_TERMINATOR) > 1]


def source_at(location: Path | str, record_format: str = "auto") -> Source:
    return Source.model_validate(
        {"id": "test", "municipality": "espoo", "location": str(location), "format": record_format}
    )


Harvested = tuple[list[HarvestItem], FileRead]


def _items(items: list[HarvestItem]) -> Harvested:
    """The records and rejections, and one FileRead adding up those of the shares."""
    files = [item for item in items if isinstance(item, FileRead)]
    total = files[0]
    for file in files[1:]:
        assert (file.source, file.location, file.format) == (total.source, total.location, total.format)
        total = FileRead(
            total.source,
            total.location,
            total.format,
            total.records + file.records,
            total.rejected + file.rejected,
            total.damaged + file.damaged,
            total.damage or file.damage,
        )
    return [item for item in items if not isinstance(item, FileRead)], total


def _harvested_both_ways(source: Source, share_bytes: int) -> tuple[list[FileShare], Harvested, Harvested]:
    shares = plan_shares(source, share_bytes)
    whole = _items(list(harvest(source)))
    shared = _items([item for share in shares for item in harvest_share(source, share)])
    return shares, whole, shared


def _comparable(item: HarvestItem) -> tuple[object, ...]:
    """What a reader said of one record: pymarc records compare by identity, so their bytes stand in."""
    assert isinstance(item, RawRecord | Rejection), "ISO 2709 has no delete events"
    return type(item).__name__, item.position, item.location, item.raw, getattr(item, "reason", None)


def test_there_are_real_iso2709_files_to_split() -> None:
    assert len(SEVERAL_RECORDS) >= 15


@pytest.mark.parametrize("path", SEVERAL_RECORDS, ids=lambda path: str(path.relative_to(REAL_DATA)))
def test_shares_of_a_real_file_read_exactly_as_the_whole_file(path: Path) -> None:
    source = source_at(path)
    shares, (whole, whole_file), (shared, shared_file) = _harvested_both_ways(
        source, path.stat().st_size // 5
    )
    assert len(shares) >= 2
    assert [_comparable(item) for item in shared] == [_comparable(item) for item in whole]
    assert shared_file == whole_file


def test_shares_cover_the_file_and_each_begins_after_a_record_terminator() -> None:
    data = PRIDE.read_bytes()
    shares = plan_shares(source_at(PRIDE), 16 << 10)
    assert len(shares) == len(data) // (16 << 10)
    assert shares[0].start == 0 and shares[-1].end == len(data)
    assert all(before.end == after.start for before, after in itertools.pairwise(shares))
    assert all(data[share.start - 1] == RECORD_TERMINATOR for share in shares[1:])
    assert [share.first_position for share in shares] == sorted({share.first_position for share in shares})


def test_normalised_records_and_position_ids_are_those_of_a_whole_read(tmp_path: Path) -> None:
    """Records without an 001 are named by their position in the file: a share must give the same names."""
    path = tmp_path / "export.mrc"
    shutil.copy(PRIDE, path)
    source = source_at(path)
    whole = list(read_source(source, Summary(), lambda _: None))
    shared = [
        item
        for share in plan_shares(source, 8 << 10)
        for item in read_source(source, Summary(), lambda _: None, share=share)
    ]
    assert shared == whole
    assert any("#" in getattr(item, "source_id", "") for item in whole), "some records have no 001"


@pytest.mark.parametrize("seed", range(6))
def test_damaged_files_read_in_shares_as_whole(seed: int, tmp_path: Path) -> None:
    """Overwritten bytes, wrong leader lengths, padding between records and a cut-off end: each share
    starts on a record boundary of the damaged file, so rejections and positions are a whole read's."""
    path = tmp_path / "damaged.mrc"
    records = PRIDE.read_bytes().split(b"\x1d")
    path.write_bytes(corrupted(b"\x1d\r\n".join(records), seed))
    _, (whole, whole_file), (shared, shared_file) = _harvested_both_ways(source_at(path), 4 << 10)
    assert [_comparable(item) for item in shared] == [_comparable(item) for item in whole]
    assert shared_file == whole_file


def test_a_big_file_is_cut_into_at_most_max_shares() -> None:
    assert len(plan_shares(source_at(PRIDE), 1)) == MAX_SHARES


def test_sources_that_are_read_whole(tmp_path: Path, real_data: Path) -> None:
    small = 1 << 10
    assert plan_shares(source_at(PRIDE), 0) == [], "0 switches splitting off"
    assert plan_shares(source_at(PRIDE), PRIDE.stat().st_size) == [], "smaller than two shares"
    one_record = real_data / "marc4j" / "datos-20161010-slice.mrc"
    assert plan_shares(source_at(one_record), small) == [], "one record is one share"
    marcxml = real_data / "helmet-marcxml" / "curated" / "2297829.xml"
    assert plan_shares(source_at(marcxml), small) == [], "XML is not split"
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(PRIDE, folder / "a.mrc")
    assert len(plan_shares(source_at(folder), small)) > 1, "a folder holding one file: that file"
    shutil.copy(PRIDE, folder / "b.mrc")
    assert plan_shares(source_at(folder), small) == [], "several files: their order decides duplicates"
    assert plan_shares(source_at(tmp_path / "missing.mrc"), small) == []
    assert plan_shares(source_at("https://example.org/export.mrc"), small) == []
    assert plan_shares(source_at(PRIDE, "marcxml"), small) == [], "the configured format decides"
    assert len(plan_shares(source_at(PRIDE, "marc21"), small)) > 1
