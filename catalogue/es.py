"""Elasticsearch clients built from the settings, so every part talks to the cluster the same way."""

from __future__ import annotations

from elasticsearch import AsyncElasticsearch, Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

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


def sync_client(settings: Settings, *, start_local: bool = True) -> Elasticsearch:
    """The indexer's client. orjson serialises bulk bodies several times faster than the standard library,
    which matters when a million documents go through it."""
    return Elasticsearch(
        cluster_url(settings, start_local=start_local),
        request_timeout=settings.elasticsearch_request_timeout,
        retry_on_timeout=True,
        max_retries=3,
        serializer=OrjsonSerializer(),
    )


def async_client(settings: Settings) -> AsyncElasticsearch:
    return AsyncElasticsearch(
        cluster_url(settings, start_local=False),
        request_timeout=settings.elasticsearch_request_timeout,
        max_retries=1,
        serializer=OrjsonSerializer(),
    )
