"""Counting a run: per source, per file, totals, and when a run read nothing at all."""

from __future__ import annotations

import json

from indexer.jobs.summary import FileSummary, Summary
from indexer.read.readers.marcxml import read_marcxml
from indexer.record import DeleteEvent, FileRead, NormalisedRecord, RawRecord, Rejection
from tests.conftest import REAL_DATA


def raw_records(relative: str, source: str) -> list[RawRecord | Rejection]:
    with (REAL_DATA / relative).open("rb") as stream:
        return list(read_marcxml(stream, source=source, location=relative))


def normalised(raw: RawRecord, *, deleted: bool = False) -> NormalisedRecord:
    return NormalisedRecord(raw.source, raw.id_hint or "", raw.format, "other", "title", deleted=deleted)


def test_records_are_counted_per_source_and_in_total() -> None:
    summary = Summary()
    espoo = raw_records("marc4j/OCLC_814388508.xml", "espoo") + raw_records("pymarc/batch.xml", "espoo")
    for item in espoo:
        summary.add(item)
        if isinstance(item, RawRecord):
            summary.add(normalised(item))
    summary.add(FileRead("espoo", "pymarc/batch.xml", "marcxml", records=2, rejected=0))
    (first,) = raw_records("helmet-marcxml/curated/2360958.xml", "helsinki")
    assert isinstance(first, RawRecord)
    summary.add(first)
    summary.add(normalised(first, deleted=True))
    summary.add(DeleteEvent("helsinki", "123", "marcxml"))
    summary.add(Rejection("helsinki", "x.xml", None, None, "not a MARC21, MARCXML, ONIX or Sierra JSON file"))
    summary.add_error("vantaa", "feeds/vantaa: no such file or directory")

    report = json.loads(json.dumps(summary.to_dict()))["summary"]

    # One rule everywhere: read = normalised + rejected + deleted (the file in no catalogue format is read
    # and rejected; the record marked deleted is deleted, not normalised).
    assert {key: report[key] for key in ("read", "normalised", "rejected", "deleted", "refused")} == {
        "read": 6,
        "normalised": 3,
        "rejected": 1,
        "deleted": 2,
        "refused": 0,
    }
    for counts in (report, *report["sources"].values()):
        assert counts["read"] == counts["normalised"] + counts["rejected"] + counts["deleted"]
    assert report["sources"]["espoo"] == {
        "read": 3,
        "normalised": 3,
        "rejected": 0,
        "deleted": 0,
        "refused": 0,
        "files": [
            {
                "file": "pymarc/batch.xml",
                "format": "marcxml",
                "read": 2,
                "normalised": 2,
                "rejected": 0,
                "deleted": 0,
                "complete": True,
                "damage": None,
            }
        ],
        "errors": [],
    }
    assert report["sources"]["helsinki"]["deleted"] == 2
    assert report["sources"]["vantaa"]["errors"] == ["feeds/vantaa: no such file or directory"]


def test_a_run_that_found_no_catalogue_file_and_no_record_read_nothing() -> None:
    summary = Summary()
    assert summary.nothing_read()
    summary.add_error("espoo", "missing: no such file or directory")
    summary.add(Rejection("espoo", "notes.txt", None, None, "not a catalogue file"))
    summary.add(FileRead("espoo", "notes.txt", None, records=0, rejected=1))
    assert summary.nothing_read()


def test_an_empty_catalogue_file_counts_as_read() -> None:
    summary = Summary()
    summary.add(FileRead("espoo", "empty-collection.xml", "marcxml", records=0, rejected=0))
    assert not summary.nothing_read()


def test_a_record_read_counts_as_read_even_if_its_harvest_failed_later() -> None:
    summary = Summary()
    summary.add(DeleteEvent("espoo", "1", "marcxml"))
    summary.add_error("espoo", "oai: harvest stopped after 1 records: HTTP 500 Internal Server Error")
    assert not summary.nothing_read()


def test_the_shares_of_a_file_add_up_to_the_file() -> None:
    """Workers reading shares of one file (indexer.read.shares) report a FileRead each: listed once."""
    summary = Summary()
    parts = [Summary() for _ in range(3)]
    parts[0].add(FileRead("espoo", "espoo.xml", "marcxml", records=5, rejected=1))
    parts[1].add(Rejection("espoo", "espoo.mrc", 3, None, "no title"))
    parts[1].add(FileRead("espoo", "espoo.mrc", "marc21", records=10, rejected=0))
    parts[2].add(Rejection("espoo", "espoo.mrc", 11, None, "cut", file_damaged=True))
    parts[2].add(FileRead("espoo", "espoo.mrc", "marc21", records=7, rejected=1, damaged=1, damage="cut"))
    for part in parts:
        summary.absorb(part)
    assert summary.sources["espoo"].files == [
        FileSummary(FileRead("espoo", "espoo.xml", "marcxml", records=5, rejected=1)),
        FileSummary(
            FileRead("espoo", "espoo.mrc", "marc21", records=17, rejected=1, damaged=1, damage="cut"),
            rejected=2,
        ),
    ]


def test_a_file_entry_counts_what_became_of_everything_read_from_it() -> None:
    """Reader and normaliser rejections, delete events and records marked deleted, each once: read =
    normalised + rejected + deleted."""
    summary = Summary()
    records = [item for item in raw_records("pymarc/batch.xml", "espoo") if isinstance(item, RawRecord)]
    summary.add(records[0])
    summary.add(normalised(records[0], deleted=True))
    summary.add(records[1])
    summary.add(records[1].rejection(None, "no title"))
    summary.add(DeleteEvent("espoo", "9", "marcxml", "pymarc/batch.xml"))
    summary.add(
        Rejection("espoo", "pymarc/batch.xml", 4, "7", "the XML is not well-formed", file_damaged=True)
    )
    summary.add(Rejection("espoo", "elasticsearch", None, "espoo:1", "Elasticsearch refused the document"))
    summary.add(
        FileRead("espoo", "pymarc/batch.xml", "marcxml", 4, 1, damaged=1, damage="the XML is not well-formed")
    )
    (entry,) = summary.to_dict()["summary"]["sources"]["espoo"]["files"]
    assert entry == {
        "file": "pymarc/batch.xml",
        "format": "marcxml",
        "read": 4,
        "normalised": 0,
        "rejected": 2,
        "deleted": 2,
        "complete": False,
        "damage": "the XML is not well-formed",
    }
