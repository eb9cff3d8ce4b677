"""Facets and filters with the multi-select behaviour people expect from a library catalogue.

Values of one facet combine with OR, different facets with AND, and a facet's counts ignore that
facet's own selection: choosing Espoo must not make Helsinki's count drop to zero, or nobody could add
Helsinki to the selection. In Elasticsearch terms: the selected filters narrow the hits (a request of its
own, :class:`search_api.query.SearchPlan`) but not the facets' request, where each facet is counted within
a ``filter`` aggregation holding the selections of every *other* facet (:func:`aggregations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

from search_api.labels import AUDIENCE, MATERIAL_TYPE, MUNICIPALITY, UiLanguage, label

FacetKind = Literal["terms", "year"]


@dataclass(frozen=True, slots=True)
class FacetSpec:
    """One facet. ``values``: its closed vocabulary (every value the indexer can write), or empty when
    the catalogue decides (subjects, authors…); a filter outside a closed vocabulary is refused, since it
    could only ever find nothing."""

    name: str
    field: str
    kind: FacetKind = "terms"
    size: int = 20
    values: tuple[str, ...] = ()


FACETS: dict[str, FacetSpec] = {
    spec.name: spec
    for spec in (
        FacetSpec("municipality", "municipality", size=10, values=tuple(MUNICIPALITY)),
        FacetSpec("material_type", "material_type", size=10, values=tuple(MATERIAL_TYPE)),
        FacetSpec("language", "language", size=30),
        FacetSpec("year", "year", kind="year", size=200),
        FacetSpec("subject", "subject_facet"),
        FacetSpec("author", "author_facet"),
        FacetSpec("audience", "audience", size=5, values=tuple(AUDIENCE)),
        FacetSpec("genre", "genre"),
        FacetSpec("classification", "classification"),
        FacetSpec("publisher", "publisher"),
        FacetSpec("series", "series_facet"),
    )
}
MAX_FILTERS = 50
MAX_VALUE_LENGTH = 200
_YEAR_RANGE = re.compile(r"^\s*(\d{1,4})?\s*(?:\.\.|-)\s*(\d{1,4})?\s*$|^\s*(\d{1,4})\s*$")


class FilterError(ValueError):
    """A ``filter`` parameter that cannot be understood; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition on one facet that is no multi-select selection: a work must hold one of ``values`` (or,
    ``negated``, none of them); a year's values are ranges as a year filter writes them (``2015..2020``).

    APIs whose filters AND and NOT values (the Finna API, :mod:`search_api.finna.request`) state them so.
    Conditions narrow the facets' counts too (:func:`narrowed`), each a plain AND, as those APIs count."""

    facet: str
    values: tuple[str, ...]
    negated: bool = False


@dataclass(slots=True)
class Filters:
    """Selected values per facet (years as inclusive ranges), and further :class:`Condition` s."""

    values: dict[str, list[str]] = field(default_factory=dict)
    years: list[tuple[int | None, int | None]] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)

    def selected(self, facet: str) -> list[str]:
        return self.values.get(facet, [])


def _year_range(text: str) -> tuple[int | None, int | None]:
    match = _YEAR_RANGE.match(text)
    if not match:
        raise FilterError(f"filter: year '{text}' is not a year (2019) or a range (2015..2020)")
    if match.group(3):
        return int(match.group(3)), int(match.group(3))
    low, high = (int(g) if g else None for g in match.group(1, 2))
    if low is None and high is None:
        raise FilterError("filter: a year range needs at least one end (2015.., ..2020)")
    if low is not None and high is not None and low > high:
        raise FilterError(f"filter: year range '{text}' ends before it starts")
    return low, high


def parse_filters(raw: list[str]) -> Filters:
    """``["municipality:espoo", "year:2015..2020"]`` → :class:`Filters`; raises :class:`FilterError`."""
    if len(raw) > MAX_FILTERS:
        raise FilterError(f"filter: at most {MAX_FILTERS} filters, got {len(raw)}")
    filters = Filters()
    for item in raw:
        name, colon, value = item.partition(":")
        name = name.strip()
        if not colon or not value.strip():
            raise FilterError(f"filter: '{item}' should look like field:value, e.g. municipality:espoo")
        if name not in FACETS:
            raise FilterError(f"filter: unknown field '{name}'; use one of {', '.join(FACETS)}")
        if len(value) > MAX_VALUE_LENGTH:
            raise FilterError(f"filter: the value for '{name}' is longer than {MAX_VALUE_LENGTH} characters")
        if FACETS[name].kind == "year":
            filters.years.append(_year_range(value))
        else:
            filters.values.setdefault(name, []).append(_known_value(FACETS[name], value.strip()))
    return filters


def _known_value(spec: FacetSpec, value: str) -> str:
    """``value`` as stored (closed vocabularies are lower-case codes: ``Espoo`` is ``espoo``); raises
    :class:`FilterError` listing the vocabulary when the value is not in it."""
    if not spec.values:
        return value
    if value.lower() not in spec.values:
        raise FilterError(f"filter: {spec.name} has no value '{value}'; use one of {', '.join(spec.values)}")
    return value.lower()


def _years_clause(spec: FacetSpec, years: list[tuple[int | None, int | None]]) -> dict[str, Any]:
    ranges = [
        {"range": {spec.field: {k: v for k, v in (("gte", low), ("lte", high)) if v is not None}}}
        for low, high in years
    ]
    return {"bool": {"should": ranges, "minimum_should_match": 1}}


def _clause(spec: FacetSpec, filters: Filters) -> dict[str, Any] | None:
    if spec.kind == "year":
        return _years_clause(spec, filters.years) if filters.years else None
    values = filters.selected(spec.name)
    return {"terms": {spec.field: values}} if values else None


def _condition_clause(condition: Condition) -> dict[str, Any]:
    spec = FACETS[condition.facet]
    if spec.kind == "year":
        return _years_clause(spec, [_year_range(value) for value in condition.values])
    return {"terms": {spec.field: list(condition.values)}}


def narrowed(query: dict[str, Any], filters: Filters) -> dict[str, Any]:
    """``query`` narrowed by the :class:`Condition` s of ``filters`` (not by its selections): the query the
    hits, the total and every facet count start from."""
    if not filters.conditions:
        return query
    must = [_condition_clause(c) for c in filters.conditions if not c.negated]
    must_not = [_condition_clause(c) for c in filters.conditions if c.negated]
    narrowing: dict[str, Any] = {"must": [query]}
    if must:
        narrowing["filter"] = must
    if must_not:
        narrowing["must_not"] = must_not
    return {"bool": narrowing}


def filter_clauses(filters: Filters) -> dict[str, dict[str, Any]]:
    """Facet name → its filter clause, for the facets that have a selection."""
    clauses = {name: _clause(spec, filters) for name, spec in FACETS.items()}
    return {name: clause for name, clause in clauses.items() if clause is not None}


def all_selected(filters: Filters) -> dict[str, Any] | None:
    """Every selection as one clause (None when nothing is selected)."""
    clauses = list(filter_clauses(filters).values())
    return {"bool": {"filter": clauses}} if clauses else None


def requested_facets(names: list[str] | None) -> list[str]:
    """The facets a search asked for (``facets``), in its order: all of them when it did not say."""
    return list(FACETS) if names is None else names


WITHIN_SELECTION = "matching_with_filters"
"""The aggregation of every work the words and all selections match: its count is the search's total."""


def _values(spec: FacetSpec) -> dict[str, Any]:
    if spec.kind == "year":
        return {"histogram": {"field": spec.field, "interval": 1, "min_doc_count": 1}}
    return {"terms": {"field": spec.field, "size": spec.size}}


def aggregations(filters: Filters, requested: list[str]) -> dict[str, Any]:
    """The facets' aggregations: each facet counts within every *other* facet's selection.

    For a facet nothing is selected in, that is every selection, the same set of works as the search's
    hits: all such facets are sub-aggregations of one ``filter`` aggregation (:data:`WITHIN_SELECTION`, whose
    count is the total), so that the selections are tested once per matching work rather than once per
    facet. A facet with a selection of its own gets a ``filter`` aggregation of its own, holding the other
    facets' selections. Read the answer with :func:`facet_results`."""
    clauses = filter_clauses(filters)
    shared: dict[str, Any] = {}
    aggs: dict[str, Any] = {}
    for name in requested:
        spec = FACETS[name]
        if name not in clauses:
            shared[name] = _values(spec)
            continue
        inner = {"values": _values(spec)}
        if filters.selected(name):  # selected values are shown even when outside the top N
            inner["selected"] = {"terms": {"field": spec.field, "include": filters.selected(name)}}
        others = [clause for other, clause in clauses.items() if other != name]
        aggs[name] = {"filter": {"bool": {"filter": others}} if others else {"match_all": {}}, "aggs": inner}
    within: dict[str, Any] = {"filter": all_selected(filters) or {"match_all": {}}}
    if shared:
        within["aggs"] = shared
    return {WITHIN_SELECTION: within, **aggs}


def facet_results(answer: dict[str, Any]) -> tuple[int, dict[str, dict[str, Any]]]:
    """The total and, per facet, ``{"values": …, "selected": …}`` from the answer to :func:`aggregations`."""
    results = dict(answer)
    within = dict(results.pop(WITHIN_SELECTION))
    total = int(within.pop("doc_count"))
    return total, {name: {"values": values} for name, values in within.items()} | results


class FacetValue(TypedDict):
    """A :class:`~search_api.models.FacetValueOut` as the plain dict the search answer holds (see
    :func:`search_api.response.json_response`)."""

    value: str
    label: str
    count: int
    selected: bool


def is_selected(name: str, value: str, filters: Filters) -> bool:
    """Whether ``value`` of facet ``name`` is selected: a year is when it lies in a selected range."""
    if FACETS[name].kind == "year":
        year = int(value)
        return any((lo is None or lo <= year) and (hi is None or year <= hi) for lo, hi in filters.years)
    return value in filters.selected(name)


def shape_facet(name: str, aggregation: dict[str, Any], filters: Filters, ui: UiLanguage) -> list[FacetValue]:
    """Buckets → values with localised labels, selection flags, selected values always included."""
    spec = FACETS[name]
    buckets = aggregation["values"]["buckets"]
    if spec.kind == "year":
        years = ((str(int(bucket["key"])), bucket["doc_count"]) for bucket in buckets)
        return [
            {"value": year, "label": year, "count": count, "selected": is_selected(name, year, filters)}
            for year, count in years
        ]
    counts = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
    for bucket in aggregation.get("selected", {}).get("buckets", []):
        counts.setdefault(str(bucket["key"]), bucket["doc_count"])
    selected = filters.selected(name)
    for value in selected:
        counts.setdefault(value, 0)
    return [
        {"value": value, "label": label(name, value, ui), "count": count, "selected": value in selected}
        for value, count in counts.items()
    ]
