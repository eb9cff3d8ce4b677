"""Run the heavy steps of a job in worker processes, so that every core works.

Reading, normalising, merging and analysing are pure Python and hold the GIL: in one process they use one
core, whatever the machine has. A full re-index therefore splits its two phases into independent tasks
(one per source or share of a source's file, then one per work-key partition, see
:mod:`indexer.jobs.build_tasks`) and runs them in a pool of processes. Each task reads and writes
Elasticsearch itself, so the bulk of the records never crosses processes: tasks carry their settings and
the few stored records whose spilled versions are stale, and only counts and summaries come back.

With one worker the tasks run in the calling process, one after the other: the same code, no pool (tests
and small catalogues do not pay for starting processes).

A worker dies with the process that started it (``PR_SET_PDEATHSIG``): a job killed with SIGKILL must not
leave workers writing into an index that the next run deletes as an orphan. Its log records (a library's
warning about a damaged record, a retried request) travel back to the job, which writes them through its
own handlers: one log, in one format, whichever process a record was read in.
"""

from __future__ import annotations

import copy
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from logging.handlers import QueueHandler, QueueListener
from multiprocessing.queues import Queue
from multiprocessing.sharedctypes import Synchronized
from typing import TypeVar

from elasticsearch import Elasticsearch

from catalogue.es import sync_client
from catalogue.settings import Settings
from indexer.jobs.progress import Progress

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.5


class TaskFailed(Exception):
    """A worker's task failed with an error that could not be passed back as it was; the message says what."""


@dataclass(slots=True)
class TaskContext:
    """What a task needs from its process: a client of its own and a way to report progress."""

    es: Elasticsearch
    advance: Callable[[int], None]


_context: TaskContext | None = None


def context() -> TaskContext:
    """The current process's task context (set by :meth:`WorkerPool.run`, in each worker's initialiser or in
    this process, before any task runs)."""
    if _context is None:
        raise RuntimeError("no task context: tasks run through indexer.jobs.workers.WorkerPool.run")
    return _context


def worker_count(settings: Settings) -> int:
    return max(1, settings.index_workers or os.cpu_count() or 1)


class WorkerPool:
    """Worker processes for the tasks of one job, started once and used for each of its phases.

    Workers are forked from the job after it has imported what their tasks need, so that the pages holding
    those modules (the Elasticsearch client alone is ~40 MiB of them) are shared with the job instead of
    loaded again in every worker: measured on the samples, the job and two workers took 242 MiB (PSS)
    when the workers were spawned, 122–130 MiB forked. ``gc.freeze`` first keeps the collector from
    touching, and so copying, those shared pages. They are the job's own children, so that
    ``PR_SET_PDEATHSIG`` kills them when the job dies (a ``forkserver`` would make them children of the
    server, which outlived a killed job while its workers held it open). A fork copies only the forking
    thread: the workers use none of the job's connections or threads (each opens its own client), and the
    job's log listener starts after them. Forking a process that runs threads (the job lock's heartbeat)
    is safe here for that reason; Python 3.12 warns about it in general, and 3.14 no longer forks by
    default, which is why the start method is named here rather than left to the platform.
    """

    def __init__(
        self, settings: Settings, es: Elasticsearch, prepare: Callable[[], object] | None = None
    ) -> None:
        """``prepare`` runs in the job just before the workers fork: what it loads (the tasks' modules and
        data) is then shared with them instead of being loaded again in each."""
        self.settings = settings
        self.es = es
        self.prepare = prepare
        self.workers = worker_count(settings)
        self._counter: Synchronized[int] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._logs: QueueListener | None = None

    def __enter__(self) -> WorkerPool:
        if self.workers > 1:
            if self.prepare is not None:
                self.prepare()
            start = multiprocessing.get_context("fork")
            self._counter = start.Value("q", 0)
            root = logging.getLogger()
            logs: Queue[logging.LogRecord] = start.Queue()
            self._logs = QueueListener(logs, *root.handlers, respect_handler_level=True)
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=start,
                initializer=_start_worker,
                initargs=(self.settings, self._counter, logs, root.level),
            )
            gc.collect()
            gc.freeze()
            try:
                self._pool.submit(int)  # a forking pool starts all its workers at its first task
            finally:
                gc.unfreeze()
            self._logs.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._logs is not None:
            self._logs.stop()  # after the workers are gone: their last records are written too

    def run(self, function: Callable[[T], R], tasks: Sequence[T], progress: Progress) -> list[R]:
        """``function`` applied to every task, results in task order.

        The first failing task stops the rest (tasks not started are cancelled) and its error is raised
        here. ``function`` must be a module-level function (workers import it by name), tasks picklable.
        """
        if self._pool is None or self._counter is None or len(tasks) == 1:
            return _run_here(self.es, function, tasks, progress)
        with self._counter.get_lock():
            self._counter.value = 0
        futures = [self._pool.submit(_call, function, task) for task in tasks]
        try:
            _wait_all(futures, self._counter, progress)
        except BaseException:
            self._stop_workers()
            raise
        return [future.result() for future in futures]

    def _stop_workers(self) -> None:
        """Kill the workers: after a failure (or Ctrl-C) the job is lost anyway, and tasks already handed to
        a worker cannot be cancelled, only waited for. The executor has no public way to do this before
        Python 3.14 (``terminate_workers``), hence its ``_processes``."""
        assert self._pool is not None
        processes: dict[int, multiprocessing.process.BaseProcess] = (
            getattr(self._pool, "_processes", None) or {}
        )
        for process in list(processes.values()):
            process.kill()


def _run_here(
    es: Elasticsearch, function: Callable[[T], R], tasks: Sequence[T], progress: Progress
) -> list[R]:
    global _context
    previous, _context = _context, TaskContext(es, progress.advance)
    try:
        return [function(task) for task in tasks]
    finally:
        _context = previous


def _wait_all(futures: list[Future[R]], counter: Synchronized[int], progress: Progress) -> None:
    pending: set[Future[R]] = set(futures)
    reported = 0
    while pending:
        done, pending = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
        count = counter.value
        progress.advance(count - reported)
        reported = count
        for future in done:
            error = future.exception()
            if error is not None:
                raise error


def _start_worker(
    settings: Settings, counter: Synchronized[int], logs: Queue[logging.LogRecord], level: int
) -> None:
    """Pool initialiser: die with the parent, log through it, connect, and count progress into the shared
    counter."""
    _die_with_parent()
    logging.basicConfig(level=level, handlers=[_ForwardedMessages(logs)], force=True)
    global _context

    def advance(n: int) -> None:
        with counter.get_lock():
            counter.value += n

    _context = TaskContext(sync_client(settings, start_local=False), advance)


class _ForwardedMessages(QueueHandler):
    """Sends each log record to the job as its message alone, as the job itself logs: a library's retry
    warning carries a traceback that must not turn one JSON line into a stack dump."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        message = record.getMessage()
        record = copy.copy(record)
        record.msg, record.args, record.exc_info, record.exc_text, record.stack_info = (
            message,
            None,
            None,
            None,
            None,
        )
        return record


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers outlive a killed parent until their task ends
        return
    if os.getppid() == 1:  # the parent died before the signal was set up
        os._exit(1)


def _call(function: Callable[[T], R], task: T) -> R:
    """Run a task in a worker; an error that would not survive the trip back is replaced by its text."""
    try:
        return function(task)
    except Exception as error:
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:
            raise TaskFailed(f"{type(error).__name__}: {error}") from None
        raise
