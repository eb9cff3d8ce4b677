"""A Finna API request, read as api.finna.fi reads it, translated into this service's own request.

``lookfor`` and ``type`` become our query syntax (``AND`` dropped, since every word must match anyway,
``NOT x`` written ``-x``, the search type as our field prefix); ``filter[]`` become :class:`Condition` s of
our facets, which AND and NOT as Finna's filters do and narrow the facet counts as Finna's do; ``sort``,
``page``, ``limit`` and ``lng`` become a :class:`SearchRequest`. What Finna forgives (an unknown sort, type,
field or page) is forgiven the same way; what it refuses (a bad limit, an unknown filter field) is refused
with its status code and message, and a ``detail`` saying what was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from search_api.dependencies import undecodable_parameter
from search_api.facets import FACETS, Condition, FilterError, Filters, parse_filters
from search_api.finna.formats import HIERARCHIES
from search_api.finna.records import DEFAULT_FIELDS, FIELDS
from search_api.labels import UiLanguage
from search_api.models import MAX_PAGE_SIZE, MAX_QUERY_LENGTH, MAX_RESULT_WINDOW, SearchRequest, SortOrder
from search_api.query_syntax import ParsedQuery, parse

INVALID_SEARCH = "Invalid search"
MAX_RECORD_IDS = 100

LANGUAGES: dict[str, UiLanguage] = {"fi": "fi", "sv": "sv", "en-gb": "en"}
"""Finna's ``lng`` → ours; anything else is Finna's default, Finnish."""

SORTS: tuple[tuple[str, SortOrder], ...] = (
    ("relevance,id asc", "relevance"),
    ("main_date_str desc,id asc", "newest"),
    ("main_date_str asc,id asc", "oldest"),
    ("callnumber,id asc", "relevance"),  # no call numbers in an e-library
    ("author,id asc", "relevance"),  # no author order in our index
    ("title,id asc", "title"),
    ("last_indexed desc,id asc", "newest"),  # no indexing dates: the newest publications first
    ("first_indexed desc,id asc", "newest"),
)
"""Finna's sort options in its order, and our order for each (the nearest where we have no such one)."""

TYPE_FIELDS: dict[str, str] = {
    "Title": "title",
    "TitleStart": "title",
    "TitleExact": "title",
    "JournalTitle": "title",
    "Series": "title",
    "Author": "author",
    "Subject": "subject",
    "topic": "subject",
    "geographic": "subject",
    "genre": "subject",
    "era": "subject",
    "ISN": "isbn",
    "year": "year",
}
"""Finna search type (matched without regard to case, as Finna does) → our field prefix; other types
(``AllFields`` and the rest) search every field, as an unknown type does on finna.fi."""
_TYPE_PREFIXES = {name.lower(): prefix for name, prefix in TYPE_FIELDS.items()}

FACET_FIELDS: dict[str, str] = {
    "format": "material_type",
    "building": "municipality",
    "language": "language",
    "main_date_str": "year",
    "author_facet": "author",
    "topic_facet": "subject",
    "genre_facet": "genre",
    # No Finna counterpart: our own names.
    "audience": "audience",
    "classification": "classification",
    "publisher": "publisher",
    "series": "series",
}
"""Finna facet and filter field → our facet."""
YEAR_RANGE_FIELD = "search_daterange_mv"
ONLINE_FIELD = "online_boolean"
PSEUDO_FILTERS = ("finna.deduplication", "finna.sources")
"""Finna's switches for merging and sources, removed before searching (our works are always merged)."""

_QUERY_TOKEN = re.compile(r'-?(?:[A-Za-z]+:)?"[^"]*"|\S+')
_FIELD_PREFIX = re.compile(r"^-?[A-Za-z]+:")
_DATE_RANGE = re.compile(r"^(?:(?:overlap|within)\|)?\[\s*(\S+)\s+TO\s+(\S+)\s*\]$", re.IGNORECASE)
_LIMIT = re.compile(r"^[0-9]+$")
_LEADING_INTEGER = re.compile(r"^\s*([+-]?\d+)")
_TRUE = ("1", "true", "on", "yes")


class FinnaError(Exception):
    """A request Finna would refuse: its HTTP ``status`` and ``message``, and ``detail`` for people."""

    def __init__(self, status: int, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Params:
    """The request's parameters in order, as ``(name, value)`` pairs (``filter[]`` keeps its brackets)."""

    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, query: Iterable[tuple[str, str]], form: Iterable[tuple[str, str]] = ()) -> Params:
        """The query string's parameters, and a POSTed form's whose names the query string lacks (Finna:
        when a name is in both, the query string's value wins)."""
        query = tuple(query)
        names = {name for name, _ in query}
        return cls(query + tuple((name, value) for name, value in form if name not in names))

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]

    def last(self, name: str) -> str | None:
        """A single-valued parameter: the last one given wins, as in PHP."""
        values = self.all(name)
        return values[-1] if values else None

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.pairs)


def read_params(
    query_string: bytes, query: Iterable[tuple[str, str]], form: Iterable[tuple[str, str]]
) -> Params:
    """:meth:`Params.of`, refusing a query string that is not UTF-8 text (it would search for text
    nobody typed)."""
    name = undecodable_parameter(query_string)
    if name is not None:
        raise FinnaError(400, INVALID_SEARCH, f"{name}: not UTF-8 text; percent-encode the UTF-8 bytes")
    return Params.of(query, form)


def language(params: Params) -> UiLanguage:
    return LANGUAGES.get((params.last("lng") or "").lower(), "fi")


def pretty(params: Params) -> bool:
    return (params.last("prettyPrint") or "").lower() in _TRUE


def fields(params: Params) -> list[str]:
    """The record fields asked for: ``field[]`` without the names we do not know (dropped, as Finna drops
    them), the default set without it, and none for ``field=`` without brackets (Finna's quirk: no
    records then, only the count and facets)."""
    if params.has("field[]"):
        return list(dict.fromkeys(name for name in params.all("field[]") if name in FIELDS))
    if params.has("field"):
        return []
    return list(DEFAULT_FIELDS)


@dataclass(frozen=True, slots=True)
class FinnaSearch:
    """A Finna search as ours: what to search (``request``, ``parsed``, ``filters``), how many records
    to return (``limit``, 0 for none) with which ``fields``, which ``facets`` (Finna names) pruned by
    which ``facet_filters``, and the filter values ``applied`` per Finna field (for ``isApplied``)."""

    request: SearchRequest
    parsed: ParsedQuery
    filters: Filters
    limit: int
    fields: list[str]
    facets: list[str]
    facet_filters: dict[str, list[re.Pattern[str]]]
    applied: dict[str, set[str]]


def finna_search(params: Params) -> FinnaSearch:
    """Translate a ``/api/v1/search`` request; raises :class:`FinnaError` as Finna refuses."""
    requested_fields = fields(params)
    limit = _limit(params.last("limit")) if requested_fields else 0
    lookfor = params.last("lookfor") or ""
    if len(lookfor) > MAX_QUERY_LENGTH:
        raise FinnaError(400, INVALID_SEARCH, f"lookfor: longer than {MAX_QUERY_LENGTH} characters")
    facets = [name for name in dict.fromkeys(params.all("facet[]")) if name]
    unknown = [name for name in facets if name not in FACET_FIELDS]
    if unknown:
        raise FinnaError(400, INVALID_SEARCH, f"facet[]: unknown field '{unknown[0]}'; use one of {_known()}")
    filters, applied = _filters(params.all("filter[]"))
    page_size = max(limit, 1)  # limit=0 asks for the count and the facets: one hit is fetched and dropped
    request = SearchRequest(
        q=lookfor,
        facets=[FACET_FIELDS[name] for name in facets],
        sort=sort_order(params.last("sort")),
        lang=language(params),
        page=min(_page(params.last("page")), MAX_RESULT_WINDOW // page_size),
        page_size=page_size,
        fuzzy=False,  # Finna matches as typed, and its clients count on that
    )
    parsed = parse(our_query(lookfor, params.last("type")))
    return FinnaSearch(
        request, parsed, filters, limit, requested_fields, facets, _facet_filters(params, facets), applied
    )


def _limit(text: str | None) -> int:
    if text is None:
        return 20
    if not _LIMIT.match(text) or int(text) > MAX_PAGE_SIZE:
        raise FinnaError(
            400, "Invalid limit", f"limit: a whole number from 0 to {MAX_PAGE_SIZE}, not '{text}'"
        )
    return int(text)


def _page(text: str | None) -> int:
    """PHP's ``intval``: the leading integer, 0 for none; below 1 is page 1."""
    match = _LEADING_INTEGER.match(text or "")
    return max(1, int(match.group(1)) if match else 0)


def sort_order(text: str | None) -> SortOrder:
    """Finna's sort option that ``text`` is, or begins (``title``, ``main_date_str desc``); relevance for
    anything else, as Finna silently does."""
    for option, order in SORTS:
        if text is not None and option.startswith(text.strip()):
            return order
    return "relevance"


def our_query(lookfor: str, search_type: str | None) -> str:
    """``lookfor`` in our query syntax, every word without a field prefix given the search type's."""
    prefix = _TYPE_PREFIXES.get((search_type or "").lower())
    words: list[str] = []
    negate = False
    for token in _QUERY_TOKEN.findall(lookfor):
        token = token if token.startswith('"') else token.strip("()")
        if token in ("AND", ""):
            continue
        if token == "NOT":
            negate = True
            continue
        if token != "OR" and prefix and not _FIELD_PREFIX.match(token):
            token = f"-{prefix}:{token[1:]}" if token.startswith("-") else f"{prefix}:{token}"
        if negate and token != "OR":
            token = token if token.startswith("-") else f"-{token}"
            negate = False
        words.append(token)
    return " ".join(words)


def _known() -> str:
    return ", ".join([*FACET_FIELDS, YEAR_RANGE_FIELD, ONLINE_FIELD])


def _filters(raw: list[str]) -> tuple[Filters, dict[str, set[str]]]:
    """Finna's ``filter[]`` as conditions: each plain filter ANDed, ``-field:`` negated, the ``~field:``
    filters of one field ORed together into one condition; identical filters (quoted or not) counted once."""
    conditions: list[Condition] = []
    either: dict[str, list[str]] = {}
    applied: dict[str, set[str]] = {}
    for item in dict.fromkeys(raw):
        if item.startswith(("(", "-(")):
            raise FinnaError(400, INVALID_SEARCH, f"filter[]: '{item}': grouped filters are not served")
        operator = item[0] if item[:1] in ("~", "-") else ""
        name, colon, value = item[len(operator) :].partition(":")
        value = _unquoted(value)
        if not colon:
            raise FinnaError(400, INVALID_SEARCH, f"filter[]: '{item}' should look like field:value")
        if name in PSEUDO_FILTERS:
            continue
        if operator != "-":
            applied.setdefault(name, set()).add(value)
        if operator == "~":
            either.setdefault(name, []).append(value)
            continue
        condition = _condition(name, [value], negated=operator == "-")
        if condition is not None:
            conditions.append(condition)
    for name, values in either.items():
        condition = _condition(name, values, negated=False)
        if condition is not None:
            conditions.append(condition)
    return Filters(conditions=list(dict.fromkeys(conditions))), applied


def _unquoted(value: str) -> str:
    """Finna strips one leading and one trailing quote, and the spaces around the value."""
    value = value.strip()
    value = value[1:] if value.startswith('"') else value
    return (value[:-1] if value.endswith('"') else value).strip()


def _condition(name: str, values: list[str], *, negated: bool) -> Condition | None:
    """The condition of Finna field ``name`` having one of ``values``; None when it holds for every work
    (``online_boolean:1``: every work of an e-library is online)."""
    if name == ONLINE_FIELD:
        if "1" in values:
            return None
        return Condition("municipality", (), negated)  # none of no values: nothing is offline
    if name in HIERARCHIES:
        hierarchy = HIERARCHIES[name]
        ours = dict.fromkeys(value for code in values for value in hierarchy.values_under(code))
        return Condition(hierarchy.facet, tuple(ours), negated)
    if name == YEAR_RANGE_FIELD:
        return Condition("year", tuple(_year_range(value) for value in values), negated)
    facet = FACET_FIELDS.get(name)
    if facet is None:
        raise FinnaError(400, INVALID_SEARCH, f"filter[]: unknown field '{name}'; use one of {_known()}")
    if FACETS[facet].kind == "year":
        for value in values:
            _checked_year(value)
    return Condition(facet, tuple(values), negated)


def _year_range(value: str) -> str:
    """``[1870 TO 1890]`` (optionally ``within|`` or ``overlap|`` first; ``*`` for an open end) →
    ``1870..1890``. A work has one year, so a range it overlaps is a range it lies within."""
    match = _DATE_RANGE.match(value)
    if not match:
        raise FinnaError(400, INVALID_SEARCH, f"filter[]: '{value}' is no date range such as [1870 TO 1890]")
    low, high = ("" if end == "*" else end for end in match.groups())
    return _checked_year(f"{low}..{high}")


def _checked_year(text: str) -> str:
    """``text`` when it is a year or range our year facet reads; else Finna's ``Invalid search``."""
    try:
        parse_filters([f"year:{text}"])
    except FilterError as error:
        raise FinnaError(400, INVALID_SEARCH, f"filter[]: {error}") from error
    return text


def _facet_filters(params: Params, facets: list[str]) -> dict[str, list[re.Pattern[str]]]:
    """``facetFilter[]=field:regex`` per facet field (quotes stripped); a regex that does not compile is
    ``Invalid search``."""
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for item in params.all("facetFilter[]"):
        name, _, expression = item.partition(":")
        if name not in facets:
            continue
        try:
            patterns.setdefault(name, []).append(re.compile(_unquoted(expression)))
        except re.error as error:
            raise FinnaError(400, INVALID_SEARCH, f"facetFilter[]: '{item}': {error}") from error
    return patterns


def record_ids(params: Params) -> tuple[list[str], bool]:
    """The ids ``/api/v1/record`` is asked for (each once), and whether it was one ``id`` (whose absence
    is an error) rather than ``id[]`` (whose unknown ids are left out)."""
    if params.has("id[]"):
        ids, single = list(dict.fromkeys(value for value in params.all("id[]") if value)), False
    else:
        one = params.last("id")
        ids, single = ([one] if one else []), True
    if not ids:
        raise FinnaError(400, "Missing id", "id: give a record id (id=…), or several (id[]=…&id[]=…)")
    if len(ids) > MAX_RECORD_IDS:
        raise FinnaError(400, f"Record limit ({MAX_RECORD_IDS}) exceeded", f"id[]: {len(ids)} ids")
    return ids, single
