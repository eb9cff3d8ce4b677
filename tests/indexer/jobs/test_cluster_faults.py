"""A node of a three-node cluster killed in the middle of a full re-index (``python -m indexer reindex``).

A cluster of this module's own (``tests/cluster.py``, HTTP ports 9470–9472) holds a live catalogue of a
seeded synthetic corpus, in three primary shards with a replica each. A second re-index is started, and
once its new records index is taking documents the node holding most of its primaries is killed with
SIGKILL: a build index has no replica while it loads, so those shards are gone until the node is back (it
is started again with its data after a few seconds, as a supervisor would), and the writes it had
acknowledged but not yet synced to disk may be gone for good. The job must either complete, with every
record and work in the new catalogue, or fail cleanly (exit 1, one ``error:`` line, no traceback) leaving
the live catalogue as it was; either way the live alias then serves every document.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch, NotFoundError

from catalogue.settings import PROJECT_ROOT, Settings
from indexer.store import index
from synthetic.corpus import write_corpus
from tests.cluster import LocalCluster, local_cluster

PORT = 9470
RECORDS = 4000
RESTART_AFTER_S = 8.0
RUN_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with local_cluster(PORT) as started:
        yield started


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded corpus of :data:`RECORDS` records in four feeds, and the sources file that reads them."""
    folder = tmp_path_factory.mktemp("cluster-feeds")
    write_corpus(folder / "feeds", RECORDS, seed=5)
    config = folder / "sources.toml"
    config.write_text(
        "".join(
            f'[[source]]\nid = "{feed.name}"\nmunicipality = "{feed.name}"\nlocation = "feeds/{feed.name}"\n'
            for feed in sorted((folder / "feeds").iterdir())
        )
    )
    return config


def _reindex(settings: Settings, config: Path, shards: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "HELMET_ELASTICSEARCH_URL": str(settings.elasticsearch_url),
        "HELMET_INDEX_PREFIX": settings.index_prefix,
        "HELMET_STATE_DIR": str(settings.state_dir),
        "HELMET_INDEX_WORKERS": "2",
        "HELMET_INDEX_SHARDS": str(shards),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", "reindex", "--config", str(config)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _counts(es: Elasticsearch, settings: Settings) -> tuple[int, int]:
    """Works and records the live aliases answer a search with (what readers and updates see)."""
    works = es.count(index=settings.works_alias)["count"]
    records = es.count(index=settings.records_alias)["count"]
    return int(works), int(records)


def _newest(es: Elasticsearch, alias: str) -> str:
    return max(es.indices.get(index=f"{alias}-v*"))


def _loading(es: Elasticsearch, settings: Settings, live: str | None) -> bool:
    """Whether the new records index has taken documents (refresh is off while it loads, so the indexing
    statistics tell, not a count)."""
    building = _newest(es, settings.records_alias)
    if building == live:
        return False
    try:
        stats = es.indices.stats(index=building, metric="indexing")["_all"]["primaries"]
    except NotFoundError:  # listed a moment before it was created everywhere
        return False
    return int(stats.get("indexing", {}).get("index_total", 0)) >= 500


def _victim(cluster: LocalCluster, build: list[str], holding: bool) -> int:
    """The node to kill: one holding most primaries of the ``build`` indices (``holding``), or one holding
    none; of equals, not the master."""
    held = dict.fromkeys(range(3), 0)
    for name in build:
        for node, primaries in cluster.primaries_per_node(name).items():
            held[node] += primaries
    master = cluster.master()
    candidates = [node for node in held if (held[node] > 0) == holding]
    assert candidates, f"no node {'holds' if holding else 'lacks'} shards of {build}: {held}"
    return max(candidates, key=lambda node: (held[node], node != master))


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize(
    ("shards", "holding"),
    [(3, True), (1, False)],
    ids=["node-with-build-shards", "node-without-build-shards"],
)
def test_a_node_killed_during_a_full_reindex(
    cluster: LocalCluster, feeds: Path, tmp_path: Path, shards: int, holding: bool
) -> None:
    """Killed: a node holding a primary of the new indices (``shards`` 3: every node holds one), or one
    holding none of them (``shards`` 1). The first may lose what the build wrote to it: the job completes
    whole or fails cleanly. The second loses nothing of the build: the job must complete."""
    cluster.heal()
    settings = cluster.settings(index_prefix=f"reindex-{uuid.uuid4().hex[:6]}", state_dir=tmp_path / "state")
    es = Elasticsearch(cluster.urls, request_timeout=30, max_retries=3, retry_on_timeout=True)
    first = _reindex(settings, feeds, shards)
    stdout, stderr = first.communicate(timeout=RUN_TIMEOUT_S)
    assert first.returncode == 0, stderr[-3000:]
    summary = json.loads(stdout)
    expected = _counts(es, settings)
    assert expected == (summary["works"], summary["records"]) and summary["records"] == RECORDS
    live = index.live_index(es, settings.records_alias)

    started = time.monotonic()
    running = _reindex(settings, feeds, shards)
    finished: dict[str, Any] = {}  # the job's output and when it ended, whatever the test is doing then

    def wait_for_the_job() -> None:
        stdout, stderr = running.communicate(timeout=RUN_TIMEOUT_S)
        finished.update(stdout=stdout, stderr=stderr, at=time.monotonic())

    waiter = threading.Thread(target=wait_for_the_job, daemon=True)
    waiter.start()
    try:
        while not _loading(es, settings, live):
            assert not finished, "the job ended before its build started loading"
            assert time.monotonic() - started < RUN_TIMEOUT_S
            time.sleep(0.1)
        build = [_newest(es, settings.records_alias), _newest(es, settings.works_alias)]
        victim = _victim(cluster, build, holding)
        master = cluster.master()
        killed = time.monotonic()
        cluster.kill(victim)
        time.sleep(RESTART_AFTER_S)
        cluster.start(victim)
        rejoined = time.monotonic()
        waiter.join(timeout=RUN_TIMEOUT_S)
    finally:
        running.kill()
    stdout, stderr = finished["stdout"], finished["stderr"]

    outcome: dict[str, Any] = {
        "shards": shards,
        "node": victim,
        "node_was_master": victim == master,
        "node_held_build_primaries": holding,
        "killed_after_s": round(killed - started, 1),
        "restarted_after_kill_s": RESTART_AFTER_S,
        "rejoined_after_kill_s": round(rejoined - killed, 1),
        "job_ended_after_kill_s": round(finished["at"] - killed, 1),
        "job_s": round(finished["at"] - started, 1),
        "exit": running.returncode,
    }
    if running.returncode == 0:
        again = json.loads(stdout)
        outcome["result"] = "completed"
        assert (again["works"], again["records"]) == expected
        assert index.live_index(es, settings.records_alias) != live
    else:
        assert holding, f"a node without build shards made the job fail: {stderr[-3000:]}"
        assert running.returncode == 1, stderr[-3000:]
        assert "Traceback" not in stderr, stderr[-3000:]
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and stderr.strip().splitlines()[-1] == errors[0], stderr[-3000:]
        assert index.live_index(es, settings.records_alias) == live, "a failed job leaves the live index"
        outcome["result"] = "failed cleanly"
        outcome["error"] = errors[0]
    cluster.wait_for("green")
    assert _counts(es, settings) == expected, "the live catalogue serves every document"
    print(f"\nFIGURES node_killed_during_reindex {json.dumps(outcome)}")
    es.close()
