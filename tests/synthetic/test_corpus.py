from __future__ import annotations

import collections
import tracemalloc
from pathlib import Path

import pytest
from stdnum import ean, isbn, ismn, issn

from synthetic.corpus import main, write_corpus
from synthetic.feeds import Feed, FeedFormat
from tests.synthetic.conftest import CORPUS_RECORDS, CORPUS_SHARED
from tests.synthetic.feed_contents import (
    files_of,
    marc_records,
    oai_items,
    onix_products,
    onix_text,
    standard_numbers,
)

VALIDATORS = {"isbn": isbn.is_valid, "issn": issn.is_valid, "ismn": ismn.is_valid, "ean": ean.is_valid}


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    formats: tuple[FeedFormat, ...] = ("marc21", "marcxml", "oai", "onix3")
    first = write_corpus(tmp_path / "first", 1500, seed=3, formats=formats)
    second = write_corpus(tmp_path / "second", 1500, seed=3, formats=formats)
    for one, other in zip(first, second, strict=True):
        assert [path.read_bytes() for path in files_of(one)] == [
            path.read_bytes() for path in files_of(other)
        ]


def test_another_seed_writes_another_corpus(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "first", 300, seed=3, formats=("marc21",))
    second = write_corpus(tmp_path / "second", 300, seed=4, formats=("marc21",))
    assert first[0].path.read_bytes() != second[0].path.read_bytes()


def test_each_municipality_gets_its_format_in_turn(corpus: list[Feed]) -> None:
    assert [(feed.municipality, feed.format) for feed in corpus] == [
        ("espoo", "marc21"),
        ("helsinki", "marcxml"),
        ("vantaa", "onix3"),
        ("kauniainen", "oai"),
    ]


def test_exactly_the_requested_number_of_records_is_written_and_read_back(corpus: list[Feed]) -> None:
    read_back: dict[str, int] = {}
    for feed in corpus:
        if feed.format in ("onix3", "onix21"):
            read_back[feed.format] = len(onix_products(feed))
        else:
            records = marc_records(feed)
            assert all(record is not None for record in records)
            read_back[feed.format] = len(records)
    assert read_back == {feed.format: feed.records for feed in corpus}
    assert sum(read_back.values()) == CORPUS_RECORDS
    [oai] = [feed for feed in corpus if feed.format == "oai"]
    assert len(oai_items(oai)) == oai.records


def test_an_onix_feed_holds_books_only(corpus: list[Feed]) -> None:
    [onix] = [feed for feed in corpus if feed.format == "onix3"]
    forms = {
        form
        for product in onix_products(onix)
        for form in onix_text(product, "DescriptiveDetail/ProductForm")
    }
    assert forms <= {"EB", "ED", "AJ", "AN"}


def test_every_standard_number_has_a_valid_check_digit(corpus: list[Feed]) -> None:
    numbers = [number for feed in corpus for number in standard_numbers(feed)]
    assert {kind for kind, _ in numbers} == {"isbn", "issn", "ismn", "ean"}
    assert [number for number in numbers if not VALIDATORS[number[0]](number[1])] == []


def test_the_share_of_works_held_by_several_municipalities_is_as_configured(corpus: list[Feed]) -> None:
    holders = collections.defaultdict(set)
    for feed in corpus:
        for number in standard_numbers(feed):
            holders[number].add(feed.municipality)
    shared = sum(len(municipalities) > 1 for municipalities in holders.values()) / len(holders)
    assert CORPUS_SHARED - 0.04 < shared < CORPUS_SHARED + 0.04


def test_no_work_is_shared_when_the_share_is_zero(tmp_path: Path) -> None:
    feeds = write_corpus(tmp_path, 1000, formats=("marc21",), shared_share=0)
    numbers = [number for feed in feeds for number in standard_numbers(feed)]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("records", [5000, pytest.param(50_000, marks=pytest.mark.slow)])
def test_memory_stays_flat_however_many_records(records: int, tmp_path: Path) -> None:
    """Nothing is kept per record: the peak is the same small amount for 5,000 records as for 50,000
    (50,000 under tracemalloc take about a minute, so that run is marked slow)."""
    tracemalloc.start()
    try:
        write_corpus(tmp_path, records, formats=("marc21", "marcxml", "onix3", "oai"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def test_the_command_writes_and_reports_each_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--records", "200", "--out", str(tmp_path), "--formats", "onix21,marcxml", "--seed", "5"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert sum(int(line.split(": ")[1].split()[0]) for line in lines) == 200
    assert (tmp_path / "espoo" / "espoo-onix21.xml").exists()
    assert (tmp_path / "helsinki" / "helsinki.xml").exists()


@pytest.mark.parametrize(
    "arguments",
    [["--records", "0"], ["--records", "10", "--formats", "pdf"], ["--records", "10", "--shared", "1.5"]],
)
def test_the_command_refuses_bad_arguments(arguments: list[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*arguments, "--out", str(tmp_path)])
    assert exit_info.value.code == 2
