"""The search box language: every form the issue lists, and no input that makes it fail."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search_api.query_syntax import MAX_TERMS, AnyOf, Term, parse


def test_plain_words_must_all_match() -> None:
    assert parse("kirjastossa kummittelee").clauses == [Term("kirjastossa"), Term("kummittelee")]


def test_phrases_exclusions_and_or() -> None:
    parsed = parse('"talvisodan lapset" -sota kissa OR koira')
    assert parsed.clauses == [
        Term("talvisodan lapset", phrase=True),
        Term("sota", negated=True),
        AnyOf((Term("kissa"), Term("koira"))),
    ]
    assert parse("x OR y OR z").clauses == [AnyOf((Term("x"), Term("y"), Term("z")))]


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("title:kesä", Term("kesä", field="title")),
        ('author:"Helin, Sari"', Term("Helin, Sari", field="author", phrase=True)),
        ("SUBJECT:rakkaus", Term("rakkaus", field="subject")),
        ("isbn:978-951-0-12345-6", Term("978-951-0-12345-6", field="isbn")),
        ("-title:sota", Term("sota", field="title", negated=True)),
    ],
)
def test_field_prefixes(query: str, term: Term) -> None:
    assert parse(query).clauses == [term]


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("year:2019", [(2019, 2019)]),
        ("year:2015..2020", [(2015, 2020)]),
        ("year:2015-2020", [(2015, 2020)]),
        ("year:2020..2015", [(2015, 2020)]),
        ("year:..2000", [(None, 2000)]),
        ("year:1990..", [(1990, None)]),
    ],
)
def test_years(query: str, years: list[tuple[int | None, int | None]]) -> None:
    parsed = parse(query)
    assert parsed.years == years and parsed.clauses == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("year:abc", ["year:abc"]),
        ("foo:bar", ["foo:bar"]),
        ('"unclosed phrase', ["unclosed phrase"]),
        ("a OR", ["a"]),
        ("OR b", ["b"]),
        ("(kissa", ["(kissa"]),
        ("kissa*", ["kissa*"]),
    ],
)
def test_malformed_syntax_degrades_to_words(query: str, words: list[str]) -> None:
    assert [term.text for term in parse(query).positive_terms()] == words


def test_an_excluded_term_is_never_part_of_an_or() -> None:
    assert parse("-a OR b").clauses == [Term("a", negated=True), Term("b")]


def test_nothing_to_search_for() -> None:
    for query in ("", "   ", "-", '""', "OR", "title:"):
        assert parse(query).is_empty, query


def test_the_number_of_clauses_is_bounded() -> None:
    assert len(parse(" ".join(f"w{n}" for n in range(10_000))).clauses) == MAX_TERMS


@given(st.text())
def test_no_input_makes_it_fail(query: str) -> None:
    parsed = parse(query)
    assert len(parsed.clauses) <= MAX_TERMS
    for term in parsed.positive_terms():
        assert term.text.strip() and len(term.text) <= 100
