"""What one search asks of Elasticsearch: the page and the facets as two requests, the facets cacheable."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from search_api.facets import FACETS, WITHIN_SELECTION, parse_filters
from search_api.models import SearchRequest
from search_api.query import build_search, text_query
from search_api.query_syntax import parse
from search_api.response import search_answer


def _plan(**params: Any) -> Any:
    request = SearchRequest(**params)
    return build_search(request, parse(request.q), parse_filters(request.filter))


def test_the_facets_request_is_the_same_for_every_page_and_order() -> None:
    """So that the shard request cache answers it for page 2, another order or the way back."""
    first = _plan(q="kissa", filter=["municipality:espoo"])
    assert first.facets is not None and first.facets["size"] == 0 and WITHIN_SELECTION in first.facets["aggs"]
    assert "aggs" not in first.hits and first.hits["track_total_hits"] is False
    assert first.hits["query"]["bool"]["filter"] == [{"terms": {"municipality": ["espoo"]}}]
    for other in (
        _plan(q="kissa", filter=["municipality:espoo"], page=2),
        _plan(q="kissa", filter=["municipality:espoo"], sort="newest"),
        _plan(q="kissa", filter=["municipality:espoo"], page_size=50),
    ):
        assert other.facets == first.facets and other.hits != first.hits


def test_without_facets_the_page_counts_its_total_itself() -> None:
    plan = _plan(q="kissa", facets=[])
    assert plan.facets is None and plan.hits["track_total_hits"] is True


def test_the_answers_are_joined_with_the_facets_total() -> None:
    hits = {"took": 3, "hits": {"hits": [{"_id": "a"}], "max_score": 1.0}}
    language = {"buckets": [{"key": "fin", "doc_count": 41}]}
    year = {"doc_count": 50, "values": {"buckets": []}}
    facets = {"aggregations": {WITHIN_SELECTION: {"doc_count": 41, "language": language}, "year": year}}
    joined = search_answer(hits, facets)
    assert joined["hits"] == {
        "hits": [{"_id": "a"}],
        "max_score": 1.0,
        "total": {"value": 41, "relation": "eq"},
    }
    assert joined["aggregations"] == {"language": {"values": language}, "year": year}
    assert search_answer(hits) is hits


def test_facets_without_a_selection_of_their_own_share_one_filter() -> None:
    """Every facet nothing is selected in counts within all the selections: tested once per work, not per
    facet. A facet with a selection counts within the others' only."""
    aggs = _plan(q="kissa", filter=["municipality:espoo", "year:2000..2010"]).facets["aggs"]
    assert set(aggs) == {WITHIN_SELECTION, "municipality", "year"}
    espoo, years = {"terms": {"municipality": ["espoo"]}}, aggs["municipality"]["filter"]["bool"]["filter"]
    assert aggs[WITHIN_SELECTION]["filter"]["bool"]["filter"] == [espoo, *years]
    assert set(aggs[WITHIN_SELECTION]["aggs"]) == set(FACETS) - {"municipality", "year"}
    assert aggs["year"]["filter"]["bool"]["filter"] == [espoo]
    assert set(aggs["municipality"]["aggs"]) == {"values", "selected"}
    alone = _plan(q="kissa", facets=["year", "language"]).facets["aggs"]
    assert alone == {
        WITHIN_SELECTION: {
            "filter": {"match_all": {}},
            "aggs": {
                "year": {"histogram": {"field": "year", "interval": 1, "min_doc_count": 1}},
                "language": {"terms": {"field": "language", "size": 30}},
            },
        }
    }


def test_a_word_several_languages_read_alike_is_matched_once_per_field() -> None:
    query = str(text_query(parse("saariston")))
    assert query.count("{'terms': {'title.stemmed': ['saariston']}}") == 1
    assert query.count("{'terms': {'title.stemmed': ['saaristo']}}") == 1


def _search_stats(es: Elasticsearch, settings: Settings) -> dict[str, int]:
    stats = es.indices.stats(index=settings.works_alias, metric=["request_cache", "search"])["_all"]["total"]
    return {**stats["request_cache"], "suggest_total": stats["search"]["suggest_total"]}


def test_page_two_and_another_order_take_their_facets_from_the_request_cache(
    api: TestClient, es: Elasticsearch, catalogue: Settings
) -> None:
    es.indices.clear_cache(index=catalogue.works_alias, request=True)
    params = {"q": "romaani", "filter": "language:fin", "page_size": 2}
    first = api.get("/v1/search", params=params).json()
    before = _search_stats(es, catalogue)
    second = api.get("/v1/search", params={**params, "page": 2}).json()
    newest = api.get("/v1/search", params={**params, "sort": "newest"}).json()
    after = _search_stats(es, catalogue)
    assert after["hit_count"] - before["hit_count"] == 2, "each facets request answered from the cache"
    assert after["miss_count"] == before["miss_count"]
    assert first["facets"] == second["facets"] == newest["facets"]
    assert first["total"] == second["total"] == newest["total"] > 2
    assert {hit["id"] for hit in first["hits"]}.isdisjoint(hit["id"] for hit in second["hits"])


def test_the_spelling_suggester_is_asked_only_when_the_words_find_nothing(
    api: TestClient, es: Elasticsearch, catalogue: Settings
) -> None:
    before = _search_stats(es, catalogue)["suggest_total"]
    assert api.get("/v1/search", params={"q": "romaani"}).json()["total"] > 0
    assert _search_stats(es, catalogue)["suggest_total"] == before
    api.get("/v1/search", params={"q": "qqxqzzk"})
    assert _search_stats(es, catalogue)["suggest_total"] > before
