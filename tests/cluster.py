"""A three-node Elasticsearch cluster of a test module's own, the API in a process in front of it, and a
search load to measure what a fault does to the people searching.

The cluster is the project's own local cluster (``catalogue.devnode`` with ``HELMET_DEVNODE_NODES=3``) on
ports of the test's choosing in the fault-injection range 9400–9499 (HTTP ``port + i``, transport ``port
+ 100 + i``), three nodes of 256 MiB heap, clean data folders, stopped and removed at the end. Its nodes
are killed (SIGKILL: a crash), stopped and started again with their data through :class:`LocalCluster`.
The API runs as ``python -m search_api`` in a process of its own, its client given all three URLs, as in
production; :class:`SearchLoad` sends it a mix of what the website asks from a thread, with a few clients
at once, and keeps every answer's status and latency for the figures.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from catalogue import devnode
from catalogue.devnode import cluster as layout
from catalogue.settings import PROJECT_ROOT, Settings

HEAP = "256m"
NODES = 3


@dataclass
class LocalCluster:
    """A running local cluster of the test's own; ``node_settings`` are the devnode settings that made it."""

    node_settings: Settings

    @property
    def url(self) -> str:
        """All nodes' URLs, comma-separated, as ``ELASTICSEARCH_URL`` takes them."""
        return devnode.url_for(self.node_settings)

    @property
    def urls(self) -> list[str]:
        return self.url.split(",")

    def settings(self, **changes: object) -> Settings:
        """Settings of a client of this cluster (all its nodes), with ``changes``."""
        return self.node_settings.model_copy(update={"elasticsearch_url": self.url, **changes})

    def running(self) -> list[int]:
        return [i for i in range(NODES) if devnode.running_pid(self.node_settings, i) is not None]

    def kill(self, index: int) -> None:
        devnode.kill_node(self.node_settings, index)

    def stop(self, index: int) -> None:
        assert devnode.stop_node(self.node_settings, index)

    def start(self, index: int) -> None:
        devnode.start_node(self.node_settings, index)

    def wait_for(self, status: str, timeout: float = 180.0) -> float:
        """Wait until all nodes are in and the cluster is ``status`` (or better); returns the seconds."""
        started = time.monotonic()
        devnode.wait_for_status(self.node_settings, status, timeout)
        return time.monotonic() - started

    def heal(self) -> None:
        """Start every node that is not running, then wait for green: each test begins with a whole one."""
        for index in range(NODES):
            if index not in self.running():
                self.start(index)
        self.wait_for("green")

    def get(self, path: str, **params: str) -> Any:
        """``GET path`` from the first running node that answers (any node knows the whole cluster)."""
        for index in self.running():
            try:
                answer = httpx.get(f"{self.urls[index]}{path}", params=params, timeout=10)
            except httpx.HTTPError:
                continue
            if answer.status_code == 200:
                return answer.json()
        raise AssertionError(f"no node of the cluster answered GET {path}")

    def master(self) -> int:
        """The index of the elected master."""
        name = self.get("/_cat/master", format="json", h="node")[0]["node"]
        index = layout.index_of(name, devnode.nodes_of(self.node_settings))
        assert index is not None, f"the master {name} is not one of our nodes"
        return index

    def primaries_per_node(self, index_pattern: str) -> dict[int, int]:
        """How many primary shards of ``index_pattern`` each node holds."""
        shards = self.get(f"/_cat/shards/{index_pattern}", format="json", h="prirep,node,state")
        nodes = devnode.nodes_of(self.node_settings)
        counts = dict.fromkeys(range(NODES), 0)
        for shard in shards:
            holder = layout.index_of(shard.get("node") or "", nodes)
            if shard["prirep"] == "p" and holder is not None:
                counts[holder] += 1
        return counts

    def health(self, indices: str = "") -> dict[str, Any]:
        """Cluster health, of ``indices`` only when given (another index's trouble then does not count)."""
        answer: dict[str, Any] = self.get(f"/_cluster/health/{indices}")
        return answer

    def wait_for_failover(self, lost: int, indices: str, timeout: float = 120.0) -> float:
        """Seconds until the cluster has let node ``lost`` go and every primary of ``indices`` is on a live
        node again (replicas promoted): the failover a search has to ride out."""
        started = time.monotonic()
        while True:
            health = self.health(indices)
            if health["number_of_nodes"] == NODES - 1 and health["status"] in ("yellow", "green"):
                return time.monotonic() - started
            assert time.monotonic() - started < timeout, f"no failover after losing node {lost}: {health}"
            time.sleep(0.1)


@contextmanager
def local_cluster(port: int) -> Iterator[LocalCluster]:
    """Start a three-node cluster on ``port`` … ``port + 2`` with empty data folders; stop it and remove
    its data when done."""
    if Settings().elasticsearch_url:
        pytest.skip("an external cluster is configured: no local cluster of our own can be started")
    assert port >= 9400 and port + NODES - 1 <= 9499, "fault-injection nodes use ports 9400–9499"
    node_settings = Settings(devnode_port=port, devnode_heap=HEAP, devnode_nodes=NODES)
    folder = devnode.paths_for(node_settings).node_dir.parent
    devnode.stop(node_settings)  # one left behind by an interrupted run
    shutil.rmtree(folder, ignore_errors=True)
    devnode.start(node_settings)
    try:
        yield LocalCluster(node_settings)
    finally:
        devnode.stop(node_settings)
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def api_process(settings: Settings) -> Iterator[str]:
    """``python -m search_api`` over ``settings`` (its cluster URLs, index prefix and request timeout) in a
    process of its own; yields its base URL once ``/health`` answers 200."""
    port = free_port()
    env = {
        **os.environ,
        "HELMET_ELASTICSEARCH_URL": str(settings.elasticsearch_url),
        "HELMET_INDEX_PREFIX": settings.index_prefix,
        "HELMET_API_REQUEST_TIMEOUT": str(settings.api_request_timeout),
        "HELMET_API_PORT": str(port),
        "HELMET_API_WORKERS": "1",
        "HELMET_RATE_LIMIT": "",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "search_api"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{url}/health"):
            assert process.poll() is None, f"the API exited: {process.communicate()[1][-2000:]}"
            assert time.monotonic() < deadline, "the API did not become healthy within 60 s"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=20)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


# --- Search load ------------------------------------------------------------------------------------------

WORDS = ("kirja", "talvi", "kesä", "romaani", "historia", "musiikki", "lapset", "sota", "rakkaus", "meri")
FILTERS = ("municipality:espoo", "municipality:helsinki", "language:fin", "material_type:ebook")


def request_mix(api_url: str, count: int = 200) -> list[tuple[str, dict[str, Any]]]:
    """``count`` requests of the kinds the website sends (searches with facets and filters, suggestions,
    records, facet listings), deterministic, over works the catalogue holds."""
    found = httpx.get(f"{api_url}/v1/search", params={"page_size": 50, "facets": ""}, timeout=30).json()
    ids = [hit["id"] for hit in found["hits"]]
    assert ids, "the catalogue is empty"
    mix: list[tuple[str, dict[str, Any]]] = []
    for number in range(count):
        word = WORDS[number % len(WORDS)]
        kind = number % 10
        if kind < 6:
            params: dict[str, Any] = {"q": word}
            if kind % 2:
                params["filter"] = FILTERS[number % len(FILTERS)]
            if kind == 5:
                params["sort"] = "newest"
            mix.append(("/v1/search", params))
        elif kind == 6:
            mix.append(("/v1/suggest", {"q": word[:3]}))
        elif kind in (7, 8):
            mix.append((f"/v1/records/{ids[number % len(ids)]}", {}))
        else:
            mix.append(("/v1/facets/subject", {"q": word, "page_size": 20}))
    return mix


@dataclass(frozen=True)
class Answer:
    started: float  # time.monotonic() when it was sent
    seconds: float
    status: int  # 0: no answer at all
    path: str
    detail: str = ""


@dataclass
class SearchLoad:
    """``concurrency`` clients sending ``requests`` round and round to the API, in a thread of their own,
    from :meth:`start` to :meth:`stop`; every answer is kept."""

    api_url: str
    requests: list[tuple[str, dict[str, Any]]]
    concurrency: int = 4
    answers: list[Answer] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self._thread.start()

    def stop(self) -> list[Answer]:
        self._stopping.set()
        assert self._thread is not None
        self._thread.join(timeout=60)
        return self.answers

    def run_for(self, seconds: float) -> None:
        """Keep the load going ``seconds`` more (the caller's thread just waits)."""
        time.sleep(seconds)

    def warm_up(self, seconds: float) -> None:
        """Send the load for ``seconds`` and forget the answers: the first requests of each kind wait for
        Elasticsearch's caches and the JIT, which is not what a test of faults measures."""
        self.start()
        self.run_for(seconds)
        self.stop()
        self.answers, self._stopping, self._thread = [], threading.Event(), None

    async def _run(self) -> None:
        async with httpx.AsyncClient(base_url=self.api_url, timeout=30) as client:
            await asyncio.gather(*(self._client(client, number) for number in range(self.concurrency)))

    async def _client(self, client: httpx.AsyncClient, number: int) -> None:
        position = number * len(self.requests) // self.concurrency
        while not self._stopping.is_set():
            path, params = self.requests[position % len(self.requests)]
            position += 1
            started = time.monotonic()
            try:
                answer = await client.get(path, params=params)
                status, detail = answer.status_code, "" if answer.status_code == 200 else answer.text
            except httpx.HTTPError as error:
                status, detail = 0, repr(error)
            self.answers.append(Answer(started, time.monotonic() - started, status, path, detail[:300]))


def summary(answers: list[Answer], start: float | None = None, end: float | None = None) -> dict[str, Any]:
    """Requests, errors (any answer but 200) and latency percentiles in ms of the answers sent in
    [``start``, ``end``)."""
    chosen = [
        a for a in answers if (start is None or a.started >= start) and (end is None or a.started < end)
    ]
    millis = sorted(a.seconds * 1000 for a in chosen)
    errors = [a for a in chosen if a.status != 200]
    cuts = statistics.quantiles(millis, n=100, method="inclusive") if len(millis) > 1 else millis * 99
    return {
        "requests": len(chosen),
        "errors": len(errors),
        "p50_ms": round(cuts[49], 1) if cuts else None,
        "p95_ms": round(cuts[94], 1) if cuts else None,
        "p99_ms": round(cuts[98], 1) if cuts else None,
        "max_ms": round(millis[-1], 1) if millis else None,
        "error_examples": sorted({f"{a.status} {a.path}: {a.detail}" for a in errors})[:5],
    }
