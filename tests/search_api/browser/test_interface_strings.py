"""The pages' interface strings: the same keys in Finnish, Swedish and English, and every key the pages
use is in the table (read from the module itself in the browser, so nothing parses JavaScript here)."""

from __future__ import annotations

import re
from typing import get_args

from playwright.sync_api import Page

from indexer.record import ROLES
from search_api.facets import FACETS
from search_api.models import SortOrder
from search_api.routes.pages import WEB


def _keys_in_use() -> set[str]:
    """Keys written in the HTML (data-i18n…) and scripts (t(lang, "…")), and those built from vocabularies."""
    used: set[str] = set()
    for html in WEB.glob("*.html"):
        used.update(re.findall(r'data-i18n(?:-\w+)?="([\w.]+)"', html.read_text(encoding="utf-8")))
    for script in WEB.glob("*.js"):
        used.update(re.findall(r'\bt\(\s*[\w.]+,\s*"([\w.]+)"', script.read_text(encoding="utf-8")))
    used.update(f"facet.{name}" for name in FACETS)
    used.update(f"sort.{order}" for order in get_args(SortOrder))
    used.update(f"role.{role}" for role in ROLES)
    used.update(f"kind.{kind}" for kind in ("title", "author", "subject"))
    return used


def test_every_string_in_every_language(page: Page) -> None:
    page.goto("/")
    keys: dict[str, list[str]] = page.evaluate(
        """async () => {
            const { STRINGS } = await import("/static/common.js");
            return Object.fromEntries(
                Object.entries(STRINGS).map(([lang, table]) => [lang, Object.keys(table)]),
            );
        }"""
    )
    assert set(keys) == {"fi", "sv", "en"}
    assert set(keys["fi"]) == set(keys["sv"]) == set(keys["en"])
    used = _keys_in_use()
    assert len(used) > 50
    assert used - set(keys["fi"]) == set()
