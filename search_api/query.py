"""Turn a typed search request into an Elasticsearch request body.

Route handlers never build Elasticsearch JSON themselves; everything Elasticsearch sees is decided here,
so it can be unit-tested without a cluster.
"""

from __future__ import annotations

from typing import Any

from search_api.models import SearchRequest

SEARCH_FIELDS = ["title^4", "subtitle^2", "contributors.name^3", "subjects^2", "description"]
SOURCE_FIELDS = ["id", "title", "subtitle", "contributors", "year", "material_type", "languages", "holdings"]


def build_search(request: SearchRequest) -> dict[str, Any]:
    words = request.q.strip()
    query: dict[str, Any]
    if words:
        query = {
            "multi_match": {
                "query": words,
                "fields": SEARCH_FIELDS,
                "operator": "and",
                "type": "cross_fields",
            }
        }
    else:
        query = {"match_all": {}}
    return {
        "query": query,
        "from": (request.page - 1) * request.page_size,
        "size": request.page_size,
        "_source": SOURCE_FIELDS,
        "track_total_hits": True,
    }


def build_jobs_listing(limit: int) -> dict[str, Any]:
    """Newest job records first; the lock document lives in the same index and is left out."""
    return {
        "query": {"bool": {"must_not": [{"term": {"kind": "lock"}}]}},
        "sort": [{"started": "desc"}],
        "size": limit,
    }
