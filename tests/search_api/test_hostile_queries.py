"""Hostile query strings: never a 500, never an expensive query, never a slow answer.

Three promises, checked against the fixture catalogue on the real node and on the request bodies built
for Elasticsearch:

* whatever ``q`` holds – Lucene or Solr syntax, script and JSON fragments, regex bombs, 500 characters
  of any kind, broken Unicode or broken percent-encoding in the URL – the API answers 200 or 422, within
  :data:`SECONDS`;
* user text never reaches a query type that parses it or expands patterns (``query_string``, wildcard,
  regexp, prefix, scripts); only the suggest endpoint's completion prefix is a prefix;
* the built query stays far below Elasticsearch's clause limit (1,024 on the smallest node), counted as
  Lucene counts it: every word of a ``match`` is a clause.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_api.facets import parse_filters
from search_api.models import MAX_QUERY_LENGTH, SearchRequest
from search_api.query import (
    FUZZY_MAX_WORD_LENGTH,
    build_did_you_mean,
    build_facet_listing,
    build_search,
    build_suggest,
)
from search_api.query_syntax import MAX_WORDS, parse

SECONDS = 2.0
MAX_CLAUSES = 1024  # Elasticsearch's smallest indices.query.bool.max_clause_count
# Query types that parse text themselves, expand patterns or run code: none may carry user text.
EXPENSIVE = frozenset(
    {
        "query_string",
        "simple_query_string",
        "wildcard",
        "regexp",
        "prefix",
        "fuzzy",
        "script",
        "script_score",
        "function_score",
        "match_phrase_prefix",
        "match_bool_prefix",
        "intervals",
        "span_multi",
        "more_like_this",
    }
)

SYNTAX = [
    "title:(a OR b)^10",
    "*",
    "?",
    "*kissa",
    "ki?sa",
    "/.*/",
    "/[a-z]+.*(x|y){1,1000}/",
    "a~10",
    '"a b"~1000',
    "_exists_:title",
    "{!lucene}title:x",
    "{!func}sum(1,2)",
    "field:[* TO *]",
    "title:{a TO z}",
    "a AND (b OR (c AND (d OR (e AND (f OR g)))))",
    "((((((((((((((((((((a))))))))))))))))))))",
    "+a -b !c && d || e",
    "\\",
    '"',
    '"""',
    "title:",
    "year:",
    "year:..",
    "year:99999999999999999999",
    "year:-5..-1",
    "isbn:",
    "isbn:*",
    '{"query": {"match_all": {}}}',
    '{"script": {"source": "while (true) {}"}}',
    '"script": {"source": "Thread.sleep(10000)", "lang": "painless"}',
    "<script>alert(1)</script>",
    "'; DROP TABLE works; --",
    "${jndi:ldap://127.0.0.1/a}",
    "(a+)+$",
    "(a|aa)+b",
    "a{1000}",
    "(.*a){20}",
    "a" * 499 + "!",
    "%00",
    "%",
]

UNICODE = [
    "\x00",
    "kissa\x00koira",
    "\u200f\u202ekissa\u202c\u200e",  # RTL marks and overrides
    "e" + "\u0301" * 499,  # a combining accent 499 times
    "a\u0301" * 250,
    "👩‍👩‍👧‍👦" * 45,  # emoji ZWJ sequences
    "🏳️‍🌈 kissa",
    "ｋｉｓｓａ　ｋｏｉｒａ",  # full-width letters and space
    "\ufeff\ufffe\uffff",
    "𝕜𝕚𝕤𝕤𝕒",
    "東京都庁 北京",
    "ﷺ" * 100,  # one character that NFKC makes eighteen
    "\u2028\u2029\x85\x0b\x0c",
    "ß" * 500,
    "İ" * 500,
]

FIVE_HUNDRED = [
    " ".join("abcdefghijklmnopqrstuvwxyz"[n % 26] for n in range(250)),  # 250 one-letter words
    " OR ".join("abcdefghijklmnopqrstuvwxyz"[n % 26] for n in range(100))[:MAX_QUERY_LENGTH],
    ('"a" ' * 125)[:MAX_QUERY_LENGTH],
    ('"a b c d e f g h i j k l m n o p q r s t u v w x y z" ' * 10)[:MAX_QUERY_LENGTH],
    " ".join(f"{field}:x{n}" for n, field in enumerate(["title", "author", "subject", "isbn"] * 30))[
        :MAX_QUERY_LENGTH
    ],
    ("-a " * 167)[:MAX_QUERY_LENGTH],
    ("year:1..2 " * 50)[:MAX_QUERY_LENGTH],
    ("9789510396730 " * 36)[:MAX_QUERY_LENGTH],
    "-".join("kissa" for _ in range(83))[:MAX_QUERY_LENGTH],
    " ".join("x" * 99 for _ in range(5)),  # the longest words a term can have
    " ".join("kaksikymmentäkirjainta" for _ in range(21))[:MAX_QUERY_LENGTH],
    "a" * MAX_QUERY_LENGTH,
]

HOSTILE = SYNTAX + UNICODE + FIVE_HUNDRED


def _entries(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) of every object in ``node``, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _entries(value)
    elif isinstance(node, list):
        for value in node:
            yield from _entries(value)


def clauses(node: Any) -> int:
    """The clauses Lucene makes of a query: each word of a ``match`` is one (Elasticsearch here splits
    text only at spaces), each term, terms, range and match_all query one."""
    count = 0
    for key, value in _entries(node):
        if key in ("match", "match_phrase"):
            count += sum(max(1, len(str(spec["query"]).split())) for spec in value.values())
        elif key in ("term", "terms", "range", "match_all", "exists"):
            count += 1
    return count


def assert_cheap(query: dict[str, Any]) -> None:
    """No expensive query type, fuzzy matching only on short words from their first letter on, and
    far fewer clauses than Elasticsearch allows."""
    for key, value in _entries(query):
        assert key not in EXPENSIVE, key
        if key == "fuzziness":
            continue
        if isinstance(value, dict) and "fuzziness" in value:
            assert value["prefix_length"] >= 1
            assert all(len(word) <= FUZZY_MAX_WORD_LENGTH for word in value["query"].split())
    assert clauses(query) < MAX_CLAUSES


def built_queries(q: str) -> Iterator[dict[str, Any]]:
    """What the search (precise and fuzzy) and facet listing routes send for ``q``, minus the parts
    that carry no user text (sort, aggregations of fixed fields)."""
    parsed, filters = parse(q), parse_filters([])
    for fuzzy in (False, True):
        yield build_search(SearchRequest(q=q), parsed, filters, fuzzy=fuzzy).hits["query"]
    yield build_facet_listing("language", parsed, filters, 1000)["query"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_query_is_answered_quickly(api: TestClient, q: str) -> None:
    for path in ("/v1/search", "/v1/suggest", "/v1/facets/language"):
        started = time.monotonic()
        response = api.get(path, params={"q": q})
        assert time.monotonic() - started < SECONDS, path
        assert response.status_code in (200, 422), (path, response.text)
        if response.status_code == 422:
            assert response.json()["detail"].startswith("q:")


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_query_builds_a_cheap_request(q: str) -> None:
    for query in built_queries(q):
        assert_cheap(query)


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=MAX_QUERY_LENGTH))
def test_any_text_builds_a_cheap_request(q: str) -> None:
    for query in built_queries(q):
        assert_cheap(query)


@settings(max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a", "OR", "-b", '"c d"', "title:e", "year:1..2", "ö"]), max_size=200))
def test_any_mix_of_syntax_builds_a_cheap_request(parts: list[str]) -> None:
    for query in built_queries(" ".join(parts)[:MAX_QUERY_LENGTH]):
        assert_cheap(query)


def test_the_worst_query_that_fits_stays_bounded_and_finds_what_it_should(api: TestClient) -> None:
    """250 one-letter words use the first :data:`MAX_WORDS` and Elasticsearch accepts the request."""
    q = FIVE_HUNDRED[0]
    parsed = parse(q)
    assert len(parsed.clauses) == MAX_WORDS
    assert max(clauses(query) for query in built_queries(q)) < MAX_CLAUSES
    assert api.get("/v1/search", params={"q": q}).status_code == 200


def test_a_query_of_ten_thousand_terms_is_refused(api: TestClient) -> None:
    q = " ".join(f"w{n}" for n in range(10_000))
    for path in ("/v1/search", "/v1/suggest", "/v1/facets/language"):
        response = api.get(path, params={"q": q})
        assert response.status_code == 422
        assert response.json()["detail"].startswith("q: String should have at most 500 characters")


def test_the_counter_counts_words_of_match_queries() -> None:
    """The clause count the bound is checked with is not trivially small."""
    assert clauses({"bool": {"must": [{"match": {"f": {"query": "a b c"}}}, {"term": {"g": "x"}}]}}) == 4


def test_only_the_suggest_completion_is_a_prefix_query() -> None:
    body = build_suggest("kis*", 10)
    prefixes = [value for key, value in _entries(body) if key == "prefix"]
    assert prefixes == ["kis"] * 3  # the analysed words; a completion prefix knows no wildcards anyway
    assert all(key not in EXPENSIVE - {"prefix"} for key, _ in _entries(body))


# Raw query strings, percent-encoded as a client may send them: lone surrogates, invalid and overlong
# UTF-8, NUL, a truncated escape. The API answers them or refuses them (bytes that are not UTF-8: 422).
RAW_QUERY_STRINGS = [
    "q=%ED%A0%80",
    "q=%ED%A0%80%ED%B0%80",
    "q=%FF%FE",
    "q=%C0%AF",
    "q=%E2%82",
    "q=%00",
    "q=kissa%00%00",
    "q=%",
    "q=%G1",
    "q=%25%25",
    "q=a&q=b",
    "q=" + "%F0%9F%98%80" * 125,
    "q=" + "%CC%81" * 600,
]


@pytest.mark.parametrize("query_string", RAW_QUERY_STRINGS)
def test_broken_percent_encoding_is_answered_not_crashed(api: TestClient, query_string: str) -> None:
    for path in ("/v1/search", "/v1/suggest", "/v1/facets/language"):
        response = api.get(f"{path}?{query_string}")
        assert response.status_code in (200, 422), (path, response.text)


def test_words_too_long_to_be_typos_are_not_spelling_checked() -> None:
    long_word = "a" * 99
    body = build_did_you_mean(parse(f"kissa {long_word}"))
    assert body is not None and body["suggest"]["did_you_mean"]["text"] == "kissa"
    assert build_did_you_mean(parse(long_word)) is None
