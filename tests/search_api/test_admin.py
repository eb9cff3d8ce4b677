"""Admin endpoints on the real node: tokens, starting a real indexer job, job status, one job at a time."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from pydantic import SecretStr

from catalogue.job_records import jobs_index
from catalogue.settings import Settings
from indexer.jobs.job_lock import JobLock
from search_api.app import create_app
from search_api.job_launcher import _environment

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


def test_refusals_are_logged_without_the_token(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="search_api.admin")
    client.get("/v1/admin/jobs")
    client.post("/v1/admin/reindex", json={}, headers={"Authorization": "Bearer a-guessed-token"})
    assert [record.getMessage() for record in caplog.records if record.name == "search_api.admin"] == [
        "admin request refused (no token): GET /v1/admin/jobs from testclient",
        "admin request refused (wrong token): POST /v1/admin/reindex from testclient",
    ]
    assert all(record.levelname == "WARNING" for record in caplog.records)
    assert "a-guessed-token" not in caplog.text


def test_admin_is_closed_when_no_token_is_configured(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        answer = client.get("/v1/admin/jobs", headers=AUTH)
        assert answer.status_code == 403
        assert "no admin tokens are configured" in answer.json()["detail"]


def test_a_reindex_started_through_the_api_runs_to_the_end(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="search_api.admin")
    assert client.get("/v1/admin/jobs", headers=AUTH).json() == []
    started = client.post("/v1/admin/reindex", json={}, headers=AUTH)
    assert started.status_code == 202, started.text
    job = started.json()
    assert f"admin anna started reindex (sources=all, force=False): job {job['id']}" in caplog.messages
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


def test_unknown_job_and_bad_requests(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="search_api.admin")
    assert client.get("/v1/admin/jobs/nope", headers=AUTH).status_code == 404
    assert "admin anna reads job 'nope'" in caplog.messages
    assert client.get("/v1/admin/jobs/lock", headers=AUTH).status_code == 404
    unknown_source = client.post("/v1/admin/reindex", json={"sources": ["nowhere"]}, headers=AUTH)
    assert unknown_source.status_code == 422
    assert "nowhere" in unknown_source.json()["detail"]
    failed = [message for message in caplog.messages if "could not start" in message]
    assert len(failed) == 1
    assert failed[0].startswith("admin anna could not start reindex (sources=['nowhere'], force=False): 422 ")


@pytest.mark.parametrize(
    ("path", "named"), [("/v1/admin/jobs?limit=101", "limit"), ("/v1/admin/jobs/" + "j" * 65, "job_id")]
)
def test_admin_requests_are_bounded(client: TestClient, path: str, named: str) -> None:
    answer = client.get(path, headers=AUTH)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(f"{named}: ")


def test_a_job_gets_the_writer_credentials_and_never_the_apis_key(
    admin_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HELMET_ELASTICSEARCH_API_KEY", "a key of the environment that the API does not use")
    monkeypatch.setenv("HELMET_API_ELASTICSEARCH_API_KEY", "cmVhZA==")
    settings = admin_settings.model_copy(
        update={
            "elasticsearch_username": "helmet-indexer",
            "elasticsearch_password": SecretStr("pw"),
            "elasticsearch_api_key": None,
            "api_elasticsearch_api_key": SecretStr("cmVhZA=="),
        }
    )
    env = _environment(settings)
    assert env["HELMET_ELASTICSEARCH_USERNAME"] == "helmet-indexer"
    assert env["HELMET_ELASTICSEARCH_PASSWORD"] == "pw"
    assert env["HELMET_ELASTICSEARCH_VERIFY_CERTS"] == "true"
    assert "HELMET_ELASTICSEARCH_API_KEY" not in env
    assert "HELMET_API_ELASTICSEARCH_API_KEY" not in env


def test_a_running_job_shows_its_phase_done_rate_and_time_left(client: TestClient) -> None:
    """Watched through the API while it runs, and after: the figures are the summary's own."""
    job = client.post("/v1/admin/reindex", json={}, headers=AUTH).json()
    seen: list[dict[str, object]] = []
    deadline = time.monotonic() + 120
    while job["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.2)
        job = client.get(f"/v1/admin/jobs/{job['id']}", headers=AUTH).json()
        if job["status"] == "running" and job["progress"]:
            seen.append(job["progress"])
    assert job["status"] == "succeeded", job
    assert seen and {"phase", "phases"} <= set(seen[0])
    phases = job["progress"]["phases"]
    reading, merging = phases["reading records"], phases["merging works"]
    assert reading["finished"] and merging["finished"]
    assert reading["done"] == job["summary"]["read"], "progress and summary count the same records"
    assert merging["done"] == merging["total"] == job["summary"]["records"]
    assert merging["rate_per_s"] > 0 and merging["eta_s"] is None  # finished: nothing left
    assert job["progress"]["phase"] == "merging works"


def test_a_job_whose_process_died_shows_as_failed_when_looked_at(
    client: TestClient, es: Elasticsearch, admin_settings: Settings
) -> None:
    """Its record still says running and nobody has taken the lock over: it is shown as failed at once."""
    index = jobs_index(admin_settings)
    with JobLock(es, index, "20261207T000000Z-alive1"):
        es.index(index=index, id="20261207T000000Z-alive1", document=_running_record(), refresh=True)
        alive = client.get("/v1/admin/jobs/20261207T000000Z-alive1", headers=AUTH).json()
        assert alive["status"] == "running"
    # The lock released without the record being closed: what a SIGKILLed job leaves behind.
    es.index(index=index, id="20261207T000000Z-dead01", document=_running_record(), refresh=True)
    dead = client.get("/v1/admin/jobs/20261207T000000Z-dead01", headers=AUTH).json()
    assert dead["status"] == "failed"
    assert "ended without finishing" in dead["message"]
    listed = {job["id"]: job["status"] for job in client.get("/v1/admin/jobs", headers=AUTH).json()}
    assert listed["20261207T000000Z-dead01"] == "failed"


def _running_record() -> dict[str, object]:
    return {
        "kind": "reindex",
        "status": "running",
        "started_by": "cli",
        "sources": [],
        "force": False,
        "started": "2026-12-07T00:00:00+00:00",
    }


@pytest.mark.parametrize("body", [{"force": "yes"}, {"force": 1}, {"sources": "espoo"}, {"forse": True}])
def test_job_requests_take_json_types_as_they_are(client: TestClient, body: dict[str, object]) -> None:
    answer = client.post("/v1/admin/reindex", json=body, headers=AUTH)
    assert answer.status_code == 422, answer.text
    assert next(iter(body)) in answer.json()["detail"]
