"""Real servers for the harvester's tests: an OAI-PMH provider and a file server, both on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from tests.conftest import REAL_DATA
from tests.oai_provider import OaiProvider, OaiRecord, running, serve_http

HELMET_MARCXML = REAL_DATA / "helmet-marcxml"
SLOW_SECONDS = 1.5


def oai_record(path: Path, datestamp: str) -> OaiRecord:
    """A repository item made from one real Helmet MARCXML file, identified by its 001 (else file name)."""
    element = etree.fromstring(path.read_bytes())
    control_number = element.findtext("{http://www.loc.gov/MARC21/slim}controlfield[@tag='001']")
    return OaiRecord(f"oai:helmet.test:{control_number or path.stem}", datestamp, etree.tostring(element))


@pytest.fixture
def oai_provider() -> OaiProvider:
    """The ten curated Helmet records, one per day from 2024-01-01, then two role-divergence records as
    deleted headers (2024-01-20 and 21): twelve items, four pages of three."""
    curated = sorted((HELMET_MARCXML / "curated").glob("*.xml"))
    records = [oai_record(path, f"2024-01-{day:02d}T08:00:00Z") for day, path in enumerate(curated, start=1)]
    deleted = sorted((HELMET_MARCXML / "role-divergence").glob("*.xml"))[:2]
    records += [
        dataclasses.replace(oai_record(path, f"2024-01-{day}T08:00:00Z"), metadata=None)
        for day, path in enumerate(deleted, start=20)
    ]
    return OaiProvider(records=records, response_date="2024-02-01T00:00:00Z")


@pytest.fixture
def oai_endpoint(oai_provider: OaiProvider) -> Iterator[str]:
    with running(oai_provider) as url:
        yield url


@dataclass
class FileServer:
    """Serves ``tests/data/real`` (query strings ignored) under several behaviours, chosen by the first
    path segment:

    ``/files/…`` plainly, ``/flaky/…`` with one HTTP 500 before succeeding, ``/busy/…`` with one 429
    (``Retry-After: 0``), ``/down/…`` always 503, ``/slow/…`` only after :data:`SLOW_SECONDS`,
    ``/cut/…`` breaking the connection half-way through the body, ``/empty/…`` answering 200 with no
    body at all. Anything missing is 404.
    """

    base_url: str = ""
    hits: Counter[str] = field(default_factory=Counter)

    def url(self, behaviour: str, relative_path: str) -> str:
        return f"{self.base_url}/{behaviour}/{relative_path}"


@pytest.fixture
def file_server() -> Iterator[FileServer]:
    server = FileServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path_only = urlsplit(self.path).path
            server.hits[path_only] += 1
            behaviour, _, relative = path_only.lstrip("/").partition("/")
            path = REAL_DATA / relative
            if not path.is_file():
                self.send_error(404)
            elif behaviour == "flaky" and server.hits[path_only] == 1:
                self.send_error(500)
            elif behaviour == "busy" and server.hits[path_only] == 1:
                self.send_response(429)
                self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif behaviour == "down":
                self.send_error(503)
            elif behaviour == "empty":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                if behaviour == "slow":
                    time.sleep(SLOW_SECONDS)
                body = path.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if behaviour == "cut" else body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    with serve_http(Handler) as base_url:
        server.base_url = base_url
        yield server
