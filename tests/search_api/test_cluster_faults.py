"""Searching while a three-node cluster loses nodes: not one failed request.

A cluster of this module's own (``tests/cluster.py``: nodes on HTTP ports 9460–9462, 256 MiB each) holds
the sample catalogue in three primary shards with one replica each (``HELMET_INDEX_REPLICAS`` ``0-1``,
expanded to one replica on three nodes). The API runs in a process of its own with all three URLs, and
four clients search it without pause while a node is killed (SIGKILL), the elected master is killed, and
(``-m slow``) a minute of load rides out a kill and the node's return, and every node is restarted in turn.
Every answer must be a 200; the latency percentiles during the failover window and overall are printed
(``bench/RESULTS.md`` has them). The API's request timeout is raised to :data:`API_TIMEOUT_S` here: on the
shared 2-core machine that runs three nodes, the API and the load at once, a search now and then takes
longer than the 3 s default for want of CPU, fault or not, and that is not what these tests measure (the
timeout's own behaviour is tested in ``test_faults.py`` and ``test_catalogue_store.py``); the first
seconds of load, cold caches, are not counted either. A second catalogue without replicas shows the other
side: a shard with no copy left is a 503 saying so, never a partial answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from catalogue.settings import PROJECT_ROOT, Settings
from indexer.jobs.reindex import run_reindex
from indexer.read.sources import load_sources
from search_api.app import create_app
from search_api.errors import PARTIAL_ANSWER
from tests.cluster import LocalCluster, SearchLoad, api_process, local_cluster, request_mix, summary

PORT = 9460
SHARDS = 3
BEFORE_S = 5.0  # load before the fault, to have a baseline
WINDOW_S = 5.0  # the failover window: the kill until the replicas are promoted, and at least this long
WARM_UP_S = 10.0
API_TIMEOUT_S = 10.0
TIMEOUT_S: float = Settings.model_fields["api_request_timeout"].default
# Bounds for a shared 2-core machine running three nodes, the API and the load at once (a load average of
# 10 is usual there): generous, yet below a request left hanging for the whole timeout.
SANE_P99_MS = 5000.0
SANE_MAX_MS = (API_TIMEOUT_S + 2.0) * 1000


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with local_cluster(PORT) as started:
        yield started


def _indexed(
    cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory, sources: int = 4, **changes: Any
) -> Settings:
    """The sample catalogue (its first ``sources`` feeds) in the cluster, under settings with ``changes``."""
    settings = cluster.settings(
        state_dir=tmp_path_factory.mktemp("cluster-faults"), index_workers=1, index_shards=SHARDS, **changes
    )
    with Elasticsearch(cluster.urls, request_timeout=60) as es:
        result = run_reindex(es, settings, load_sources(PROJECT_ROOT / "sources.toml")[:sources])
    assert result.status == "succeeded"
    return settings


@pytest.fixture(scope="module")
def catalogue(cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The catalogue the API serves: every shard with a replica on another node."""
    return _indexed(cluster, tmp_path_factory, index_prefix="replicated")


@pytest.fixture(scope="module")
def unreplicated(cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A catalogue without replicas (one feed is enough), one primary on each node: losing any node loses
    a third of it."""
    settings = _indexed(cluster, tmp_path_factory, sources=1, index_prefix="unreplicated", index_replicas="0")
    with Elasticsearch(cluster.urls, request_timeout=60) as es:
        es.indices.put_settings(
            index=settings.works_alias, settings={"index.routing.allocation.total_shards_per_node": 1}
        )
    cluster.wait_for("green")
    assert set(cluster.primaries_per_node(f"{settings.works_alias}-v*").values()) == {1}
    return settings


@pytest.fixture(scope="module")
def api(catalogue: Settings) -> Iterator[str]:
    with api_process(catalogue.model_copy(update={"api_request_timeout": API_TIMEOUT_S})) as url:
        SearchLoad(url, request_mix(url)).warm_up(WARM_UP_S)
        yield url


@pytest.fixture
def load(cluster: LocalCluster, api: str) -> SearchLoad:
    """A whole cluster (nodes a previous test killed are back, green) and a load ready to start."""
    cluster.heal()
    return SearchLoad(api, request_mix(api), concurrency=4)


def _report(name: str, figures: dict[str, Any]) -> None:
    print(f"\nFIGURES {name} {json.dumps(figures)}")


def _assert_no_failed_request(figures: dict[str, Any]) -> None:
    overall = figures["overall"]
    assert overall["requests"] > 0
    assert overall["errors"] == 0, overall["error_examples"]
    assert overall["p99_ms"] < SANE_P99_MS and overall["max_ms"] < SANE_MAX_MS, overall


def _live(catalogue: Settings) -> str:
    """The catalogue's live indices, as ``_cluster/health`` takes them."""
    return f"{catalogue.works_alias},{catalogue.records_alias}"


def _victim(cluster: LocalCluster, catalogue: Settings) -> int:
    """A data node that is not the master and holds a primary of the live works index (its loss makes the
    master promote a replica: the failover a search rides out)."""
    master = cluster.master()
    primaries = cluster.primaries_per_node(f"{catalogue.works_alias}-v*")
    return max((index for index in primaries if index != master), key=lambda index: primaries[index])


def test_a_data_node_killed_under_load_fails_no_search(
    cluster: LocalCluster, catalogue: Settings, unreplicated: Settings, load: SearchLoad
) -> None:
    """SIGKILL of a data node holding primaries, four clients searching: every answer a 200. Then, with the
    node still gone, the catalogue without replicas is a 503 naming the trouble, not fewer works."""
    victim = _victim(cluster, catalogue)
    load.start()
    load.run_for(BEFORE_S)
    killed = time.monotonic()
    cluster.kill(victim)
    failover = cluster.wait_for_failover(victim, _live(catalogue))
    load.run_for(max(0.0, 15.0 - failover))
    answers = load.stop()
    figures = {
        "node": victim,
        "failover_s": round(failover, 2),
        "before": summary(answers, end=killed),
        "failover_window": summary(answers, killed, killed + max(failover, WINDOW_S)),
        "overall": summary(answers),
    }
    _report("data_node_killed", figures)
    _assert_no_failed_request(figures)

    with TestClient(create_app(unreplicated)) as client:
        started = time.monotonic()
        answer = client.get("/v1/search", params={"q": "kirja"})
        assert answer.status_code == 503, answer.text
        assert answer.json() == {"detail": PARTIAL_ANSWER}
        assert answer.headers["Retry-After"]
        assert time.monotonic() - started < TIMEOUT_S + 2.0
        facets = client.get("/v1/facets/municipality")
        assert facets.status_code == 503 and facets.json() == {"detail": PARTIAL_ANSWER}
        health = client.get("/health")
        assert health.status_code == 503 and "no node holds" in health.json()["message"]


def test_the_master_killed_under_load_fails_no_search(
    cluster: LocalCluster, catalogue: Settings, load: SearchLoad
) -> None:
    """SIGKILL of the elected master: the other two elect a new one while searches go on, all answered."""
    master = cluster.master()
    load.start()
    load.run_for(BEFORE_S)
    killed = time.monotonic()
    cluster.kill(master)
    failover = cluster.wait_for_failover(master, _live(catalogue))
    new_master = cluster.master()
    load.run_for(max(0.0, 10.0 - failover))
    answers = load.stop()
    figures = {
        "node": master,
        "new_master": new_master,
        "failover_s": round(failover, 2),
        "before": summary(answers, end=killed),
        "failover_window": summary(answers, killed, killed + max(failover, WINDOW_S)),
        "overall": summary(answers),
    }
    _report("master_killed", figures)
    assert new_master != master
    _assert_no_failed_request(figures)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_a_minute_of_load_rides_out_a_node_killed_and_back(
    cluster: LocalCluster, catalogue: Settings, load: SearchLoad
) -> None:
    """60 s of load: a data node killed after 10 s and started again with its data at 25 s (it rejoins when
    its JVM is up, its shard copies recover while searches go on). Not one failed request."""
    victim = _victim(cluster, catalogue)
    began = time.monotonic()
    load.start()
    load.run_for(10.0)
    killed = time.monotonic()
    cluster.kill(victim)
    failover = cluster.wait_for_failover(victim, _live(catalogue))
    load.run_for(max(0.0, 25.0 - (time.monotonic() - began)))
    restarted = time.monotonic()
    rejoined: list[float] = []
    restart = threading.Thread(target=lambda: (cluster.start(victim), rejoined.append(time.monotonic())))
    restart.start()
    load.run_for(max(0.0, 60.0 - (time.monotonic() - began)))
    ended = time.monotonic()
    answers = load.stop()
    restart.join(timeout=600)
    cluster.wait_for("green")
    back = rejoined[0] if rejoined else None
    figures = {
        "node": victim,
        "failover_s": round(failover, 2),
        "restart_to_rejoined_s": round(back - restarted, 2) if back else None,
        "restart_to_green_s": round(time.monotonic() - restarted, 2),
        "before": summary(answers, end=killed),
        "failover_window": summary(answers, killed, killed + max(failover, WINDOW_S)),
        "node_away": summary(answers, killed, min(back or ended, ended)),
        "rejoined": summary(answers, back, ended) if back and back < ended else None,
        "overall": summary(answers),
        "load_s": round(ended - began, 1),
    }
    _report("minute_with_kill_and_return", figures)
    _assert_no_failed_request(figures)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_rolling_restart_under_load_fails_no_search(
    cluster: LocalCluster, catalogue: Settings, load: SearchLoad
) -> None:
    """Every node in turn stopped (SIGTERM, as an operator would), started with its data, and the cluster
    back to green before the next: the searches going on all the while are all answered."""
    began = time.monotonic()
    load.start()
    load.run_for(BEFORE_S)
    steps = []
    for index in range(3):
        stopping = time.monotonic()
        cluster.stop(index)
        starting = time.monotonic()
        cluster.start(index)
        rejoined = time.monotonic()
        cluster.wait_for("green")
        steps.append(
            {
                "node": index,
                "stop_s": round(starting - stopping, 2),
                "start_to_rejoined_s": round(rejoined - starting, 2),
                "rejoined_to_green_s": round(time.monotonic() - rejoined, 2),
            }
        )
    load.run_for(BEFORE_S)
    answers = load.stop()
    figures = {"steps": steps, "overall": summary(answers), "duration_s": round(time.monotonic() - began, 1)}
    _report("rolling_restart", figures)
    _assert_no_failed_request(figures)
