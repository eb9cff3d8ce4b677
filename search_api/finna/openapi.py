"""The OpenAPI 3.0.3 document of the Finna API as served here (``/api/v1/?openapi``), the way api.finna.fi
publishes its own: clients read ``components.schemas.Record.properties`` for the fields on offer.

Written from the tables the requests are read with (:mod:`.request`) and the records are written with
(:mod:`.records`), so it lists exactly what is served.
"""

from __future__ import annotations

from typing import Any

from search_api.finna.records import DEFAULT_FIELDS, FIELDS
from search_api.finna.request import FACET_FIELDS, LANGUAGES, MAX_RECORD_IDS, SORTS, TYPE_FIELDS
from search_api.models import MAX_PAGE_SIZE

_STRING = {"type": "string"}


def _ref(schema: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{schema}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _array(name: str, description: str, items: dict[str, Any] | None = None) -> dict[str, Any]:
    schema = {"type": "array", "items": items or _STRING}
    return {**_parameter(name, description, schema), "style": "form", "explode": True}


def _common() -> list[dict[str, Any]]:
    return [
        _array(
            "field[]",
            "Record fields to return (default: " + ", ".join(DEFAULT_FIELDS) + ").",
            {"type": "string", "enum": list(FIELDS)},
        ),
        _parameter("lng", "Language of translated values.", {"type": "string", "enum": list(LANGUAGES)}),
        _parameter("prettyPrint", "Indent the JSON.", {"type": "boolean", "default": False}),
    ]


def _search_parameters() -> list[dict[str, Any]]:
    types = ["AllFields", *TYPE_FIELDS]
    return [
        _parameter("lookfor", 'What to search for: words, "phrases", AND, OR, NOT.', _STRING),
        _parameter(
            "type", "Search type (unknown types search all fields).", {"type": "string", "enum": types}
        ),
        _array("filter[]", 'field:"value"; ~field: ORs a field\'s filters, -field: negates one.'),
        _array("facet[]", "Facets to return.", {"type": "string", "enum": list(FACET_FIELDS)}),
        _array("facetFilter[]", "field:regex, keeps the facet values (or their descendants) it finds."),
        _parameter(
            "sort",
            "Sort order; a prefix of an option is that option, anything else relevance.",
            {"type": "string", "enum": [option for option, _ in SORTS], "default": SORTS[0][0]},
        ),
        _parameter("page", "Page number.", {"type": "integer", "minimum": 1, "default": 1}),
        _parameter(
            "limit",
            "Records per page; 0 for the count and facets only.",
            {"type": "integer", "minimum": 0, "maximum": MAX_PAGE_SIZE, "default": 20},
        ),
        *_common(),
    ]


def _record_parameters() -> list[dict[str, Any]]:
    return [
        _parameter("id", "A record id.", _STRING),
        _array("id[]", f"Record ids, at most {MAX_RECORD_IDS}."),
        *_common(),
    ]


def _form(parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """The same parameters as a form-encoded POST body."""
    properties = {parameter["name"]: parameter["schema"] for parameter in parameters}
    return {
        "content": {
            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": properties}}
        }
    }


def _operation(summary: str, parameters: list[dict[str, Any]], answer: str, post: bool) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {
            "200": {"description": "OK", "content": _json(_ref(answer))},
            "400": {"description": "Bad request", "content": _json(_ref("Error"))},
        },
    }
    if post:
        return {**operation, "requestBody": _form(parameters)}
    return {**operation, "parameters": parameters}


def _facet_item() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "value": _STRING,
            "translated": _STRING,
            "count": {"type": "integer"},
            "href": _STRING,
            "isApplied": {"type": "integer", "enum": [1]},
            "children": {"type": "array", "items": _ref("FacetItem")},
        },
    }


def openapi_document(server: str) -> dict[str, Any]:
    """The document, its ``servers[0].url`` the API's base URL (``<site>/api/v1``)."""
    search, record = _search_parameters(), _record_parameters()
    records = {"type": "array", "items": _ref("Record")}
    status = {"type": "string", "enum": ["OK"]}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Helmet catalogue search – Finna API",
            "version": "1",
            "description": "The Finna REST API (api.finna.fi) over the Helmet e-library's catalogue. "
            "Formats and buildings are hierarchical values (0/Book/, 1/Book/eBook/, 0/Helmet/, 1/Helmet/e/).",
        },
        "servers": [{"url": server}],
        "paths": {
            "/search": {
                "get": _operation("Search", search, "SearchResponse", post=False),
                "post": _operation("Search", search, "SearchResponse", post=True),
            },
            "/record": {
                "get": _operation("Records by id", record, "RecordResponse", post=False),
                "post": _operation("Records by id", record, "RecordResponse", post=True),
            },
        },
        "components": {
            "schemas": {
                "Record": {
                    "type": "object",
                    "properties": {name: spec.schema for name, spec in FIELDS.items()},
                },
                "FacetItem": _facet_item(),
                "SearchResponse": {
                    "type": "object",
                    "required": ["resultCount", "status"],
                    "properties": {
                        "resultCount": {"type": "integer"},
                        "records": records,
                        "facets": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": _ref("FacetItem")},
                        },
                        "status": status,
                    },
                },
                "RecordResponse": {
                    "type": "object",
                    "required": ["resultCount", "status"],
                    "properties": {"resultCount": {"type": "integer"}, "records": records, "status": status},
                },
                "Error": {
                    "type": "object",
                    "required": ["status", "statusMessage"],
                    "properties": {
                        "status": {"type": "string", "enum": ["ERROR"]},
                        "statusMessage": _STRING,
                        "detail": _STRING,
                    },
                },
            }
        },
    }
