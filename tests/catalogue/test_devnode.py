"""The local node really starts, answers, and stops by its own pid only."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from catalogue import devnode
from catalogue.devnode import distribution
from catalogue.settings import Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_the_session_node_is_healthy(es_url: str) -> None:
    health = devnode.cluster_health(es_url)
    assert health is not None
    assert health["status"] in ("green", "yellow")


def test_java_home_is_new_enough() -> None:
    home = devnode.find_java_home()
    major = distribution._java_major(home)
    assert major is not None and major >= devnode.MIN_JAVA


def test_no_jdk_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ES_JAVA_HOME", raising=False)
    with pytest.raises(devnode.DevNodeError, match="No JDK 21"):
        devnode.find_java_home(jvm_root=tmp_path)


def test_a_foreign_pid_is_never_ours(tmp_path: Path) -> None:
    paths = devnode.NodePaths(cache=tmp_path, version="9.5.4", port=1)
    assert not devnode._is_our_process(os.getpid(), paths)


@pytest.mark.skipif(bool(Settings().elasticsearch_url), reason="an external cluster is configured")
def test_second_node_starts_twice_harmlessly_and_stops_by_pid(es_url: str) -> None:
    """A second node on its own port: start, start again (same pid), stop; the session node stays up."""
    settings = Settings(devnode_port=_free_port())
    try:
        url = devnode.start(settings)
        pid = devnode.running_pid(settings)
        assert pid is not None
        assert devnode.start(settings) == url
        assert devnode.running_pid(settings) == pid
        assert devnode.status(settings).startswith(f"running: pid {pid}")
    finally:
        assert devnode.stop(settings)
    assert devnode.running_pid(settings) is None
    assert devnode.status(settings).startswith("stopped")
    assert not devnode.stop(settings)
    assert devnode.cluster_health(es_url) is not None


@pytest.mark.skipif(bool(Settings().elasticsearch_url), reason="an external cluster is configured")
def test_start_refuses_a_port_taken_by_someone_else(es_url: str) -> None:
    port = int(es_url.rsplit(":", 1)[1])
    other = Settings(devnode_port=port, devnode_home=Settings().devnode_home / "elsewhere")
    with pytest.raises(devnode.DevNodeError, match="Something else already answers"):
        devnode.start(other)


def test_extra_node_settings_are_passed_and_win(tmp_path: Path) -> None:
    settings = Settings(devnode_port=9410, devnode_home=tmp_path)
    extra = {"thread_pool.write.queue_size": "1", "http.port": "9411"}
    command = devnode._node_command(settings, 0, extra)
    assert "thread_pool.write.queue_size=1" in command
    assert "http.port=9411" in command and "http.port=9410" not in command
    assert "discovery.type=single-node" in command and "node.name=helmet-dev" in command


def _options(command: list[str]) -> dict[str, str]:
    pairs = [command[i + 1] for i, part in enumerate(command) if part == "-E"]
    return dict(pair.split("=", 1) for pair in pairs)


def test_a_cluster_node_finds_the_others_and_bootstraps_only_once(tmp_path: Path) -> None:
    """Node i of three: its own name, ports (HTTP port + i, transport + 100 + i) and folder; discovery of
    every node's transport port; the first masters named only for the first start; no single-node mode."""
    settings = Settings(devnode_port=9460, devnode_home=tmp_path, devnode_nodes=3)
    first = _options(devnode._node_command(settings, 1, bootstrap=True))
    assert first["node.name"] == "helmet-dev-1"
    assert (first["http.port"], first["transport.port"]) == ("9461", "9561")
    assert first["discovery.seed_hosts"] == "127.0.0.1:9560,127.0.0.1:9561,127.0.0.1:9562"
    assert first["cluster.initial_master_nodes"] == "helmet-dev-0,helmet-dev-1,helmet-dev-2"
    assert "discovery.type" not in first
    assert first["path.data"] == str(tmp_path / "cluster-9.5.4-9460x3" / "node-1" / "data")
    rejoin = _options(devnode._node_command(settings, 1, bootstrap=False))
    assert "cluster.initial_master_nodes" not in rejoin
    assert {name: value for name, value in first.items() if name != "cluster.initial_master_nodes"} == rejoin


def test_a_cluster_is_one_comma_separated_url() -> None:
    settings = Settings(devnode_port=9460, devnode_nodes=3)
    assert devnode.url_for(settings) == "http://127.0.0.1:9460,http://127.0.0.1:9461,http://127.0.0.1:9462"
    assert devnode.url_for(Settings(devnode_port=9460)) == "http://127.0.0.1:9460"
    assert devnode.paths_for(settings, 2).node_dir.name == "node-2"
    assert devnode.paths_for(Settings(devnode_port=9460)).node_dir.name == "node-9.5.4-9460"
