"""English irregular, possessive and regular forms meeting through lemma and stem."""

from __future__ import annotations

import pytest

from catalogue.analysis import analyse, analyse_query
from catalogue.analysis.english import STEMMER


@pytest.mark.parametrize(
    ("document", "query"),
    [
        ("child", "children's"),
        ("children", "child"),
        ("The Wolves of Willoughby Chase", "wolf"),
        ("A Mouse's Tale", "mice"),
        ("Little Women", "woman"),
        ("Running", "runs"),
        ("Stories", "story"),
    ],
)
def test_english_forms_of_one_word_meet(document: str, query: str) -> None:
    indexed = set(analyse(document, "eng").stemmed.split())
    (alternatives,) = analyse_query(query).stemmed["eng"][-1:]
    assert set(alternatives) & indexed


def test_a_word_keeps_its_own_snowball_stem_beside_its_lemmas() -> None:
    assert STEMMER.word_forms("children").base_forms == ("children", "child")
    assert STEMMER.word_forms("books").base_forms == ("book",)
