"""Bad requests get a 422 naming the parameter; a cluster that cannot be reached a 503 on every endpoint."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from pydantic import SecretStr

from catalogue.settings import Settings
from search_api.app import create_app

FACET_NAMES = (
    "municipality, material_type, language, year, subject, author, audience, genre, classification, "
)
FACET_NAMES += "publisher, series"


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"filter": "colour:red"}, f"filter: unknown field 'colour'; use one of {FACET_NAMES}"),
        ({"filter": "espoo"}, "filter: 'espoo' should look like field:value, e.g. municipality:espoo"),
        ({"filter": "year:2020..2010"}, "filter: year range '2020..2010' ends before it starts"),
        ({"filter": "year:kesä"}, "filter: year 'kesä' is not a year (2019) or a range (2015..2020)"),
        ({"filter": "year:.."}, "filter: a year range needs at least one end (2015.., ..2020)"),
        ({"filter": ["language:fin"] * 51}, "filter: at most 50 filters, got 51"),
        (
            {"filter": "municipality:oulu"},
            "filter: municipality has no value 'oulu'; use one of espoo, helsinki, vantaa, kauniainen",
        ),
        (
            {"filter": ["municipality:espoo", "material_type:vinyl"]},
            "filter: material_type has no value 'vinyl'; "
            "use one of ebook, eaudiobook, emagazine, music, course, other",
        ),
        (
            {"filter": "audience:seniors"},
            "filter: audience has no value 'seniors'; use one of children, youth, adult",
        ),
        ({"facets": "colour"}, f"facets: unknown facet 'colour'; use one of {FACET_NAMES}"),
        (
            {"facets": ["year", "subject_facet"]},
            f"facets: unknown facet 'subject_facet'; use one of {FACET_NAMES}",
        ),
        ({"page": 501}, "page: beyond result 10,000; use the cursor of each answer to page deeper"),
        (
            {"page": 101, "page_size": 100},
            "page: beyond result 10,000; use the cursor of each answer to page deeper",
        ),
    ],
)
def test_search_says_what_is_wrong(api: TestClient, params: dict[str, Any], detail: str) -> None:
    answer = api.get("/v1/search", params=params)
    assert answer.status_code == 422
    assert answer.json() == {"detail": detail}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"q": "k" * 501}, "q"),
        ({"page": 0}, "page"),
        ({"page": "first"}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 101}, "page_size"),
        ({"sort": "random"}, "sort"),
        ({"lang": "de"}, "lang"),
        ({"cursor": "c" * 2001}, "cursor"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_search_names_the_parameter_that_is_out_of_range(
    api: TestClient, params: dict[str, Any], named: str
) -> None:
    answer = api.get("/v1/search", params=params)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(f"{named}: ")


def test_a_query_of_500_characters_is_fine(api: TestClient) -> None:
    assert api.get("/v1/search", params={"q": "kissa " * 83 + "ko"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/v1/facets/subject", {"q": "k" * 501}, "q"),
        ("/v1/facets/subject", {"filter": "colour:red"}, "filter"),
        ("/v1/facets/subject", {"filter": "year:2020-2010"}, "filter"),
        ("/v1/facets/subject", {"filter": "municipality:oulu"}, "filter"),
        ("/v1/facets/municipality", {"filter": "material_type:vinyl"}, "filter"),
        ("/v1/facets/subject", {"sort": "random"}, "sort"),
        ("/v1/facets/subject", {"page_size": 10_001}, "page_size"),
        ("/v1/facets/subject", {"format": "xml"}, "format"),
        ("/v1/facets/colour", {}, "name"),
        ("/v1/suggest", {"q": "k" * 501}, "q"),
        ("/v1/suggest", {"q": ""}, "q"),
    ],
)
def test_other_endpoints_name_the_parameter_too(
    api: TestClient, path: str, params: dict[str, Any], named: str
) -> None:
    answer = api.get(path, params=params)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(f"{named}: ")


NOT_UTF8 = "not UTF-8 text; percent-encode the UTF-8 bytes of the characters (ä is %C3%A4)"


@pytest.mark.parametrize(
    ("path", "query_string", "named"),
    [
        ("/v1/search", "q=%FF", "q"),
        ("/v1/search", "q=kissa&filter=municipality:%FF", "filter"),
        ("/v1/search", "filter=language:fin&filter=subject:kes%E4", "filter"),  # Latin-1 ä
        ("/v1/search", "q=%ED%A0%80", "q"),  # a lone surrogate
        ("/v1/search", "q=%C0%AF", "q"),  # an overlong /
        ("/v1/search", "page=%FF", "page"),
        ("/v1/suggest", "q=kes%E4", "q"),
        ("/v1/facets/subject", "q=%FF&format=csv", "q"),
        ("/v1/facets/subject", "filter=author:%FF", "filter"),
        ("/v1/records/0123456789abcdef0123", "lang=%FF", "lang"),
        ("/v1/records/0123456789abcdef0123/similar", "size=%FF", "size"),
    ],
)
def test_a_parameter_that_is_not_utf8_is_named(
    api: TestClient, path: str, query_string: str, named: str
) -> None:
    """Bytes that are no UTF-8 are not searched as the replacement character (which matched everything)."""
    answer = api.get(f"{path}?{query_string}")
    assert answer.status_code == 422
    assert answer.json() == {"detail": f"{named}: {NOT_UTF8}"}


def test_utf8_in_any_spelling_is_fine(api: TestClient) -> None:
    encoded = api.get("/v1/search?q=kes%C3%A4y%C3%B6n&filter=language:fin").json()
    assert encoded["total"] >= 1
    assert api.get("/v1/search", params={"q": "kesäyön", "filter": "language:fin"}).json() == encoded


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


TOKEN = "open sesame"
UNREACHABLE = "Search is temporarily unavailable: Elasticsearch cannot be reached. Please try again later."


@pytest.fixture(scope="module")
def unreachable(run_prefix: str) -> Iterator[TestClient]:
    """The API pointed at a port nothing listens on."""
    settings = Settings(
        elasticsearch_url=f"http://127.0.0.1:{_closed_port()}",
        index_prefix=f"{run_prefix}-unreachable",
        api_request_timeout=2,
        admin_tokens={"tester": SecretStr(TOKEN)},
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    "path",
    [
        "/v1/search",
        "/v1/search?q=kissa&filter=municipality:espoo",
        "/v1/suggest?q=kes",
        "/v1/records/0123456789abcdef0123",
        "/v1/records/0123456789abcdef0123/similar",
        "/v1/facets/subject",
        "/v1/facets/year?format=csv",
        "/v1/admin/jobs",
        "/v1/admin/jobs/some-job",
    ],
)
def test_an_unreachable_cluster_is_a_clear_503_everywhere(unreachable: TestClient, path: str) -> None:
    answer = unreachable.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.json() == {"detail": UNREACHABLE}


def test_health_says_the_cluster_cannot_be_reached(unreachable: TestClient) -> None:
    answer = unreachable.get("/health")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert body["elasticsearch"] == "unreachable"
    assert body["message"] == UNREACHABLE


@pytest.fixture
def shard_lost(es: Elasticsearch, settings: Settings) -> Iterator[TestClient]:
    """A catalogue whose only shard no node holds: what a cluster answers after losing the node that held
    it (red until a replica is promoted or the node is back), made here on the one test node by requiring
    a node that does not exist."""
    name = f"{settings.works_alias}-v1-20261207000000000000"
    es.indices.create(
        index=name,
        settings={"number_of_replicas": 0, "index.routing.allocation.require._name": "no-such-node"},
        aliases={settings.works_alias: {}},
        wait_for_active_shards="0",
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client
    es.indices.delete(index=name)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/search?q=kissa",
        "/v1/suggest?q=kes",
        "/v1/records/0123456789abcdef0123",
        "/v1/facets/subject?q=kissa",
    ],
)
def test_a_shard_whose_node_is_lost_is_a_503_not_a_500(shard_lost: TestClient, path: str) -> None:
    """The trial: SIGKILL of the node holding the only shard answered every search 500 "Internal error"."""
    answer = shard_lost.get(path)
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["detail"].startswith("Search is temporarily unavailable: part of the catalogue")


def test_health_says_the_live_index_has_lost_a_shard(shard_lost: TestClient) -> None:
    answer = shard_lost.get("/health")
    assert answer.status_code == 503
    assert "has shards that no node holds" in answer.json()["message"]


def test_another_index_without_a_node_is_not_this_services_trouble(
    api: TestClient, es: Elasticsearch, run_prefix: str
) -> None:
    """A red index of another catalogue turns the cluster red; the live catalogue is whole and serves."""
    other = f"{run_prefix}-other-catalogue-works-v1-20261207000000000000"
    es.indices.create(
        index=other,
        settings={"number_of_replicas": 0, "index.routing.allocation.require._name": "no-such-node"},
        wait_for_active_shards="0",
    )
    try:
        answer = api.get("/health")
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] in ("ok", "degraded") and answer.json()["elasticsearch"] == "red"
    finally:
        es.indices.delete(index=other)
