"""Which stemmer a value's language gets."""

from __future__ import annotations

import pytest

from catalogue.analysis import finnish
from catalogue.analysis.snowball import SnowballStemmer
from catalogue.analysis.stemming import UNSTEMMED, stemmer_for


def test_finnish_gets_the_selected_finnish_stemmer_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finnish, "STEMMER", finnish.SNOWBALL_FINNISH)
    assert stemmer_for("fin") is finnish.SNOWBALL_FINNISH


@pytest.mark.parametrize(
    ("language", "algorithm"), [("swe", "swedish"), ("eng", "english"), ("ger", "german")]
)
def test_other_languages_get_their_snowball_algorithm(language: str, algorithm: str) -> None:
    stemmer = stemmer_for(language)
    assert isinstance(stemmer, SnowballStemmer)
    assert stemmer.algorithm == algorithm


@pytest.mark.parametrize("language", [None, "jpn", "zxx", "und", "mul", "", "english"])
def test_no_language_or_one_without_a_stemmer_leaves_words_as_they_are(language: str | None) -> None:
    assert stemmer_for(language) is UNSTEMMED
    assert UNSTEMMED.word_forms("libraries").base_forms == ("libraries",)
