"""The fixture catalogue itself: the files on disk are what the generator writes, and they all read cleanly.

Every other search test takes its expected figures from these files, so a stale or half-read fixture would
make them check the wrong thing.
"""

from __future__ import annotations

from indexer.jobs.pipeline import read_source
from indexer.jobs.summary import Summary
from indexer.record import MATERIAL_TYPES, MUNICIPALITIES, NormalisedRecord, Rejection
from search_api.facets import FACETS
from tests.data.search.make_fixtures import BOOKS, HERE, fixture_files
from tests.search_api.conftest import CatalogueFacts, fixture_sources


def test_the_files_on_disk_are_what_the_generator_writes() -> None:
    expected = fixture_files()
    on_disk = {
        path.relative_to(HERE): path.read_bytes()
        for municipality in MUNICIPALITIES
        for path in (HERE / municipality).rglob("*")
        if path.is_file()
    }
    assert sorted(on_disk) == sorted(expected), "run tests/data/search/make_fixtures.py"
    stale = [str(path) for path, content in expected.items() if on_disk[path] != content]
    assert not stale, f"out of date, run tests/data/search/make_fixtures.py: {stale}"


def test_every_record_reads_and_normalises_without_rejection() -> None:
    counts: dict[str, int] = {}
    for source in fixture_sources():
        items = list(read_source(source, Summary(), lambda _: None))
        assert not [item for item in items if isinstance(item, Rejection)]
        counts[source.id] = sum(isinstance(item, NormalisedRecord) for item in items)
    assert counts == {"espoo": 13, "helsinki": 21, "vantaa": 16, "kauniainen": 13}


def test_purpose_built_books_become_one_work_each_held_where_the_table_says(facts: CatalogueFacts) -> None:
    for book in BOOKS:
        work = facts.work(book.title)
        assert work.municipalities == list(book.held_by)
        assert work.best.material_type == book.material
        assert work.best.year == book.year
    assert len(facts.works) == 51


def test_the_real_helmet_record_held_by_two_municipalities_is_one_work(facts: CatalogueFacts) -> None:
    taikatalvi = facts.work("Taikatalvi")
    assert [(record.source, record.source_id) for record in taikatalvi.records] == [
        ("espoo", "951004010X"),
        ("helsinki", "951004010X"),
    ]


def test_the_catalogue_has_more_values_than_search_facets_show(facts: CatalogueFacts) -> None:
    """Rich enough for the top-N cut to matter, and every value of the small vocabularies occurs."""
    for facet in ("subject", "author", "genre"):
        assert len(facts.counts(facet)) > FACETS[facet].size
    assert set(facts.counts("municipality")) == set(MUNICIPALITIES)
    assert set(facts.counts("material_type")) == set(MATERIAL_TYPES)
    assert set(facts.counts("audience")) == {"children", "youth", "adult"}
