"""Every form of the search-box language against the fixture catalogue, and malformed input that must not
fail."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search_api.conftest import CatalogueFacts


def _search(api: TestClient, q: str, **params: Any) -> dict[str, Any]:
    answer = api.get("/v1/search", params={"q": q, "facets": "year", "page_size": 100, **params})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _titles(api: TestClient, q: str) -> set[str]:
    return {hit["title"] for hit in _search(api, q)["hits"]}


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        # plain words: every one must match, in any field
        ("koira kesä", {"Koiran kesä"}),
        ("kissa koira", {"Kissa ja koira"}),
        ("kissa", {"Kirjaston kissa", "Kissa ja koira"}),
        ("Helin unelma", {"Kesäyön unelma"}),  # one word in the author, the other in the title
        # "exact phrase": the words next to each other, in this order
        ('"kissa ja koira"', {"Kissa ja koira"}),
        ('"tietokoneen käyttö"', {"Käyttäjä ja kone"}),
        # -excluded
        ("kissa -koira", {"Kirjaston kissa"}),
        ('majakka -"vanha majakka"', {"Majakka"}),
        # OR
        ("majakka OR kortti", {"Majakka", "Saariston salaisuus", "Kirjastokortti kaikille"}),
        ("koira OR kissa -kesä", {"Kirjaston kissa", "Kissa ja koira", "Metsän väki"}),
        # field prefixes: the word only counts in that field
        ("majakka", {"Majakka", "Saariston salaisuus"}),
        ("title:majakka", {"Majakka"}),
        ("Virtanen", {"Majakka", "Saariston salaisuus"}),
        ("author:Virtanen", {"Majakka"}),
        ("subject:majakka", {"Majakka"}),
        ('title:"kissa ja koira"', {"Kissa ja koira"}),
        ("subject:kissat kirjasto", {"Kirjaston kissa"}),
    ],
)
def test_query_forms(api: TestClient, q: str, titles: set[str]) -> None:
    assert _titles(api, q) == titles


@pytest.mark.parametrize("q", ['"kissa koira"', '"koira kesä"', 'title:"majakka vanha"', "author:majakka"])
def test_phrases_and_fields_that_do_not_match_find_nothing(api: TestClient, q: str) -> None:
    body = _search(api, q)
    assert body["total"] == 0
    assert body["hits"] == []


@pytest.mark.parametrize(
    "q",
    [
        "isbn:951-0-04010-X",
        "isbn:951004010X",
        "isbn:9789510040102",
        "isbn:978-951-0-04010-2",
        "951-0-04010-X",
        # in groups separated by spaces, as printed on many books
        "978 951 0 04010 2",
        "isbn:978 951 0 04010 2",
        "951 0 04010 X",
        "isbn:951 0 04010 X",
    ],
)
def test_isbn_10_and_13_in_any_spelling_find_the_same_work(
    api: TestClient, facts: CatalogueFacts, q: str
) -> None:
    body = _search(api, q)
    assert [hit["id"] for hit in body["hits"]] == [facts.work("Taikatalvi").id]


def test_isbn_prefix_with_something_else_finds_nothing(api: TestClient) -> None:
    assert _search(api, "isbn:majakka")["total"] == 0
    assert _search(api, "isbn:9789510040103")["total"] == 0  # wrong check digit


@pytest.mark.parametrize(
    ("q", "low", "high"),
    [("year:2019", 2019, 2019), ("year:2015..2020", 2015, 2020), ("year:2015-2020", 2015, 2020)],
)
def test_year_forms_keep_works_of_those_years(
    api: TestClient, facts: CatalogueFacts, q: str, low: int, high: int
) -> None:
    body = _search(api, q)
    expected = {
        work.id for work in facts.works if work.best.year is not None and low <= work.best.year <= high
    }
    assert body["total"] == len(expected)
    assert {hit["id"] for hit in body["hits"]} == expected
    assert all(low <= hit["year"] <= high for hit in body["hits"])


def test_a_year_with_words_narrows_the_words(api: TestClient) -> None:
    assert _titles(api, "kirjasto year:2016..2019") == {"Kirjasto keskellä kylää", "Kirjastokortti kaikille"}


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ('"kesäyön unelma', {"Kesäyön unelma"}),
        ('"unelma kesäyön', {"Kesäyön unelma"}),  # an unclosed quote makes no phrase: plain words
        ('kissa "koira', {"Kissa ja koira"}),
        ("(kissa", {"Kirjaston kissa", "Kissa ja koira"}),
        ("kissa)", {"Kirjaston kissa", "Kissa ja koira"}),
        ("foo:bar", set()),  # not a field: searched as the words it is
        ("majakka OR", {"Majakka", "Saariston salaisuus"}),
        ("OR majakka", {"Majakka", "Saariston salaisuus"}),
        ("title: majakka", {"Majakka", "Saariston salaisuus"}),
        # punctuation between words is no word to match
        ("kissa & koira", {"Kissa ja koira"}),
        ("Sinfoniat 1 – 7", {"Sinfoniat 1–7"}),
        ("kissa () ?", {"Kirjaston kissa", "Kissa ja koira"}),
    ],
)
def test_malformed_syntax_degrades_to_words(api: TestClient, q: str, titles: set[str]) -> None:
    assert _titles(api, q) == titles


@pytest.mark.parametrize("q", ["-", '"', '""', "title:", "OR", "()", "   "])
def test_input_with_nothing_to_search_for_lists_everything(
    api: TestClient, facts: CatalogueFacts, q: str
) -> None:
    assert _search(api, q)["total"] == len(facts.works)


def test_a_query_of_only_exclusions_keeps_everything_else(api: TestClient, facts: CatalogueFacts) -> None:
    body = _search(api, "-kissa")
    assert body["total"] == len(facts.works) - 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.lists(
        st.sampled_from(
            [*'ab ä"()-:*?/\\[]{}~^!&|+.\u0000', "OR ", "title:", "isbn:", "year:", "2019..", "kissa"]
        ),
        max_size=20,
    ).map("".join)
    | st.text(max_size=60)
)
def test_no_input_makes_search_fail(api: TestClient, q: str) -> None:
    answer = api.get("/v1/search", params={"q": q, "facets": "year"})
    assert answer.status_code == 200, (q, answer.text)
