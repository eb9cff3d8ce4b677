"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from catalogue.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return document


def test_services_and_their_order() -> None:
    services = _compose()["services"]
    assert set(services) == {"elasticsearch", "indexer", "api"}
    assert services["indexer"]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    assert services["api"]["depends_on"]["indexer"]["condition"] == "service_completed_successfully"
    assert services["indexer"]["restart"] == "no"
    assert services["indexer"]["command"] == ["python", "-m", "indexer", "reindex"]
    assert services["api"]["command"] == ["python", "-m", "search_api"]


def test_elasticsearch_is_the_official_single_node_image_of_our_version() -> None:
    elasticsearch = _compose()["services"]["elasticsearch"]
    image, version = elasticsearch["image"].rsplit(":", 1)
    assert image == "docker.elastic.co/elasticsearch/elasticsearch"
    assert version == Settings().devnode_version
    environment = elasticsearch["environment"]
    assert environment["discovery.type"] == "single-node"
    assert environment["xpack.security.enabled"] == "false"
    assert elasticsearch["ports"] == ["127.0.0.1:9200:9200"], "security is off: bind to loopback only"
    assert "_cluster/health" in " ".join(elasticsearch["healthcheck"]["test"])


def test_api_and_indexer_point_at_the_compose_cluster() -> None:
    services = _compose()["services"]
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
