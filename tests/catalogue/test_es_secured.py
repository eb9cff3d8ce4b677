"""The indexer and the API against a secured cluster: security on, HTTPS signed by a CA made here, and
the least-privilege roles of ``security/`` — on a real node of the project's own distribution.

The integration-test distribution ships ``x-pack-security`` and ``bin/elasticsearch-users``, but not
``analysis-common``, whose ``pattern_capture`` filter the ``.security`` index needs: native users, native
roles and API keys cannot be created on it. So the node gets file-realm users and file-based roles
(``roles.yml`` holds the very JSON of ``security/*.json``, with this run's prefix), which Elasticsearch
authorises exactly as it would the same roles created with ``POST /_security/role``. That API keys reach the
cluster in the right header is checked against a recording server in ``test_es.py``.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import trustme
import yaml
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import AuthenticationException, AuthorizationException
from fastapi.testclient import TestClient
from pydantic import SecretStr

from catalogue import devnode
from catalogue.es import sync_client
from catalogue.settings import PROJECT_ROOT, Settings
from indexer.jobs.reindex import run_reindex
from indexer.jobs.update import run_update
from search_api.app import create_app
from tests.search_api.conftest import fixture_sources

pytestmark = pytest.mark.skipif(
    bool(Settings().elasticsearch_url), reason="an external cluster is configured: no local node to secure"
)

PORTS = range(9500, 9600)  # this test's share of the machine's ports (transport: + 100)
PASSWORD = "a long test password"
USERS = {"helmet-api": "helmet_search_api", "helmet-indexer": "helmet_indexer"}
ROLE_FILES = {"helmet_search_api": "search_api_role.json", "helmet_indexer": "indexer_role.json"}
TOKEN = "secured admin token"


@dataclass(frozen=True)
class SecuredNode:
    url: str
    ca: Path
    prefix: str
    work_dir: Path

    def settings(self, user: str, **changes: object) -> Settings:
        """Settings of a process that signs in as ``user`` and trusts the node's CA."""
        base = Settings(
            elasticsearch_url=self.url,
            elasticsearch_username=user,
            elasticsearch_password=SecretStr(PASSWORD),
            elasticsearch_ca_certs=self.ca,
            index_prefix=self.prefix,
            state_dir=self.work_dir / "state",
            merge_rules_file=self.work_dir / "no-merge-rules.toml",
            sources_file=self.work_dir / "sources.toml",
            admin_tokens={"anna": SecretStr(TOKEN)},
        )
        return base.model_copy(update=changes)


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _roles(prefix: str) -> dict[str, object]:
    """The documented roles, with the default prefix ``catalogue`` replaced by this run's."""
    folder = PROJECT_ROOT / "security"
    return {
        name: json.loads((folder / file).read_text().replace('"catalogue-', f'"{prefix}-'))
        for name, file in ROLE_FILES.items()
    }


def _write_config(es_home: Path, config: Path, prefix: str, ca: trustme.CA) -> None:
    """A config folder of the node's own: the distribution's, plus certificate, roles and users."""
    shutil.copytree(es_home / "config", config)
    certificate = ca.issue_cert("127.0.0.1", "localhost")
    certificate.private_key_pem.write_to_path(str(config / "node.key"))
    certificate.cert_chain_pems[0].write_to_path(str(config / "node.crt"))
    (config / "roles.yml").write_text(yaml.safe_dump(_roles(prefix)))
    env = {
        "ES_PATH_CONF": str(config),
        "ES_JAVA_HOME": str(devnode.find_java_home()),
        "PATH": "/usr/bin:/bin",
    }
    first = next(iter(USERS))
    subprocess.run(
        [str(es_home / "bin" / "elasticsearch-users"), "useradd", first, "-p", PASSWORD, "-r", USERS[first]],
        env=env,
        check=True,
        capture_output=True,
    )
    # One bcrypt hash serves every user (same password): the tool takes seconds of JVM start per user.
    password_hash = (config / "users").read_text().split(":", 1)[1].strip()
    (config / "users").write_text("".join(f"{user}:{password_hash}\n" for user in USERS))
    (config / "users_roles").write_text("".join(f"{role}:{user}\n" for user, role in USERS.items()))


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory, run_prefix: str) -> Iterator[SecuredNode]:
    port = next(port for port in PORTS if _free(port) and _free(port + 100))
    settings = Settings(devnode_port=port)
    paths = devnode.paths_for(settings)
    work_dir = tmp_path_factory.mktemp("secured")
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(work_dir / "ca.pem"))
    node = SecuredNode(f"https://127.0.0.1:{port}", work_dir / "ca.pem", f"{run_prefix}-secured", work_dir)
    shutil.rmtree(paths.node_dir, ignore_errors=True)  # left by an earlier run that was killed
    devnode.unpack_distribution(paths)
    _write_config(paths.es_home, paths.node_dir / "config", node.prefix, ca)

    def health() -> dict[str, object] | None:
        try:
            answer = httpx.get(
                f"{node.url}/_cluster/health",
                auth=("helmet-api", PASSWORD),
                verify=ssl.create_default_context(cafile=node.ca),
                timeout=2,
            )
        except httpx.HTTPError:
            return None
        if answer.status_code != 200:
            return None
        body: dict[str, object] = answer.json()
        return body

    extra = {
        "xpack.security.enabled": "true",
        "xpack.security.http.ssl.enabled": "true",
        "xpack.security.http.ssl.key": "node.key",
        "xpack.security.http.ssl.certificate": "node.crt",
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ES_PATH_CONF", str(paths.node_dir / "config"))
        devnode.start(settings, extra, health)
    try:
        yield node
    finally:
        devnode.stop(settings)
        shutil.rmtree(paths.node_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def indexed(secured: SecuredNode) -> SecuredNode:
    """The fixture catalogue, built and then updated by the indexer signed in with the indexer role alone."""
    settings = secured.settings("helmet-indexer")
    sources = fixture_sources()
    (secured.work_dir / "sources.toml").write_text(
        "".join(
            f'[[source]]\nid = "{s.id}"\nmunicipality = "{s.municipality}"\nlocation = "{s.location}"\n\n'
            for s in sources
        )
    )
    with sync_client(settings) as es:
        assert run_reindex(es, settings, sources).status == "succeeded"
        assert run_update(es, settings, sources).status == "succeeded"
    return secured


def test_the_api_serves_everything_with_the_read_only_role(indexed: SecuredNode) -> None:
    with TestClient(create_app(indexed.settings("helmet-api"))) as api:
        health = api.get("/health").json()
        assert health["status"] == "ok" and health["documents"] > 0
        first = api.get("/v1/search", params={"page_size": 2}).json()
        work_id = first["hits"][0]["id"]
        paths = [
            f"/v1/search?page_size=2&cursor={first['cursor']}",  # a cursor goes with its own query
            "/v1/search?q=kissa&filter=municipality:espoo",
            "/v1/suggest?q=k",
            "/v1/facets/subject?format=csv",
            f"/v1/records/{work_id}",
            f"/v1/records/{work_id}/similar",
            "/v1/admin/jobs",
        ]
        for path in paths:
            answer = api.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
            assert answer.status_code == 200, (path, answer.text)
        jobs = api.get("/v1/admin/jobs", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert [job["kind"] for job in jobs] == ["update", "reindex"]


def test_the_api_role_cannot_write(indexed: SecuredNode) -> None:
    with sync_client(indexed.settings("helmet-api")) as reader:
        assert reader.count(index=f"{indexed.prefix}-works")["count"] > 0
        with pytest.raises(AuthorizationException, match=r"indices:data/write/index\] is unauthorized"):
            reader.index(index=f"{indexed.prefix}-works", document={"title": "spam"})
        live = next(iter(reader.indices.get_alias(name=f"{indexed.prefix}-works")))
        with pytest.raises(AuthorizationException, match=r"indices:admin/delete\] is unauthorized"):
            reader.indices.delete(index=live)


def test_the_indexer_role_reaches_only_its_catalogue(indexed: SecuredNode) -> None:
    with (
        sync_client(indexed.settings("helmet-indexer")) as writer,
        pytest.raises(AuthorizationException, match=r"indices:admin/create\] is unauthorized"),
    ):
        writer.indices.create(index="someone-elses-index")


def test_wrong_credentials_are_a_clear_503(indexed: SecuredNode) -> None:
    wrong = indexed.settings("helmet-api", elasticsearch_password=SecretStr("guess"))
    with sync_client(wrong) as es, pytest.raises(AuthenticationException):
        es.count(index=f"{indexed.prefix}-works")
    with TestClient(create_app(wrong)) as api:
        answer = api.get("/v1/search", params={"q": "kissa"})
        assert answer.status_code == 503
        assert answer.json()["detail"] == (
            "Search is temporarily unavailable: the search cluster refused the service's credentials."
        )
        assert api.get("/health").status_code == 503


def test_the_certificate_is_checked_against_the_ca(indexed: SecuredNode) -> None:
    unknown_ca = indexed.settings("helmet-api", elasticsearch_ca_certs=None)
    with (
        sync_client(unknown_ca) as es,
        pytest.raises(TransportConnectionError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        es.cluster.health()
    unchecked = indexed.settings("helmet-api", elasticsearch_ca_certs=None, elasticsearch_verify_certs=False)
    with pytest.warns(Warning, match="verify_certs=False is insecure"), sync_client(unchecked) as es:
        assert es.cluster.health()["status"] in ("green", "yellow")


def test_a_job_started_through_the_admin_api_gets_the_writer_credentials(indexed: SecuredNode) -> None:
    """The job process is handed the indexer's user and the CA by the API (job_launcher), not inherited."""
    with TestClient(create_app(indexed.settings("helmet-indexer"))) as api:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        job = api.post("/v1/admin/update", json={}, headers=auth).json()
        deadline = time.monotonic() + 120
        while job["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.5)
            job = api.get(f"/v1/admin/jobs/{job['id']}", headers=auth).json()
    assert job["status"] == "succeeded", job
