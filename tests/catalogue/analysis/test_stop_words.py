"""Stop words for similar works: function words of fi, sv and en, as written and as stemmed."""

from __future__ import annotations

import pytest

from catalogue.analysis import finnish
from catalogue.analysis.finnish import VoikkoFinnishStemmer
from catalogue.analysis.stop_words import stop_words


@pytest.mark.parametrize("word", ["ja", "että", "joka", "och", "det", "att", "the", "and", "of"])
def test_function_words_of_each_language_are_stop_words(word: str) -> None:
    assert word in stop_words()


def test_an_unambiguous_stop_word_also_stops_its_stem() -> None:
    assert "becaus" in stop_words()  # English Snowball's stem of "because"


@pytest.mark.parametrize("word", ["kissa", "koira", "kirjasto", "bok", "liv", "book", "library"])
def test_content_words_are_not_stop_words(word: str) -> None:
    assert word not in stop_words()


@pytest.mark.skipif(not isinstance(finnish.STEMMER, VoikkoFinnishStemmer), reason="needs Voikko")
def test_a_reading_of_an_ambiguous_stop_word_is_no_stop_word() -> None:
    """``ajan`` is a form of ``aika`` (a stop word) or of ``ajaa`` (to drive, not one)."""
    assert "ajan" in stop_words()
    assert "ajaa" not in stop_words()


def test_stop_words_are_case_folded_tokens_each_once() -> None:
    words = stop_words()
    assert list(words) == sorted(set(words))
    assert all(word == word.casefold() and " " not in word for word in words)
