"""Worker processes of a full re-index: the same catalogue as one process, errors passed back as they were."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pymarc
import pytest
from elasticsearch import Elasticsearch

from catalogue.settings import PROJECT_ROOT, Settings
from indexer.jobs.progress import Progress
from indexer.jobs.reindex import run_reindex
from indexer.jobs.workers import TaskFailed, WorkerPool, context
from indexer.read.locations import LocationError
from indexer.read.readers.marc21 import count_records
from indexer.read.shares import plan_shares
from indexer.read.sources import Source, load_sources


def square(n: int) -> int:
    context().advance(1)
    return n * n


def where(_: int) -> int:
    return os.getpid()


def warn(n: int) -> None:
    try:
        raise ValueError("leader too short")
    except ValueError:  # with a traceback, as client retry warnings come
        logging.getLogger("pymarc").warning("record %d has a damaged leader", n, exc_info=True)


_PREPARED: dict[str, int] = {}


def prepare_data() -> None:
    _PREPARED["by"] = os.getpid()


def prepared_by(_: int) -> tuple[int | None, int]:
    """(pid of the process that prepared the data this worker sees, this worker's pid)."""
    return _PREPARED.get("by"), os.getpid()


def fail_plainly(location: str) -> None:
    raise LocationError(location, "no such file or directory")


class _Unpicklable(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def fail_strangely(_: int) -> None:
    raise _Unpicklable("one", "two")


def slow_then_fail(n: int) -> None:
    if n == 0:
        raise ValueError("the first task failed")
    time.sleep(30)


def _pool(settings: Settings, es: Elasticsearch, workers: int) -> WorkerPool:
    return WorkerPool(settings.model_copy(update={"index_workers": workers}), es)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_task_order_with_progress(
    settings: Settings, es: Elasticsearch, workers: int
) -> None:
    with _pool(settings, es, workers) as pool, Progress("squares", tty=False) as progress:
        assert pool.run(square, list(range(20)), progress) == [n * n for n in range(20)]
    assert progress.count == 20


def test_two_workers_are_two_other_processes(settings: Settings, es: Elasticsearch) -> None:
    with _pool(settings, es, 2) as pool, Progress("pids", tty=False) as progress:
        pids = set(pool.run(where, list(range(40)), progress))
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_workers_start_with_what_the_job_prepared(settings: Settings, es: Elasticsearch) -> None:
    """What ``prepare`` loads in the job (language profiles, in a re-index) is there in every worker
    without being loaded again: they fork from the job after it ran."""
    two = settings.model_copy(update={"index_workers": 2})
    with WorkerPool(two, es, prepare_data) as pool, Progress("prepared", tty=False) as progress:
        results = pool.run(prepared_by, [1, 2], progress)
    _PREPARED.clear()
    assert all(prepared == os.getpid() != worker for prepared, worker in results)


def test_workers_log_through_the_job(
    settings: Settings, es: Elasticsearch, caplog: pytest.LogCaptureFixture
) -> None:
    """A library's warning in a worker reaches the job's handlers (the CLI's JSON lines), not bare stderr."""
    with _pool(settings, es, 2) as pool, Progress("warnings", tty=False) as progress:
        pool.run(warn, [1, 2, 3], progress)
    warnings = sorted(r.getMessage() for r in caplog.records if r.name == "pymarc")
    assert warnings == [f"record {n} has a damaged leader" for n in (1, 2, 3)]
    assert all(r.levelno == logging.WARNING and not r.exc_info for r in caplog.records if r.name == "pymarc")


def test_a_task_error_is_raised_as_it_was(settings: Settings, es: Elasticsearch) -> None:
    with (
        _pool(settings, es, 2) as pool,
        Progress("errors", tty=False) as progress,
        pytest.raises(LocationError, match="no such file") as raised,
    ):
        pool.run(fail_plainly, ["/nowhere/a", "/nowhere/b"], progress)
    assert raised.value.location in ("/nowhere/a", "/nowhere/b")


def test_an_error_that_cannot_travel_becomes_its_text(settings: Settings, es: Elasticsearch) -> None:
    with (
        _pool(settings, es, 2) as pool,
        Progress("errors", tty=False) as progress,
        pytest.raises(TaskFailed, match="_Unpicklable: one and two"),
    ):
        pool.run(fail_strangely, [1, 2], progress)


def test_the_first_failure_stops_the_job_without_waiting_for_the_rest(
    settings: Settings, es: Elasticsearch
) -> None:
    started = time.monotonic()
    with (
        pytest.raises(ValueError, match="first task failed"),
        _pool(settings, es, 2) as pool,
        Progress("errors", tty=False) as progress,
    ):
        pool.run(slow_then_fail, [0, *range(1, 10)], progress)
    assert time.monotonic() - started < 20, "the other workers are stopped, not waited for"


def _works(es: Elasticsearch, alias: str) -> dict[str, Any]:
    hits = es.search(index=alias, size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def test_two_workers_build_the_same_catalogue_as_one(
    es: Elasticsearch, settings: Settings, tmp_path: Path
) -> None:
    sources = load_sources(PROJECT_ROOT / "sources.toml")
    one = settings.model_copy(update={"index_workers": 1})
    two = settings.model_copy(update={"index_workers": 2, "index_prefix": f"{settings.index_prefix}-two"})
    first = run_reindex(es, one, sources)
    second = run_reindex(es, two, sources)
    assert first.summary == second.summary
    assert _works(es, one.works_alias) == _works(es, two.works_alias)
    first_rejects = sorted(
        (tmp_path / "state" / "rejects" / f"{first.job_id}.jsonl").read_text().splitlines()
    )
    second_rejects = sorted(
        (tmp_path / "state" / "rejects" / f"{second.job_id}.jsonl").read_text().splitlines()
    )
    assert first_rejects == second_rejects and first_rejects, "the samples hold broken records"


def sleep_and_report(path: str) -> None:
    with Path(path).open("a") as out:
        out.write(f"{os.getpid()}\n")
    time.sleep(120)


def run_sleeping_pool(folder: str) -> None:
    """A job whose two tasks sleep: run in a process of its own by the test below, then killed."""
    settings = Settings(elasticsearch_url="http://127.0.0.1:9", index_workers=2)
    with WorkerPool(settings, Elasticsearch("http://127.0.0.1:9")) as pool, Progress("sleep", tty=False) as p:
        pool.run(sleep_and_report, [f"{folder}/pids", f"{folder}/pids"], p)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_workers_die_with_a_killed_job(tmp_path: Path) -> None:
    job = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tests.indexer.jobs.test_workers import run_sleeping_pool; "
            f"run_sleeping_pool({str(tmp_path)!r})",
        ],
        cwd=PROJECT_ROOT,
    )
    pids_file = tmp_path / "pids"
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline and len(pids_file.read_text().split() if pids_file.exists() else []) < 2
    ):
        time.sleep(0.2)
    workers = [int(pid) for pid in pids_file.read_text().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    job.send_signal(signal.SIGKILL)
    job.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers), "a killed job must not leave workers running"


def test_a_file_read_in_shares_builds_the_same_catalogue_as_read_whole(
    es: Elasticsearch, settings: Settings, tmp_path: Path, real_data: Path
) -> None:
    """Two workers reading one ISO 2709 file in shares (indexer.read.shares): the same summary, works and
    rejects as one process reading it whole, and of two records with one id the later one stays, whichever
    share is written first: it is stored with its position in the file as its version."""
    journals = real_data / "vufind" / "tests" / "data" / "journals.mrc"
    later = next(pymarc.MARCReader(journals.open("rb")))
    later["245"]["a"] = "Later version"
    feed = tmp_path / "feed"
    feed.mkdir()
    pride = (real_data / "marc4j" / "pride-and-prejudice-with-many-errors.mrc").read_bytes()
    (feed / "export.mrc").write_bytes(pride + journals.read_bytes() + later.as_marc())
    sources = [Source(id="espoo", municipality="espoo", location=str(feed))]
    one = settings.model_copy(update={"index_workers": 1})
    two = settings.model_copy(
        update={
            "index_workers": 2,
            "index_share_bytes": 16 << 10,
            "index_prefix": f"{settings.index_prefix}-two",
        }
    )
    whole = run_reindex(es, one, sources)
    shared = run_reindex(es, two, sources)
    assert len(plan_shares(sources[0], two.index_share_bytes)) > 10
    assert shared.summary == whole.summary
    assert "espoo:testsample1" in whole.summary["duplicate_ids"]  # with some of the real file's own
    assert _works(es, one.works_alias) == _works(es, two.works_alias)
    rejects = [
        sorted((tmp_path / "state" / "rejects" / f"{result.job_id}.jsonl").read_text().splitlines())
        for result in (whole, shared)
    ]
    assert rejects[0] == rejects[1] and rejects[0], "the file holds broken records"
    kept = es.get(index=two.records_alias, id="espoo:testsample1")
    assert kept["_source"]["record"]["title"] == "Later version"
    with (feed / "export.mrc").open("rb") as stream:
        assert kept["_version"] == count_records(stream), "the position of the file's last record"
