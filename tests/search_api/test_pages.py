"""The search page and the facet explorer over HTTP, without a browser: HTML with a strict Content-Security-
Policy, every file the pages and their scripts refer to is served, and nothing else under /static is."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search_api.labels import MATERIAL_TYPE
from search_api.routes.pages import WEB

PAGES = {"/": "index.html", "/analytics": "analytics.html"}
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


class _StaticReferences(HTMLParser):
    """The /static/… URLs a page loads (scripts, style sheets, icons)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.update(
            value
            for name, value in attrs
            if name in ("src", "href") and value and value.startswith("/static/")
        )


def _page_references(html: str) -> set[str]:
    parser = _StaticReferences()
    parser.feed(html)
    return parser.found


def _script_references(script: Path) -> set[str]:
    """Modules a script imports and literal /static/ paths in it."""
    text = script.read_text(encoding="utf-8")
    imports = {f"/static/{name}" for name in re.findall(r'from "\./([\w.-]+)"', text)}
    return imports | set(re.findall(r'"(/static/[\w./-]+)"', text))


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_html_under_a_strict_content_security_policy(api: TestClient, path: str) -> None:
    answer = api.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.text == (WEB / PAGES[path]).read_text(encoding="utf-8")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert api.head(path).status_code == 200


def test_every_file_the_pages_and_scripts_refer_to_is_served(api: TestClient) -> None:
    wanted = set().union(*(_page_references(api.get(path).text) for path in PAGES))
    wanted |= set().union(*(_script_references(script) for script in WEB.glob("*.js")))
    assert {"/static/app.css", "/static/search.js", "/static/analytics.js", "/static/common.js"} <= wanted
    for url in sorted(wanted):
        answer = api.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["content-type"].startswith(CONTENT_TYPES[Path(url).suffix]), url


def test_an_icon_for_every_material_type(api: TestClient) -> None:
    """Results without a cover show their material type's icon; search.js names the types it has icons for."""
    listed = re.search(
        r"MATERIAL_ICONS = new Set\(\[(.*?)\]\)", (WEB / "search.js").read_text(encoding="utf-8")
    )
    assert listed is not None
    assert set(re.findall(r'"(\w+)"', listed.group(1))) == set(MATERIAL_TYPE)
    for material_type in MATERIAL_TYPE:
        answer = api.get(f"/static/icons/{material_type}.svg")
        assert answer.status_code == 200, material_type
        assert answer.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("url", ["/static/missing.js", "/static/../routes/pages.py", "/static/%2e%2e/app.py"])
def test_nothing_else_is_served_from_static(api: TestClient, url: str) -> None:
    assert api.get(url).status_code == 404


def test_the_pages_stay_out_of_the_api_documentation(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/analytics" not in paths
    assert "/v1/search" in paths
