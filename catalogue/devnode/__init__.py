"""A local Elasticsearch for development, the demo and the tests: one node, or a cluster of several.

There is no Docker engine on the machines we develop and test on, so the project brings up the official
integration-test distribution of Elasticsearch that Elastic publishes on Maven Central
(``org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip``). It is fetched once with
``mvn dependency:copy`` into a git-ignored cache folder, unpacked once, and started on 127.0.0.1 with a data
folder of its own, security off (loopback only) and a small heap.

``HELMET_DEVNODE_NODES`` greater than 1 starts that many nodes forming one cluster (their ports, names and
discovery are decided in :mod:`catalogue.devnode.cluster`); :func:`start` then returns their URLs joined by
commas, as ``ELASTICSEARCH_URL`` takes them. One node of a cluster can be killed, stopped and started
again with its data (:func:`kill_node`, :func:`stop_node`, :func:`start_node`), which is what the cluster
fault tests do.

Why the details below:
- Elasticsearch refuses to run as root. When we are root (CI, fresh machines) the node runs as a
  dedicated system user, created on first use; otherwise it runs as the current user.
- The integration-test zip carries no bundled JDK, and Elasticsearch 9 needs Java 21 or newer, so a JDK
  is picked from ``/usr/lib/jvm`` and handed over as ``ES_JAVA_HOME``.
- ``stop`` only ever signals the process whose pid this module recorded, after checking that the pid
  still belongs to our node (pids get reused); it never kills by name.
- A file lock serialises concurrent ``start`` calls (parallel test runs, the demo), so starting twice
  is harmless.
- The nodes of a cluster are launched side by side, not one after another: a node waits up to 30 s at
  start for a cluster to join, and the first of three cannot form one alone.

Command line: ``python -m catalogue.devnode start|stop|status|probe [--nodes N]``
(:mod:`catalogue.devnode.__main__`). Fetching the distribution and finding a JDK:
:mod:`catalogue.devnode.distribution`.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import signal
import stat
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from catalogue.devnode import cluster
from catalogue.devnode.distribution import MIN_JAVA as MIN_JAVA
from catalogue.devnode.distribution import DevNodeError as DevNodeError
from catalogue.devnode.distribution import Distribution
from catalogue.devnode.distribution import find_java_home as find_java_home
from catalogue.devnode.distribution import unpack_distribution as unpack_distribution
from catalogue.settings import Settings

NODE_USER = "helmet-es"
START_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class NodePaths(Distribution):
    """Where one node lives inside the cache folder: the distribution per version, data per node."""

    port: int
    folder: str = ""
    """The node's folder below ``cache``; empty: the single node's, ``node-<version>-<port>``."""

    @property
    def node_dir(self) -> Path:
        """Data, logs and pid file: owned by the user the node runs as."""
        return self.cache / (self.folder or f"node-{self.version}-{self.port}")

    @property
    def pid_file(self) -> Path:
        return self.node_dir / "elasticsearch.pid"

    @property
    def lock_file(self) -> Path:
        return self.cache / "devnode.lock"


def nodes_of(settings: Settings) -> list[cluster.NodeSpec]:
    """The configured local nodes: one, or the ``HELMET_DEVNODE_NODES`` nodes of a cluster."""
    return cluster.layout(settings.devnode_port, settings.devnode_nodes)


def paths_for(settings: Settings, index: int = 0) -> NodePaths:
    node = nodes_of(settings)[index]
    version = settings.devnode_version
    return NodePaths(settings.devnode_home, version, node.http_port, node.folder(version))


def url_for(settings: Settings) -> str:
    """The local node's URL, or every node's of a local cluster, comma-separated."""
    return cluster.joined_url(nodes_of(settings))


def node_url(settings: Settings, index: int) -> str:
    return nodes_of(settings)[index].url


# --- Running ------------------------------------------------------------------------------------------


def _node_user() -> pwd.struct_passwd | None:
    """The account the node runs as: ourselves, or a dedicated system user when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(NODE_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NODE_USER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(NODE_USER)


def _let_node_user_through(path: Path) -> None:
    """Give others the right to pass through (not list) each folder above ``path``.

    The node user must reach the distribution and its data inside the project's cache; a checkout in a
    ``mktemp -d`` folder (mode 0700) would otherwise stop it at the door.
    """
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)


def _chown_tree(root: Path, user: pwd.struct_passwd) -> None:
    for directory, _dirs, files in os.walk(root):
        os.chown(directory, user.pw_uid, user.pw_gid)
        for name in files:
            os.chown(Path(directory) / name, user.pw_uid, user.pw_gid, follow_symlinks=False)


def _read_pid(paths: NodePaths) -> int | None:
    try:
        return int(paths.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _is_our_process(pid: int, paths: NodePaths) -> bool:
    """True if ``pid`` is alive and is the node started from our ``es_home`` (pids get reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return str(paths.es_home) in cmdline


def running_pid(settings: Settings, index: int = 0) -> int | None:
    """The pid of the local node (of node ``index`` of a local cluster), None when it is not running."""
    paths = paths_for(settings, index)
    pid = _read_pid(paths)
    return pid if pid is not None and _is_our_process(pid, paths) else None


def cluster_health(url: str, timeout: float = 2.0) -> dict[str, object] | None:
    """The cluster health document, or None when nothing answers at ``url``."""
    try:
        response = httpx.get(f"{url}/_cluster/health", timeout=timeout)
    except httpx.HTTPError:
        return None
    if response.status_code != 200:
        return None
    body: dict[str, object] = response.json()
    return body


HealthCheck = Callable[[], dict[str, object] | None]


def _healthy(health: dict[str, object] | None) -> bool:
    return health is not None and health.get("status") in ("green", "yellow")


def _wait_until(
    ready: Callable[[], bool], watched: Mapping[int, NodePaths], timeout: float, what: str
) -> None:
    """Poll ``ready`` until it holds; fail at once, with the node's log, when a ``watched`` process (pid:
    paths) exits, rather than waiting out the timeout for a node that is gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        for pid, paths in watched.items():
            if not _is_our_process(pid, paths):
                raise DevNodeError(f"Elasticsearch exited while starting.\n{_log_tail(paths)}")
        time.sleep(0.5)
    tails = "\n".join(_log_tail(paths, 30 // max(1, len(watched))) for paths in watched.values())
    raise DevNodeError(f"{what} within {timeout:.0f} s.\n{tails}")


def _log_tail(paths: NodePaths, lines: int = 30) -> str:
    logs = sorted((paths.node_dir / "logs").glob("*.log"), key=lambda p: p.stat().st_mtime)
    launcher_log = paths.node_dir / "launcher.log"
    candidates = [*logs, launcher_log] if launcher_log.exists() else logs
    if not candidates:
        return "(no log written)"
    newest = candidates[-1]
    text = newest.read_text(errors="replace").splitlines()[-lines:]
    return f"Last lines of {newest}:\n" + "\n".join(text)


@contextmanager
def _start_lock(paths: NodePaths) -> Iterator[None]:
    paths.cache.mkdir(parents=True, exist_ok=True)
    with paths.lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _node_command(
    settings: Settings,
    index: int = 0,
    extra_settings: Mapping[str, str] | None = None,
    bootstrap: bool = False,
) -> list[str]:
    """The launcher command line of node ``index``; ``extra_settings`` are further ``-E`` node settings,
    and win. ``bootstrap``: name the first masters (a brand-new cluster; :mod:`catalogue.devnode.cluster`)."""
    paths = paths_for(settings, index)
    data, logs = str(paths.node_dir / "data"), str(paths.node_dir / "logs")
    options = {
        **cluster.node_options(nodes_of(settings)[index], data, logs, bootstrap),
        **(extra_settings or {}),
    }
    command = [str(paths.es_home / "bin" / "elasticsearch"), "-d", "-p", str(paths.pid_file)]
    for key, value in options.items():
        command += ["-E", f"{key}={value}"]
    return command


def _taken(url: str) -> DevNodeError:
    """A port answered by a node we did not start is never silently used as ours."""
    return DevNodeError(
        f"Something else already answers on {url}. Stop it, set HELMET_DEVNODE_PORT to a free port, "
        "or point ELASTICSEARCH_URL at it to use it as the cluster."
    )


def _as_node_user(command: list[str], paths: NodePaths) -> list[str]:
    """``command`` run as the account the node runs as (:func:`_node_user`), its files handed over to it."""
    user = _node_user()
    if user is None:
        return command
    _let_node_user_through(paths.cache)
    _chown_tree(paths.es_home, user)
    _chown_tree(paths.node_dir, user)
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", *command]


def _java_env(settings: Settings) -> dict[str, str]:
    env = {
        **os.environ,
        "ES_JAVA_HOME": str(find_java_home()),
        "ES_JAVA_OPTS": f"-Xms{settings.devnode_heap} -Xmx{settings.devnode_heap}",
    }
    env.pop("JAVA_HOME", None)
    return env


def _ensure_keystore(settings: Settings, paths: NodePaths) -> None:
    """Create the distribution's keystore before nodes are launched side by side: each launcher creates it
    when it is missing, and two creating it at once fail (``elasticsearch.keystore.tmp`` exists)."""
    if (paths.es_home / "config" / "elasticsearch.keystore").exists():
        return
    tool = [str(paths.es_home / "bin" / "elasticsearch-keystore"), "create"]
    result = subprocess.run(
        _as_node_user(tool, paths), env=_java_env(settings), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DevNodeError(f"Could not create the Elasticsearch keystore:\n{result.stdout}{result.stderr}")


def _launch(
    settings: Settings, index: int, extra_settings: Mapping[str, str] | None, bootstrap: bool
) -> subprocess.Popen[bytes]:
    """Start node ``index``'s launcher (``-d``: it exits once the node runs) without waiting for it: the
    nodes of a cluster are launched side by side, each waiting for the others to form the cluster."""
    paths = paths_for(settings, index)
    unpack_distribution(paths)
    (paths.node_dir / "logs").mkdir(parents=True, exist_ok=True)
    (paths.node_dir / "data").mkdir(parents=True, exist_ok=True)
    paths.pid_file.unlink(missing_ok=True)
    _ensure_keystore(settings, paths)
    command = _as_node_user(_node_command(settings, index, extra_settings, bootstrap), paths)
    with (paths.node_dir / "launcher.log").open("wb") as launcher_log:
        return subprocess.Popen(
            command, env=_java_env(settings), stdout=launcher_log, stderr=subprocess.STDOUT
        )


def _reap(process: subprocess.Popen[bytes]) -> int:
    """A launcher's exit code, waiting at most :data:`START_TIMEOUT_S` (then it is killed)."""
    try:
        return process.wait(timeout=START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def _await_launch(process: subprocess.Popen[bytes], paths: NodePaths) -> int:
    """Wait for a launcher to hand over to its node; returns the node's pid."""
    code = _reap(process)
    pid = _read_pid(paths)
    if code != 0 or pid is None:
        raise DevNodeError(f"Elasticsearch failed to start (exit {code}).\n{_log_tail(paths)}")
    return pid


def start(
    settings: Settings,
    extra_settings: Mapping[str, str] | None = None,
    health_check: HealthCheck | None = None,
) -> str:
    """Start the local node (every node of a local cluster) unless already running; return its URL (the
    nodes' URLs, comma-separated) once the cluster has all its nodes and is green or yellow.

    ``extra_settings`` are static node settings for a node of its own (the fault-injection tests start one
    with ``thread_pool.write.queue_size: 1`` to provoke 429s). They apply only when this call starts the
    node: a node already running keeps the settings it was started with. ``health_check`` asks a single node
    for its cluster health when the extra settings close plain HTTP (security with TLS: the access tests
    start such a node); by default ``cluster_health`` of its plain URL.
    """
    if settings.devnode_nodes > 1:
        return _start_cluster(settings, extra_settings)
    paths = paths_for(settings)
    url = url_for(settings)
    health_of = health_check or (lambda: cluster_health(url))
    with _start_lock(paths):
        pid = running_pid(settings)
        if pid is None:
            if health_of() is not None:
                raise _taken(url)
            pid = _await_launch(_launch(settings, 0, extra_settings, bootstrap=False), paths)

        def healthy() -> bool:
            return _healthy(health_of())

        _wait_until(healthy, {pid: paths}, START_TIMEOUT_S, "Elasticsearch did not become healthy")
        return url


def _start_cluster(settings: Settings, extra_settings: Mapping[str, str] | None) -> str:
    """Launch every node of the local cluster that is not running, side by side, and wait until the
    cluster has them all and is green or yellow. The first start bootstraps the cluster (and marks it
    formed: later starts rejoin it, see :mod:`catalogue.devnode.cluster`). Nodes this call
    launched are stopped again when the cluster does not come up, so that no half cluster is left behind."""
    nodes = nodes_of(settings)
    with _start_lock(paths_for(settings)):
        missing = [node.index for node in nodes if running_pid(settings, node.index) is None]
        for index in missing:
            if cluster_health(node_url(settings, index)) is not None:
                raise _taken(node_url(settings, index))
        formed_marker = paths_for(settings).node_dir.parent / "formed"
        bootstrap = not formed_marker.exists()
        if bootstrap:  # whatever an earlier attempt that never formed the cluster left is no cluster's data
            for index in missing:
                shutil.rmtree(paths_for(settings, index).node_dir / "data", ignore_errors=True)
        launched = [(index, _launch(settings, index, extra_settings, bootstrap)) for index in missing]
        try:
            watched = {
                _await_launch(process, paths_for(settings, index)): paths_for(settings, index)
                for index, process in launched
            }
            _wait_for_nodes(settings, watched, ("green", "yellow"))
            formed_marker.touch()
        except DevNodeError:
            for _, process in launched:
                _reap(process)
            _stop_nodes(settings, missing)
            raise
    return url_for(settings)


def _wait_for_nodes(settings: Settings, watched: Mapping[int, NodePaths], statuses: tuple[str, ...]) -> None:
    """Wait until some node of the local cluster counts every node and its health is one of ``statuses``
    (any, when empty)."""
    nodes = nodes_of(settings)

    def formed() -> bool:
        return any(cluster.formed(cluster_health(node.url), len(nodes), statuses) for node in nodes)

    wanted = " or ".join(statuses) or "formed"
    _wait_until(formed, watched, START_TIMEOUT_S, f"The local cluster of {len(nodes)} nodes was not {wanted}")


def start_node(settings: Settings, index: int, extra_settings: Mapping[str, str] | None = None) -> str:
    """Start node ``index`` of the local cluster again, with the data it had (after :func:`kill_node` or
    :func:`stop_node`), and wait until the cluster counts all its nodes; returns that node's URL.

    The cluster's colour is left to the caller: a node rejoining a cluster whose shards it holds makes it
    green only after recovery, which a test may want to measure or wait for (:func:`wait_for_status`)."""
    paths = paths_for(settings, index)
    with _start_lock(paths):
        pid = running_pid(settings, index)
        if pid is None:
            pid = _await_launch(_launch(settings, index, extra_settings, bootstrap=False), paths)
        _wait_for_nodes(settings, {pid: paths}, ())
    return node_url(settings, index)


def kill_node(settings: Settings, index: int, sig: int = signal.SIGKILL, timeout: float = 30.0) -> int:
    """Send ``sig`` (SIGKILL: a crash, no goodbye to the cluster) to node ``index`` and wait until its
    process is gone; returns the pid it had."""
    paths = paths_for(settings, index)
    pid = running_pid(settings, index)
    if pid is None:
        raise DevNodeError(f"node {index} of the local cluster is not running")
    os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while _is_our_process(pid, paths):
        if time.monotonic() > deadline:
            raise DevNodeError(
                f"node {index} (pid {pid}) did not exit within {timeout:.0f} s of signal {sig}"
            )
        time.sleep(0.1)
    return pid


def stop_node(settings: Settings, index: int, timeout: float = 60.0) -> bool:
    """Stop node ``index`` as an operator would (SIGTERM; SIGKILL only if it has not gone within
    ``timeout``). Returns False if it was not running."""
    return _stop_nodes(settings, [index], timeout)


def restart_node(settings: Settings, index: int) -> str:
    """Stop node ``index`` and start it again with the same data (one step of a rolling restart)."""
    stop_node(settings, index)
    return start_node(settings, index)


def wait_for_status(settings: Settings, status: str = "green", timeout: float = START_TIMEOUT_S) -> None:
    """Wait until the local cluster has all its nodes and is ``status`` (or better)."""
    better = {"yellow": ("green", "yellow"), "green": ("green",)}.get(status, (status,))
    nodes = nodes_of(settings)

    def reached() -> bool:
        return any(cluster.formed(cluster_health(node.url), len(nodes), better) for node in nodes)

    _wait_until(reached, {}, timeout, f"The local cluster did not become {status}")


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop the local node, or every node of the local cluster, by the pids this module recorded. Returns
    False if none was running."""
    return _stop_nodes(settings, [node.index for node in nodes_of(settings)], timeout)


def _stop_nodes(settings: Settings, indices: list[int], timeout: float = 60.0) -> bool:
    """SIGTERM to every running node of ``indices`` at once (a cluster then does not elect a new master for
    each node that goes), SIGKILL to any still there after ``timeout``."""
    running = {index: pid for index in indices if (pid := running_pid(settings, index)) is not None}
    for pid in running.values():
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for index, pid in running.items():
        paths = paths_for(settings, index)
        while time.monotonic() < deadline and _is_our_process(pid, paths):
            time.sleep(0.2)
        if _is_our_process(pid, paths):
            os.kill(pid, signal.SIGKILL)
        paths.pid_file.unlink(missing_ok=True)
    return bool(running)


def status(settings: Settings) -> str:
    """Whether the local node runs, where, and how healthy it is; for a cluster, a summary line naming the
    master, then one line per node."""
    nodes = nodes_of(settings)
    lines = [_node_status(settings, node) for node in nodes]
    if len(nodes) == 1:
        return lines[0]
    running = [node for node in nodes if running_pid(settings, node.index) is not None]
    health = next((h for node in running if (h := cluster_health(node.url)) is not None), None)
    master = next((m for node in running if (m := cluster.master_name(node.url)) is not None), None)
    state = f"cluster {health['status']}, master {master}" if health else "cluster not answering"
    summary = f"{len(running)} of {len(nodes)} nodes running ({cluster.CLUSTER_NAME}): {state}"
    return "\n".join(
        [summary, *(f"  node {node.index}: {line}" for node, line in zip(nodes, lines, strict=True))]
    )


def _node_status(settings: Settings, node: cluster.NodeSpec) -> str:
    pid = running_pid(settings, node.index)
    if pid is None:
        return f"stopped (no node started by this project; would listen on {node.url})"
    health = cluster_health(node.url)
    state = health.get("status") if health else "not answering"
    version = settings.devnode_version
    return f"running: pid {pid}, {node.url}, {node.name}, Elasticsearch {version}, cluster {state}"
