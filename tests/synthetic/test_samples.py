"""The demo catalogue as the harvester finds it; the committed copy is exactly what the generator writes."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from indexer.normalise import normalise
from indexer.read.harvest import harvest
from indexer.read.sources import Source
from indexer.record import MATERIAL_TYPES, MUNICIPALITIES, NormalisedRecord, RawRecord, Rejection
from synthetic.feeds import Feed
from synthetic.identifiers import ISBN_PREFIX, ISBN_PREFIX_HYPHENATED
from synthetic.samples import TARGET_RECORDS, main
from synthetic.showcase import SHOWCASE
from synthetic.vocabulary import LANGUAGES
from tests.synthetic.feed_contents import child, files_of, oai_items, onix_products, onix_text

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "samples"

Harvested = dict[str, list[NormalisedRecord | Rejection]]


@pytest.fixture(scope="module")
def harvested(samples_dir: Path) -> Harvested:
    """Every municipality's folder read and normalised by the harvester, as the demo does."""
    found: Harvested = {}
    for municipality in MUNICIPALITIES:
        source = Source(id=municipality, municipality=municipality, location=str(samples_dir / municipality))
        items = found.setdefault(municipality, [])
        for item in harvest(source):
            if isinstance(item, RawRecord):
                items.append(normalise(item))
            elif isinstance(item, Rejection):
                items.append(item)
    return found


def records(harvested: Harvested) -> list[NormalisedRecord]:
    return [item for items in harvested.values() for item in items if isinstance(item, NormalisedRecord)]


def test_the_committed_samples_are_exactly_what_the_generator_writes(samples_dir: Path) -> None:
    generated = {
        path.relative_to(samples_dir): path.read_bytes() for path in samples_dir.rglob("*") if path.is_file()
    }
    committed = {
        path.relative_to(COMMITTED): path.read_bytes()
        for path in COMMITTED.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert sorted(committed) == sorted(generated)
    assert [name for name in generated if committed[name] != generated[name]] == []


def test_there_are_enough_records_in_the_formats_of_real_feeds(samples: list[Feed]) -> None:
    assert sum(feed.records for feed in samples) >= TARGET_RECORDS
    assert {(feed.municipality, feed.format) for feed in samples} == {
        ("espoo", "marc21"),
        ("espoo", "marcxml"),
        ("helsinki", "marcxml"),
        ("helsinki", "marc21"),
        ("vantaa", "oai"),
        ("kauniainen", "onix3"),
        ("kauniainen", "onix21"),
    }


def test_every_material_and_language_is_there(harvested: Harvested) -> None:
    found = records(harvested)
    assert {record.material_type for record in found} == set(MATERIAL_TYPES) - {"other"}
    assert {language for record in found for language in record.languages} >= set(LANGUAGES)


def test_the_showcase_works_are_held_as_planned(harvested: Harvested) -> None:
    holders = collections.defaultdict(set)
    for record in records(harvested):
        first_contributor = next((person.name for person in record.contributors), None)
        holders[record.title, first_contributor].add(record.source)
    for showcase in SHOWCASE:
        assert holders[showcase.work.title, showcase.work.credits[0].name] == set(showcase.holders)


def test_many_works_are_held_by_several_municipalities(harvested: Harvested) -> None:
    holders = collections.defaultdict(set)
    for record in records(harvested):
        for number in record.identifiers.isbn:
            holders[number].add(record.source)
    shared = sum(len(municipalities) > 1 for municipalities in holders.values())
    assert shared / len(holders) > 0.3
    assert any(len(municipalities) == 4 for municipalities in holders.values())


def test_every_invented_isbn_has_the_fictitious_prefix(harvested: Harvested) -> None:
    isbns = [number for record in records(harvested) for number in record.identifiers.isbn]
    assert isbns and all(number.startswith(ISBN_PREFIX) for number in isbns)
    assert all(not record.identifiers.invalid_isbn for record in records(harvested))
    assert ISBN_PREFIX_HYPHENATED in (COMMITTED / "README.md").read_text(encoding="utf-8")


def test_the_broken_records_are_rejected_with_their_reasons(harvested: Harvested) -> None:
    reasons = {
        municipality: sorted(item.reason for item in items if isinstance(item, Rejection))
        for municipality, items in harvested.items()
    }
    assert reasons == {
        "espoo": [
            "the file ends in the middle of a record",
            "unreadable ISO 2709 record: the leader or directory has a length or offset that is not a number "
            "(ValueError)",
        ],
        "helsinki": ["no title: the record has no 245 $a or $k, nor a 240, 130, 246 or 740 title"],
        "vantaa": ["no title: the record has no 245 $a or $k, nor a 240, 130, 246 or 740 title"],
        "kauniainen": ["no title: the product has no TitleDetail (3.0) or Title (2.1) text"] * 2,
    }


def test_every_feed_has_deleted_records(samples: list[Feed], harvested: Harvested) -> None:
    deleted = collections.Counter(record.source for record in records(harvested) if record.deleted)
    assert deleted["espoo"] > 0 and deleted["helsinki"] > 0 and deleted["kauniainen"] > 0
    [oai] = [feed for feed in samples if feed.format == "oai"]
    assert any(child(item, "{*}header").get("status") == "deleted" for item in oai_items(oai))
    for feed in samples:
        if feed.format in ("onix3", "onix21"):
            assert "05" in {
                text for product in onix_products(feed) for text in onix_text(product, "NotificationType")
            }


def test_the_samples_take_a_few_mib(samples: list[Feed]) -> None:
    size = sum(path.stat().st_size for feed in samples for path in files_of(feed))
    assert size < 8 * 1024 * 1024


def test_the_command_reports_every_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8
    assert lines[-1].startswith("in all: ")
