"""Which stemmer a value's language gets."""

from __future__ import annotations

import pytest

from catalogue.analysis import english, finnish, swedish
from catalogue.analysis.snowball import snowball_stemmer
from catalogue.analysis.stemming import UNSTEMMED, stemmer_for


def test_finnish_gets_the_selected_finnish_stemmer_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finnish, "STEMMER", finnish.SNOWBALL_FINNISH)
    assert stemmer_for("fin") is finnish.SNOWBALL_FINNISH


def test_swedish_and_english_get_their_module_stemmer_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swedish, "STEMMER", swedish.SNOWBALL_SWEDISH)
    monkeypatch.setattr(english, "STEMMER", UNSTEMMED)
    assert stemmer_for("swe") is swedish.SNOWBALL_SWEDISH
    assert stemmer_for("eng") is UNSTEMMED


@pytest.mark.parametrize("language", ["ger", "rus", "fre"])
def test_other_languages_get_their_snowball_stemmer(language: str) -> None:
    assert stemmer_for(language) is snowball_stemmer(language)


@pytest.mark.parametrize("language", [None, "jpn", "zxx", "und", "mul", ""])
def test_no_language_or_one_without_a_stemmer_leaves_words_as_they_are(language: str | None) -> None:
    assert stemmer_for(language) is UNSTEMMED
    assert UNSTEMMED.word_forms("libraries").base_forms == ("libraries",)
