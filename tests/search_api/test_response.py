"""The answers the response module shapes as plain dicts are exactly what their response models serialise
to: the same keys in the same order, the same values, the same bytes. The routes send those dicts as they
are (``json_response``) and keep the models for the OpenAPI schema, so these tests are what holds the two
together, on made-up Elasticsearch answers and on answers from the fixture catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from search_api.facets import parse_filters
from search_api.models import SearchRequest, SearchResponse, SimilarResponse, SuggestResponse
from search_api.query_syntax import parse
from search_api.response import json_response, shape_search, shape_suggestions


def _as_the_model_serialises(model: type[BaseModel], body: bytes) -> bytes:
    return model.model_validate_json(body).model_dump_json().encode()


def _hit(work_id: str, title: str, **display: Any) -> dict[str, Any]:
    return {
        "_index": "catalogue-works-v1-1",
        "_id": work_id,
        "sort": [1.0, 2001, work_id],
        "_source": {"display": {"id": work_id, "title": title, "material_type": "ebook", **display}},
    }


ANSWER: dict[str, Any] = {
    "hits": {
        "total": {"value": 2},
        "hits": [
            _hit(
                "a1",
                "Kissa & koira <3",
                subtitle='Kissan "oma" kirja',
                contributors=[{"name": "Virtanen, Kissa", "role": "author", "extra": "dropped"}],
                year=2001,
                languages=["fin"],
                holdings=[{"municipality": "espoo", "source_id": "e1"}],
                subjects=[{"term": "kissat"}, {"term": "lemmikit"}],
                series=["Eläintarinat"],
                description="Pitkä kuvaus, " * 40 + "jossa kissa vihdoin esiintyy. " + "Loppu. " * 60,
            ),
            _hit("b2", "Koira", subtitle=None, cover=None, languages=[], holdings=[]),
        ],
    },
    "aggregations": {
        "municipality": {"values": {"buckets": [{"key": "espoo", "doc_count": 2}]}},
        "language": {"values": {"buckets": [{"key": "fin", "doc_count": 1}]}},
        "year": {"values": {"buckets": [{"key": 2001.0, "doc_count": 1}]}},
        "author": {"values": {"buckets": []}, "selected": {"buckets": []}},
    },
}


@pytest.mark.parametrize("q", ["kissa", "", "koira kissa"])
def test_a_shaped_search_answer_is_what_its_model_serialises(q: str) -> None:
    request = SearchRequest(q=q, page_size=2, lang="sv")
    filters = parse_filters(["municipality:espoo", "author:Virtanen, Kissa", "year:2000..2002"])
    body = bytes(json_response(shape_search(ANSWER, request, parse(q), filters)).body)
    assert body == _as_the_model_serialises(SearchResponse, body)


def test_the_shaped_search_answer_marks_and_escapes_what_matched() -> None:
    shaped = shape_search(ANSWER, SearchRequest(q="kissa", page_size=2), parse("kissa"), parse_filters([]))
    highlight = shaped["hits"][0]["highlight"]
    assert highlight["title"] == "<mark>Kissa</mark> &amp; koira &lt;3"
    assert highlight["subtitle"] == "<mark>Kissan</mark> &quot;oma&quot; kirja"
    assert highlight["contributors"] == "Virtanen, <mark>Kissa</mark>"
    assert highlight["subjects"] == "<mark>kissat</mark>; lemmikit"
    assert highlight["description"].startswith("…")
    assert "jossa <mark>kissa</mark> vihdoin" in highlight["description"]
    assert highlight["description"].endswith("…")
    assert "series" not in highlight
    assert shaped["hits"][1]["highlight"] == {}


def test_a_shaped_suggestion_list_is_what_its_model_serialises() -> None:
    option = {"text": "kissa", "_id": "a1", "_source": {"display": {"title": "Kissa"}}}
    answer = {"suggest": {"title": [{"options": [option]}], "author": [{"options": []}]}}
    body = bytes(json_response(shape_suggestions(answer, "kis", 10)).body)
    assert body == _as_the_model_serialises(SuggestResponse, body)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "kissa"},
        {"q": "majakla"},  # the fuzzy attempt
        {"q": "kirjastossa", "filter": ["municipality:espoo", "year:1990..2030"], "lang": "en"},
        {"q": "", "page_size": 100},
    ],
)
def test_search_answers_are_what_their_model_serialises(api: TestClient, params: dict[str, Any]) -> None:
    answer = api.get("/v1/search", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == _as_the_model_serialises(SearchResponse, answer.content)


def test_suggestions_and_similar_works_are_what_their_models_serialise(api: TestClient) -> None:
    suggestions = api.get("/v1/suggest", params={"q": "ki"})
    assert suggestions.content == _as_the_model_serialises(SuggestResponse, suggestions.content)
    work_id = api.get("/v1/search", params={"q": "kissa"}).json()["hits"][0]["id"]
    similar = api.get(f"/v1/records/{work_id}/similar")
    assert similar.status_code == 200, similar.text
    assert similar.content == _as_the_model_serialises(SimilarResponse, similar.content)
