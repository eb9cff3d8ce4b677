"""A small but real OAI-PMH 2.0 data provider for tests, served over real sockets on 127.0.0.1.

It implements what a harvester meets in the wild: Identify, ListRecords with ``metadataPrefix``,
``from``/``until`` (checked against the declared granularity), ``set``, resumption tokens (small pages,
so paging always happens), deleted headers, the error responses (``badArgument``, ``badVerb``,
``noRecordsMatch``, ``cannotDisseminateFormat``, ``badResumptionToken``, ``noSetHierarchy``), and a switch
to answer HTTP 500 for one page. Its clock (``response_date``) is set by the test, so that incremental
harvesting can be tested without waiting.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
_OAI = f"{{{OAI_NAMESPACE}}}"
SECONDS_GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DAY_GRANULARITY = "YYYY-MM-DD"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@dataclass
class OaiRecord:
    """One item of the repository: ``metadata`` is the XML inside ``<metadata>`` (normally a MARCXML
    ``<record>``; empty bytes give an empty ``<metadata/>``), ``None`` for a deleted record."""

    identifier: str
    datestamp: str
    metadata: bytes | None
    sets: tuple[str, ...] = ()


@dataclass
class OaiProvider:
    records: list[OaiRecord]
    page_size: int = 3
    granularity: str = SECONDS_GRANULARITY
    response_date: str = "2024-06-01T12:00:00Z"
    metadata_prefixes: tuple[str, ...] = ("marc21",)
    fail_page: int | None = None
    """Answer HTTP 500 Internal Server Error instead of this page (1 = the first)."""
    tokens_expire: bool = False
    """Refuse every resumption token with badResumptionToken, as after a repository restart."""
    requests: list[dict[str, str]] = field(default_factory=list)

    def respond(self, query: dict[str, str]) -> tuple[int, bytes]:
        self.requests.append(query)
        verb = query.get("verb")
        # A default namespace, as real providers write it (lxml-stubs do not allow the None key).
        root = etree.Element(f"{_OAI}OAI-PMH", nsmap={None: OAI_NAMESPACE})  # type: ignore[dict-item]
        etree.SubElement(root, f"{_OAI}responseDate").text = self.response_date
        request = etree.SubElement(root, f"{_OAI}request")
        request.text = "http://127.0.0.1/oai"
        if verb == "Identify":
            self._identify(root)
        elif verb == "ListRecords":
            status = self._list_records(root, {key: value for key, value in query.items() if key != "verb"})
            if status != 200:
                return status, b"Internal Server Error"
        else:
            _error(root, "badVerb", f"unsupported verb {verb!r}")
        return 200, etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _identify(self, root: etree._Element) -> None:
        identify = etree.SubElement(root, f"{_OAI}Identify")
        for name, value in (
            ("repositoryName", "Helmet test repository"),
            ("baseURL", "http://127.0.0.1/oai"),
            ("protocolVersion", "2.0"),
            ("adminEmail", "nobody@example.org"),
            ("earliestDatestamp", "2000-01-01T00:00:00Z"),
            ("deletedRecord", "persistent"),
            ("granularity", self.granularity),
        ):
            etree.SubElement(identify, f"{_OAI}{name}").text = value

    def _list_records(self, root: etree._Element, arguments: dict[str, str]) -> int:
        if "resumptionToken" in arguments:
            if len(arguments) != 1:
                return _error(root, "badArgument", "resumptionToken is an exclusive argument")
            decoded = _decode_token(arguments["resumptionToken"])
            if decoded is None or self.tokens_expire:
                return _error(root, "badResumptionToken", "unknown or expired token")
            offset, arguments = decoded
        else:
            offset = 0
        unknown = set(arguments) - {"metadataPrefix", "from", "until", "set"}
        if unknown or "metadataPrefix" not in arguments:
            return _error(
                root, "badArgument", f"missing metadataPrefix or illegal arguments {sorted(unknown)}"
            )
        if arguments["metadataPrefix"] not in self.metadata_prefixes:
            return _error(root, "cannotDisseminateFormat", f"no format {arguments['metadataPrefix']!r}")
        try:
            since = self._instant(arguments.get("from"), end_of_day=False)
            until = self._instant(arguments.get("until"), end_of_day=True)
        except ValueError as error:
            return _error(root, "badArgument", str(error))
        set_spec = arguments.get("set")
        if set_spec is not None and not any(record.sets for record in self.records):
            return _error(root, "noSetHierarchy", "this repository has no sets")
        matching = [
            record
            for record in self.records
            if (since is None or _parse(record.datestamp) >= since)
            and (until is None or _parse(record.datestamp) <= until)
            and (set_spec is None or set_spec in record.sets)
        ]
        if not matching:
            return _error(root, "noRecordsMatch", "no records match")
        if self.fail_page == offset // self.page_size + 1:
            return 500
        page = matching[offset : offset + self.page_size]
        list_records = etree.SubElement(root, f"{_OAI}ListRecords")
        for record in page:
            _append_record(list_records, record)
        if len(matching) > self.page_size:
            token = etree.SubElement(
                list_records,
                f"{_OAI}resumptionToken",
                completeListSize=str(len(matching)),
                cursor=str(offset),
            )
            following = offset + self.page_size
            token.text = _encode_token(following, arguments) if following < len(matching) else None
        return 200

    def _instant(self, value: str | None, *, end_of_day: bool) -> datetime | None:
        if value is None:
            return None
        if _DAY.match(value):
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return day + timedelta(days=1, microseconds=-1) if end_of_day else day
        if _SECONDS.match(value) and self.granularity == SECONDS_GRANULARITY:
            return _parse(value)
        raise ValueError(f"{value!r} does not match the repository granularity {self.granularity}")


def _parse(datestamp: str) -> datetime:
    return datetime.strptime(datestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _append_record(parent: etree._Element, record: OaiRecord) -> None:
    element = etree.SubElement(parent, f"{_OAI}record")
    header = etree.SubElement(element, f"{_OAI}header")
    if record.metadata is None:
        header.set("status", "deleted")
    etree.SubElement(header, f"{_OAI}identifier").text = record.identifier
    etree.SubElement(header, f"{_OAI}datestamp").text = record.datestamp
    for set_spec in record.sets:
        etree.SubElement(header, f"{_OAI}setSpec").text = set_spec
    if record.metadata is not None:
        metadata = etree.SubElement(element, f"{_OAI}metadata")
        if record.metadata:
            metadata.append(etree.fromstring(record.metadata))


def _error(root: etree._Element, code: str, message: str) -> int:
    etree.SubElement(root, f"{_OAI}error", code=code).text = message
    return 200


def _encode_token(offset: int, arguments: dict[str, str]) -> str:
    return "!".join([str(offset), *(f"{key}={value}" for key, value in sorted(arguments.items()))])


def _decode_token(token: str) -> tuple[int, dict[str, str]] | None:
    offset, *pairs = token.split("!")
    if not offset.isdigit() or not all("=" in pair for pair in pairs):
        return None
    return int(offset), dict(pair.split("=", 1) for pair in pairs)


@contextlib.contextmanager
def serve_http(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run ``handler`` on an ephemeral port of 127.0.0.1 in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def running(provider: OaiProvider) -> Iterator[str]:
    """Serve ``provider``; yields its OAI-PMH base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = provider.respond(dict(parse_qsl(urlsplit(self.path).query)))
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    with serve_http(Handler) as base_url:
        yield f"{base_url}/oai"
