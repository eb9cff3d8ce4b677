"""``/v1/facets/{name}`` for analysts: every value, sorted by count or label, paged, JSON or CSV, with the
same figures ``/v1/search`` shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import icu
import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from indexer.record import Contributor, NormalisedRecord, Subject
from indexer.store import index
from indexer.works.analyse import work_document
from indexer.works.merge import group_by_key, merge
from search_api.app import create_app
from search_api.csv_export import BOM
from search_api.facets import FACETS
from tests.search_api.conftest import CatalogueFacts


def _collator(lang: str) -> icu.Collator:
    """Alphabetical order in ``lang``, letter case aside (``TALVI`` and ``Talvi`` are the same word)."""
    collator = icu.Collator.createInstance(icu.Locale(lang))
    collator.setStrength(icu.Collator.SECONDARY)
    return collator


def _listing(api: TestClient, facet: str, **params: Any) -> dict[str, Any]:
    answer = api.get(f"/v1/facets/{facet}", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.parametrize("facet", list(FACETS))
def test_every_value_with_its_count(api: TestClient, facts: CatalogueFacts, facet: str) -> None:
    listing = _listing(api, facet, page_size=10_000)
    expected = facts.counts(facet)
    assert listing["facet"] == facet
    assert listing["total"] == len(expected)
    assert {value["value"]: value["count"] for value in listing["values"]} == expected


def test_more_values_than_the_search_facet_shows(api: TestClient, facts: CatalogueFacts) -> None:
    search = api.get("/v1/search", params={"facets": "subject"}).json()["facets"]["subject"]
    listing = _listing(api, "subject", page_size=10_000)
    assert len(search) == FACETS["subject"].size
    assert listing["total"] == len(facts.counts("subject")) == 199


def test_sorted_by_count_then_label(api: TestClient) -> None:
    values = _listing(api, "subject", page_size=10_000)["values"]
    collator = _collator("fi")
    keys = [(-value["count"], collator.getSortKey(value["label"])) for value in values]
    assert keys == sorted(keys)
    assert values[0] == {"value": "2010-luku", "label": "2010-luku", "count": 4, "selected": False}


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("fi", ["Espoo", "Helsinki", "Kauniainen", "Vantaa"]),
        ("sv", ["Esbo", "Grankulla", "Helsingfors", "Vanda"]),
    ],
)
def test_sorted_by_label_in_the_language_of_the_request(
    api: TestClient, lang: str, labels: list[str]
) -> None:
    values = _listing(api, "municipality", sort="label", lang=lang)["values"]
    assert [value["label"] for value in values] == labels


def test_label_order_is_the_collation_of_the_language(api: TestClient) -> None:
    for lang in ("fi", "sv", "en"):
        labels = [
            value["label"]
            for value in _listing(api, "author", sort="label", lang=lang, page_size=10_000)["values"]
        ]
        assert labels == sorted(labels, key=_collator(lang).getSortKey), lang


def test_pages_put_together_are_the_whole_listing(api: TestClient) -> None:
    whole = _listing(api, "author", page_size=10_000)
    pages = [_listing(api, "author", page=page, page_size=7) for page in range(1, 100)]
    assert all(page["total"] == whole["total"] for page in pages)
    assert [value for page in pages for value in page["values"]] == whole["values"]
    assert pages[-1]["values"] == []
    assert pages[1]["page"] == 2 and pages[1]["page_size"] == 7


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({}, []),
        ({"q": "kirjasto"}, []),
        ({}, ["municipality:espoo", "municipality:vantaa", "material_type:ebook"]),
        ({"q": "-kissa"}, ["language:fin", "year:2010..2020"]),
    ],
)
def test_figures_equal_those_of_search(api: TestClient, params: dict[str, str], filters: list[str]) -> None:
    search = api.get("/v1/search", params={**params, "filter": filters}).json()["facets"]
    for facet in FACETS:
        listing = _listing(api, facet, **params, filter=filters, page_size=10_000)
        listed = {value["value"]: (value["count"], value["selected"]) for value in listing["values"]}
        shown = {value["value"]: (value["count"], value["selected"]) for value in search[facet]}
        assert shown.items() <= listed.items(), facet
        if len(search[facet]) < FACETS[facet].size:
            assert shown == listed, facet


def test_a_facet_ignores_its_own_selection(api: TestClient, facts: CatalogueFacts) -> None:
    listing = _listing(api, "municipality", filter=["municipality:espoo", "language:swe"])
    swedish = facts.counts("municipality", {"municipality": {"espoo"}, "language": {"swe"}})
    assert "espoo" not in swedish
    assert {value["value"]: value["count"] for value in listing["values"]} == {**swedish, "espoo": 0}
    assert [value for value in listing["values"] if value["selected"]] == [
        {"value": "espoo", "label": "Espoo", "count": 0, "selected": True}  # no Swedish work in Espoo
    ]


def test_selected_years_are_flagged(api: TestClient) -> None:
    values = _listing(api, "year", filter="year:2017..2018", sort="label")["values"]
    assert [value["value"] for value in values if value["selected"]] == ["2017", "2018"]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("params", "headers"), [({"format": "csv"}, {}), ({}, {"Accept": "text/csv"})], ids=["format", "accept"]
)
def test_csv_holds_the_same_values(api: TestClient, params: dict[str, str], headers: dict[str, str]) -> None:
    answer = api.get("/v1/facets/language", params={**params, "lang": "en", "page_size": 5}, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="language.csv"'
    assert answer.text.splitlines()[0] == '"value","label","count","selected"'
    listing = _listing(api, "language", lang="en", page_size=5)
    assert _rows(answer.text) == [
        {
            "value": value["value"],
            "label": value["label"],
            "count": str(value["count"]),
            "selected": "true" if value["selected"] else "false",
        }
        for value in listing["values"]
    ]
    assert _rows(answer.text)[0] == {"value": "fin", "label": "Finnish", "count": "36", "selected": "false"}


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"q": "romaani"}, "subject-romaani.csv"),
        ({"q": "Hämäläinen"}, "subject-hamalainen.csv"),
        ({"q": 'title:"kissa ja koira"'}, "subject-title-kissa-ja-koira.csv"),
        ({"q": "kissa", "page": 2, "page_size": 1}, "subject-kissa-page-2.csv"),
        ({"filter": "language:fin"}, "subject.csv"),
    ],
)
def test_the_csv_is_named_after_the_facet_and_the_query(
    api: TestClient, params: dict[str, Any], name: str
) -> None:
    answer = api.get("/v1/facets/subject", params={**params, "format": "csv"})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'


def test_a_byte_order_mark_for_excel_when_asked_for(api: TestClient, facts: CatalogueFacts) -> None:
    plain = api.get("/v1/facets/author", params={"format": "csv", "page_size": 10_000})
    marked = api.get("/v1/facets/author", params={"format": "csv", "page_size": 10_000, "bom": "true"})
    assert marked.content == BOM.encode() + plain.content
    assert not plain.content.startswith(BOM.encode())
    authors = {row["value"] for row in csv.DictReader(io.StringIO(marked.content.decode("utf-8-sig")))}
    assert authors == set(facts.counts("author"))
    assert any(not author.isascii() for author in authors)


HOSTILE = {
    "author": '=HYPERLINK("http://evil.example";"click")',
    "subject": "@SUM(1+9)*cmd|' /C calc'!A0",
    "publisher": "+1+cmd|' /C calc'!A0",
    "series": "-2+3+cmd|' /C calc'!A0",
}


@pytest.fixture(scope="module")
def hostile_catalogue(es: Elasticsearch, es_url: str, run_prefix: str) -> Iterator[TestClient]:
    """A work catalogued with formulas for names, indexed on the real node."""
    settings = Settings(elasticsearch_url=es_url, index_prefix=f"{run_prefix}-csv")
    record = NormalisedRecord(
        source="espoo",
        source_id="1",
        format="marc21",
        material_type="ebook",
        title="Laskutaulukko",
        contributors=[Contributor(HOSTILE["author"], "author")],
        subjects=[Subject(HOSTILE["subject"], None, None)],
        publisher=HOSTILE["publisher"],
        series=[HOSTILE["series"]],
        languages=["fin"],
    )
    name = index.create_build_index(es, settings.works_alias, "works")
    works = [merge(key, reason, records) for key, (reason, records) in group_by_key([record]).items()]
    index.bulk_write(es, name, ((work.id, work_document(work)) for work in works if work))
    index.finish_build(es, name, "works")
    index.swap_alias(es, settings.works_alias, name)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("facet", HOSTILE)
def test_a_catalogued_formula_is_exported_as_text(hostile_catalogue: TestClient, facet: str) -> None:
    answer = hostile_catalogue.get(f"/v1/facets/{facet}", params={"format": "csv"})
    assert answer.status_code == 200
    assert _rows(answer.text) == [
        {"value": f"'{HOSTILE[facet]}", "label": f"'{HOSTILE[facet]}", "count": "1", "selected": "false"}
    ]
    listing = hostile_catalogue.get(f"/v1/facets/{facet}").json()
    assert listing["values"][0]["value"] == HOSTILE[facet]  # JSON is data, not a spreadsheet: as catalogued


def test_json_unless_csv_is_asked_for(api: TestClient) -> None:
    answer = api.get("/v1/facets/language", headers={"Accept": "text/csv"}, params={"format": "json"})
    assert answer.headers["content-type"] == "application/json"
    assert (
        api.get("/v1/facets/language", headers={"Accept": "application/json"}).json()["facet"] == "language"
    )


@pytest.mark.parametrize("name", ["nope", "subject_facet", "Municipality"])
def test_an_unknown_facet_is_a_422_naming_it(api: TestClient, name: str) -> None:
    answer = api.get(f"/v1/facets/{name}")
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        f"name: unknown facet '{name}'; use one of municipality, material_type, language, year, subject, "
        "author, audience, genre, classification, publisher, series"
    )
