"""The facet explorer in Chromium: every figure on the page equals the API's, and the CSV it downloads is
the API's CSV for the same query and filters."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from search_api.facets import FACETS
from tests.search_api.conftest import CatalogueFacts

QUERY = {"q": "", "filter": ["language:fin"], "lang": "en"}
EXPLORER = "/analytics?filter=language:fin&lang=en"


def _get(api: TestClient, path: str, **params: Any) -> dict[str, Any]:
    answer = api.get(path, params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _opened(page: Page, path: str = EXPLORER) -> None:
    page.goto(path)
    expect(page.locator("#cross-table tbody tr").first).to_be_visible()
    expect(page.locator("#explorer")).not_to_have_attribute("aria-busy", "true")


def test_figures_equal_the_api(page: Page, api: TestClient, facts: CatalogueFacts) -> None:
    _opened(page)
    search = _get(api, "/v1/search", **QUERY, page_size=1)
    assert search["total"] == len(facts.matching({"language": {"fin"}}))
    expect(page.locator("#summary")).to_have_text(f"{search['total']} works")

    # One bar chart per facet (the year has its histogram): the top values of /v1/search, as counted.
    for name in FACETS:
        if name == "year":
            continue
        chart = page.locator(f'section[data-facet="{name}"]')
        expected = search["facets"][name][:15]
        values = [item.get_attribute("data-value") for item in chart.locator(".bars li").all()]
        counts = [_number(text) for text in chart.locator(".bar-count").all_inner_texts()]
        assert list(zip(values, counts, strict=True)) == [(v["value"], v["count"]) for v in expected], name
        expect(chart.locator(".bar-label")).to_have_text([value["label"] for value in expected])

    # The year histogram holds every year /v1/facets/year lists.
    years = _get(api, "/v1/facets/year", **QUERY, page_size=10_000)["values"]
    shown = {
        int(str(row.get_attribute("data-year"))): _number(str(row.locator("td").text_content()))
        for row in page.locator("#year-table tbody tr").all()
    }
    assert shown == {int(value["value"]): value["count"] for value in years}
    expect(page.locator("#year-chart rect")).to_have_count(len(years))

    # Municipality × material type: per municipality, /v1/facets/material_type with that filter added.
    for municipality, cells in _cross_table(page, api, QUERY, search).items():
        selection = {"language": {"fin"}, "municipality": {municipality}}
        assert cells == {type_: facts.counts("material_type", selection).get(type_, 0) for type_ in cells}


def _cross_table(
    page: Page, api: TestClient, query: dict[str, Any], search: dict[str, Any]
) -> dict[str, Any]:
    """Municipality → its row of the table, checked against /v1/facets/material_type with that municipality
    as the municipality filter, matched as ``search`` was, and against the municipality's bar."""
    rows = page.locator("#cross-table tbody tr")
    municipalities = search["facets"]["municipality"]
    expect(rows).to_have_count(len(municipalities))
    others = [item for item in query["filter"] if not item.startswith("municipality:")]
    table = {}
    for municipality in municipalities:
        row = page.locator(f'#cross-table tr[data-municipality="{municipality["value"]}"]')
        expected_row = _get(
            api,
            "/v1/facets/material_type",
            **{**query, "filter": [*others, f"municipality:{municipality['value']}"]},
            fuzzy=str(search["fuzzy"]).lower(),
        )["values"]
        cells = {
            str(cell.get_attribute("data-type")): _number(cell.inner_text())
            for cell in row.locator("td[data-type]").all()
        }
        assert {type_: count for type_, count in cells.items() if count} == {
            value["value"]: value["count"] for value in expected_row
        }
        # Every work has one material type, so a row adds up to the municipality's count.
        assert _number(row.locator(".row-total").inner_text()) == municipality["count"]
        table[municipality["value"]] = cells
    return table


def test_figures_of_a_query_answered_by_the_fuzzy_retry_agree(page: Page, api: TestClient) -> None:
    """kantaja is in no Espoo work as typed: the search, the year histogram and every row count the fuzzy
    retry's matches (the issue: "25 works" beside empty charts), Helsinki's row too, although there the
    words as typed would match one of its two works."""
    query = {"q": "kantaja", "filter": ["municipality:espoo"], "lang": "en"}
    _opened(page, "/analytics?q=kantaja&filter=municipality:espoo&lang=en")
    search = _get(api, "/v1/search", **query, page_size=1)
    assert search["fuzzy"] and search["total"] == 1
    expect(page.locator("#summary")).to_have_text("1 work")
    years = _get(api, "/v1/facets/year", **query, sort="label")["values"]
    assert sum(value["count"] for value in years) == search["total"]
    shown = [row.get_attribute("data-year") for row in page.locator("#year-table tbody tr").all()]
    assert shown == [value["value"] for value in years]
    assert sum(_cross_table(page, api, query, search)["helsinki"].values()) == 2


def test_download_a_facet_as_csv(page: Page, api: TestClient) -> None:
    _opened(page)
    link = page.locator('section[data-facet="subject"] .csv-link')
    expect(link).to_have_text("Download CSV (Subject)")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "subject.csv"
    downloaded = download.path().read_bytes()
    expected = api.get(
        "/v1/facets/subject", params={**QUERY, "format": "csv", "page_size": 10_000, "bom": "true"}
    )
    assert downloaded == expected.content
    assert downloaded.startswith("\ufeff".encode())  # for Excel
    text = downloaded.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    listing = _get(api, "/v1/facets/subject", **QUERY, page_size=10_000)
    assert [(row["value"], int(row["count"])) for row in rows] == [
        (value["value"], value["count"]) for value in listing["values"]
    ]
    assert len(rows) == listing["total"] > 15  # more than the chart shows: the CSV has them all


def test_from_the_search_page_and_back_with_the_same_query(page: Page, api: TestClient) -> None:
    page.goto("/?q=kissa&filter=municipality:helsinki&lang=sv")
    expect(page.locator(".hit").first).to_be_visible()
    page.get_by_role("link", name="Fasettutforskaren").click()
    expect(page).to_have_url(re.compile(r"/analytics\?q=kissa&filter=municipality%3Ahelsinki&lang=sv$"))
    expect(page.locator("#cross-table tbody tr").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    total = _get(api, "/v1/search", q="kissa", filter=["municipality:helsinki"], page_size=1)["total"]
    expect(page.locator("#summary")).to_have_text(f"{total} verk")

    # A bar is a filter: pressing it narrows every figure on the page.
    chart = page.locator('section[data-facet="material_type"]')
    first = chart.locator(".bars li").first
    value = str(first.get_attribute("data-value"))
    first.locator(".bar-label").click()
    narrowed = _get(
        api, "/v1/search", q="kissa", filter=["municipality:helsinki", f"material_type:{value}"], page_size=1
    )["total"]
    expect(page.locator("#summary")).to_have_text(f"{narrowed} verk")
    expect(chart.locator(f'li[data-value="{value}"] .bar-label')).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Till sökningen").click()
    expect(page.locator("#result-count")).to_have_text(re.compile(f"^{narrowed} träff"))
    expect(page.locator(".chip")).to_have_count(2)
