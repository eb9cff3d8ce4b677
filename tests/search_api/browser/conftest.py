"""A real browser against the real API: Debian's Chromium driven by Playwright, the API served by uvicorn
over the session's fixture catalogue.

Chromium is the Debian package (``/usr/bin/chromium``, installed by ``scripts/install``); Playwright only
drives it, so no browser is ever downloaded. Each test gets a fresh browser context (no cache, no history)
and fails if the page logs an error to the console or throws. Requests to anything but the test server
(cover images on vendors' hosts) never leave the machine: images get a small stand-in picture, everything
else is refused.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect, sync_playwright

from catalogue.settings import Settings
from search_api.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 10_000  # generous: two cores shared with Elasticsearch and the other tests
expect.set_options(timeout=TIMEOUT_MS)
STAND_IN_COVER = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 80">'
    '<rect width="60" height="80" fill="#8a5"/></svg>'
)


@pytest.fixture(scope="session")
def live_url(catalogue: Settings) -> Iterator[str]:
    """The API (pages included) on a free port of 127.0.0.1, in a thread, for the whole session."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(catalogue), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/install installs Debian's chromium package")
    args = ["--disable-background-networking"]
    if os.geteuid() == 0:  # Chromium's sandbox refuses to run as root (CI does)
        args.append("--no-sandbox")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_url: str) -> Iterator[Page]:
    """A fresh page on the test server; the test fails if the page logs an error or throws."""
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)

    def off_site(route: Route) -> None:
        if route.request.resource_type == "image":
            route.fulfill(status=200, content_type="image/svg+xml", body=STAND_IN_COVER)
        else:
            route.abort()

    context.route(lambda url: not url.startswith(live_url), off_site)
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    opened = context.new_page()
    opened.on("console", console)
    opened.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield opened
    context.close()
    assert not errors, "the page reported errors:\n" + "\n".join(errors)
