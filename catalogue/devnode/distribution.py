"""The Elasticsearch the local node runs: the official integration-test zip, and a Java new enough for it.

The zip (``org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip``) is what Elastic
publishes on Maven Central; it is fetched once with ``mvn dependency:copy`` into the git-ignored cache and
unpacked once, and every node of every local cluster of that version runs from the one unpacked copy. The
zip carries no JDK and Elasticsearch 9 needs Java 21 or newer, so one is picked from ``/usr/lib/jvm``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
JVM_ROOT = Path("/usr/lib/jvm")
MIN_JAVA = 21


class DevNodeError(RuntimeError):
    """The local node could not be fetched, started or stopped; the message says why and what to do."""


@dataclass(frozen=True)
class Distribution:
    """Where one version of Elasticsearch is kept inside the cache folder."""

    cache: Path
    version: str

    @property
    def downloads(self) -> Path:
        return self.cache / "downloads"

    @property
    def zip_file(self) -> Path:
        return self.downloads / f"elasticsearch-{self.version}.zip"

    @property
    def es_home(self) -> Path:
        return self.cache / "dist" / f"elasticsearch-{self.version}"


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


def fetch_distribution(paths: Distribution) -> Path:
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


def unpack_distribution(paths: Distribution) -> Path:
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
