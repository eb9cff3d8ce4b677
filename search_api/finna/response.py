"""Our search answer written as Finna writes its answers: the envelope, the records and the facets.

``resultCount`` always; ``records`` only when some are returned; ``facets`` (keyed by field) only when
asked for and something was found; ``status`` ``OK``. A facet item has ``value`` (usable in ``filter[]``),
``translated``, ``count``, ``href`` (the current search with this value's filter added, or taken away when
applied; ``page`` dropped), ``isApplied`` (1, only when applied) and, in a hierarchy, ``children``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi.responses import Response
from pydantic_core import to_json

from search_api.facets import Filters, shape_facet
from search_api.finna.formats import HIERARCHIES
from search_api.finna.records import Context, shape_record
from search_api.finna.request import FACET_FIELDS, FinnaSearch, Params
from search_api.labels import UiLanguage


def finna_response(content: dict[str, Any], pretty: bool = False, status: int = 200) -> Response:
    """JSON as Finna sends it (indented with ``prettyPrint``)."""
    return Response(to_json(content, indent=2 if pretty else None), status, media_type="application/json")


def error_content(message: str, detail: str | None = None) -> dict[str, Any]:
    """Finna's error shape; ``detail`` (ours) says what was wrong in words a person understands."""
    content = {"status": "ERROR", "statusMessage": message}
    return content if detail is None else {**content, "detail": detail}


def records_content(
    displays: list[dict[str, Any]],
    fields: list[str],
    ui: UiLanguage,
    sources: list[list[dict[str, Any]]] | None,
) -> dict[str, Any]:
    """``/api/v1/record``'s answer; ``sources`` each work's source records, when a field needs them."""
    content: dict[str, Any] = {"resultCount": len(displays)}
    if displays and fields:
        content["records"] = _records(displays, fields, ui, sources)
    return {**content, "status": "OK"}


def _records(
    displays: list[dict[str, Any]],
    fields: list[str],
    ui: UiLanguage,
    sources: list[list[dict[str, Any]]] | None,
) -> list[dict[str, Any]]:
    return [
        shape_record(display, fields, Context(ui, sources[index] if sources is not None else None))
        for index, display in enumerate(displays)
    ]


def search_content(
    search: FinnaSearch,
    answer: dict[str, Any],
    params: Params,
    sources: list[list[dict[str, Any]]] | None,
) -> dict[str, Any]:
    """``/api/v1/search``'s answer from a search answer (:func:`search_api.response.search_answer`)."""
    total = answer["hits"]["total"]["value"]
    content: dict[str, Any] = {"resultCount": total}
    displays = displays_of(answer, search.limit)
    if displays:
        content["records"] = _records(displays, search.fields, search.request.lang, sources)
    if search.facets and total:
        aggregations = answer.get("aggregations", {})
        content["facets"] = {
            name: _facet(name, aggregations[FACET_FIELDS[name]], total, search, params)
            for name in search.facets
        }
    return {**content, "status": "OK"}


def displays_of(answer: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """The display documents of the records a search answer returns."""
    return [hit["_source"]["display"] for hit in answer["hits"]["hits"][:limit]]


def _facet(
    name: str, aggregation: dict[str, Any], total: int, search: FinnaSearch, params: Params
) -> list[dict[str, Any]]:
    ui = search.request.lang
    hierarchy = HIERARCHIES.get(name)
    if hierarchy is not None:
        counts = {str(bucket["key"]): bucket["doc_count"] for bucket in aggregation["values"]["buckets"]}
        items = hierarchy.tree(counts, total)
        _translate(items, lambda code: hierarchy.translated(code, ui))
    else:
        values = shape_facet(FACET_FIELDS[name], aggregation, Filters(), ui)
        items = [{"value": v["value"], "translated": v["label"], "count": v["count"]} for v in values]
    items = _pruned(items, search.facet_filters.get(name, []))
    return _link(items, name, search.applied.get(name, set()), params)


def _translate(items: list[dict[str, Any]], translated: Callable[[str], str]) -> None:
    for item in items:
        item["translated"] = translated(item["value"])
        _translate(item.get("children", []), translated)


def _pruned(items: list[dict[str, Any]], patterns: list[re.Pattern[str]]) -> list[dict[str, Any]]:
    """The items that, or one of whose descendants, a ``facetFilter[]`` pattern finds (unanchored);
    every item when there is no pattern."""
    if not patterns:
        return items
    kept = []
    for item in items:
        children = _pruned(item.get("children", []), patterns)
        if children or any(pattern.search(item["value"]) for pattern in patterns):
            kept.append({**item, "children": children} if "children" in item else item)
    return kept


def _link(items: list[dict[str, Any]], name: str, applied: set[str], params: Params) -> list[dict[str, Any]]:
    """The items in Finna's key order, with ``href`` and ``isApplied``; ``children`` only when there
    are some."""
    linked = []
    for item in items:
        value = item["value"]
        entry = {"value": value, "translated": item["translated"], "count": item["count"]}
        entry["href"] = _href(params, name, value, add=value not in applied)
        if value in applied:
            entry["isApplied"] = 1
        if item.get("children"):
            entry["children"] = _link(item["children"], name, applied, params)
        linked.append(entry)
    return linked


def _href(params: Params, name: str, value: str, *, add: bool) -> str:
    """The current search (without ``page``) with ``name:"value"`` added as a filter, or with every
    filter of ``name`` on ``value`` taken away."""
    pairs = [(key, item) for key, item in params.pairs if key != "page"]
    if add:
        pairs.append(("filter[]", f'{name}:"{value}"'))
    else:
        pairs = [
            (key, item) for key, item in pairs if not (key == "filter[]" and _filters_on(item, name, value))
        ]
    return "?" + urlencode(pairs)


def _filters_on(item: str, name: str, value: str) -> bool:
    field, _, written = item.lstrip("~").partition(":")
    return field == name and written.strip().strip('"').strip() == value
