"""The search page in Chromium: what a person does with it, and the figures it shows checked against the
API's JSON for the same request and against the fixture catalogue's facts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from tests.search_api.conftest import CatalogueFacts

RESULTS_FI = {0: "Ei tuloksia", 1: "1 tulos"}


def _search(api: TestClient, **params: Any) -> dict[str, Any]:
    answer = api.get("/v1/search", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _count_text(total: int) -> str:
    return RESULTS_FI.get(total, f"{total} tulosta")


def _state(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _facet_counts(page: Page, facet: str) -> dict[str, int]:
    """value → count as the facet panel shows them."""
    boxes = page.locator(f'.facet[data-facet="{facet}"] input[type=checkbox]')
    counts = page.locator(f'.facet[data-facet="{facet}"] .value-count').all_inner_texts()
    values = [boxes.nth(index).get_attribute("data-value") for index in range(boxes.count())]
    return {str(value): _number(count) for value, count in zip(values, counts, strict=True)}


def test_suggestions_as_you_type_picked_with_keyboard_and_mouse(page: Page, api: TestClient) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name="Hae e-kirjaston aineistoa")
    box.press_sequentially("kes")
    listbox = page.get_by_role("listbox")
    expected = api.get("/v1/suggest", params={"q": "kes", "size": 8}).json()["suggestions"]
    expect(listbox.get_by_role("option")).to_have_count(len(expected))
    expect(listbox.locator(".suggestion-text")).to_have_text([s["text"] for s in expected])
    expect(box).to_have_attribute("aria-expanded", "true")

    # Arrow keys move the active option (aria-activedescendant), Enter picks it: a subject becomes a
    # search in that field.
    subject = next(index for index, s in enumerate(expected) if s["kind"] == "subject")
    for _ in range(subject + 1):
        box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", f"suggestion-{subject}")
    expect(listbox.get_by_role("option").nth(subject)).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    query = f'subject:"{expected[subject]["text"]}"'
    expect(listbox).to_be_hidden()
    expect(box).to_have_value(query)
    expect(page.locator("#result-count")).to_have_text(_count_text(_search(api, q=query)["total"]))
    assert _state(page)["q"] == [query]

    # A title leads to its work: the record opens over the results of a search for it.
    box.fill("")
    box.press_sequentially("kirj")
    titles = api.get("/v1/suggest", params={"q": "kirj", "size": 8}).json()["suggestions"]
    expect(listbox.locator(".suggestion-text")).to_have_text([s["text"] for s in titles])
    box.press("ArrowDown")
    box.press("Enter")
    dialog = page.locator("dialog#record")
    expect(dialog.locator("#record-title")).to_have_text(titles[0]["text"])
    assert _state(page)["record"] == [titles[0]["id"]]

    # The mouse works too, and Escape closes the list without searching.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page).not_to_have_url(re.compile("record="))
    box.fill("")
    box.press_sequentially("tov")
    expect(listbox.get_by_role("option")).to_have_count(1)
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press_sequentially("e")
    listbox.get_by_role("option", name=re.compile("Jansson, Tove")).click()
    expect(box).to_have_value('author:"Jansson, Tove"')
    expected_hits = _search(api, q='author:"Jansson, Tove"')
    expect(page.locator(".hit-title")).to_have_text([hit["title"] for hit in expected_hits["hits"]])


def test_two_municipalities_selected_counts_equal_api_and_facts(
    page: Page, api: TestClient, facts: CatalogueFacts
) -> None:
    page.goto("/")
    expect(page.locator("#result-count")).to_have_text(_count_text(len(facts.works)))
    page.locator('.facet[data-facet="municipality"]').get_by_label(re.compile("^Espoo")).check()
    expect(page.locator("#result-count")).to_have_text(
        _count_text(len(facts.matching({"municipality": {"espoo"}})))
    )
    page.locator('.facet[data-facet="municipality"]').get_by_label(re.compile("^Helsinki")).check()
    selection = {"municipality": {"espoo", "helsinki"}}
    expected = _search(api, filter=["municipality:espoo", "municipality:helsinki"])
    assert expected["total"] == len(facts.matching(selection))
    expect(page.locator("#result-count")).to_have_text(_count_text(expected["total"]))
    assert _state(page)["filter"] == ["municipality:espoo", "municipality:helsinki"]

    # Multi-select: a facet's counts ignore its own selection; the others count within it.
    for facet in ("municipality", "material_type", "language"):
        shown = _facet_counts(page, facet)
        assert shown == {value["value"]: value["count"] for value in expected["facets"][facet]}, facet
        assert shown == dict(facts.counts(facet, selection)), facet
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.locator(".hit")).to_have_count(min(20, expected["total"]))
    for municipalities in page.locator(".hit .holdings").all():
        held = {item.get_attribute("data-municipality") for item in municipalities.locator("li").all()}
        assert held & {"espoo", "helsinki"}

    # Back goes one selection back, forward returns; the state is the URL.
    page.go_back()
    expect(page.locator("#result-count")).to_have_text(
        _count_text(len(facts.matching({"municipality": {"espoo"}})))
    )
    expect(page.locator('.facet[data-facet="municipality"] input:checked')).to_have_count(1)
    page.go_forward()
    expect(page.locator('.facet[data-facet="municipality"] input:checked')).to_have_count(2)
    page.get_by_role("button", name=re.compile("Poista rajaus Kunta: Espoo")).click()
    expect(page.locator("#result-count")).to_have_text(
        _count_text(len(facts.matching({"municipality": {"helsinki"}})))
    )


def test_sort_and_language_switch(page: Page, api: TestClient) -> None:
    page.goto("/")
    page.get_by_label("Järjestys").select_option("title")
    expected = _search(api, sort="title", lang="fi")
    expect(page.locator(".hit-title")).to_have_text([hit["title"] for hit in expected["hits"]])
    assert _state(page)["sort"] == ["title"]

    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Svenska")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("Sortering")).to_have_value("title")
    swedish = _search(api, sort="title", lang="sv")
    expect(page.locator(".hit-title")).to_have_text([hit["title"] for hit in swedish["hits"]])
    labels = page.locator('.facet[data-facet="municipality"] .value-label')
    expect(labels).to_have_text([value["label"] for value in swedish["facets"]["municipality"]])
    expect(labels).to_contain_text(["Helsingfors"])
    expect(page.locator("#result-count")).to_have_text(f"{swedish['total']} träffar")
    expect(page.locator(".hit-meta").first).to_contain_text(swedish["hits"][0]["material_type_label"])

    # A shared link opens the same view in the same language.
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator(".hit-title")).to_have_text([hit["title"] for hit in swedish["hits"]])
    page.get_by_role("button", name="English").click()
    expect(page.get_by_label("Sort by")).to_have_value("title")
    expect(page.locator("#result-count")).to_have_text(f"{swedish['total']} results")


def test_paging_follows_the_api(page: Page, api: TestClient, facts: CatalogueFacts) -> None:
    page.goto("/?sort=title")
    pager = page.get_by_role("navigation", name="Sivut")
    pages = -(-len(facts.works) // 20)
    expect(pager.locator("[aria-current=page]")).to_have_text("1")
    pager.get_by_role("link", name="Seuraava").click()
    second = _search(api, sort="title", page=2)
    expect(pager.locator("[aria-current=page]")).to_have_text("2")  # drawn with the page's hits
    assert [hit.get_attribute("data-id") for hit in page.locator(".hit").all()] == [
        hit["id"] for hit in second["hits"]
    ]
    expect(page.locator("#results")).to_be_focused()
    pager.get_by_role("link", name=f"Sivu {pages} / {pages}").click()
    expect(pager.get_by_text("Seuraava")).to_have_attribute("aria-disabled", "true")
    last = _search(api, sort="title", page=pages)
    expect(page.locator(".hit-title")).to_have_text([hit["title"] for hit in last["hits"]])


def test_record_detail_with_holdings_and_similar_records(
    page: Page, api: TestClient, facts: CatalogueFacts
) -> None:
    work = next(work for work in facts.works if len(work.municipalities) >= 2)
    page.goto(f"/?q={quote(work.best.title)}&lang=en")
    page.locator(f'.hit[data-id="{work.id}"] .hit-link').click()
    dialog = page.get_by_role("dialog")
    record = api.get(f"/v1/records/{work.id}", params={"lang": "en"}).json()
    expect(dialog.locator("#record-title")).to_have_text(record["title"])
    expect(dialog.locator("#record-title")).to_be_focused()
    held = [item.get_attribute("data-municipality") for item in dialog.locator(".record-holdings li").all()]
    assert held == [holding["municipality"] for holding in record["holdings"]]
    assert set(held) == set(work.municipalities)
    similar = api.get(f"/v1/records/{work.id}/similar", params={"lang": "en", "size": 6}).json()["similar"]
    assert similar, "the fixture work should have similar records"
    expect(dialog.locator(".similar a")).to_have_text([hit["title"] for hit in similar])

    dialog.locator(".similar a").first.click()
    expect(dialog.locator("#record-title")).to_have_text(similar[0]["title"])
    assert _state(page)["record"] == [similar[0]["id"]]
    page.go_back()
    expect(dialog.locator("#record-title")).to_have_text(record["title"])
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page).not_to_have_url(re.compile("record="))
    expect(page.locator(f'.hit[data-id="{work.id}"]')).to_be_visible()


def test_highlights_are_marks_and_api_text_is_never_markup(page: Page, api: TestClient) -> None:
    page.goto("/?q=kissa")
    expected = _search(api, q="kissa")
    first = page.locator(".hit").first
    marks = re.findall(r"<mark>(.*?)</mark>", expected["hits"][0]["highlight"]["title"])
    expect(first.locator(".hit-title mark")).to_have_text(marks)

    hostile = '<img src=x onerror="document.body.dataset.pwned=1">"kissa'
    page.goto(f"/?q={quote(hostile)}")
    expect(page.locator("#result-count")).to_have_text(_count_text(_search(api, q=hostile)["total"]))
    expect(page.locator("#q")).to_have_value(hostile)
    expect(page.locator("main img[src=x]")).to_have_count(0)
    assert page.evaluate("document.body.dataset.pwned") is None


def test_phone_sized_screen_is_one_column_with_collapsible_facets(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/?q=kissa")
    toggle = page.get_by_role("button", name="Rajaa hakua")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#facet-groups")).to_be_hidden()
    expect(page.locator(".hit").first).to_be_visible()
    facets, results = page.locator(".facets").bounding_box(), page.locator(".results").bounding_box()
    assert facets and results and facets["x"] == results["x"] and results["y"] > facets["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator('.facet[data-facet="municipality"] input').first).to_be_visible()


def test_every_control_is_labelled_and_the_results_are_one_key_away(page: Page) -> None:
    page.goto("/?q=kissa")
    expect(page.locator(".hit").first).to_be_visible()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, button')]
              .filter((node) => !node.labels?.length && !node.getAttribute('aria-label')
                                && !node.textContent.trim())
              .map((node) => node.outerHTML)"""
    )
    assert unlabelled == []
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Siirry tuloksiin")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")  # the first thing in the results: the sort menu
    expect(page.get_by_label("Järjestys")).to_be_focused()
