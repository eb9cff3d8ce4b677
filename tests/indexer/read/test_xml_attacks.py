"""XML attacks against every XML entry point: nothing is read, fetched or expanded, and nothing crashes.

Feeds come from outside, so each place that parses XML – the MARCXML reader, the ONIX reader, format
detection, and an OAI-PMH harvest (sickle's parser and the envelope check in :mod:`indexer.read.oaipmh`) –
gets the classic payloads: external entities naming a local file and a URL (XXE), an external DTD and a
parameter entity (both would be fetched by a parser that loads DTDs), XInclude, billion laughs, and
quadratic blowup (one large entity referenced thousands of times). A local HTTP server stands in for
the attacker's; it must never be asked for anything but the OAI-PMH page itself.

What "refused or neutralised" means per entry point: the readers reject the file or product when libxml2
reports the entity amplification, and otherwise keep an entity reference unexpanded (the text is missing,
never replaced); format detection answers a format or None; an OAI-PMH harvest yields a record without
the entity's text, or a Rejection.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from lxml import etree

from indexer.read.formats import detect_format
from indexer.read.oaipmh import list_records
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.onix import read_onix
from indexer.record import DeleteEvent, RawRecord, Rejection
from tests.oai_provider import serve_http

PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]
CANARY = "PWNED-BY-EXTERNAL-ENTITY"
SECONDS = 2.0
OAI_PATH = "/oai"


class AttackerServer:
    """Serves the OAI-PMH page under test at :data:`OAI_PATH`, and remembers every other request: what a
    parser would fetch (a DTD, an external entity) if it touched the network."""

    def __init__(self) -> None:
        self.base_url = ""
        self.page = b""
        self.fetched: list[str] = []


@pytest.fixture(scope="module")
def attacker() -> Iterator[AttackerServer]:
    server = AttackerServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = server.page if self.path.startswith(OAI_PATH) else f'<!ENTITY x "{CANARY}">'.encode()
            if not self.path.startswith(OAI_PATH):
                server.fetched.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    with serve_http(Handler) as base_url:
        server.base_url = base_url
        yield server


_LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{level} "{(f"&lol{level - 1};" if level > 1 else "&lol;") * 10}">' for level in range(1, 10)
)
_BIG = "x" * 100_000


def attacks(url: str) -> dict[str, tuple[str, str, str]]:
    """name → (DOCTYPE, text put where a title goes, text that must not come out of the parser)."""
    return {
        "xxe-file": ('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;", PASSWD_LINE),
        "xxe-http": (f'<!DOCTYPE r [<!ENTITY x SYSTEM "{url}/entity">]>', "&x;", CANARY),
        "external-dtd": (f'<!DOCTYPE r SYSTEM "{url}/evil.dtd">', "&x;", CANARY),
        "parameter-entity": (f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', "&x;", CANARY),
        "xinclude": (
            "",
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>',
            PASSWD_LINE,
        ),
        "billion-laughs": (f"<!DOCTYPE r [{_LAUGHS}]>", "&lol9;", "lol" * 100),
        "quadratic-blowup": (f'<!DOCTYPE r [<!ENTITY a "{_BIG}">]>', "&a;" * 20_000, _BIG * 2),
    }


def marc_record(text: str) -> str:
    return (
        '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 a 4500</leader>'
        '<controlfield tag="001">attack</controlfield><datafield tag="245" ind1="0" ind2="0">'
        f'<subfield code="a">{text}</subfield></datafield></record>'
    )


def marcxml_file(doctype: str, text: str) -> bytes:
    return f'<?xml version="1.0"?>{doctype}<collection>{marc_record(text)}</collection>'.encode()


def onix_file(doctype: str, text: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<ONIXMessage release="2.1"><Product>'
        "<RecordReference>attack</RecordReference><NotificationType>03</NotificationType>"
        f"<Title><TitleType>01</TitleType><TitleText>{text}</TitleText></Title></Product></ONIXMessage>"
    ).encode()


def oai_page(doctype: str, text: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        "<responseDate>2024-06-01T12:00:00Z</responseDate><ListRecords><record><header>"
        "<identifier>oai:attack:1</identifier><datestamp>2024-06-01</datestamp></header>"
        f"<metadata>{marc_record(text)}</metadata></record></ListRecords></OAI-PMH>"
    ).encode()


Item = RawRecord | Rejection | DeleteEvent


def _texts(items: list[Item]) -> str:
    """Everything the items carry that could hold an expanded entity: values, raw bytes, reasons."""
    parts: list[str] = []
    for item in items:
        if isinstance(item, Rejection):
            parts += [item.reason, item.raw.decode("utf-8", "replace")]
        elif isinstance(item, RawRecord):
            payload = item.payload
            parts.append(item.raw.decode("utf-8", "replace"))
            parts.append("".join(payload.itertext()) if hasattr(payload, "itertext") else str(payload))
    return "\n".join(parts)


def _read_marcxml(doctype: str, text: str, _: AttackerServer) -> list[Item]:
    return list(read_marcxml(io.BytesIO(marcxml_file(doctype, text)), source="espoo", location="a.xml"))


def _read_onix(doctype: str, text: str, _: AttackerServer) -> list[Item]:
    return list(read_onix(io.BytesIO(onix_file(doctype, text)), source="espoo", location="a.xml"))


def _harvest_oai(doctype: str, text: str, server: AttackerServer) -> list[Item]:
    server.page = oai_page(doctype, text)
    return list(list_records(server.base_url + OAI_PATH, source="espoo"))


ENTRY_POINTS: dict[str, Callable[[str, str, AttackerServer], list[Item]]] = {
    "marcxml-reader": _read_marcxml,
    "onix-reader": _read_onix,
    "oai-pmh-harvest": _harvest_oai,
}
ATTACK_NAMES = list(attacks(""))


@pytest.mark.timeout(30)
@pytest.mark.parametrize("attack", ATTACK_NAMES)
@pytest.mark.parametrize("entry_point", list(ENTRY_POINTS))
def test_attack_is_neutralised(entry_point: str, attack: str, attacker: AttackerServer) -> None:
    doctype, text, forbidden = attacks(attacker.base_url)[attack]
    attacker.fetched.clear()
    started = time.monotonic()
    items = ENTRY_POINTS[entry_point](doctype, text, attacker)
    assert time.monotonic() - started < SECONDS
    assert attacker.fetched == []
    assert items, "an attack must come out as a record or a rejection, not as nothing"
    assert forbidden not in _texts(items)
    assert all(isinstance(item, RawRecord | Rejection) for item in items)


@pytest.mark.parametrize("entry_point", ["marcxml-reader", "onix-reader"])
@pytest.mark.parametrize("attack", ["billion-laughs", "quadratic-blowup"])
def test_entity_bombs_are_rejected_by_the_readers(
    entry_point: str, attack: str, attacker: AttackerServer
) -> None:
    doctype, text, _ = attacks(attacker.base_url)[attack]
    items = ENTRY_POINTS[entry_point](doctype, text, attacker)
    assert [type(item) for item in items] == [Rejection]
    assert "amplification" in items[0].reason  # type: ignore[union-attr]


@pytest.mark.parametrize("attack", ATTACK_NAMES)
@pytest.mark.parametrize("make", [marcxml_file, onix_file])
def test_format_detection_never_fetches_or_expands(
    attack: str, make: Callable[[str, str], bytes], attacker: AttackerServer
) -> None:
    doctype, text, _ = attacks(attacker.base_url)[attack]
    attacker.fetched.clear()
    started = time.monotonic()
    found = detect_format(make(doctype, text)[:8192])
    assert time.monotonic() - started < SECONDS
    assert attacker.fetched == []
    assert found in ("marcxml", "onix21", None)


def test_an_unguarded_parser_would_leak_the_file() -> None:
    """The checks above can fail: libxml2 with entity substitution reads the local file into the text.

    (lxml 6 builds libxml2 without an HTTP client, so no parser here can fetch a URL at all; the attacker
    server still guards the readers against a libxml2 that can.)"""
    parser = etree.XMLParser(resolve_entities=True, load_dtd=True)
    doctype, text, forbidden = attacks("")["xxe-file"]
    root = etree.fromstring(f"{doctype}<r>{text}</r>".encode(), parser=parser)
    assert forbidden in (root.text or "")
