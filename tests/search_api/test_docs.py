"""``/docs`` without internet: every script, style sheet and icon the page loads is served by the API itself,
and the page runs under a Content-Security-Policy that allows nothing from another host."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from search_api.routes.docs import content_security_policy


class _Resources(HTMLParser):
    """The URLs a page loads: scripts, style sheets, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        url = named.get("src") if tag in ("script", "img") else named.get("href") if tag == "link" else None
        if url:
            self.found.append(url)


def _resources(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return parser.found


def test_every_file_of_the_docs_page_is_served_by_the_api(api: TestClient) -> None:
    page = api.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    resources = _resources(page.text)
    assert len(resources) == 3, resources  # Swagger UI's script, its style sheet, the icon
    for url in resources:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is on another host"
        answer = api.get(url)
        assert answer.status_code == 200, url
        assert answer.content, url
    assert "https://" not in page.text and "http://" not in page.text
    assert "'validatorUrl': null" in page.text or '"validatorUrl": null' in page.text


def test_the_docs_page_reads_the_api_description_of_this_service(api: TestClient) -> None:
    page = api.get("/docs")
    assert "url: '/openapi.json'" in page.text
    assert api.get("/openapi.json").json()["info"]["title"] == "Helmet catalogue search"


def test_the_docs_page_is_under_a_content_security_policy(api: TestClient) -> None:
    page = api.get("/docs")
    policy = page.headers["content-security-policy"]
    assert policy == content_security_policy(page.text)
    assert "default-src 'self'" in policy and "script-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_redoc_is_not_served(api: TestClient) -> None:
    """It would load its script from a CDN; /docs is the documentation."""
    assert api.get("/redoc").status_code == 404


def test_the_pages_keep_their_own_files(api: TestClient) -> None:
    assert api.get("/static/app.css").status_code == 200
    assert api.get("/docs-assets/swagger-ui.css").headers["content-type"].startswith("text/css")
