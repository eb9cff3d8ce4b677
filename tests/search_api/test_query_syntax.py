"""The search box language: every form the issue lists, and no input that makes it fail."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.analysis import tokens
from search_api.query_syntax import MAX_WORDS, MAX_YEAR_RANGES, AnyOf, Term, join_spaced_isbns, parse


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
        ('"unclosed phrase', ["unclosed", "phrase"]),
        ('"kissa" "unclosed phrase', ["kissa", "unclosed", "phrase"]),
        ('title:"unclosed phrase', ["unclosed", "phrase"]),
        ('-"unclosed phrase', ["unclosed", "phrase"]),
        ('unclosed phrase"', ["unclosed", "phrase"]),
        ("a OR", ["a"]),
        ("OR b", ["b"]),
        ("(kissa", ["(kissa"]),
        ("kissa*", ["kissa*"]),
    ],
)
def test_malformed_syntax_degrades_to_words(query: str, words: list[str]) -> None:
    assert [term.text for term in parse(query).positive_terms()] == words


def test_an_unclosed_quote_makes_no_phrase() -> None:
    assert parse('"kesäyön unelma').clauses == [Term("kesäyön"), Term("unelma")]


@pytest.mark.parametrize(
    ("query", "joined"),
    [
        ("978 951 0 04010 2", "978-951-0-04010-2"),
        ("isbn:978 951 0 04010 2", "isbn:978-951-0-04010-2"),
        ("ISBN:951 0 04010 X", "ISBN:951-0-04010-X"),
        ("951 0 04010 x", "951-0-04010-x"),
        ("978-951 0-04010 2", "978-951-0-04010-2"),
        ("-978 951 0 04010 2", "-978-951-0-04010-2"),
        ("taikatalvi 2019 978 951 0 04010 2 jansson", "taikatalvi 2019 978-951-0-04010-2 jansson"),
        ("978 951 0 04010 3", "978 951 0 04010 3"),  # wrong check digit: numbers as typed
        ("1 2 3 4 5 6 7 8 9 10", "1 2 3 4 5 6 7 8 9 10"),
        ("978 isbn:951 0 04010 2", "978 isbn:951 0 04010 2"),
    ],
)
def test_an_isbn_typed_in_groups_is_one_word(query: str, joined: str) -> None:
    assert join_spaced_isbns(query) == joined


@pytest.mark.parametrize("query", ["978 951 0 04010 2", "isbn:978 951 0 04010 2", "951 0 04010 X"])
def test_an_isbn_typed_with_spaces_is_one_term(query: str) -> None:
    (term,) = parse(query).clauses
    assert isinstance(term, Term)
    assert term.text.replace("-", "") in ("9789510040102", "951004010X")
    assert term.field == ("isbn" if query.startswith("isbn:") else None)


def test_an_excluded_term_is_never_part_of_an_or() -> None:
    assert parse("-a OR b").clauses == [Term("a", negated=True), Term("b")]


def test_nothing_to_search_for() -> None:
    for query in ("", "   ", "-", '""', "OR", "title:"):
        assert parse(query).is_empty, query


def words(query: str) -> int:
    """How many words of ``query`` the parse uses (a term without any counting as one)."""
    parsed = parse(query)
    members = [m for c in parsed.clauses for m in (c.terms if isinstance(c, AnyOf) else (c,))]
    return sum(max(1, len(tokens(term.text))) for term in members)


def test_the_number_of_words_is_bounded() -> None:
    parsed = parse(" ".join(f"w{n}" for n in range(10_000)))
    assert parsed.clauses == [Term(f"w{n}") for n in range(MAX_WORDS)]


@pytest.mark.parametrize(
    "query",
    [
        " OR ".join(f"w{n}" for n in range(100)),
        " ".join(f'"{n} a b c d e f g h i j"' for n in range(10)),
        " ".join(f"title:w{n} -author:x{n}" for n in range(50)),
        "-".join("abcdefghij" * 10),
    ],
)
def test_or_phrases_exclusions_and_joined_words_share_the_bound(query: str) -> None:
    assert words(query) == MAX_WORDS


def test_the_term_that_reaches_the_bound_is_cut_there() -> None:
    parsed = parse("alku " + '"' + " ".join(f"w{n}" for n in range(30)) + '"')
    assert parsed.clauses[1] == Term(" ".join(f"w{n}" for n in range(MAX_WORDS - 1)), phrase=True)


def test_repeated_terms_count_once() -> None:
    assert parse("kissa " * 100 + "koira").clauses == [Term("kissa"), Term("koira")]
    assert parse("kissa OR kissa OR koira").clauses == [AnyOf((Term("kissa"), Term("koira")))]


def test_the_number_of_year_filters_is_bounded() -> None:
    parsed = parse(" ".join(f"year:{1900 + n}" for n in range(100)))
    assert parsed.years == [(1900 + n, 1900 + n) for n in range(MAX_YEAR_RANGES)]


@given(st.text())
def test_no_input_makes_it_fail(query: str) -> None:
    parsed = parse(query)
    assert words(query) <= MAX_WORDS and len(parsed.years) <= MAX_YEAR_RANGES
    for term in parsed.positive_terms():
        assert term.text.strip() and len(term.text) <= 100
