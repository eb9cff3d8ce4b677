"""Session-wide fixtures: one real Elasticsearch node for the whole run, and isolation by index prefix.

When ``ELASTICSEARCH_URL`` (or ``HELMET_ELASTICSEARCH_URL``) is set, the tests use that cluster. Otherwise
the project's own local node is started (``catalogue.devnode``); if this run started it, this run stops
it at the end (set ``HELMET_KEEP_NODE=1`` to leave it running between runs while developing).
Every index, alias and template a run creates starts with a prefix unique to the run, and is deleted at the
end, so that runs never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch, NotFoundError

from catalogue import devnode
from catalogue.settings import Settings

REAL_DATA = Path(__file__).resolve().parent / "data" / "real"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
"""The demo's catalogue (data/samples/): real enough to read, never edited by a test."""

# The API's per-client rate limit is on by default; every TestClient is one client firing requests as fast
# as it can, so the tests switch it off here, and tests/search_api/test_rate_limit.py sets its own limits.
os.environ["HELMET_RATE_LIMIT"] = ""


@pytest.fixture(scope="session")
def real_data() -> Path:
    return REAL_DATA


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    base = Settings()
    if base.elasticsearch_url:
        yield base.elasticsearch_url
        return
    already_running = devnode.running_pid(base) is not None
    url = devnode.start(base)
    yield url
    if not already_running and os.environ.get("HELMET_KEEP_NODE") != "1":
        devnode.stop(base)


@pytest.fixture(scope="session")
def run_prefix() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def es(es_url: str, run_prefix: str) -> Iterator[Elasticsearch]:
    client = Elasticsearch(es_url, request_timeout=60)
    yield client
    _delete_everything_with_prefix(client, run_prefix)
    client.close()


def _delete_everything_with_prefix(client: Elasticsearch, prefix: str) -> None:
    names = list(client.indices.get(index=f"{prefix}*", expand_wildcards="all"))
    for start in range(0, len(names), 20):  # by name (wildcard deletes are refused), in URLs under 4 KiB
        client.indices.delete(index=",".join(names[start : start + 20]))
    try:
        templates = client.indices.get_index_template(name=f"{prefix}*")["index_templates"]
    except NotFoundError:
        templates = []
    for template in templates:
        client.indices.delete_index_template(name=template["name"])


@pytest.fixture
def settings(es_url: str, run_prefix: str, tmp_path: Path) -> Settings:
    """Settings for one test: the session's cluster and a prefix no other test uses.

    Re-indexing runs in this process (one worker): starting worker processes would cost every small test
    catalogue more than it saves; ``tests/indexer/jobs/test_workers.py`` runs the same jobs with two."""
    return Settings(
        elasticsearch_url=es_url,
        index_prefix=f"{run_prefix}-{uuid.uuid4().hex[:6]}",
        state_dir=tmp_path / "state",
        index_workers=1,
    )
