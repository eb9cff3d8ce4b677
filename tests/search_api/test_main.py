"""``python -m search_api`` as operators run it: several worker processes behind one port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import psutil

from catalogue.settings import PROJECT_ROOT, Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_api_serves_from_as_many_processes_as_configured(settings: Settings) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "HELMET_ELASTICSEARCH_URL": str(settings.elasticsearch_url),
        "HELMET_INDEX_PREFIX": settings.index_prefix,
        "HELMET_API_PORT": str(port),
        "HELMET_API_WORKERS": "2",
    }
    api = subprocess.Popen(
        [sys.executable, "-m", "search_api"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and api.poll() is None, "the API did not come up"
            time.sleep(0.3)
        children = psutil.Process(api.pid).children()
        workers = [child for child in children if "spawn_main" in " ".join(child.cmdline())]
        assert len(workers) == 2, [child.cmdline() for child in children]
        answers = [httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).status_code for _ in range(10)]
        assert answers == [200] * 10
    finally:
        api.terminate()
        api.wait(timeout=20)
