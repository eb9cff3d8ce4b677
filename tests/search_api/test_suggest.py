"""Suggestions as people type: titles, authors in either name order, subjects, accents optional."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogue.analysis import analyse
from tests.search_api.conftest import CatalogueFacts


def _suggest(api: TestClient, q: str, **params: Any) -> list[dict[str, Any]]:
    answer = api.get("/v1/suggest", params={"q": q, **params})
    assert answer.status_code == 200, answer.text
    suggestions: list[dict[str, Any]] = answer.json()["suggestions"]
    return suggestions


@pytest.mark.parametrize(
    ("q", "text", "kind"),
    [
        ("Kesäy", "Kesäyön unelma", "title"),
        ("kesa", "Kesäyön unelma", "title"),  # without the accents
        ("KESÄYÖN U", "Kesäyön unelma", "title"),
        ("Преступ", "Преступление и наказание", "title"),
        ("Helin", "Helin, Sari", "author"),  # "Surname, Given"
        ("Sari Hel", "Helin, Sari", "author"),  # "Given Surname"
        ("sibelius", "Sibelius, Jean", "author"),
        ("Räsä", "Räsänen, Veera", "author"),
        ("rasanen", "Räsänen, Veera", "author"),
        ("dostoe", "Достоевский, Фёдор", "author"),  # romanised, as English writes it
        ("majak", "majakat", "subject"),
        ("tietotek", "tietotekniikka", "subject"),
    ],
)
def test_a_prefix_completes(api: TestClient, q: str, text: str, kind: str) -> None:
    assert {"text": text, "kind": kind} in [{"text": s["text"], "kind": s["kind"]} for s in _suggest(api, q)]


def test_a_title_suggestion_leads_to_its_work(api: TestClient, facts: CatalogueFacts) -> None:
    (suggestion,) = _suggest(api, "Kesäy")
    assert suggestion == {"text": "Kesäyön unelma", "kind": "title", "id": facts.work("Kesäyön unelma").id}
    assert api.get(f"/v1/records/{suggestion['id']}").json()["title"] == "Kesäyön unelma"


def test_only_values_starting_with_the_prefix_are_offered(api: TestClient) -> None:
    suggestions = _suggest(api, "majak")
    assert [(s["text"], s["kind"]) for s in suggestions] == [("Majakka", "title"), ("majakat", "subject")]
    assert _suggest(api, "xyzzy") == []


def test_a_short_prefix_fills_the_list_with_distinct_titles(api: TestClient, facts: CatalogueFacts) -> None:
    starting_with_k = {
        work.best.title for work in facts.works if analyse(work.best.title, None).folded.startswith("k")
    }
    assert len(starting_with_k) == 10
    suggestions = _suggest(api, "k")
    assert len(suggestions) == 10
    assert {s["text"] for s in suggestions} == starting_with_k
    assert {s["kind"] for s in suggestions} == {"title"}


@pytest.mark.parametrize("size", [1, 3, 10])
def test_at_most_size_and_never_more_than_ten(api: TestClient, size: int) -> None:
    assert len(_suggest(api, "k", size=size)) == size
    assert len(_suggest(api, "ka", size=size)) <= size


def test_size_is_bounded(api: TestClient) -> None:
    answer = api.get("/v1/suggest", params={"q": "k", "size": 11})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("size:")


@pytest.mark.parametrize("params", [{"q": ""}, {}])
def test_an_empty_prefix_is_a_422_naming_q(api: TestClient, params: dict[str, str]) -> None:
    answer = api.get("/v1/suggest", params=params)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("q:")


def test_a_prefix_over_500_characters_is_a_422(api: TestClient) -> None:
    answer = api.get("/v1/suggest", params={"q": "k" * 501})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("q:")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(min_size=1, max_size=40))
@example(q="!\x1f!")  # no word, and characters completion fields reserve (U+001E, U+001F)
@example(q="-\x1e-")
def test_no_prefix_makes_suggest_fail(api: TestClient, q: str) -> None:
    answer = api.get("/v1/suggest", params={"q": q})
    assert answer.status_code == 200, (q, answer.text)
    assert len(answer.json()["suggestions"]) <= 10
