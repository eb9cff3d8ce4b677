"""Credentials and TLS of the Elasticsearch clients: settings, the options built from them, and what really
goes over the wire (a recording HTTPS server stands in for the cluster: this checks our client wiring, not
Elasticsearch; the real secured node is in ``test_es_secured.py``)."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme
from pydantic import SecretStr, ValidationError

from catalogue.es import async_client, connection_options, http_client_options, sync_client
from catalogue.settings import PROJECT_ROOT, Settings

URL = "https://search.example:9200"
MISSING_HALF = (
    "HELMET_ELASTICSEARCH_USERNAME and HELMET_ELASTICSEARCH_PASSWORD go together: set both or neither"
)


def _settings(**values: object) -> Settings:
    return Settings.model_validate({"elasticsearch_url": URL, **values})


def test_no_credentials_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("API_KEY", "USERNAME", "PASSWORD", "CA_CERTS"):
        monkeypatch.delenv(f"HELMET_ELASTICSEARCH_{name}", raising=False)
    monkeypatch.delenv("HELMET_API_ELASTICSEARCH_API_KEY", raising=False)
    monkeypatch.delenv("HELMET_ADMIN_TOKENS", raising=False)
    settings = Settings()
    assert connection_options(settings) == {"verify_certs": True}
    assert settings.admin_tokens == {}  # no admin token unless one is configured


def test_an_api_key_and_a_ca_file() -> None:
    settings = _settings(elasticsearch_api_key="d3JpdGVy", elasticsearch_ca_certs="/etc/helmet/ca.pem")
    assert connection_options(settings) == {
        "verify_certs": True,
        "api_key": "d3JpdGVy",
        "ca_certs": "/etc/helmet/ca.pem",
    }


def test_a_username_and_password_without_certificate_checks() -> None:
    settings = _settings(
        elasticsearch_username="helmet-indexer", elasticsearch_password="pw", elasticsearch_verify_certs=False
    )
    assert connection_options(settings) == {"verify_certs": False, "basic_auth": ("helmet-indexer", "pw")}


def test_the_apis_own_key_replaces_the_general_credentials() -> None:
    settings = _settings(
        elasticsearch_username="helmet-indexer",
        elasticsearch_password="pw",
        api_elasticsearch_api_key="cmVhZA==",
    )
    options = connection_options(settings, settings.api_elasticsearch_api_key)
    assert options == {"verify_certs": True, "api_key": "cmVhZA=="}


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELMET_ELASTICSEARCH_API_KEY", "d3JpdGVy")
    monkeypatch.setenv("HELMET_API_ELASTICSEARCH_API_KEY", "cmVhZA==")
    monkeypatch.setenv("HELMET_ELASTICSEARCH_CA_CERTS", "/etc/helmet/ca.pem")
    monkeypatch.setenv("HELMET_ELASTICSEARCH_VERIFY_CERTS", "false")
    monkeypatch.setenv("HELMET_ELASTICSEARCH_USERNAME", "")  # left empty by a template: unset
    settings = Settings()
    assert settings.elasticsearch_api_key == SecretStr("d3JpdGVy")
    assert settings.api_elasticsearch_api_key == SecretStr("cmVhZA==")
    assert settings.elasticsearch_ca_certs == Path("/etc/helmet/ca.pem")
    assert settings.elasticsearch_verify_certs is False
    assert settings.elasticsearch_username is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"elasticsearch_api_key": "k", "elasticsearch_username": "u", "elasticsearch_password": "p"},
            "HELMET_ELASTICSEARCH_API_KEY and HELMET_ELASTICSEARCH_USERNAME are both set: use an API key or "
            "a username and password, not both",
        ),
        (
            {"elasticsearch_username": "u"},
            MISSING_HALF,
        ),
        (
            {"elasticsearch_password": "p"},
            MISSING_HALF,
        ),
    ],
)
def test_conflicting_credentials_are_refused_with_a_clear_message(
    values: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _settings(**values)


def test_secrets_never_show_in_repr_or_json() -> None:
    settings = _settings(
        elasticsearch_username="helmet-indexer",
        elasticsearch_password="password-1",
        api_elasticsearch_api_key="api-key-2",
        admin_tokens={"anna": "token-3"},
    )
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert "helmet-indexer" in text
        assert "password-1" not in text and "api-key-2" not in text and "token-3" not in text


# --- What the clients send: a recording HTTPS server with a certificate of a CA made here -------------


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict[str, str]]

    def do_GET(self) -> None:
        self.seen.append({name.lower(): value for name, value in self.headers.items()})
        body = json.dumps({"cluster_name": "recorder", "status": "green"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")  # the client refuses servers without it
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder(tmp_path: Path) -> Iterator[tuple[str, Path, list[dict[str, str]]]]:
    """(URL, CA file, headers of every request) of an HTTPS server that answers like a green cluster."""
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    seen: list[dict[str, str]] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", ca_file, seen
    finally:
        server.shutdown()
        server.server_close()


def test_the_indexer_sends_the_general_key_and_the_api_its_own(
    recorder: tuple[str, Path, list[dict[str, str]]],
) -> None:
    url, ca_file, seen = recorder
    settings = Settings(
        elasticsearch_url=url,
        elasticsearch_api_key=SecretStr("d3JpdGVy"),
        api_elasticsearch_api_key=SecretStr("cmVhZA=="),
        elasticsearch_ca_certs=ca_file,
    )
    with sync_client(settings) as indexer:
        assert indexer.cluster.health()["status"] == "green"

    async def api_health() -> str:
        async with async_client(settings) as api:
            return str((await api.cluster.health())["status"])

    assert asyncio.run(api_health()) == "green"
    assert [headers["authorization"] for headers in seen] == ["ApiKey d3JpdGVy", "ApiKey cmVhZA=="]


def test_basic_auth_over_tls(recorder: tuple[str, Path, list[dict[str, str]]]) -> None:
    url, ca_file, seen = recorder
    settings = Settings(
        elasticsearch_url=url,
        elasticsearch_username="helmet-indexer",
        elasticsearch_password=SecretStr("pw"),
        elasticsearch_ca_certs=ca_file,
    )
    with sync_client(settings) as es:
        es.cluster.health()
    assert seen[0]["authorization"] == "Basic aGVsbWV0LWluZGV4ZXI6cHc="  # base64 of helmet-indexer:pw


def test_the_readme_shows_the_roles_as_they_are_in_security() -> None:
    """The roles an operator copies from the README are the ones ``test_es_secured.py`` checks."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    shown = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", readme, re.DOTALL)]
    for name in ("search_api_role.json", "indexer_role.json"):
        assert json.loads((PROJECT_ROOT / "security" / name).read_text()) in shown, name


def test_the_probe_tool_gets_the_same_credentials_as_the_clients(tmp_path: Path) -> None:
    with_key = _settings(elasticsearch_api_key="d3JpdGVy")
    assert http_client_options(with_key) == {"verify": True, "headers": {"Authorization": "ApiKey d3JpdGVy"}}
    with_password = _settings(
        elasticsearch_username="helmet-indexer", elasticsearch_password="pw", elasticsearch_verify_certs=False
    )
    assert http_client_options(with_password) == {"verify": False, "auth": ("helmet-indexer", "pw")}
    trustme.CA().cert_pem.write_to_path(tmp_path / "ca.pem")
    with_ca = http_client_options(_settings(elasticsearch_ca_certs=str(tmp_path / "ca.pem")))
    context = with_ca["verify"]
    assert isinstance(context, ssl.SSLContext) and context.cert_store_stats()["x509_ca"] == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_several_nodes_are_tried_in_turn_when_one_is_down(es_url: str) -> None:
    """``ELASTICSEARCH_URL`` naming a dead node and a live one: every request of both clients is answered."""
    settings = _settings(elasticsearch_url=f"http://127.0.0.1:{_closed_port()}, {es_url}")
    indexer = sync_client(settings)
    assert all(indexer.cluster.health()["status"] in ("green", "yellow") for _ in range(4))
    indexer.close()

    async def searches() -> list[int]:
        api = async_client(settings)
        try:
            return [int((await api.count(index="*"))["count"]) >= 0 for _ in range(4)]
        finally:
            await api.close()

    assert all(asyncio.run(searches()))


class _Green(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"cluster_name": "live", "status": "green"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def frozen_and_live() -> Iterator[tuple[str, str]]:
    """(URL of a node that accepts connections and never answers, URL of one that answers green)."""
    frozen = socket.socket()
    frozen.bind(("127.0.0.1", 0))
    frozen.listen(16)  # the kernel completes the handshakes; nothing ever reads or answers
    live = ThreadingHTTPServer(("127.0.0.1", 0), _Green)
    thread = threading.Thread(target=live.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{frozen.getsockname()[1]}", f"http://127.0.0.1:{live.server_address[1]}"
    finally:
        live.shutdown()
        live.server_close()
        frozen.close()


def test_the_api_client_leaves_a_frozen_node_for_another_within_the_request_timeout(
    frozen_and_live: tuple[str, str],
) -> None:
    """With several nodes each attempt gets half of ``HELMET_API_REQUEST_TIMEOUT`` and a timed-out read is
    tried on another node, so a node that hangs (a long GC pause, a cut-off machine) costs a request half
    the timeout, not a 503; with one node, its one attempt gets the whole timeout."""
    frozen, live = frozen_and_live

    async def timed_healths(url: str, requests: int) -> list[tuple[str, float]]:
        answers = []
        async with async_client(Settings(elasticsearch_url=url, api_request_timeout=1.0)) as api:
            for _ in range(requests):
                started = asyncio.get_running_loop().time()
                try:
                    status = str((await api.cluster.health())["status"])
                except Exception as error:
                    status = type(error).__name__
                answers.append((status, asyncio.get_running_loop().time() - started))
        return answers

    both = asyncio.run(timed_healths(f"{frozen},{live}", 6))
    assert [status for status, _ in both] == ["green"] * 6
    assert max(seconds for _, seconds in both) < 0.9  # at most one half-timeout on the frozen node

    (alone,) = asyncio.run(timed_healths(frozen, 1))
    assert alone[0] == "ConnectionTimeout" and 0.9 < alone[1] < 1.5
