"""Faults the API survives: Elasticsearch frozen (too slow to answer) or stopped, then back.

A node of this module's own (``tests/faultnode.py``) serves a small catalogue to one app instance. The
node is frozen with SIGSTOP (its port still accepts connections, nothing answers: a long GC pause, an
overloaded machine) and stopped outright; each time the API must answer 503 with a message a person
understands within a bounded time, report the outage on ``/health``, and serve again by itself, without a
restart, once the node is back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from catalogue.settings import PROJECT_ROOT, Settings
from indexer.jobs.reindex import run_reindex
from indexer.read.sources import load_sources
from search_api.app import create_app
from tests.faultnode import FaultNode, fault_node

PORT = 9430
TIMEOUT_S: float = Settings.model_fields["api_request_timeout"].default  # what production gets
BOUND_S = TIMEOUT_S + 1.0  # one attempt plus the app's own work: never the timeout times the retries
RECOVERY_S = 10.0


@pytest.fixture(scope="module")
def node() -> Iterator[FaultNode]:
    with fault_node(PORT) as started:
        yield started


@pytest.fixture(scope="module")
def api(node: FaultNode, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = node.settings(
        index_prefix="api-faults",
        state_dir=tmp_path_factory.mktemp("api-faults"),
        index_workers=1,
    )
    with Elasticsearch(node.url, request_timeout=60) as es:
        run_reindex(es, settings, load_sources(PROJECT_ROOT / "sources.toml"))
    with TestClient(create_app(settings)) as client:
        yield client


def _timed(client: TestClient, path: str, **params: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = client.get(path, params=params)
    return answer, time.monotonic() - started


def _assert_serving(client: TestClient) -> None:
    """Poll until search and health answer 200 again (the client's dead-node backoff may delay the first
    retry), failing after :data:`RECOVERY_S`."""
    deadline = time.monotonic() + RECOVERY_S
    while True:
        search, health = client.get("/v1/search", params={"q": "kirja"}), client.get("/health")
        if search.status_code == health.status_code == 200:
            assert health.json()["status"] == "ok"
            return
        assert time.monotonic() < deadline, f"not recovered: {search.status_code} {health.text}"
        time.sleep(0.5)


def _assert_unavailable(client: TestClient, why: str) -> None:
    search, seconds = _timed(client, "/v1/search", q="kirja")
    assert search.status_code == 503, search.text
    assert why in search.json()["detail"]
    assert search.headers["Retry-After"]
    assert seconds < BOUND_S, f"a search took {seconds:.1f} s to fail"
    record, seconds = _timed(client, "/v1/records/some-work")
    assert record.status_code == 503 and seconds < BOUND_S
    health, seconds = _timed(client, "/health")
    assert health.status_code == 503 and seconds < BOUND_S
    assert health.json()["status"] == "unavailable"
    assert health.json()["elasticsearch"] == "unreachable"
    assert why in health.json()["message"]


def test_a_frozen_node_is_a_quick_503_and_the_api_recovers(api: TestClient, node: FaultNode) -> None:
    _assert_serving(api)
    node.freeze()
    try:
        _assert_unavailable(api, "did not answer in time")
    finally:
        node.thaw()
    _assert_serving(api)


def test_a_stopped_node_is_a_quick_503_and_the_api_recovers(api: TestClient, node: FaultNode) -> None:
    _assert_serving(api)
    node.stop()
    try:
        _assert_unavailable(api, "cannot be reached")
    finally:
        node.start()
    _assert_serving(api)
