"""Admin endpoints on the real node: tokens, starting a real indexer job, job status, one job at a time."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from pydantic import SecretStr

from catalogue.jobs import jobs_index
from catalogue.settings import Settings
from indexer.jobs import JobLock
from search_api.app import create_app

TOKEN = "correct horse battery staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def admin_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_tokens": {"anna": SecretStr(TOKEN)}})


@pytest.fixture
def client(admin_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(admin_settings)) as test_client:
        yield test_client


def test_admin_needs_a_token(client: TestClient) -> None:
    missing = client.get("/v1/admin/jobs")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.get("/v1/admin/jobs", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 403
    assert (
        client.post("/v1/admin/reindex", json={}, headers={"Authorization": "Basic abc"}).status_code == 401
    )


def test_admin_is_closed_when_no_token_is_configured(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        answer = client.get("/v1/admin/jobs", headers=AUTH)
        assert answer.status_code == 403
        assert "no admin tokens are configured" in answer.json()["detail"]


def test_a_reindex_started_through_the_api_runs_to_the_end(client: TestClient) -> None:
    assert client.get("/v1/admin/jobs", headers=AUTH).json() == []
    started = client.post("/v1/admin/reindex", json={}, headers=AUTH)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status"] == "running" and job["kind"] == "reindex" and job["started_by"] == "anna"
    deadline = time.monotonic() + 120
    while job["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.5)
        job = client.get(f"/v1/admin/jobs/{job['id']}", headers=AUTH).json()
    assert job["status"] == "succeeded", job
    assert job["summary"]["works"] > 0
    assert client.get("/health").json()["documents"] == job["summary"]["works"]
    listed = client.get("/v1/admin/jobs", headers=AUTH).json()
    assert [entry["id"] for entry in listed] == [job["id"]]


def test_only_one_job_at_a_time(client: TestClient, admin_settings: Settings, es: Elasticsearch) -> None:
    with JobLock(es, jobs_index(admin_settings), "busy-job"):
        answer = client.post("/v1/admin/reindex", json={"sources": ["espoo"]}, headers=AUTH)
    assert answer.status_code == 409
    assert "busy-job" in answer.json()["detail"]


def test_unknown_job_and_bad_requests(client: TestClient) -> None:
    assert client.get("/v1/admin/jobs/nope", headers=AUTH).status_code == 404
    assert client.get("/v1/admin/jobs/lock", headers=AUTH).status_code == 404
    assert client.post("/v1/admin/update", json={"force": True}, headers=AUTH).status_code == 422
    unknown_source = client.post("/v1/admin/reindex", json={"sources": ["nowhere"]}, headers=AUTH)
    assert unknown_source.status_code == 422
    assert "nowhere" in unknown_source.json()["detail"]
