"""The search page (``/``) and the facet explorer (``/analytics``): static HTML, CSS and JavaScript.

The pages are plain files in ``search_api/web/`` that call the JSON API from the browser, so the website's
developers see exactly the requests their own pages would make, and there is nothing to build. The HTML
is served with a Content-Security-Policy that allows only our own scripts and styles: the pages insert API
strings as text, and the policy is the second line of defence should one ever slip through as markup.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB = Path(__file__).resolve().parent.parent / "web"
# Covers are images on the vendors' hosts (https); everything else comes from this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=WEB), name="static")


def _page(name: str) -> FileResponse:
    return FileResponse(
        WEB / name,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
    )


@router.api_route("/", methods=["GET", "HEAD"])
async def search_page() -> FileResponse:
    """Search box with suggestions, results, facets, sorting, paging, record detail."""
    return _page("index.html")


@router.api_route("/analytics", methods=["GET", "HEAD"])
async def facet_explorer() -> FileResponse:
    """Every facet's distribution for a query and filters, with CSV export."""
    return _page("analytics.html")
