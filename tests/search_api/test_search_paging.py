"""Paging: numbered pages up to the result window, the cursor beyond it, every work exactly once."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from indexer.jobs.reindex import run_reindex
from search_api.app import create_app
from tests.search_api.conftest import CatalogueFacts, fixture_sources


def _get(api: TestClient, **params: Any) -> dict[str, Any]:
    answer = api.get("/v1/search", params={"facets": "year", **params})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _walk(api: TestClient, **params: Any) -> list[str]:
    """Every hit id, following the cursor from the first page to the end."""
    page = _get(api, page_size=3, **params)
    ids = [hit["id"] for hit in page["hits"]]
    while page["cursor"]:
        page = _get(api, page_size=3, cursor=page["cursor"], **params)
        assert len(page["hits"]) <= 3
        ids += [hit["id"] for hit in page["hits"]]
    return ids


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "newest"},
        {"sort": "oldest"},
        {"sort": "title", "lang": "sv"},
        {"sort": "title", "lang": "en"},
    ],
)
def test_the_cursor_returns_every_work_exactly_once(
    api: TestClient, es: Elasticsearch, catalogue: Settings, facts: CatalogueFacts, params: dict[str, str]
) -> None:
    ids = _walk(api, **params)
    assert len(ids) == len(set(ids)), "no work twice"
    assert set(ids) == {work.id for work in facts.works}
    assert len(ids) == _get(api, **params)["total"] == es.count(index=catalogue.works_alias)["count"]


def test_the_cursor_keeps_filters_and_ends_with_a_short_page(api: TestClient, facts: CatalogueFacts) -> None:
    ids = _walk(api, filter="municipality:kauniainen", sort="title")
    assert set(ids) == {work.id for work in facts.matching({"municipality": {"kauniainen"}})}
    assert len(ids) == 13


def test_numbered_pages_and_the_cursor_agree(api: TestClient) -> None:
    numbered = [hit["id"] for page in range(1, 19) for hit in _get(api, page=page, page_size=3)["hits"]]
    assert numbered == _walk(api)


def test_a_cursor_page_says_which_page_it_is(api: TestClient) -> None:
    first = _get(api, page_size=3)
    assert first["page"] == 1
    second = _get(api, page_size=3, cursor=first["cursor"])
    third = _get(api, page_size=3, cursor=second["cursor"])
    assert (second["page"], third["page"]) == (2, 3)
    assert second["total"] == third["total"] == first["total"]
    assert [hit["id"] for hit in third["hits"]] == [
        hit["id"] for hit in _get(api, page=3, page_size=3)["hits"]
    ]
    # Six results come before the third page's cursor; at 2 a page, its page is the fourth.
    assert _get(api, page_size=2, cursor=second["cursor"])["page"] == 4


def test_the_last_page_has_no_cursor(api: TestClient) -> None:
    assert _get(api, q="majakka", page_size=3)["cursor"] is None


@pytest.mark.parametrize(
    ("first", "then", "named"),
    [
        ({"q": "romaani"}, {"q": "kissa"}, "q"),  # the issue: talvisota's cursor sent with joulu
        ({"q": "romaani"}, {}, "q"),
        ({"filter": "language:fin"}, {"filter": "language:swe"}, "filter"),
        ({"filter": "language:fin"}, {}, "filter"),
        ({"q": "romaani"}, {"q": "kissa", "filter": "language:fin"}, "q and filter"),
        ({"sort": "relevance"}, {"sort": "newest"}, "sort"),
        ({"sort": "title", "lang": "fi"}, {"sort": "title", "lang": "sv"}, "lang"),
        ({"sort": "oldest", "lang": "en"}, {"sort": "relevance", "lang": "fi"}, "sort and lang"),
    ],
)
def test_a_cursor_sent_with_another_request_is_refused_naming_what_differs(
    api: TestClient, first: dict[str, str], then: dict[str, str], named: str
) -> None:
    cursor = _get(api, page_size=3, **first)["cursor"]
    answer = api.get("/v1/search", params={"page_size": 3, "cursor": cursor, **then})
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        f"cursor: it was made for another {named}; send the cursor with the same q, filter, sort, lang and "
        "fuzzy as the request it came from, or start again without one"
    )


def test_a_cursor_goes_with_the_same_query_however_written(api: TestClient) -> None:
    """Words spaced differently and filters in another order make the same list."""
    filters = ["municipality:espoo", "municipality:helsinki", "language:fin"]
    first = _get(api, q="romaani", filter=filters, page_size=3)
    again = _get(api, q="  romaani ", filter=filters[::-1], page_size=3, cursor=first["cursor"])
    assert again["hits"] and again["page"] == 2


def test_a_fuzzy_list_is_paged_as_fuzzy_and_not_with_fuzzy_false(api: TestClient) -> None:
    """The next pages of the fuzzy retry's matches are fuzzy matches too (the precise query, which
    matched nothing, would end the list at its first page)."""
    whole = _get(api, q="kirjastp", page_size=100)
    assert whole["fuzzy"] and whole["total"] > 3
    assert _walk(api, q="kirjastp") == [hit["id"] for hit in whole["hits"]]
    cursor = _get(api, q="kirjastp", page_size=3)["cursor"]
    assert _get(api, q="kirjastp", page_size=3, cursor=cursor)["fuzzy"] is True
    assert _get(api, q="kirjastp", page_size=3, fuzzy="true", cursor=cursor)["fuzzy"] is True
    refused = api.get("/v1/search", params={"q": "kirjastp", "fuzzy": "false", "cursor": cursor})
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "cursor: it was made for another fuzzy; send the cursor with the same q, filter, sort, lang and "
        "fuzzy as the request it came from, or start again without one"
    )


def _decoded(cursor: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return data


def _cursor(data: dict[str, Any]) -> str:
    payload = json.dumps(data).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


FOREIGN_CURSOR = "cursor: not a cursor from this API; start again without one"


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        base64.urlsafe_b64encode(b'{"x": 1}').decode(),
        base64.urlsafe_b64encode(b"[1]").decode(),
        # a cursor of the earlier format, which named neither the query nor the filters it belonged to
        _cursor({"i": "works", "a": [1.0, 2019, "a"], "s": "relevance:fi"}),
    ],
)
def test_a_garbled_cursor_is_refused(api: TestClient, cursor: str) -> None:
    answer = api.get("/v1/search", params={"cursor": cursor})
    assert answer.status_code == 422
    assert answer.json()["detail"] == FOREIGN_CURSOR


@pytest.mark.parametrize(
    ("edit", "value"),
    [
        ("i", "*"),  # every index of the cluster
        ("i", "records"),  # the catalogue's source records, not its works
        ("i", "other-works-v2-20260101000000000000"),  # another catalogue
        ("a", ["x"]),  # too few values for the sort
        ("a", ["x", "y", "z"]),  # values of the wrong kind
        ("a", [None, None, None]),
        ("a", "x"),
        ("z", "yes"),
        ("n", -3),
        ("n", "3"),
    ],
)
def test_an_edited_cursor_is_refused(
    api: TestClient, es: Elasticsearch, catalogue: Settings, edit: str, value: Any
) -> None:
    records = next(iter(es.indices.get_alias(name=catalogue.records_alias)))
    data = _decoded(_get(api, page_size=3)["cursor"])
    data[edit] = records if value == "records" else value
    answer = api.get("/v1/search", params={"page_size": 3, "cursor": _cursor(data)})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"] == FOREIGN_CURSOR


def test_an_edited_cursor_that_fits_the_sort_is_just_a_position(api: TestClient) -> None:
    data = _decoded(_get(api, page_size=3)["cursor"])
    data["a"] = [data["a"][0], data["a"][1], "0"]
    assert _get(api, page_size=3, cursor=_cursor(data))["hits"]


def test_a_page_beyond_the_result_window_points_to_the_cursor(api: TestClient) -> None:
    assert api.get("/v1/search", params={"page": 500, "page_size": 20}).status_code == 200
    answer = api.get("/v1/search", params={"page": 501, "page_size": 20})
    assert answer.status_code == 422
    assert (
        answer.json()["detail"] == "page: beyond result 10,000; use the cursor of each answer to page deeper"
    )


def test_a_cursor_into_an_index_pruned_by_a_re_index_is_gone(es: Elasticsearch, settings: Settings) -> None:
    """The app is told to start the list again, not that search is unavailable."""
    sources = [source for source in fixture_sources() if source.id == "kauniainen"]
    assert run_reindex(es, settings, sources).status == "succeeded"
    with TestClient(create_app(settings)) as api:
        cursor = _get(api, page_size=3)["cursor"]
        assert run_reindex(es, settings, sources, keep=1).status == "succeeded"  # prunes the first index
        answer = api.get("/v1/search", params={"page_size": 3, "cursor": cursor})
        assert answer.status_code == 410
        assert answer.json()["detail"] == (
            "cursor: the result list has changed since this cursor was made (the catalogue was "
            "re-indexed); start again from page 1 without a cursor"
        )
        assert _get(api, page_size=3)["hits"]  # from page 1, the new index
