"""One fixture catalogue for all search API tests, built once through the real pipeline, and what it should
contain, worked out without Elasticsearch.

The catalogue is ``tests/data/search/<municipality>/`` (real Helmet, Sierra and Elisa records plus
purpose-built ones, see ``make_fixtures.py``), one source per municipality, loaded with the real
``run_reindex`` into indices of its own on the session's node. :class:`CatalogueFacts` reads the same
sources with the same readers and normaliser, merges them in memory and counts facet values in plain
Python, so that every figure the API returns can be checked against a count that did not come from
Elasticsearch or from the API's own query code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from indexer.jobs.pipeline import read_source
from indexer.jobs.reindex import run_reindex
from indexer.jobs.summary import Summary
from indexer.read.sources import Source, load_sources
from indexer.record import MUNICIPALITIES, NormalisedRecord
from indexer.works.merge import Work, group_by_key, merge, record_ref
from search_api.app import create_app

SEARCH_DATA = Path(__file__).resolve().parents[1] / "data" / "search"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
REAL_HELMET = Path(__file__).resolve().parents[1] / "data" / "real" / "helmet-marcxml"

Selection = Mapping[str, set[str]]


def fixture_sources() -> list[Source]:
    return [Source(id=name, municipality=name, location=str(SEARCH_DATA / name)) for name in MUNICIPALITIES]


def facet_values(work: Work) -> dict[str, set[str]]:
    """The values a work counts under in each facet: the best record describes it, all records hold it."""
    best = work.best
    return {
        "municipality": set(work.municipalities),
        "material_type": {best.material_type},
        "language": set(best.languages),
        "year": {str(best.year)} if best.year is not None else set(),
        "subject": {subject.term for subject in best.subjects},
        "author": {contributor.name for contributor in best.contributors},
        "audience": {best.audience} if best.audience else set(),
        "genre": set(best.genres),
        "classification": {c.code for c in best.classification if c.scheme == "ykl"},
        "publisher": {best.publisher} if best.publisher else set(),
        "series": {series.split(" ; ")[0] for series in best.series},  # the facet leaves volumes out
    }


def read_works(sources: list[Source]) -> list[Work]:
    """The works the sources make: records read and normalised, the later of two equal ids kept (as the
    record store does), deletions dropped, grouped by work key and merged."""
    records: dict[str, NormalisedRecord] = {}
    for source in sources:
        for item in read_source(source, Summary(), lambda _: None):
            if isinstance(item, NormalisedRecord) and not item.deleted:
                records[record_ref(item)] = item
    merged = (merge(key, reason, group) for key, (reason, group) in group_by_key(records.values()).items())
    return [work for work in merged if work is not None]


@dataclass(frozen=True)
class CatalogueFacts:
    """The fixture catalogue's works and their facet values, for expected figures."""

    works: list[Work]

    def matching(self, selection: Selection) -> list[Work]:
        """Works with at least one selected value in every facet that has a selection."""
        return [
            work
            for work in self.works
            if all(facet_values(work)[facet] & chosen for facet, chosen in selection.items() if chosen)
        ]

    def counts(self, facet: str, selection: Selection | None = None) -> Counter[str]:
        """Works per value of ``facet`` among the works matching ``selection``'s *other* facets."""
        others = {name: chosen for name, chosen in (selection or {}).items() if name != facet}
        return Counter(value for work in self.matching(others) for value in facet_values(work)[facet])

    def top(self, facet: str, size: int, selection: Selection | None = None) -> list[tuple[str, int]]:
        """The ``size`` most frequent values, ties in value order, as a terms aggregation ranks them."""
        ranked = sorted(self.counts(facet, selection).items(), key=lambda item: (-item[1], item[0]))
        return ranked[:size]

    def work(self, title: str) -> Work:
        """The one work whose best record has this title."""
        (found,) = [work for work in self.works if work.best.title == title]
        return found


@pytest.fixture(scope="session")
def catalogue_settings(es_url: str, run_prefix: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    state = tmp_path_factory.mktemp("search-catalogue")
    return Settings(
        elasticsearch_url=es_url,
        index_prefix=f"{run_prefix}-search",
        state_dir=state / "state",
        merge_rules_file=state / "no-merge-rules.toml",
    )


@pytest.fixture(scope="session")
def catalogue(es: Elasticsearch, catalogue_settings: Settings) -> Settings:
    """Settings of an API that reads the fixture catalogue, built once per session."""
    result = run_reindex(es, catalogue_settings, fixture_sources())
    assert result.status == "succeeded", result.message
    return catalogue_settings


@pytest.fixture(scope="session")
def api(catalogue: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(catalogue)) as client:
        yield client


@pytest.fixture(scope="session")
def facts() -> CatalogueFacts:
    return CatalogueFacts(read_works(fixture_sources()))


def samples_sources() -> list[Source]:
    """The demo's catalogue (``sources.toml`` over ``data/samples/``) and the real Helmet records of
    ``tests/data/real``: what the judged queries and the issue's trial queries are asked of."""
    real = Source(id="real-helmet", municipality="helsinki", location=str(REAL_HELMET))
    return [*load_sources(PROJECT_ROOT / "sources.toml"), real]


@pytest.fixture(scope="session")
def samples_api(
    es: Elasticsearch, es_url: str, run_prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """An API over :func:`samples_sources`, indexed once per session."""
    state = tmp_path_factory.mktemp("samples-catalogue")
    settings = Settings(
        elasticsearch_url=es_url,
        index_prefix=f"{run_prefix}-samples",
        state_dir=state / "state",
        merge_rules_file=state / "no-merge-rules.toml",
        index_workers=1,
    )
    result = run_reindex(es, settings, samples_sources())
    assert result.status == "succeeded", result.message
    with TestClient(create_app(settings)) as client:
        yield client
