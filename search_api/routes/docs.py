"""The OpenAPI documentation page (``/docs``), with Swagger UI's scripts and styles served by this service.

FastAPI's own ``/docs`` loads Swagger UI from a public CDN, so on an intranet or offline the page stays
blank. The files come instead from the ``swagger-ui-bundle-v2`` package (Swagger UI's release as it is,
kept up to date by the maintainers of connexion), mounted under ``/docs-assets``. The validator badge,
which Swagger UI fetches from swagger.io, is switched off, so the page asks no other host for anything.
ReDoc (``/redoc``) is switched off in ``app.py``: one documentation page is enough to keep working.

The page runs one inline script (Swagger UI's start-up, written by FastAPI); the Content-Security-Policy
allows exactly that script by its hash and otherwise only this server's files, as the other pages do.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from search_api.routes.pages import CONTENT_SECURITY_POLICY

ASSETS = "/docs-assets"
TITLE = "Helmet catalogue search – API documentation"
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}  # no badge fetched from validator.swagger.io
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)

router = APIRouter(include_in_schema=False)
router.mount(ASSETS, StaticFiles(directory=Path(str(swagger_ui_path))), name="docs-assets")


def content_security_policy(html: str) -> str:
    """The pages' policy, and the page's inline scripts allowed by their SHA-256 hashes."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return f"{CONTENT_SECURITY_POLICY}; script-src 'self' {hashes}"


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over ``/openapi.json``; every URL below the proxy's ``root_path``, if any."""
    root = request.scope.get("root_path", "").rstrip("/")
    page = get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=TITLE,
        swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS}/favicon-32x32.png",
        oauth2_redirect_url=None,
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
    )
    html = bytes(page.body).decode()
    return HTMLResponse(html, headers={"Content-Security-Policy": content_security_policy(html)})
