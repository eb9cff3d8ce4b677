"""Shape Elasticsearch answers into the API's response types."""

from __future__ import annotations

from typing import Any

from search_api.models import Hit, SearchRequest, SearchResponse


def shape_search(answer: dict[str, Any], request: SearchRequest) -> SearchResponse:
    hits = answer["hits"]
    return SearchResponse(
        total=hits["total"]["value"],
        page=request.page,
        page_size=request.page_size,
        hits=[Hit.model_validate(hit["_source"]) for hit in hits["hits"]],
    )
