"""Elasticsearch nodes of a test's own, for fault injection: stopped, frozen and restarted at will.

The session node (``tests/conftest.py``) is shared by every test and, while developing, by other people's
runs too, so it must never be stopped. A fault test starts a node on a port of its own instead (ports
9400–9499 are reserved for these), with a small heap, a clean data folder and, if asked, extra static node
settings (a tiny write queue, to provoke 429s). The test gets :class:`FaultNode`, whose methods stop,
restart, freeze (SIGSTOP: the process is alive and its port accepts connections, but nothing answers, the
way a node in a long GC pause behaves) and thaw it.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from catalogue import devnode
from catalogue.settings import Settings

HEAP = "256m"


@dataclass
class FaultNode:
    """A running node of the test's own; ``settings`` point at it (``elasticsearch_url`` set)."""

    node_settings: Settings
    extra_settings: Mapping[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return devnode.url_for(self.node_settings)

    def settings(self, **changes: object) -> Settings:
        """Settings of a client of this node, with ``changes`` (index prefix, state folder, timeouts…)."""
        return self.node_settings.model_copy(update={"elasticsearch_url": self.url, **changes})

    def pid(self) -> int:
        pid = devnode.running_pid(self.node_settings)
        assert pid is not None, f"the node on {self.url} is not running"
        return pid

    def stop(self) -> None:
        assert devnode.stop(self.node_settings)

    def start(self) -> None:
        devnode.start(self.node_settings, self.extra_settings)

    def freeze(self) -> None:
        os.kill(self.pid(), signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.pid(), signal.SIGCONT)


@contextmanager
def fault_node(port: int, extra_settings: Mapping[str, str] | None = None) -> Iterator[FaultNode]:
    """Start a node on ``port`` with an empty data folder; stop it (thawed first) when done."""
    if Settings().elasticsearch_url:
        pytest.skip("an external cluster is configured: no local node of our own can be started")
    assert 9400 <= port <= 9499, "fault-injection nodes use ports 9400–9499"
    node_settings = Settings(devnode_port=port, devnode_heap=HEAP)
    node = FaultNode(node_settings, dict(extra_settings or {}))
    devnode.stop(node_settings)  # one left behind by an interrupted run, started with other settings
    shutil.rmtree(devnode.paths_for(node_settings).node_dir / "data", ignore_errors=True)
    node.start()
    try:
        yield node
    finally:
        if devnode.running_pid(node_settings) is not None:
            node.thaw()
            devnode.stop(node_settings)
