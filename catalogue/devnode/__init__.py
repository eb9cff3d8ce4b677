"""A local single-node Elasticsearch for development, the demo and the tests.

There is no Docker engine on the machines we develop and test on, so the project brings up the official
integration-test distribution of Elasticsearch that Elastic publishes on Maven Central
(``org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip``). It is fetched once with
``mvn dependency:copy`` into a git-ignored cache folder, unpacked once, and started on 127.0.0.1 with a data
folder of its own, security off (loopback only) and a small heap.

Why the details below:
- Elasticsearch refuses to run as root. When we are root (CI, fresh machines) the node runs as a
  dedicated system user, created on first use; otherwise it runs as the current user.
- The integration-test zip carries no bundled JDK, and Elasticsearch 9 needs Java 21 or newer, so a JDK
  is picked from ``/usr/lib/jvm`` and handed over as ``ES_JAVA_HOME``.
- ``stop`` only ever signals the process whose pid this module recorded, after checking that the pid
  still belongs to our node (pids get reused); it never kills by name.
- A file lock serialises concurrent ``start`` calls (parallel test runs, the demo), so starting twice
  is harmless.

Command line: ``python -m catalogue.devnode start|stop|status|probe`` (:mod:`catalogue.devnode.__main__`).
"""

from __future__ import annotations

import fcntl
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from catalogue.settings import Settings

ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
JVM_ROOT = Path("/usr/lib/jvm")
MIN_JAVA = 21
NODE_USER = "helmet-es"
START_TIMEOUT_S = 180.0


class DevNodeError(RuntimeError):
    """The local node could not be fetched, started or stopped; the message says why and what to do."""


@dataclass(frozen=True)
class NodePaths:
    """Where one node lives inside the cache folder: the distribution per version, data per port."""

    cache: Path
    version: str
    port: int

    @property
    def downloads(self) -> Path:
        return self.cache / "downloads"

    @property
    def zip_file(self) -> Path:
        return self.downloads / f"elasticsearch-{self.version}.zip"

    @property
    def es_home(self) -> Path:
        return self.cache / "dist" / f"elasticsearch-{self.version}"

    @property
    def node_dir(self) -> Path:
        """Data, logs and pid file: owned by the user the node runs as."""
        return self.cache / f"node-{self.version}-{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.node_dir / "elasticsearch.pid"

    @property
    def lock_file(self) -> Path:
        return self.cache / "devnode.lock"


def paths_for(settings: Settings) -> NodePaths:
    return NodePaths(
        cache=settings.devnode_home, version=settings.devnode_version, port=settings.devnode_port
    )


def url_for(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.devnode_port}"


# --- Java ---------------------------------------------------------------------------------------------


def _java_major(java_home: Path) -> int | None:
    release = java_home / "release"
    if not release.is_file() or not (java_home / "bin" / "java").exists():
        return None
    match = re.search(r'^JAVA_VERSION="(\d+)', release.read_text(errors="replace"), re.MULTILINE)
    return int(match.group(1)) if match else None


def find_java_home(jvm_root: Path = JVM_ROOT, minimum: int = MIN_JAVA) -> Path:
    """The newest JDK under ``jvm_root`` that Elasticsearch 9 accepts (``ES_JAVA_HOME`` wins if set)."""
    explicit = os.environ.get("ES_JAVA_HOME")
    if explicit:
        return Path(explicit)
    candidates = []
    for home in sorted(jvm_root.iterdir()) if jvm_root.is_dir() else []:
        major = _java_major(home)
        if major is not None and major >= minimum:
            candidates.append((major, home))
    if not candidates:
        raise DevNodeError(
            f"No JDK {minimum}+ found under {jvm_root}. Elasticsearch 9 needs Java {minimum} or newer: "
            "install one (e.g. Temurin 21/25) or set ES_JAVA_HOME."
        )
    return max(candidates)[1]


# --- Fetching and unpacking ---------------------------------------------------------------------------


def fetch_distribution(paths: NodePaths) -> Path:
    """Download the integration-test zip with Maven once; later calls reuse the cached file."""
    if paths.zip_file.is_file():
        return paths.zip_file
    if shutil.which("mvn") is None:
        raise DevNodeError("Maven (mvn) is needed to fetch Elasticsearch from Maven Central; install it.")
    paths.downloads.mkdir(parents=True, exist_ok=True)
    artifact = ARTIFACT.format(version=paths.version)
    command = [
        "mvn",
        "-q",
        "-B",
        "dependency:copy",
        f"-Dartifact={artifact}",
        f"-DoutputDirectory={paths.downloads}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not paths.zip_file.is_file():
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise DevNodeError(f"Could not fetch {artifact} with Maven:\n{tail}")
    return paths.zip_file


def unpack_distribution(paths: NodePaths) -> Path:
    """Unpack once, keeping the executable bits that ``zipfile`` would otherwise drop."""
    launcher = paths.es_home / "bin" / "elasticsearch"
    if launcher.is_file():
        return paths.es_home
    zip_path = fetch_distribution(paths)
    staging = paths.es_home.parent / f".unpack-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(zip_path) as archive:
        for member in archive.infolist():
            target = staging / member.filename
            archive.extract(member, staging)
            mode = (member.external_attr >> 16) & 0o777
            if mode and not member.is_dir():
                target.chmod(mode)
    unpacked = staging / f"elasticsearch-{paths.version}"
    unpacked.replace(paths.es_home)
    shutil.rmtree(staging, ignore_errors=True)
    return paths.es_home


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


def running_pid(settings: Settings) -> int | None:
    paths = paths_for(settings)
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


def _wait_until_healthy(health_of: HealthCheck, pid: int | None, paths: NodePaths, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = health_of()
        if health is not None and health.get("status") in ("green", "yellow"):
            return
        if pid is not None and not _is_our_process(pid, paths):
            raise DevNodeError(f"Elasticsearch exited while starting.\n{_log_tail(paths)}")
        time.sleep(0.5)
    raise DevNodeError(f"Elasticsearch did not become healthy within {timeout:.0f} s.\n{_log_tail(paths)}")


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
    settings: Settings, paths: NodePaths, extra_settings: Mapping[str, str] | None = None
) -> list[str]:
    """The launcher command line; ``extra_settings`` are further ``-E`` node settings, and win."""
    options = {
        "cluster.name": "helmet-dev",
        "node.name": "helmet-dev",
        "discovery.type": "single-node",
        "network.host": "127.0.0.1",
        "http.port": str(settings.devnode_port),
        "transport.port": str(settings.devnode_port + 100),
        "path.data": str(paths.node_dir / "data"),
        "path.logs": str(paths.node_dir / "logs"),
        # Loopback only, for development and tests; production clusters keep security on.
        "xpack.security.enabled": "false",
        # A nearly full disk must not turn the test indices read-only half-way through a run.
        "cluster.routing.allocation.disk.threshold_enabled": "false",
        **(extra_settings or {}),
    }
    command = [str(paths.es_home / "bin" / "elasticsearch"), "-d", "-p", str(paths.pid_file)]
    for key, value in options.items():
        command += ["-E", f"{key}={value}"]
    return command


def start(
    settings: Settings,
    extra_settings: Mapping[str, str] | None = None,
    health_check: HealthCheck | None = None,
) -> str:
    """Start the local node unless it is already running; return its URL once the cluster is healthy.

    ``extra_settings`` are static node settings for a node of its own (the fault-injection tests start one
    with ``thread_pool.write.queue_size: 1`` to provoke 429s). They apply only when this call starts the
    node: a node already running keeps the settings it was started with. ``health_check`` asks the node for
    its cluster health when the extra settings close plain HTTP (security with TLS: the access tests start
    such a node); by default ``cluster_health`` of its plain URL.
    """
    paths = paths_for(settings)
    url = url_for(settings)
    health_of = health_check or (lambda: cluster_health(url))
    with _start_lock(paths):
        pid = running_pid(settings)
        if pid is not None:
            _wait_until_healthy(health_of, pid, paths, START_TIMEOUT_S)
            return url
        if health_of() is not None:
            raise DevNodeError(
                f"Something else already answers on {url}. Stop it, set HELMET_DEVNODE_PORT to a free port, "
                "or point ELASTICSEARCH_URL at it to use it as the cluster."
            )
        java_home = find_java_home()
        unpack_distribution(paths)
        (paths.node_dir / "logs").mkdir(parents=True, exist_ok=True)
        (paths.node_dir / "data").mkdir(parents=True, exist_ok=True)
        paths.pid_file.unlink(missing_ok=True)
        user = _node_user()
        command = _node_command(settings, paths, extra_settings)
        if user is not None:
            _let_node_user_through(paths.cache)
            _chown_tree(paths.es_home, user)
            _chown_tree(paths.node_dir, user)
            command = [
                "setpriv",
                f"--reuid={user.pw_uid}",
                f"--regid={user.pw_gid}",
                "--init-groups",
                *command,
            ]
        env = {
            **os.environ,
            "ES_JAVA_HOME": str(java_home),
            "ES_JAVA_OPTS": f"-Xms{settings.devnode_heap} -Xmx{settings.devnode_heap}",
        }
        env.pop("JAVA_HOME", None)
        with (paths.node_dir / "launcher.log").open("wb") as launcher_log:
            result = subprocess.run(
                command,
                env=env,
                stdout=launcher_log,
                stderr=subprocess.STDOUT,
                check=False,
                timeout=START_TIMEOUT_S,
            )
        if result.returncode != 0:
            raise DevNodeError(
                f"Elasticsearch failed to start (exit {result.returncode}).\n{_log_tail(paths)}"
            )
        _wait_until_healthy(health_of, _read_pid(paths), paths, START_TIMEOUT_S)
        return url


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop the node this module started (by its recorded pid). Returns False if none was running."""
    paths = paths_for(settings)
    pid = running_pid(settings)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _is_our_process(pid, paths):
        time.sleep(0.2)
    if _is_our_process(pid, paths):
        os.kill(pid, signal.SIGKILL)
    paths.pid_file.unlink(missing_ok=True)
    return True


def status(settings: Settings) -> str:
    """One line saying whether the local node runs, where, and how healthy it is."""
    pid = running_pid(settings)
    url = url_for(settings)
    if pid is None:
        return f"stopped (no node started by this project; would listen on {url})"
    health = cluster_health(url)
    state = health.get("status") if health else "not answering"
    return f"running: pid {pid}, {url}, Elasticsearch {settings.devnode_version}, cluster {state}"
