"""The API against the real node: health, search, and clear errors when things go wrong."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from catalogue.analysis import analysis_signature, finnish, swedish
from catalogue.analysis.stemming import UNSTEMMED
from catalogue.settings import Settings
from indexer.record import Contributor, Link, NormalisedRecord
from indexer.store import index
from indexer.works.analyse import work_document
from indexer.works.merge import group_by_key, merge
from search_api.app import create_app
from search_api.catalogue_store import analysis_mismatch

RECORDS = [
    NormalisedRecord(
        source="espoo",
        source_id="1",
        format="marcxml",
        material_type="ebook",
        title="Kesäyön unelma",
        contributors=[Contributor("Helin, Sari", "author")],
        year=2018,
        languages=["fin"],
        links=[Link("https://example.org/1", "Ellibs")],
    ),
    NormalisedRecord(
        source="vantaa",
        source_id="2",
        format="onix3",
        material_type="eaudiobook",
        title="Kirjaston kissa",
        year=2020,
        languages=["fin"],
    ),
]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def indexed(es: Elasticsearch, settings: Settings) -> Settings:
    name = index.create_build_index(es, settings.works_alias, "works")
    works = [merge(key, reason, records) for key, (reason, records) in group_by_key(RECORDS).items()]
    index.bulk_write(es, name, ((work.id, work_document(work)) for work in works if work))
    index.finish_build(es, name, "works")
    index.swap_alias(es, settings.works_alias, name)
    return settings


@pytest.fixture
def client(indexed: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(indexed)) as test_client:
        yield test_client


def test_health_reports_the_alias_and_its_size(client: TestClient, indexed: Settings) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["alias"] == indexed.works_alias
    assert body["index"].startswith(f"{indexed.works_alias}-v")
    assert body["documents"] == 2


def test_health_reports_how_the_index_was_analysed(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["analysis"] == analysis_signature()
    assert body["analysis"]["swedish_stemmer"] == swedish.STEMMER.name
    assert body["message"] is None


def test_health_is_degraded_when_queries_are_stemmed_differently_from_the_index(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index built where Voikko was installed, searched by a service without it (or the reverse)."""
    other = finnish.SNOWBALL_FINNISH if finnish.STEMMER is not finnish.SNOWBALL_FINNISH else UNSTEMMED
    monkeypatch.setattr(finnish, "STEMMER", other)
    answer = client.get("/health")
    assert answer.status_code == 200, "searching still works, only worse"
    body = answer.json()
    assert body["status"] == "degraded"
    assert f"this service '{other.name}'" in body["message"] and "Voikko" in body["message"]


def test_search_finds_what_was_indexed(client: TestClient) -> None:
    body = client.get("/v1/search", params={"q": "kissa"}).json()
    assert body["total"] == 1
    hit = body["hits"][0]
    assert hit["title"] == "Kirjaston kissa"
    assert hit["holdings"] == [
        {"municipality": "vantaa", "municipality_label": "Vantaa", "source_id": "2", "url": None}
    ]
    assert hit["highlight"]["title"] == "Kirjaston <mark>kissa</mark>"
    everything = client.get("/v1/search").json()
    assert everything["total"] == 2


@pytest.mark.parametrize(
    ("params", "named"),
    [({"page_size": 1000}, "page_size"), ({"page": 0}, "page"), ({"q": "x" * 501}, "q")],
)
def test_bad_parameters_get_a_422_naming_the_parameter(
    client: TestClient, params: dict[str, object], named: str
) -> None:
    answer = client.get("/v1/search", params=params)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(f"{named}:")


def test_stopped_elasticsearch_is_a_clear_503(run_prefix: str) -> None:
    settings = Settings(
        elasticsearch_url=f"http://127.0.0.1:{_closed_port()}",
        index_prefix=run_prefix,
        api_request_timeout=2,
    )
    with TestClient(create_app(settings)) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable"
        assert "cannot be reached" in health.json()["message"]
        search = client.get("/v1/search", params={"q": "kissa"})
        assert search.status_code == 503
        assert "cannot be reached" in search.json()["detail"]
        assert "Traceback" not in search.text


def test_a_cluster_without_the_index_says_it_is_not_indexed_yet(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert "not indexed yet" in health.json()["message"]
        search = client.get("/v1/search")
        assert search.status_code == 503
        assert "not been indexed" in search.json()["detail"]


def test_cors_allows_only_the_configured_origin(indexed: Settings) -> None:
    settings = indexed.model_copy(update={"cors_origins": ["https://www.helmet.fi"]})
    with TestClient(create_app(settings)) as client:
        allowed = client.get("/v1/search", headers={"Origin": "https://www.helmet.fi"})
        assert allowed.headers["access-control-allow-origin"] == "https://www.helmet.fi"
        other = client.get("/v1/search", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = client.options(
            "/v1/search",
            headers={"Origin": "https://www.helmet.fi", "Access-Control-Request-Method": "GET"},
        )
        assert preflight.status_code == 200


def test_an_index_that_recorded_no_analysis_is_not_judged() -> None:
    own = {"finnish_stemmer": "Voikko"}
    assert analysis_mismatch(None, own) is None
    assert analysis_mismatch({"finnish_stemmer": "Voikko"}, own) is None
    message = analysis_mismatch({"finnish_stemmer": "Snowball (fin)"}, own)
    assert message is not None and "index 'Snowball (fin)', this service 'Voikko'" in message


def test_health_is_degraded_for_an_index_from_before_swedish_analysis_was_recorded(
    client: TestClient, indexed: Settings, es: Elasticsearch
) -> None:
    """Such an index stemmed Swedish and English the old way, whatever its Finnish stemmer."""
    es.indices.put_mapping(index=indexed.works_alias, meta={"finnish_stemmer": finnish.STEMMER.name})
    body = client.get("/health").json()
    assert body["status"] == "degraded"
    assert "swedish_stemmer: index 'not recorded'" in body["message"]


ALLOWED_ORIGIN = "https://www.helmet.fi"


def test_a_browser_can_read_retry_after_of_a_429(indexed: Settings) -> None:
    settings = indexed.model_copy(update={"cors_origins": [ALLOWED_ORIGIN], "rate_limit": "1/minute"})
    with TestClient(create_app(settings)) as client:
        client.get("/v1/search", headers={"Origin": ALLOWED_ORIGIN})
        refused = client.get("/v1/search", headers={"Origin": ALLOWED_ORIGIN})
    assert refused.status_code == 429
    assert refused.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert int(refused.headers["retry-after"]) > 0
    assert refused.headers["access-control-expose-headers"] == "Retry-After"


def test_a_browser_can_read_retry_after_of_a_503(run_prefix: str) -> None:
    settings = Settings(
        elasticsearch_url=f"http://127.0.0.1:{_closed_port()}",
        index_prefix=run_prefix,
        api_request_timeout=2,
        cors_origins=[ALLOWED_ORIGIN],
    )
    with TestClient(create_app(settings)) as client:
        unavailable = client.get("/v1/search", headers={"Origin": ALLOWED_ORIGIN})
    assert unavailable.status_code == 503
    assert unavailable.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert unavailable.headers["retry-after"] == "5"
    assert unavailable.headers["access-control-expose-headers"] == "Retry-After"
