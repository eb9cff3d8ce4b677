"""The API in a process of its own over an existing index, as the benchmarks measure it.

The per-client rate limit is switched off: a benchmark is one client sending as fast as it can, which is
exactly what the limit is there to stop.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


@contextmanager
def running_api(
    es_url: str, prefix: str, port: int, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """(base URL, process) of ``python -m search_api`` serving ``prefix`` from ``workers`` processes;
    stopped on exit."""
    env = {
        **os.environ,
        "HELMET_ELASTICSEARCH_URL": es_url,
        "HELMET_INDEX_PREFIX": prefix,
        "HELMET_API_PORT": str(port),
        "HELMET_RATE_LIMIT": "",
        "HELMET_API_WORKERS": str(workers),
    }
    api = subprocess.Popen(
        [sys.executable, "-m", "search_api"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, api)
        yield url, api
    finally:
        api.terminate()
        api.wait(timeout=10)


def _wait_until_up(api_url: str, api: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if api.poll() is not None:
            raise SystemExit(f"the API exited with {api.returncode} before serving")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the API at {api_url} did not become healthy")
