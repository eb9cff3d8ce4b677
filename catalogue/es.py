"""Elasticsearch clients built from the settings, so every part talks to the cluster the same way.

Credentials and TLS are decided here and nowhere else: an API key or a username and password, and the CA
that signed a secured cluster's certificate. The API may hold a read-only key of its own
(``HELMET_API_ELASTICSEARCH_API_KEY``), so that its searches cannot write even though the indexer jobs it
starts run with the writer credentials.
"""

from __future__ import annotations

import ssl
from typing import Any

import orjson
from elasticsearch import AsyncElasticsearch, Elasticsearch
from elasticsearch.serializer import NdjsonSerializer, OrjsonSerializer
from pydantic import SecretStr

from catalogue import devnode
from catalogue.settings import Settings


def cluster_url(settings: Settings, *, start_local: bool) -> str:
    """The configured cluster; otherwise the project's local node, started first if ``start_local``.

    Long-running jobs (indexer, tests, demo) may start the local node; the API only connects to it, so that a
    web process never forks a JVM behind the operator's back.
    """
    if settings.elasticsearch_url:
        return settings.elasticsearch_url
    return devnode.start(settings) if start_local else devnode.url_for(settings)


def connection_options(settings: Settings, api_key: SecretStr | None = None) -> dict[str, Any]:
    """Credentials and TLS options for a client: ``api_key`` when given, else the configured credentials.

    Secrets are unwrapped only here, into the client's own arguments; nothing else sees or logs them.
    """
    options: dict[str, Any] = {"verify_certs": settings.elasticsearch_verify_certs}
    key = api_key or settings.elasticsearch_api_key
    if key is not None:
        options["api_key"] = key.get_secret_value()
    elif settings.elasticsearch_username is not None and settings.elasticsearch_password is not None:
        options["basic_auth"] = (
            settings.elasticsearch_username,
            settings.elasticsearch_password.get_secret_value(),
        )
    if settings.elasticsearch_ca_certs is not None:
        options["ca_certs"] = str(settings.elasticsearch_ca_certs)
    return options


def http_client_options(settings: Settings) -> dict[str, Any]:
    """The same credentials and TLS options for an httpx client: the ``devnode probe`` tool sends raw
    requests (``_analyze`` with any analyzer, APIs a cluster may lack) the typed client has no call for."""
    options = connection_options(settings)
    verify: bool | ssl.SSLContext = bool(options["verify_certs"])
    if verify and "ca_certs" in options:
        verify = ssl.create_default_context(cafile=options["ca_certs"])
    http: dict[str, Any] = {"verify": verify}
    if "api_key" in options:
        http["headers"] = {"Authorization": f"ApiKey {options['api_key']}"}
    if "basic_auth" in options:
        http["auth"] = options["basic_auth"]
    return http


class OrjsonNdjsonSerializer(NdjsonSerializer):
    """Newline-delimited JSON (the API's ``_msearch``) written and read with orjson like the JSON bodies;
    the client's own uses the standard library, a quarter of a millisecond per search."""

    def json_dumps(self, data: Any) -> bytes:
        return orjson.dumps(data)

    def json_loads(self, data: bytes) -> Any:
        return orjson.loads(data)


SERIALIZERS = {
    OrjsonSerializer.mimetype: OrjsonSerializer(),
    NdjsonSerializer.mimetype: OrjsonNdjsonSerializer(),
}
"""orjson for both kinds of body: the indexer's bulk requests and the API's searches, millions of each."""


def node_urls(url: str) -> list[str]:
    """``ELASTICSEARCH_URL`` may name several nodes of one cluster, separated by commas."""
    return [node.strip() for node in url.split(",") if node.strip()]


def sync_client(settings: Settings, *, start_local: bool = True) -> Elasticsearch:
    """The indexer's client. orjson serialises bulk bodies several times faster than the standard library,
    which matters when a million documents go through it."""
    return Elasticsearch(
        node_urls(cluster_url(settings, start_local=start_local)),
        request_timeout=settings.elasticsearch_request_timeout,
        retry_on_timeout=True,
        max_retries=3,
        serializers=SERIALIZERS,
        **connection_options(settings),
    )


def async_client(settings: Settings) -> AsyncElasticsearch:
    """The API's client, with the API's own key when one is configured.

    Given several nodes it moves a request to another node when one refuses connections or drops them (a
    node killed or restarted): ``max_retries`` lets a request try every other node once, and the node that
    failed is left alone for a while (the transport's dead-node backoff). A node that accepts connections
    but does not answer (frozen, or cut off) is tried for half the request timeout only, leaving the other
    half for one more node: the API only reads, and a read repeated elsewhere is harmless. With one node
    there is nowhere else to go, so its single attempt gets the whole timeout. The store
    (``search_api.catalogue_store``) bounds the request as a whole, retries included.
    """
    nodes = node_urls(cluster_url(settings, start_local=False))
    several = len(nodes) > 1
    return AsyncElasticsearch(
        nodes,
        request_timeout=settings.api_request_timeout / 2 if several else settings.api_request_timeout,
        retry_on_timeout=several,
        max_retries=max(1, len(nodes) - 1),  # a search may try every other node once
        serializers=SERIALIZERS,
        **connection_options(settings, settings.api_elasticsearch_api_key),
    )
