"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from catalogue.es import node_urls
from catalogue.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return document


CLUSTER_NODES = ("es01", "es02", "es03")
CLUSTER_URL = "http://es01:9200,http://es02:9200,http://es03:9200"


def _default_services() -> dict[str, Any]:
    """What ``docker compose up`` starts: the services without a profile."""
    return {name: service for name, service in _compose()["services"].items() if "profiles" not in service}


def _cluster_services() -> dict[str, Any]:
    """What the ``cluster`` profile adds."""
    services = _compose()["services"].items()
    return {name: service for name, service in services if "cluster" in service.get("profiles", [])}


def test_services_and_their_order() -> None:
    services = _default_services()
    assert set(services) == {"elasticsearch", "indexer", "api"}, "docker compose up stays the one-node stack"
    assert services["indexer"]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    assert services["api"]["depends_on"]["indexer"]["condition"] == "service_completed_successfully"
    assert services["indexer"]["restart"] == "no"
    assert services["indexer"]["command"] == ["python", "-m", "indexer", "reindex"]
    assert services["api"]["command"] == ["python", "-m", "search_api"]


def test_elasticsearch_is_the_official_single_node_image_of_our_version() -> None:
    elasticsearch = _default_services()["elasticsearch"]
    image, version = elasticsearch["image"].rsplit(":", 1)
    assert image == "docker.elastic.co/elasticsearch/elasticsearch"
    assert version == Settings().devnode_version
    environment = elasticsearch["environment"]
    assert environment["discovery.type"] == "single-node"
    assert environment["xpack.security.enabled"] == "false"
    assert elasticsearch["ports"] == ["127.0.0.1:9200:9200"], "security is off: bind to loopback only"
    assert "_cluster/health" in " ".join(elasticsearch["healthcheck"]["test"])


def test_api_and_indexer_point_at_the_compose_cluster() -> None:
    services = _default_services()
    for name in ("indexer", "api"):
        environment = services[name]["environment"]
        assert environment["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        settings = Settings(_env_file=None, **{"ELASTICSEARCH_URL": environment["ELASTICSEARCH_URL"]})
        assert settings.elasticsearch_url == "http://elasticsearch:9200"
    api = services["api"]
    assert api["ports"] == ["127.0.0.1:8000:8000"]
    assert api["environment"]["HELMET_API_HOST"] == "0.0.0.0"
    assert "/health" in " ".join(api["healthcheck"]["test"])


def test_dockerfile_copies_what_the_services_need() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for needed in ("catalogue", "indexer", "search_api", "mappings", "sources.toml", "data"):
        assert f"COPY {needed}" in dockerfile


def test_the_cluster_profile_is_three_nodes_that_find_each_other() -> None:
    cluster = _cluster_services()
    assert set(cluster) == {*CLUSTER_NODES, "indexer-cluster", "api-cluster"}
    for name in CLUSTER_NODES:
        node = cluster[name]
        image, version = node["image"].rsplit(":", 1)
        assert image == "docker.elastic.co/elasticsearch/elasticsearch"
        assert version == Settings().devnode_version
        environment = node["environment"]
        assert environment["node.name"] == name
        assert environment["cluster.name"] == "helmet-cluster"
        assert "discovery.type" not in environment, "a single-node node never joins the others"
        assert set(environment["discovery.seed_hosts"].split(",")) == set(CLUSTER_NODES) - {name}
        assert environment["cluster.initial_master_nodes"].split(",") == list(CLUSTER_NODES)
        assert environment["xpack.security.enabled"] == "false"
        (port,) = node["ports"]
        assert port.startswith("127.0.0.1:") and port.endswith(":9200"), "security is off: loopback only"
        assert "_cluster/health" in " ".join(node["healthcheck"]["test"])


def test_the_cluster_profile_indexes_into_and_serves_from_every_node() -> None:
    cluster = _cluster_services()
    indexer, api = cluster["indexer-cluster"], cluster["api-cluster"]
    for service in (indexer, api):
        assert service["environment"]["ELASTICSEARCH_URL"] == CLUSTER_URL
        settings = Settings(_env_file=None, **{"ELASTICSEARCH_URL": CLUSTER_URL})
        assert node_urls(str(settings.elasticsearch_url)) == [f"http://{name}:9200" for name in CLUSTER_NODES]
        assert {
            name: dep["condition"] for name, dep in service["depends_on"].items() if name in CLUSTER_NODES
        } == {name: "service_healthy" for name in CLUSTER_NODES}
    assert indexer["command"] == ["python", "-m", "indexer", "reindex"] and indexer["restart"] == "no"
    assert api["depends_on"]["indexer-cluster"]["condition"] == "service_completed_successfully"
    assert api["command"] == ["python", "-m", "search_api"]


def test_both_stacks_can_run_side_by_side() -> None:
    """Compose starts the services without a profile with any profile, so no host port may be taken twice;
    every port is on loopback."""
    ports = [port for service in _compose()["services"].values() for port in service.get("ports", [])]
    assert len(ports) == len(set(port.rsplit(":", 1)[0] for port in ports))
    assert all(port.startswith("127.0.0.1:") for port in ports)
    volumes = [
        v.split(":")[0] for service in _compose()["services"].values() for v in service.get("volumes", [])
    ]
    assert len(volumes) == len(set(volumes)) and set(volumes) <= set(_compose()["volumes"])
