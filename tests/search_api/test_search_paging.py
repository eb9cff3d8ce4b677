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


def test_a_cursor_page_says_page_zero(api: TestClient) -> None:
    first = _get(api, page_size=3)
    assert first["page"] == 1
    second = _get(api, page_size=3, cursor=first["cursor"])
    assert second["page"] == 0
    assert second["total"] == first["total"]


def test_the_last_page_has_no_cursor(api: TestClient) -> None:
    assert _get(api, q="majakka", page_size=3)["cursor"] is None


@pytest.mark.parametrize(
    ("sort", "lang", "other_sort", "other_lang"),
    [
        ("relevance", "fi", "newest", "fi"),
        ("title", "fi", "title", "sv"),
        ("oldest", "en", "relevance", "en"),
    ],
)
def test_a_cursor_from_another_sort_order_is_refused(
    api: TestClient, sort: str, lang: str, other_sort: str, other_lang: str
) -> None:
    cursor = _get(api, sort=sort, lang=lang, page_size=3)["cursor"]
    answer = api.get("/v1/search", params={"sort": other_sort, "lang": other_lang, "cursor": cursor})
    assert answer.status_code == 422
    assert answer.json()["detail"] == "cursor: it belongs to another sort order; start again without one"


def _cursor(index: str, after: list[Any], sort: str = "relevance:fi") -> str:
    payload = json.dumps({"i": index, "a": after, "s": sort}).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


FOREIGN_CURSOR = "cursor: not a cursor from this API; start again without one"


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        base64.urlsafe_b64encode(b'{"x": 1}').decode(),
        base64.urlsafe_b64encode(b"[1]").decode(),
    ],
)
def test_a_garbled_cursor_is_refused(api: TestClient, cursor: str) -> None:
    answer = api.get("/v1/search", params={"cursor": cursor})
    assert answer.status_code == 422
    assert answer.json()["detail"] == FOREIGN_CURSOR


@pytest.mark.parametrize(
    ("index", "after"),
    [
        ("*", [1.0, 2019, "a"]),  # every index of the cluster
        ("records", [1.0, 2019, "a"]),  # the catalogue's source records, not its works
        ("other-works-v2-20260101000000000000", [1.0, 2019, "a"]),  # another catalogue
        ("works", ["x"]),  # too few values for the sort
        ("works", ["x", "y", "z"]),  # values of the wrong kind
        ("works", [None, None, None]),
    ],
)
def test_an_edited_cursor_is_refused(
    api: TestClient, es: Elasticsearch, catalogue: Settings, index: str, after: list[Any]
) -> None:
    concrete = {
        "works": next(iter(es.indices.get_alias(name=catalogue.works_alias))),
        "records": next(iter(es.indices.get_alias(name=catalogue.records_alias))),
    }
    answer = api.get("/v1/search", params={"cursor": _cursor(concrete.get(index, index), after)})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"] == FOREIGN_CURSOR


def test_an_edited_cursor_that_fits_the_sort_is_just_a_position(api: TestClient) -> None:
    first = _get(api, page_size=3)
    data = json.loads(base64.urlsafe_b64decode(first["cursor"] + "=" * (-len(first["cursor"]) % 4)))
    moved = _cursor(data["i"], [data["a"][0], data["a"][1], "0"], data["s"])
    assert _get(api, page_size=3, cursor=moved)["hits"]


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
