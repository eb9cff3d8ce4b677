"""``/metrics`` on the real node: the exposition parses, and its figures are the service's own."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from catalogue.job_records import jobs_index
from catalogue.settings import PROJECT_ROOT, Settings
from indexer.jobs.job_lock import JobLock, job_progress
from indexer.jobs.progress import Progress
from indexer.jobs.reindex import run_reindex
from indexer.read.sources import load_sources
from search_api.app import create_app


@pytest.fixture(scope="module")
def indexed(
    es: Elasticsearch, es_url: str, run_prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    settings = Settings(
        elasticsearch_url=es_url,
        index_prefix=f"{run_prefix}-metrics",
        state_dir=tmp_path_factory.mktemp("state"),
        index_workers=1,
        rate_limit="5/minute",
    )
    sources = [source for source in load_sources(PROJECT_ROOT / "sources.toml") if source.id == "kauniainen"]
    run_reindex(es, settings, sources)
    return settings


@pytest.fixture
def api(indexed: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(indexed)) as client:
        yield client


def _samples(api: TestClient) -> list[Sample]:
    answer = api.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == CONTENT_TYPE_LATEST
    return [sample for family in text_string_to_metric_families(answer.text) for sample in family.samples]


def _value(samples: list[Sample], name: str, **labels: str) -> float:
    (value,) = [
        s.value for s in samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    ]
    return value


def test_requests_are_counted_by_route_template_and_status(api: TestClient, es: Elasticsearch) -> None:
    api.get("/v1/search?q=romaani")
    api.get("/v1/records/0123456789abcdef0123")  # 404
    api.get("/v1/records/0123456789abcdef0124")  # another path, the same route
    samples = _samples(api)
    assert _value(samples, "helmet_http_requests_total", route="/v1/search", method="GET", status="200") == 1
    record = {"route": "/v1/records/{work_id}", "method": "GET", "status": "404"}
    assert _value(samples, "helmet_http_requests_total", **record) == 2
    assert (
        _value(samples, "helmet_http_request_duration_seconds_count", route="/v1/search", method="GET") == 1
    )
    assert _value(samples, "helmet_elasticsearch_request_duration_seconds_count", operation="search") >= 1
    assert _value(samples, "helmet_elasticsearch_errors_total", operation="get_work", error="http_404") == 2


def test_the_live_catalogue_and_the_last_job_are_shown(
    api: TestClient, es: Elasticsearch, indexed: Settings
) -> None:
    samples = _samples(api)
    assert _value(samples, "helmet_elasticsearch_up") == 1
    assert _value(samples, "helmet_catalogue_works") == es.count(index=indexed.works_alias)["count"] > 0
    assert 0 <= _value(samples, "helmet_catalogue_index_age_seconds") < 3600
    assert _value(samples, "helmet_indexer_last_job_succeeded", kind="reindex") == 1
    assert _value(samples, "helmet_indexer_job_running", kind="reindex") == 0
    assert _value(samples, "helmet_indexer_last_job_rejected_records", kind="reindex") >= 0


def test_rate_limit_refusals_are_counted_and_metrics_are_never_refused(api: TestClient) -> None:
    statuses = [api.get("/v1/suggest?q=ka").status_code for _ in range(7)]
    assert statuses.count(429) == 2
    for _ in range(3):
        samples = _samples(api)  # a scraper is never refused
    assert _value(samples, "helmet_rate_limited_requests_total") == 2
    assert _value(samples, "helmet_http_requests_total", route="(no route)", method="GET", status="429") == 2


def test_a_running_job_shows_its_phase_and_rate(
    api: TestClient, es: Elasticsearch, indexed: Settings
) -> None:
    """The figures a running job writes to its record (through the job's own progress report) reach
    Prometheus while it runs: the running flag, and records per second labelled with the current phase."""
    index, job_id = jobs_index(indexed), "20261208T000000Z-metric"
    with JobLock(es, index, job_id):
        es.index(
            index=index,
            id=job_id,
            document={"kind": "update", "status": "running", "started": "2026-12-08T00:00:00+00:00"},
            refresh=True,
        )
        report = job_progress(es, index, job_id)
        with Progress("merging works", total=1000, interval=0, tty=False, report=report) as progress:
            time.sleep(0.05)
            progress.advance(500)
            es.indices.refresh(index=index)
            samples = _samples(api)
            phase = {"kind": "update", "phase": "merging works"}
            rate = _value(samples, "helmet_indexer_job_records_per_second", **phase)
            assert 0 < rate <= 500 / 0.05
            assert _value(samples, "helmet_indexer_job_running", kind="update") == 1
            assert _value(samples, "helmet_indexer_job_running", kind="reindex") == 0
    es.delete(index=index, id=job_id, refresh=True)
    samples = _samples(api)
    assert not [s for s in samples if s.name == "helmet_indexer_job_records_per_second"]
