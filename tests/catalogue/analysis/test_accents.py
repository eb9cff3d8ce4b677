"""Finnish words typed without ä and ö: their restored spellings, and the base forms Voikko finds in them."""

from __future__ import annotations

import pytest

from catalogue.analysis import analyse_query, finnish
from catalogue.analysis.accents import MAX_CANDIDATES, MAX_LETTERS, accent_restorations
from catalogue.analysis.finnish import SNOWBALL_FINNISH, VoikkoFinnishStemmer
from tests.catalogue.analysis.voikko import requires_voikko


def test_every_combination_of_restored_a_and_o_is_a_candidate_and_the_word_itself_is_not() -> None:
    assert sorted(accent_restorations("tamo")) == ["tamö", "tämo", "tämö"]


def test_other_letters_are_left_alone() -> None:
    assert accent_restorations("kuusi") == []
    assert sorted(accent_restorations("sauna")) == ["saunä", "säuna", "säunä"]


@pytest.mark.parametrize(
    "word",
    [
        "käyttäjää",  # has its accents already
        "kayttaja2",  # not only letters
        "a" * 7,  # 2 ** 7 spellings, over the bound
        "b" * MAX_LETTERS + "a",  # longer than the bound
    ],
)
def test_words_with_accents_digits_or_beyond_the_bounds_get_no_candidates(word: str) -> None:
    assert accent_restorations(word) == []


def test_six_restorable_letters_are_within_the_bound() -> None:
    assert len(accent_restorations("aaoaao")) == MAX_CANDIDATES - 1


@requires_voikko
@pytest.mark.parametrize(
    ("typed", "restored"),
    [
        ("kayttajaa", "käyttäjä"),  # partitive of käyttäjä
        ("paivakoti", "päiväkoti"),
        ("paivakodissa", "päiväkoti"),  # consonant gradation too
        ("metsassa", "metsä"),
        ("kesayossa", "kesäyö"),
    ],
)
def test_a_word_typed_without_accents_gets_the_base_form_of_its_restored_spelling(
    voikko: VoikkoFinnishStemmer, typed: str, restored: str
) -> None:
    base_forms = voikko.query_base_forms(typed)
    assert restored in base_forms
    assert base_forms[0] == SNOWBALL_FINNISH.word_forms(typed).base_forms[0]  # the stem is kept


@requires_voikko
@pytest.mark.parametrize(
    ("word", "base_forms"),
    [
        ("kirjastossa", ("kirjasto",)),  # Finnish Voikko knows: untouched
        ("saari", ("saari",)),  # an island, never restored to a shin (sääri)
        ("house", ("house",)),  # English: no restored spelling is a Finnish word
        ("computer", ("computer",)),
        ("bockerna", ("bocker",)),  # Swedish without accents: no Finnish restoration, the Snowball stem
    ],
)
def test_a_known_word_or_one_without_a_finnish_restoration_is_untouched(
    voikko: VoikkoFinnishStemmer, word: str, base_forms: tuple[str, ...]
) -> None:
    assert voikko.query_base_forms(word) == base_forms


@requires_voikko
def test_a_query_word_typed_without_accents_is_stemmed_with_its_restorations() -> None:
    assert "käyttäjä" in analyse_query("kayttajaa").stemmed["fin"][0]
    assert analyse_query("kayttajaa", languages=("swe",)).stemmed["swe"] == (("kayttaja",),)


def test_without_voikko_there_is_no_restoration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finnish, "STEMMER", SNOWBALL_FINNISH)
    assert analyse_query("kayttajaa").stemmed["fin"] == (("kayttaj",),)
