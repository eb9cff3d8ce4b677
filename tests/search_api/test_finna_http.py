"""The Finna API's answers byte for byte where Finna's clients depend on them: the quirks of the reference
(``field=title`` without brackets, ``limit=0``, an unknown sort, paging past the window), the error shape
and codes, facet items, form POSTs and the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient

from search_api.finna.records import FIELDS
from search_api.models import MAX_RESULT_WINDOW
from tests.search_api.conftest import CatalogueFacts


def _get(api: TestClient, path: str = "/api/v1/search", **params: Any) -> dict[str, Any]:
    answer = api.get(path, params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    body: dict[str, Any] = answer.json()
    return body


def _ids(answer: dict[str, Any]) -> list[str]:
    return [record["id"] for record in answer.get("records", [])]


def _refused(api: TestClient, path: str, status: int, message: str, **params: Any) -> str:
    answer = api.get(path, params=params)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert (body["status"], body["statusMessage"]) == ("ERROR", message)
    detail: str = body["detail"]
    return detail


def test_field_without_brackets_returns_no_records(api: TestClient, facts: CatalogueFacts) -> None:
    answer = _get(api, field="title", limit=5)
    assert answer == {"resultCount": len(facts.works), "status": "OK"}


def test_limit_0_returns_the_count_and_the_facets_only(api: TestClient, facts: CatalogueFacts) -> None:
    answer = _get(api, limit=0, **{"facet[]": "format"})
    assert list(answer) == ["resultCount", "facets", "status"]
    assert answer["resultCount"] == len(facts.works)


@pytest.mark.parametrize("limit", ["101", "-1", "20.5", "", "ten"])
def test_a_bad_limit_is_finnas_400(api: TestClient, limit: str) -> None:
    assert "0 to 100" in _refused(api, "/api/v1/search", 400, "Invalid limit", limit=limit)


def test_an_unknown_sort_falls_back_to_relevance_and_a_prefix_is_its_option(api: TestClient) -> None:
    relevance = _ids(_get(api, lookfor="kissa", sort="relevance,id asc", limit=100))
    assert _ids(_get(api, lookfor="kissa", sort="no such order", limit=100)) == relevance
    by_title = _ids(_get(api, sort="title,id asc", limit=100))
    assert _ids(_get(api, sort="title", limit=100)) == by_title
    assert by_title != _ids(_get(api, limit=100))


def test_paging_past_the_window_is_the_last_reachable_page(api: TestClient) -> None:
    last = _get(api, page=MAX_RESULT_WINDOW // 100, limit=100)
    assert _get(api, page=10**9, limit=100) == last
    first = _get(api, limit=5)
    for page in ("0", "-3", "abc"):
        assert _get(api, page=page, limit=5) == first
    assert _ids(_get(api, page="2abc", limit=5)) == _ids(_get(api, page=2, limit=5))


def test_empty_and_false_values_are_left_out(api: TestClient, facts: CatalogueFacts) -> None:
    def walk(value: Any) -> None:
        assert value not in (None, "", False)
        for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
            walk(item)

    answer = _get(api, limit=100, **{"field[]": list(FIELDS)})
    walk(answer)
    records = {record["id"]: record for record in answer["records"]}
    for work in facts.works:
        record = records[work.id]
        assert ("subTitle" in record) == bool(work.best.subtitle)
        assert ("urls" in record) == any(link.text != "cover" for link in work.best.links)
        if not work.best.series:
            assert record["series"] == []  # an empty list under a name stays, as on Finna


def test_a_record_in_all_its_fields(api: TestClient, facts: CatalogueFacts) -> None:
    work = facts.work("Kesäyön unelma")
    (record,) = _get(api, "/api/v1/record", id=work.id, **{"field[]": list(FIELDS)})["records"]
    assert record["formats"] == [
        {"value": "0/Book/", "translated": "Kirja"},
        {"value": "1/Book/AudioBook/", "translated": "E-äänikirja"},
    ]
    assert [entry["value"] for entry in record["buildings"]] == [
        "0/Helmet/", "1/Helmet/e/", "1/Helmet/h/", "1/Helmet/v/", "1/Helmet/k/",
    ]  # fmt: skip
    assert record["isbns"] == ["9789529900107"]
    assert sorted(record["dedupIds"]) == sorted(f"{r.source}.{r.source_id}" for r in work.records)
    assert record["recordPage"] == f"/?record={work.id}"
    assert record["summary"] == ["Kaksi ihmistä kohtaa juhannuksena saaristossa."]
    assert record["year"] == str(work.best.year)
    assert record["onlineUrls"][0]["source"] == {"value": "espoo", "translated": "Espoo"}
    sources = json.loads(record["fullRecord"])
    assert sorted(s["source_id"] for s in sources) == sorted(r.source_id for r in work.records)


def test_lookfor_operators_and_search_types(api: TestClient, facts: CatalogueFacts) -> None:
    cat = facts.work("Kirjaston kissa").id
    assert _ids(_get(api, lookfor="Kirjaston AND kissa")) == _ids(_get(api, lookfor="Kirjaston kissa"))
    assert cat in _ids(_get(api, lookfor="kissa", limit=100))
    assert cat not in _ids(_get(api, lookfor="kissa NOT Kirjaston", limit=100))
    assert cat in _ids(_get(api, lookfor="Laine", type="author"))
    assert cat not in _ids(_get(api, lookfor="Laine", type="Subject"))
    assert cat in _ids(_get(api, lookfor="978-952-99000-1-5", type="ISN"))
    assert _get(api, lookfor="kissa", type="NoSuchType") == _get(api, lookfor="kissa")


def test_year_filters(api: TestClient, facts: CatalogueFacts) -> None:
    def count(*filters: str) -> int:
        return int(_get(api, limit=0, **{"filter[]": list(filters)})["resultCount"])

    in_2020 = len([w for w in facts.works if w.best.year == 2020])
    assert count("main_date_str:2020") == count('search_daterange_mv:"[2020 TO 2020]"') == in_2020
    since = len([w for w in facts.works if w.best.year is not None and w.best.year >= 2019])
    assert count('search_daterange_mv:"within|[2019 TO *]"') == since
    detail = _refused(
        api, "/api/v1/search", 400, "Invalid search", **{"filter[]": "search_daterange_mv:1999"}
    )
    assert "[1870 TO 1890]" in detail


def test_facet_items_link_to_the_search_with_and_without_them(api: TestClient) -> None:
    params = {
        "lookfor": "",
        "filter[]": 'building:"1/Helmet/e/"',
        "facet[]": "building",
        "page": "2",
        "limit": "0",
    }
    (helmet,) = _get(api, **params)["facets"]["building"]
    assert list(helmet) == ["value", "translated", "count", "href", "children"]
    espoo = next(child for child in helmet["children"] if child["value"] == "1/Helmet/e/")
    assert espoo["isApplied"] == 1
    assert parse_qsl(espoo["href"][1:], keep_blank_values=True) == [
        ("lookfor", ""), ("facet[]", "building"), ("limit", "0"),
    ]  # fmt: skip
    assert "isApplied" not in helmet
    assert parse_qsl(helmet["href"][1:], keep_blank_values=True)[-1] == ("filter[]", 'building:"0/Helmet/"')
    assert ("page", "2") not in parse_qsl(helmet["href"][1:])


def test_no_facets_when_nothing_is_found(api: TestClient) -> None:
    answer = _get(api, lookfor="qwxzvv", **{"facet[]": "format"})
    assert answer == {"resultCount": 0, "status": "OK"}


def test_a_form_post_is_the_same_search_and_the_query_string_wins(api: TestClient) -> None:
    form = {"lookfor": "kissa", "limit": "3", "filter[]": ["format:0/Book/"], "facet[]": ["format"]}
    posted = api.post("/api/v1/search", data=form)
    assert posted.status_code == 200
    assert posted.json() == _get(api, **form)
    overridden = api.post("/api/v1/search?limit=1", data=form).json()
    assert len(overridden["records"]) == 1
    records = api.post("/api/v1/record", data={"id[]": _ids(posted.json())}).json()
    assert _ids(records) == _ids(posted.json())


@pytest.mark.parametrize(
    ("params", "mentioned"),
    [
        ({"filter[]": "shelf:3"}, "unknown field 'shelf'"),
        ({"filter[]": "format"}, "field:value"),
        ({"filter[]": '(format:"0/Book/" OR building:"0/Helmet/")'}, "grouped filters"),
        ({"facet[]": "shelf"}, "unknown field 'shelf'"),
        ({"facet[]": "format", "facetFilter[]": "format:("}, "facetFilter[]"),
        ({"lookfor": "x" * 501}, "longer than 500"),
    ],
)
def test_a_search_finna_refuses_is_400_invalid_search(
    api: TestClient, params: dict[str, str], mentioned: str
) -> None:
    assert mentioned in _refused(api, "/api/v1/search", 400, "Invalid search", **params)


def test_record_requests_finna_refuses(api: TestClient) -> None:
    _refused(api, "/api/v1/record", 400, "Missing id")
    _refused(api, "/api/v1/record", 400, "Error loading record", id="no-such-record")
    ids = [f"id-{number}" for number in range(101)]
    _refused(api, "/api/v1/record", 400, "Record limit (100) exceeded", **{"id[]": ids})


def test_pretty_print_indents(api: TestClient) -> None:
    assert api.get("/api/v1/search", params={"limit": 0, "prettyPrint": "true"}).text.startswith('{\n  "')
    assert api.get("/api/v1/search", params={"limit": 0}).text.startswith('{"')


def test_the_openapi_document_lists_the_fields_served(api: TestClient) -> None:
    for path in ("/api/v1/?openapi", "/api/v1?swagger"):
        document = _get(api, path)
        assert document["openapi"] == "3.0.3"
        assert document["servers"] == [{"url": "http://testserver/api/v1"}]
        assert set(document["paths"]) == {"/search", "/record"}
        assert list(document["components"]["schemas"]["Record"]["properties"]) == list(FIELDS)
    redirect = api.get("/api/v1/", follow_redirects=False)
    assert (redirect.status_code, redirect.headers["location"]) == (302, "/api/v1/?openapi")


def test_the_finna_api_is_not_in_the_services_own_schema(api: TestClient) -> None:
    assert not [path for path in _get(api, "/openapi.json")["paths"] if path.startswith("/api/")]


def test_what_cannot_be_read_is_refused_in_finnas_shape(api: TestClient) -> None:
    undecodable = api.get("/api/v1/search?lookfor=kes%E4")
    assert undecodable.status_code == 400
    assert "lookfor: not UTF-8" in undecodable.json()["detail"]
    large = api.post("/api/v1/search", data={"lookfor": "x" * (64 * 1024)})
    assert (large.status_code, large.json()["statusMessage"]) == (413, "Request too large")
