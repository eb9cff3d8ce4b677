"""Sort orders: titles in the collation of the interface language, years newest or oldest first."""

from __future__ import annotations

from typing import Any

import icu
import pytest
from fastapi.testclient import TestClient

from tests.search_api.conftest import CatalogueFacts

FINNISH_AND_SWEDISH = ["Anna", "Zorro", "Åke", "Äiti", "Ängel", "Öljy", "Östen"]  # å, ä, ö after z
ENGLISH = ["Äiti", "Åke", "Ängel", "Anna", "Öljy", "Östen", "Zorro"]  # å, ä as a, ö as o


def _hits(api: TestClient, **params: Any) -> list[dict[str, Any]]:
    answer = api.get("/v1/search", params={"facets": "year", "page_size": 100, **params})
    assert answer.status_code == 200, answer.text
    hits: list[dict[str, Any]] = answer.json()["hits"]
    return hits


@pytest.mark.parametrize(
    ("lang", "expected"), [("fi", FINNISH_AND_SWEDISH), ("sv", FINNISH_AND_SWEDISH), ("en", ENGLISH)]
)
def test_titles_sort_in_the_collation_of_the_language(
    api: TestClient, lang: str, expected: list[str]
) -> None:
    hits = _hits(api, filter="series:Nimikirjat", sort="title", lang=lang)
    assert [hit["title"] for hit in hits] == expected


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_whole_catalogue_sorts_as_icu_collates_it(
    api: TestClient, facts: CatalogueFacts, lang: str
) -> None:
    collator = icu.Collator.createInstance(icu.Locale(lang))
    titles = [hit["title"] for hit in _hits(api, sort="title", lang=lang)]
    assert titles == sorted((work.best.title for work in facts.works), key=collator.getSortKey)
    assert titles != sorted(titles), "byte order would differ (capitals first, å ä ö last)"


@pytest.mark.parametrize(("sort", "newest_first"), [("newest", True), ("oldest", False)])
def test_years_sort_newest_or_oldest_first(
    api: TestClient, facts: CatalogueFacts, sort: str, newest_first: bool
) -> None:
    years = [hit["year"] for hit in _hits(api, sort=sort)]
    expected = sorted(
        (work.best.year for work in facts.works if work.best.year is not None), reverse=newest_first
    )
    assert years == expected
    assert years[0] == (2026 if newest_first else 1973)


def test_a_sort_order_applies_to_the_hits_of_a_query(api: TestClient) -> None:
    relevance = [hit["title"] for hit in _hits(api, q="kirjasto")]
    oldest = [hit["title"] for hit in _hits(api, q="kirjasto", sort="oldest")]
    assert sorted(relevance) == sorted(oldest)
    assert oldest == [
        "Kirjasto keskellä kylää",
        "Kirjastokortti kaikille",
        "Kirjaston kissa",
        "Viimeinen valkoinen mies",
    ]
