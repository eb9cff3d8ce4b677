"""Read and normalise, as every job does: each file's counts in the summary add up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indexer.jobs.pipeline import read_source
from indexer.jobs.summary import Summary
from indexer.read.sources import Source
from indexer.record import MUNICIPALITIES, Municipality, Rejection
from tests.conftest import REAL_DATA, SAMPLES


def file_entries(
    location: Path, municipality: Municipality = "espoo"
) -> tuple[list[dict[str, Any]], list[Rejection]]:
    """The summary's file entries for everything under ``location``, and the rejections written."""
    summary, rejections = Summary(), list[Rejection]()
    source = Source(id=location.name, municipality=municipality, location=str(location))
    for _ in read_source(source, summary, rejections.append):
        pass
    return summary.to_dict()["summary"]["sources"][municipality]["files"], rejections


def adds_up(entry: dict[str, Any]) -> bool:
    return bool(entry["read"] == entry["normalised"] + entry["rejected"] + entry["deleted"])


@pytest.mark.parametrize("folder", sorted(path.name for path in REAL_DATA.iterdir() if path.is_dir()))
def test_every_real_file_adds_up(folder: str) -> None:
    """read = normalised + rejected + deleted for each file of tests/data/real/, whatever it holds."""
    entries, _ = file_entries(REAL_DATA / folder)
    assert entries
    assert [entry["file"] for entry in entries if not adds_up(entry)] == []


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_sample_file_adds_up(municipality: Municipality) -> None:
    entries, _ = file_entries(SAMPLES / municipality, municipality)
    assert entries
    assert [entry["file"] for entry in entries if not adds_up(entry)] == []


def test_a_damaged_marcxml_file_is_read_past_the_damage_and_reported_partly_read(tmp_path: Path) -> None:
    """The issue's trial: bad bytes inside a record of the Helsinki sample cost that record alone."""
    data = (SAMPLES / "helsinki/helsinki.xml").read_bytes()
    record = data.index(b"<record>", len(data) // 5)
    cut = data.index(b"<datafield", record)
    copy = tmp_path / "helsinki.xml"
    copy.write_bytes(data[:cut] + b"\x00\xff<<<" + data[cut:])
    (whole,), _ = file_entries(SAMPLES / "helsinki/helsinki.xml", "helsinki")
    (entry,), rejections = file_entries(copy, "helsinki")
    assert entry["read"] == whole["read"]
    assert entry["rejected"] == whole["rejected"] + 1
    assert entry["normalised"] + entry["deleted"] == whole["normalised"] + whole["deleted"] - 1
    assert adds_up(entry)
    assert entry["complete"] is False
    assert entry["damage"].startswith("the XML is not well-formed")
    (damage,) = [rejection for rejection in rejections if rejection.file_damaged]
    assert damage.offset == record
    assert damage.record_id is not None
    assert f'tag="001">{damage.record_id}<'.encode() in data[record:cut]


@pytest.mark.parametrize("folder", sorted(path.name for path in REAL_DATA.iterdir() if path.is_dir()))
def test_a_source_and_the_total_count_as_its_files_do(folder: str) -> None:
    """One set of counts: a source's figures are its files' figures added up, under the same rule."""
    summary = Summary()
    source = Source(id=folder, municipality="espoo", location=str(REAL_DATA / folder))
    for _ in read_source(source, summary, lambda _: None):
        pass
    report = summary.to_dict()["summary"]
    counts = report["sources"]["espoo"]
    for key in ("read", "normalised", "rejected", "deleted"):
        assert counts[key] == sum(entry[key] for entry in counts["files"]) == report[key], key
    assert adds_up(counts) and adds_up(report)
