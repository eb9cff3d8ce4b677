"""Faults the indexer survives, injected into real runs of ``python -m indexer reindex``.

Elasticsearch is a node of this module's own (``tests/faultnode.py``): it is stopped in the middle of a
re-index, and its write thread pool is one thread with a queue of one, so that concurrent writing (the
indexer's own worker processes) overflows it and is answered 429. The indexer is the real command in a
subprocess, killed with SIGKILL at seeded random moments. The catalogue is a seeded synthetic corpus big
enough for a run to take seconds.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from catalogue.settings import PROJECT_ROOT, Settings
from indexer.jobs import build_tasks
from indexer.jobs.job_result import rejects_path
from indexer.jobs.reindex import run_reindex
from indexer.read.sources import load_sources
from indexer.store import index
from indexer.works.merge import Work, record_ref
from synthetic.corpus import write_corpus
from tests.faultnode import FaultNode, fault_node

PORT = 9410
RECORDS = 2000
TINY_WRITE_POOL = {"thread_pool.write.size": "1", "thread_pool.write.queue_size": "1"}
RUN_TIMEOUT_S = 180


@pytest.fixture(scope="module")
def node() -> Iterator[FaultNode]:
    with fault_node(PORT, TINY_WRITE_POOL) as started:
        yield started


@pytest.fixture(scope="module")
def node_es(node: FaultNode) -> Iterator[Elasticsearch]:
    client = Elasticsearch(node.url, request_timeout=30)
    yield client
    client.close()


def _write_feeds(folder: Path, records: int) -> Path:
    """A seeded corpus of ``records`` records under ``folder`` and the sources config that reads it."""
    write_corpus(folder / "feeds", records, seed=3)
    config = folder / "sources.toml"
    config.write_text(
        "".join(
            f'[[source]]\nid = "{feed.name}"\nmunicipality = "{feed.name}"\nlocation = "feeds/{feed.name}"\n'
            for feed in sorted((folder / "feeds").iterdir())
        )
    )
    return config


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_feeds(tmp_path_factory.mktemp("full"), RECORDS)


@dataclass
class Catalogue:
    """One catalogue (index prefix) on the fault node, and the indexer command run against it."""

    node: FaultNode
    es: Elasticsearch
    settings: Settings

    def reindex(self, config: Path, *options: str, workers: int = 2) -> subprocess.Popen[str]:
        env = {
            **os.environ,
            "HELMET_ELASTICSEARCH_URL": self.node.url,
            "HELMET_INDEX_PREFIX": self.settings.index_prefix,
            "HELMET_STATE_DIR": str(self.settings.state_dir),
            "HELMET_INDEX_WORKERS": str(workers),
        }
        return subprocess.Popen(
            [sys.executable, "-m", "indexer", "reindex", "--config", str(config), *options],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def reindex_to_end(
        self, config: Path, *options: str, workers: int = 2
    ) -> tuple[int, dict[str, Any] | None, str]:
        """Exit code, the JSON summary (if it succeeded) and stderr of one complete run."""
        process = self.reindex(config, *options, workers=workers)
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
        summary = json.loads(stdout) if process.returncode == 0 else None
        return process.returncode, summary, stderr

    def live(self) -> str | None:
        return index.live_index(self.es, self.settings.works_alias)

    def works(self) -> int:
        """Works the live alias answers a search with (what a reader of the catalogue sees)."""
        answer = self.es.search(index=self.settings.works_alias, size=0, track_total_hits=True)
        return int(answer["hits"]["total"]["value"])

    def works_indices(self) -> list[str]:
        return sorted(self.es.indices.get(index=f"{self.settings.works_alias}-v*"))

    def build_started(self, live: str | None) -> bool:
        """A works index newer than the live one exists and its records index has taken documents."""
        newer = [name for name in self.works_indices() if live is None or name > live]
        if not newer:
            return False
        records = self.es.cat.count(index=f"{self.settings.records_alias}-v*", format="json")
        return bool(newer) and int(records[0]["count"]) > 0


@pytest.fixture
def catalogue(node: FaultNode, node_es: Elasticsearch, tmp_path: Path) -> Catalogue:
    settings = node.settings(index_prefix=f"faults-{uuid.uuid4().hex[:8]}", state_dir=tmp_path / "state")
    return Catalogue(node, node_es, settings)


def _succeeded(run: tuple[int, dict[str, Any] | None, str]) -> dict[str, Any]:
    code, summary, stderr = run
    assert code == 0 and summary is not None, stderr[-3000:]
    return summary


def _wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


def test_elasticsearch_stopped_mid_reindex(catalogue: Catalogue, feeds: Path, node: FaultNode) -> None:
    """The job fails with one clear line; the live alias keeps the old index whole; the next run completes
    (taking over the lock the failed job could not release) and deletes the half-built index."""
    first = _succeeded(catalogue.reindex_to_end(feeds))
    live, works = catalogue.live(), catalogue.works()
    assert works == first["works"] > 0

    running = catalogue.reindex(feeds)
    try:
        _wait_for(lambda: catalogue.build_started(live))
        (orphan,) = [name for name in catalogue.works_indices() if name > str(live)]
        node.stop()
        _, stderr = running.communicate(timeout=RUN_TIMEOUT_S)
    finally:
        node.start()
        running.kill()
    assert running.returncode == 1
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert (
        last
        == f"error: Elasticsearch at {node.url} cannot be reached (it went away or was never up); "
        + ("the live index was not changed")
    )

    assert catalogue.live() == live
    assert catalogue.works() == works
    assert orphan in catalogue.works_indices()

    started = time.monotonic()
    again = _succeeded(catalogue.reindex_to_end(feeds))
    assert time.monotonic() - started < 60, "the failed job's lock must not block the next run for long"
    assert again["works"] == works
    assert orphan not in catalogue.works_indices()
    assert catalogue.live() not in (live, orphan)


def _write_rejections(es: Elasticsearch) -> int:
    stats = es.nodes.stats(metric="thread_pool")["nodes"]
    return sum(int(node["thread_pool"]["write"]["rejected"]) for node in stats.values())


def test_a_full_write_queue_is_retried_and_nothing_is_dropped(catalogue: Catalogue, feeds: Path) -> None:
    """Four worker processes bulk-load side by side into a node with one write thread and a queue of one:
    the node rejects some of their writes (429); every record and work still gets in.

    The indexer is the node's only client here, so every rejection the node counts was one of its writes,
    and the exact final counts show each was retried until it got in.
    """
    rejected_before = _write_rejections(catalogue.es)
    summary = _succeeded(catalogue.reindex_to_end(feeds, workers=4))
    rejected = _write_rejections(catalogue.es) - rejected_before
    assert rejected > 0, "the write queue never overflowed: the test did not test anything"
    assert summary["read"] == summary["normalised"] == RECORDS
    records = int(catalogue.es.count(index=catalogue.settings.records_alias)["count"])
    assert summary["records"] == records == RECORDS
    assert summary["refused_by_elasticsearch"] == []
    assert catalogue.works() == summary["works"]


def _kill_at_random_points(catalogue: Catalogue, feeds: Path, kills: int, seed: int) -> None:
    """Run, SIGKILL after a seeded random share of a run's duration, check that the live catalogue is whole;
    ``kills`` times. Then a run to the end must complete and leave no half-built index behind."""
    started = time.monotonic()
    full = _succeeded(catalogue.reindex_to_end(feeds))["works"]
    duration = time.monotonic() - started  # kill anywhere in a run, from start-up to the swap and after
    rng = random.Random(seed)
    for _ in range(kills):
        running = catalogue.reindex(feeds)
        time.sleep(rng.uniform(0.02, 1.0) * duration)
        running.send_signal(signal.SIGKILL)
        running.wait(timeout=10)
        assert catalogue.works() == full, "after a kill the live catalogue must be whole, never partial"
    last = _succeeded(catalogue.reindex_to_end(feeds))
    assert last["works"] == full == catalogue.works()
    live = catalogue.live()
    assert all(name <= str(live) for name in catalogue.works_indices()), "orphans are deleted"
    assert len(catalogue.works_indices()) <= 2


def test_a_killed_indexer_leaves_the_live_catalogue_whole(catalogue: Catalogue, feeds: Path) -> None:
    _kill_at_random_points(catalogue, feeds, kills=1, seed=7)


@pytest.mark.slow
def test_ten_kills_in_a_row(catalogue: Catalogue, feeds: Path) -> None:
    _kill_at_random_points(catalogue, feeds, kills=10, seed=1)


def test_a_feed_shrunk_by_90_percent_is_refused_unless_forced(
    catalogue: Catalogue, feeds: Path, tmp_path: Path
) -> None:
    _succeeded(catalogue.reindex_to_end(feeds))
    live, works = catalogue.live(), catalogue.works()
    broken_export = _write_feeds(tmp_path / "shrunk", RECORDS // 10)

    code, _, stderr = catalogue.reindex_to_end(broken_export)
    assert code == 1
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("error: refused to swap: the catalogue would be more than 10% smaller")
    assert "fewer than the live index" in last and "run again with --force" in last
    assert catalogue.live() == live and catalogue.works() == works

    forced = _succeeded(catalogue.reindex_to_end(broken_export, "--force"))
    assert catalogue.live() != live
    assert catalogue.works() == forced["works"] < works / 5


def test_a_document_elasticsearch_refuses_is_reported_with_its_record_ids(
    es: Elasticsearch, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One work document with a string in the integer ``year`` (the document is faked, Elasticsearch's
    refusal is real): its records are named in the summary and the rejects file, the rest is indexed."""
    spoiled: list[Work] = []
    make_document = build_tasks.work_document

    def one_bad_document(work: Work) -> dict[str, Any]:
        document = make_document(work)
        if not spoiled:
            spoiled.append(work)
            document["year"] = "nineteen-eighty-four"
        return document

    monkeypatch.setattr(build_tasks, "work_document", one_bad_document)
    one_process = settings.model_copy(update={"index_workers": 1})  # the patched function runs here
    result = run_reindex(es, one_process, load_sources(PROJECT_ROOT / "sources.toml"))

    (work,) = spoiled
    refs = sorted(record_ref(record) for record in work.records)
    assert result.status == "succeeded"
    assert result.summary["refused_by_elasticsearch"] == refs
    assert int(es.count(index=settings.works_alias)["count"]) == result.summary["works"]
    assert not es.exists(index=settings.works_alias, id=work.id)
    lines = [json.loads(line) for line in rejects_path(settings, result.job_id).read_text().splitlines()]
    refused = [line for line in lines if line["file"] == "elasticsearch"]
    assert sorted(line["record_id"] for line in refused) == refs
    assert all(work.id in line["reason"] and "year" in line["reason"] for line in refused)
