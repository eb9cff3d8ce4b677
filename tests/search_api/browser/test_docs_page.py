"""``/docs`` in Chromium with every other host refused (as on an intranet): Swagger UI draws the operations
and can try a request, and nothing on the page is refused by its Content-Security-Policy."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_the_docs_page_works_without_internet(page: Page) -> None:
    refused: list[str] = []
    page.on("requestfailed", lambda request: refused.append(request.url))
    page.goto("/docs")
    search = page.locator(".opblock-summary-path", has_text="/v1/search").first
    expect(search).to_be_visible()
    search.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tr.response .response-col_status").first).to_have_text("200")
    assert refused == []
