"""Highlighting and spelling corrections as pure functions: which displayed words a query marks (precisely,
or within the fuzzy attempt's edit distance) and how a folded correction is spelt as catalogued."""

from __future__ import annotations

from typing import Any

import pytest

from search_api.query import within_fuzzy_reach
from search_api.query_syntax import parse
from search_api.response import QueryTokens, catalogued_spellings, corrections, highlight


@pytest.mark.parametrize(
    ("typed", "indexed", "reached"),
    [
        ("unelna", "unelma", True),  # one substitution
        ("majkaka", "majakka", True),  # a swap of neighbours is one edit
        ("kisa", "kissa", True),  # 4 letters: one edit
        ("kisa", "kassi", False),  # two edits, one allowed
        ("kirjastokorti", "kirjastokortti", True),
        ("kirjstokrti", "kirjastokortti", False),  # three edits, two allowed
        ("ab", "ac", False),  # two letters: no edit
        ("najakka", "majakka", False),  # the first letter must match
    ],
)
def test_the_fuzzy_reach_is_elasticsearchs_auto_fuzziness(typed: str, indexed: str, reached: bool) -> None:
    assert within_fuzzy_reach(typed, indexed) is reached


def test_words_near_a_query_word_are_marked_only_in_a_fuzzy_answer() -> None:
    precise, fuzzy = QueryTokens.of(parse("majakla")), QueryTokens.of(parse("majakla"), fuzzy=True)
    assert highlight("Majakka ja meri", precise, "fin") is None
    assert highlight("Majakka ja meri", fuzzy, "fin") == "<mark>Majakka</mark> ja meri"


def test_a_phrase_is_never_marked_fuzzily() -> None:
    assert highlight("Majakka", QueryTokens.of(parse('"majakla"'), fuzzy=True), "fin") is None


def _suggested(total: int, *entries: tuple[str, int, list[str]]) -> dict[str, Any]:
    """An answer of the term suggester in Elasticsearch's shape: (word, offset, options) per entry."""
    suggest = [
        {"text": text, "offset": offset, "length": len(text), "options": [{"text": o} for o in options]}
        for text, offset, options in entries
    ]
    return {"hits": {"total": {"value": total}, "hits": []}, "suggest": {"did_you_mean": suggest}}


def test_corrections_pair_each_typed_word_with_its_correction() -> None:
    answer = _suggested(0, ("kesayon", 0, []), ("unelna", 8, ["unelma"]))
    assert corrections(answer, parse("Kesäyön unelna")) == [("kesäyön", None), ("unelna", "unelma")]


def test_no_corrections_when_nothing_is_better() -> None:
    """Whether a correction is worth offering is decided with counts (tests/search_api/test_matching.py)."""
    assert corrections(_suggested(0, ("unelna", 0, [])), parse("unelna")) == []


def _titles(*displays: dict[str, Any]) -> dict[str, Any]:
    return {"hits": {"hits": [{"_source": {"display": display}} for display in displays]}}


def test_a_folded_correction_is_spelt_as_most_titles_spell_it() -> None:
    lookup = _titles(
        {"title": "Käyttäjä ja kone", "subtitle": "Kayttaja-opas"},
        {"title": "Uusi käyttäjä", "title_variants": ["Käyttäjän opas"]},
        {"title": "Sääri", "part": "Osa 2"},
    )
    assert catalogued_spellings(lookup, {"kayttaja", "saari"}) == {"kayttaja": "käyttäjä", "saari": "sääri"}
