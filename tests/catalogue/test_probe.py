"""What the project relies on is really offered by the node it runs against."""

from __future__ import annotations

import httpx

from catalogue.probe import _ok, probe


def test_the_node_offers_everything_the_project_relies_on(es_url: str) -> None:
    report = probe(es_url)
    assert report["analyzers"]["whitespace"] and report["analyzers"]["standard"]
    assert report["token_filters"]["lowercase"]
    assert all(report["aggregations"].values()), report["aggregations"]
    for query in (
        "more_like_this",
        "prefix via index_prefixes",
        "highlight",
        "completion suggester",
        "term suggester",
    ):
        assert report["queries"][query], query
    for api in ("point in time", "aliases", "index templates"):
        assert report["apis"][api], api


def test_error_answers_count_as_missing() -> None:
    """Some failures come back as 200 with an ``error`` object; words like "errors" must not fool it."""
    assert _ok(httpx.Response(200, json={"acknowledged": True, "errors": False}))
    assert _ok(httpx.Response(200, json={"aggregations": {"doc_count_error_upper_bound": 0}}))
    assert not _ok(httpx.Response(200, json={"error": {"reason": "failed to find analyzer"}}))
    assert not _ok(httpx.Response(405, json={"error": "Incorrect HTTP method"}))
    assert not _ok(httpx.Response(200, text="not json"))
