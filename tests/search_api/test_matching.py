"""One decision between the precise query and the fuzzy retry for every endpoint that takes ``q``
(search_api/matching.py), and a did_you_mean only when it helps, on the fixture catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from search_api.query import spelling_checked
from search_api.query_syntax import Term, parse

COUNTED = ("year", "material_type", "municipality", "language")


def _get(api: TestClient, path: str, **params: Any) -> dict[str, Any]:
    answer = api.get(path, params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _search(api: TestClient, q: str, filters: list[str], **params: Any) -> dict[str, Any]:
    return _get(api, "/v1/search", q=q, filter=filters, facets=list(COUNTED), page_size=100, **params)


def _counts(values: list[dict[str, Any]]) -> dict[str, int]:
    return {value["value"]: value["count"] for value in values if value["count"]}


@pytest.mark.parametrize(
    ("q", "filters", "fuzzy"),
    [
        # Käyttäjä ja kone is not in Helsinki: with the filter the words as typed match nothing there, and
        # the fuzzy retry finds a work that is (the "58 works" beside a facet listing of 0).
        ("käyttäjä", ["municipality:helsinki"], True),
        ("majakla", [], True),  # a typo
        ("kirjastp", ["language:fin"], True),
        ("kissa", [], False),
        ("käyttäjä", [], False),
    ],
)
def test_the_facet_listing_counts_the_works_the_search_matched(
    api: TestClient, q: str, filters: list[str], fuzzy: bool
) -> None:
    search = _search(api, q, filters)
    assert search["fuzzy"] is fuzzy
    assert search["total"] == len(search["hits"]) > 0
    for name in COUNTED:
        listing = _get(api, f"/v1/facets/{name}", q=q, filter=filters, page_size=10_000)
        assert listing["fuzzy"] is fuzzy, name
        assert _counts(listing["values"]) == _counts(search["facets"][name]), name
    material_types = _get(api, "/v1/facets/material_type", q=q, filter=filters)["values"]
    assert sum(value["count"] for value in material_types) == search["total"]  # one type per work


def test_fuzzy_false_switches_the_retry_off_everywhere(api: TestClient) -> None:
    params = {"q": "käyttäjä", "filter": ["municipality:helsinki"], "fuzzy": "false"}
    search = _get(api, "/v1/search", **params)
    assert (search["total"], search["fuzzy"], search["hits"]) == (0, False, [])
    listing = _get(api, "/v1/facets/year", **params)
    assert (listing["total"], listing["fuzzy"]) == (0, False)


def test_fuzzy_true_matches_fuzzily_at_once(api: TestClient) -> None:
    """What keeps the explorer's municipality rows on its search's list: without it, Espoo's row (where
    the words as typed match) would count precisely while the search beside it counted fuzzy matches."""
    fuzzy = _search(api, "käyttäjä", ["municipality:helsinki"])
    assert fuzzy["fuzzy"]
    for municipality in (value["value"] for value in fuzzy["facets"]["municipality"]):
        row = ["municipality:" + municipality]
        assert _search(api, "käyttäjä", row, fuzzy="true")["fuzzy"] is True
        listing = _get(api, "/v1/facets/material_type", q="käyttäjä", filter=row, fuzzy="true")
        assert listing["fuzzy"] is True
    assert _search(api, "käyttäjä", ["municipality:espoo"])["fuzzy"] is False
    precise = _search(api, "käyttäjä", [], fuzzy="true")
    assert precise["fuzzy"] and precise["total"] >= _search(api, "käyttäjä", [])["total"]
    assert precise["did_you_mean"] is None
    assert _search(api, "", [], fuzzy="true")["fuzzy"] is False  # no words: nothing to match fuzzily


def test_fuzzy_is_in_the_openapi_document(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    for path in ("/v1/search", "/v1/facets/{name}"):
        parameters = {
            parameter["name"]: parameter for parameter in document["paths"][path]["get"]["parameters"]
        }
        assert "false: never retry" in parameters["fuzzy"]["description"], path
    schemas = document["components"]["schemas"]
    assert schemas["SearchResponse"]["properties"]["fuzzy"]["type"] == "boolean"
    assert schemas["FacetListing"]["properties"]["fuzzy"]["type"] == "boolean"


@pytest.mark.parametrize(
    ("q", "filters"),
    [
        ("kissa", []),  # the issue: kissa has hits and must not be told kaisa
        ("kissat", []),  # found through kissa: told kissa, which finds the same two works
        ("kissan", []),
        ("majakat", []),
        ("kaisa", []),  # a name in the catalogue, not a misspelt kissa
        ("kirjastokorti", []),  # found through its compound parts: kirjastokortti finds the same work
        ("kissa", ["municipality:helsinki"]),
    ],
)
def test_no_suggestion_for_words_that_find_works(api: TestClient, q: str, filters: list[str]) -> None:
    answer = _search(api, q, filters)
    assert answer["total"] and not answer.get("fuzzy")  # found as typed
    assert answer["did_you_mean"] is None


@pytest.mark.parametrize(
    ("q", "filters"),
    [
        ("unelna", []),
        ("majakla", []),
        ("kayttaj", []),
        ("Kesäyön unelna", []),
        ("kisa or koirra", []),
        ("kirjastp", []),
        ("unelna", ["language:swe"]),  # unelma is in no Swedish work: nothing better to offer
        ("unelna", ["municipality:kauniainen"]),
        ("kirjastokorti", ["material_type:ebook"]),
    ],
)
def test_a_suggestion_never_finds_fewer_works_than_what_was_typed(
    api: TestClient, q: str, filters: list[str]
) -> None:
    answer = _search(api, q, filters)
    if answer["did_you_mean"] is not None:
        suggested = _search(api, answer["did_you_mean"], filters)
        assert not suggested.get("fuzzy")
        # A partial answer (most of the words) is no answer to the words as typed, which matched nothing.
        assert suggested["total"] >= max(0 if answer["partial"] else answer["total"], 1)


def test_no_suggestion_that_finds_nothing_with_the_filters(api: TestClient) -> None:
    assert _search(api, "unelna", ["language:swe"])["did_you_mean"] is None
    assert _search(api, "unelna", [])["did_you_mean"] == "unelma"


def test_lower_case_or_is_a_word_and_the_suggestion_does_not_echo_it(api: TestClient) -> None:
    assert parse("kisa or koirra").clauses == [Term("kisa"), Term("or"), Term("koirra")]
    assert [word.typed for word in spelling_checked(parse("kisa or koirra"))] == ["kisa", "koirra"]
    answer = _search(api, "kisa or koirra", [])
    assert answer["partial"] and answer["unmatched"] == ["or"]  # "or" is a word no work has
    assert answer["did_you_mean"] == "kissa koira"
    assert _search(api, "kissa koira", [])["total"] == 1
    # OR in capitals is the operator: the fuzzy retry finds either word, more than "kissa koira" would.
    assert _search(api, "kisa OR koirra", [])["did_you_mean"] is None
