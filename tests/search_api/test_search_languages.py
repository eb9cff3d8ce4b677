"""Issue 18's trial queries on the demo's catalogue: Swedish compounds and inflected forms, English forms,
and no spelling suggestion that finds nothing more (``fågel åbo`` was offered ``fake åbo``)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def search(api: TestClient, q: str, **params: Any) -> dict[str, Any]:
    answer = api.get("/v1/search", params={"q": q, "page_size": 5, **params})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("mormor trappa", "Mormors kökstrappa"),  # compound parts, genitive
        ("trädgård skötsel", "Trädgårdsskötsel"),  # compound parts with a linking s
        ("kök mormor", "Mormors kökstrappa"),
        ("fågel åbo", "Fåglarna från Åbo"),  # plural definite
        ("fåglar åbo", "Fåglarna från Åbo"),
    ],
)
def test_swedish_words_find_their_compounds_and_inflected_forms(
    samples_api: TestClient, query: str, title: str
) -> None:
    body = search(samples_api, query)
    assert body["hits"] and body["hits"][0]["title"] == title
    assert not body["fuzzy"]


def test_a_query_that_finds_works_is_offered_no_spelling(samples_api: TestClient) -> None:
    assert search(samples_api, "fågel åbo")["did_you_mean"] is None


@pytest.mark.parametrize("query", ["fåglx åbo", "fake åbo", "mormorz trappa", "trädgårds skötsl"])
def test_a_spelling_is_offered_only_when_it_finds_more_than_the_words_as_typed(
    samples_api: TestClient, query: str
) -> None:
    """More than the words as typed match (nothing), and no fewer than the fuzzy retry's answer holds."""
    body = search(samples_api, query)
    if body["did_you_mean"] is not None:
        assert search(samples_api, query, fuzzy="false")["total"] == 0
        suggested = search(samples_api, body["did_you_mean"], fuzzy="false")
        assert suggested["total"] >= max(body["total"], 1)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("hiljaisuus nainen", "Hiljaisuuden naiset"),  # both words also in many works' subjects
        ("holmström fyren", "Den vita fyren"),  # an author and a title word
    ],
)
def test_a_title_and_author_match_outranks_subject_and_description_matches(
    samples_api: TestClient, query: str, title: str
) -> None:
    assert search(samples_api, query)["hits"][0]["title"] == title


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Banishers: Ghosts of New Eden", "Banishers: Ghosts of New Eden"),
        ("banishers ghosts of new eden", "Banishers: Ghosts of New Eden"),
        ("fåglarna från åbo", "Fåglarna från Åbo"),
        ("faglarna fran abo", "Fåglarna från Åbo"),
        ("Hobitti eli sinne ja takaisin", "Hobitti, eli, Sinne ja takaisin"),
    ],
)
def test_an_exact_full_title_is_the_first_hit_with_or_without_accents_and_punctuation(
    samples_api: TestClient, query: str, title: str
) -> None:
    assert search(samples_api, query)["hits"][0]["title"] == title


def test_words_that_match_nothing_together_get_the_works_matching_most_of_them(
    samples_api: TestClient,
) -> None:
    body = search(samples_api, "mormor trappa ölkorvqz")
    assert body["partial"] is True and body["unmatched"] == ["ölkorvqz"]
    assert body["hits"][0]["title"] == "Mormors kökstrappa"
    assert body["cursor"] is None, "a partial list is paged by page number"


def test_an_answer_that_matches_every_word_is_not_partial(samples_api: TestClient) -> None:
    body = search(samples_api, "mormor trappa")
    assert body["partial"] is False and body["unmatched"] == []


def test_a_single_word_that_matches_nothing_stays_empty(samples_api: TestClient) -> None:
    body = search(samples_api, "ölkorvqz")
    assert body["total"] == 0 and body["partial"] is False


def test_excluded_words_still_apply_to_a_partial_answer(samples_api: TestClient) -> None:
    body = search(samples_api, "mormor trappa ölkorvqz -noveller")
    assert body["partial"] is True
    assert all(hit["subtitle"] != "noveller" for hit in body["hits"])
