"""The harvest loop over real files (local and over HTTP) and a real OAI-PMH provider."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Generator
from pathlib import Path

import pytest

from indexer.read.harvest import NOT_A_CATALOGUE_FILE, harvest
from indexer.read.harvest_state import last_harvest, remember_harvest
from indexer.read.locations import HttpOptions, LocationError
from indexer.read.oaipmh import OaiPmhError
from indexer.read.sources import Source
from indexer.record import DeleteEvent, FileRead, HarvestItem, RawRecord, Rejection
from tests.conftest import REAL_DATA
from tests.indexer.conftest import HELMET_MARCXML, FileServer, oai_record
from tests.oai_provider import OaiProvider, running

QUICK = HttpOptions(connect_timeout=1, read_timeout=5, attempts=2, backoff=0)

MIXED = {
    "a-marcxml.xml": "helmet-marcxml/curated/2452306.xml",
    "b-iso2709.mrc": "pymarc/marc.dat",
    "c-onix.xml": "onix/im_onix/9782752906700.xml",
    "d-sierra.json": "natlibfi/helmet-sierra-json/transform/01/input.json",
    "e-breaker.mrk": "marc4j/brkrtest.mrk",
}


def drain(items: Generator[HarvestItem, None, str | None]) -> tuple[list[HarvestItem], str | None]:
    collected: list[HarvestItem] = []
    while True:
        try:
            collected.append(next(items))
        except StopIteration as finished:
            return collected, finished.value


def source_at(location: str | Path, **settings: str) -> Source:
    return Source.model_validate(
        {"id": "test", "municipality": "espoo", "location": str(location), **settings}
    )


def mixed_folder(directory: Path) -> Path:
    for name, relative in MIXED.items():
        shutil.copy(REAL_DATA / relative, directory / name)
    return directory


def test_a_folder_mixing_formats_is_read_with_the_right_reader_per_file(tmp_path: Path) -> None:
    items, checkpoint = drain(harvest(source_at(mixed_folder(tmp_path)), http=QUICK))

    files = [item for item in items if isinstance(item, FileRead)]
    assert [(Path(file.location).name, file.format) for file in files] == [
        ("a-marcxml.xml", "marcxml"),
        ("b-iso2709.mrc", "marc21"),
        ("c-onix.xml", "onix3"),
        ("d-sierra.json", "sierra_json"),
        ("e-breaker.mrk", None),
    ]
    assert [file.records for file in files] == [1, 20, 4, 2, 1]  # the last: its rejection
    raw = [item for item in items if isinstance(item, RawRecord)]
    assert {item.format for item in raw} == {"marcxml", "marc21", "onix3", "sierra_json"}
    assert {item.source for item in raw} == {"espoo"}
    assert checkpoint is None


def test_a_file_in_no_catalogue_format_is_one_rejection_with_its_head(tmp_path: Path) -> None:
    items, _ = drain(harvest(source_at(mixed_folder(tmp_path) / "e-breaker.mrk"), http=QUICK))

    rejection, file = items
    assert isinstance(rejection, Rejection)
    assert rejection.reason == NOT_A_CATALOGUE_FILE == "not a MARC21, MARCXML, ONIX or Sierra JSON file"
    assert (rejection.position, rejection.record_id) == (None, None)
    assert (REAL_DATA / MIXED["e-breaker.mrk"]).read_bytes().startswith(rejection.raw[:100])
    assert rejection.file_damaged
    assert file == FileRead(
        "espoo",
        str(tmp_path / "e-breaker.mrk"),
        None,
        records=1,
        rejected=1,
        damaged=1,
        damage=NOT_A_CATALOGUE_FILE,
    )


def test_a_configured_format_is_used_without_detection() -> None:
    legacy = REAL_DATA / "natlibfi/marc-record-serializers/oai-marcxml/2RecordsFrom"
    detected, _ = drain(harvest(source_at(legacy), http=QUICK))
    configured, _ = drain(harvest(source_at(legacy, format="marcxml"), http=QUICK))

    assert detected[-1] == FileRead("espoo", str(legacy), None, 1, 1, damaged=1, damage=NOT_A_CATALOGUE_FILE)
    final = configured[-1]
    assert isinstance(final, FileRead)
    assert final.format == "marcxml"


def test_records_the_reader_rejects_are_counted_for_their_file() -> None:
    path = REAL_DATA / "pymarc/bad_records.mrc"
    items, _ = drain(harvest(source_at(path), http=QUICK))
    rejections = [item for item in items if isinstance(item, Rejection)]
    assert rejections
    assert items[-1] == FileRead(
        "espoo", str(path), "marc21", records=len(items) - 1, rejected=len(rejections)
    )


def test_a_file_that_cannot_be_opened_is_rejected_and_the_folder_goes_on(tmp_path: Path) -> None:
    shutil.copy(HELMET_MARCXML / "curated/2360958.xml", tmp_path / "a.xml")
    (tmp_path / "b.xml").symlink_to(tmp_path / "gone.xml")

    items, _ = drain(harvest(source_at(tmp_path), http=QUICK))

    assert [type(item) for item in items] == [RawRecord, FileRead, Rejection, FileRead]
    unreadable = items[2]
    assert isinstance(unreadable, Rejection)
    assert unreadable.reason == "cannot open: No such file or directory"


def test_a_missing_location_raises_a_clear_error() -> None:
    with pytest.raises(LocationError, match="no/such/feed: no such file or directory"):
        drain(harvest(source_at("no/such/feed"), http=QUICK))


def test_a_url_is_detected_and_read_like_a_file(file_server: FileServer) -> None:
    url = file_server.url("files", "marc4j/OCLC_814388508.xml")
    items, _ = drain(harvest(source_at(url), http=QUICK))
    assert [type(item) for item in items] == [RawRecord, FileRead]
    assert items[-1] == FileRead("espoo", url, "marcxml", records=1, rejected=0)


def test_a_download_that_breaks_off_keeps_the_records_before_and_rejects_the_rest(
    file_server: FileServer,
) -> None:
    url = file_server.url("cut", "marc4j/pride-and-prejudice-with-many-errors.mrc")
    items, _ = drain(harvest(source_at(url), http=QUICK))

    stopped = items[-2]
    assert isinstance(stopped, Rejection)
    assert stopped.reason.startswith("reading stopped after ")
    assert "broke off" in stopped.reason
    file = items[-1]
    assert isinstance(file, FileRead)
    assert 0 < file.records < 367


def oai_source(endpoint: str) -> Source:
    return Source(id="helsinki-oai", municipality="helsinki", location=f"oai+{endpoint}")


def test_an_oai_pmh_source_is_harvested_and_returns_its_checkpoint(oai_endpoint: str) -> None:
    items, checkpoint = drain(harvest(oai_source(oai_endpoint), http=QUICK))

    assert len([item for item in items if isinstance(item, RawRecord)]) == 10
    assert len([item for item in items if isinstance(item, DeleteEvent)]) == 2
    assert items[-1] == FileRead("helsinki", oai_endpoint, "marcxml", records=12, rejected=0)
    assert checkpoint == "2024-02-01T00:00:00Z"


def harvest_incrementally(source: Source, state_dir: Path) -> list[HarvestItem]:
    """How a caller uses the checkpoint: store it only once the harvest (and its indexing) is done."""
    items, checkpoint = drain(harvest(source, since=last_harvest(state_dir, source.id), http=QUICK))
    if checkpoint is not None:
        remember_harvest(state_dir, source.id, checkpoint)
    return items


def test_incremental_harvests_advance_the_state_only_after_success(
    oai_provider: OaiProvider, tmp_path: Path
) -> None:
    with running(oai_provider) as endpoint:
        source = oai_source(endpoint)
        first = harvest_incrementally(source, tmp_path)
        assert len(first) == 13
        assert last_harvest(tmp_path, source.id) == "2024-02-01T00:00:00Z"

        newer = sorted((HELMET_MARCXML / "role-divergence").glob("*.xml"))[2]
        oai_provider.records.append(oai_record(newer, "2024-02-10T08:00:00Z"))
        oai_provider.response_date = "2024-03-01T00:00:00Z"
        second = harvest_incrementally(source, tmp_path)
        assert [type(item) for item in second] == [RawRecord, FileRead]
        assert last_harvest(tmp_path, source.id) == "2024-03-01T00:00:00Z"

        oai_provider.records += [
            dataclasses.replace(record, datestamp=f"2024-03-{day:02d}T08:00:00Z")
            for day, record in enumerate(oai_provider.records[:5], start=2)
        ]
        oai_provider.response_date = "2024-04-01T00:00:00Z"
        oai_provider.fail_page = 2
        with pytest.raises(OaiPmhError, match="HTTP 500"):
            harvest_incrementally(source, tmp_path)
        assert last_harvest(tmp_path, source.id) == "2024-03-01T00:00:00Z"
