"""Ask a cluster which analysis components, aggregations and APIs it really offers.

The integration-test distribution we run locally is the bare server (no ``analysis-common``, no
``analysis-icu``, no ``reindex`` module, no painless). Rather than trust documentation, this module asks
the node itself, in a throw-away index; the README's development section records its answer and a test
checks that everything the project relies on is there.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

ANALYZERS = ("standard", "simple", "whitespace", "keyword", "stop", "finnish", "swedish", "english")
TOKENIZERS = ("standard", "whitespace", "keyword", "icu_tokenizer", "edge_ngram")
TOKEN_FILTERS = ("lowercase", "stop", "shingle", "asciifolding", "icu_folding", "stemmer", "snowball")

_MAPPING = {
    "settings": {"number_of_shards": 1, "number_of_replicas": 0},
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "text": {"type": "text", "analyzer": "whitespace", "index_prefixes": {}},
            "tag": {"type": "keyword"},
            "year": {"type": "integer"},
            "suggest": {"type": "completion", "analyzer": "simple"},
        },
    },
}
_DOCS = [
    {"text": "kirjasto kortti", "tag": "espoo", "year": 2019, "suggest": ["Kirjasto"]},
    {"text": "kirjasto kirja", "tag": "vantaa", "year": 2020, "suggest": ["Kirja"]},
]
_AGGREGATIONS: dict[str, dict[str, Any]] = {
    "terms": {"terms": {"field": "tag"}},
    "histogram": {"histogram": {"field": "year", "interval": 1}},
    "range": {"range": {"field": "year", "ranges": [{"to": 2020}]}},
    "filters": {"filters": {"filters": {"a": {"term": {"tag": "espoo"}}}}},
    "composite": {"composite": {"sources": [{"tag": {"terms": {"field": "tag"}}}]}},
    "cardinality": {"cardinality": {"field": "tag"}},
}
_QUERIES: dict[str, dict[str, Any]] = {
    "more_like_this": {
        "query": {
            "more_like_this": {"fields": ["text"], "like": "kirjasto", "min_term_freq": 1, "min_doc_freq": 1}
        }
    },
    "prefix via index_prefixes": {"query": {"prefix": {"text": "kirj"}}},
    "highlight": {"query": {"match": {"text": "kirjasto"}}, "highlight": {"fields": {"text": {}}}},
    "completion suggester": {"suggest": {"s": {"prefix": "kir", "completion": {"field": "suggest"}}}},
    "term suggester": {"suggest": {"s": {"text": "kirjsto", "term": {"field": "text"}}}},
    "painless script": {"script_fields": {"x": {"script": "1"}}},
}


def _ok(response: httpx.Response) -> bool:
    """A 2xx answer without an ``error`` object (some failures come back as 200 with one)."""
    if response.status_code >= 300:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return not (isinstance(body, dict) and "error" in body)


def probe(url: str, client_options: dict[str, Any] | None = None) -> dict[str, dict[str, bool]]:
    """Feature → available, grouped by kind. Creates and deletes one scratch index.

    ``client_options`` are the cluster's credentials and TLS options for httpx
    (:func:`catalogue.es.http_client_options`); none for the local development node."""
    index = f"probe-{uuid.uuid4().hex[:8]}"
    report: dict[str, dict[str, bool]] = {"analyzers": {}, "tokenizers": {}, "token_filters": {}}
    with httpx.Client(base_url=url, timeout=30, **(client_options or {})) as client:
        for name in ANALYZERS:
            report["analyzers"][name] = _ok(
                client.post("/_analyze", json={"analyzer": name, "text": "kirjastossa"})
            )
        for name in TOKENIZERS:
            report["tokenizers"][name] = _ok(
                client.post("/_analyze", json={"tokenizer": name, "text": "a b"})
            )
        for name in TOKEN_FILTERS:
            body = {"tokenizer": "standard", "filter": [name], "text": "Käyttäjä"}
            report["token_filters"][name] = _ok(client.post("/_analyze", json=body))
        client.put(f"/{index}", json=_MAPPING).raise_for_status()
        try:
            for number, doc in enumerate(_DOCS):
                client.put(f"/{index}/_doc/{number}", params={"refresh": "true"}, json=doc).raise_for_status()
            report["aggregations"] = {
                name: _ok(client.post(f"/{index}/_search", json={"size": 0, "aggs": {"a": agg}}))
                for name, agg in _AGGREGATIONS.items()
            }
            report["queries"] = {
                name: _ok(client.post(f"/{index}/_search", json=body)) for name, body in _QUERIES.items()
            }
            pit = client.post(f"/{index}/_pit", params={"keep_alive": "1m"})
            report["apis"] = {
                "point in time": _ok(pit),
                "aliases": _ok(
                    client.post(
                        "/_aliases", json={"actions": [{"add": {"index": index, "alias": f"{index}-a"}}]}
                    )
                ),
                "index templates": _ok(
                    client.put(
                        f"/_index_template/{index}", json={"index_patterns": [f"{index}-x-*"], "template": {}}
                    )
                ),
                "_reindex": _ok(
                    client.post(
                        "/_reindex", json={"source": {"index": index}, "dest": {"index": f"{index}-r"}}
                    )
                ),
                "_update_by_query": _ok(client.post(f"/{index}/_update_by_query")),
                "_delete_by_query": _ok(
                    client.post(f"/{index}/_delete_by_query", json={"query": {"term": {"tag": "none"}}})
                ),
                "ingest processors": _ok(
                    client.put(
                        f"/_ingest/pipeline/{index}", json={"processors": [{"lowercase": {"field": "tag"}}]}
                    )
                ),
            }
            if report["apis"]["point in time"]:
                client.request("DELETE", "/_pit", json={"id": pit.json()["id"]})
        finally:
            client.delete(f"/_index_template/{index}")
            client.delete(f"/_ingest/pipeline/{index}")
            client.delete(f"/{index}")
    return report
