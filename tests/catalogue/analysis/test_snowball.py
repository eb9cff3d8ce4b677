"""Snowball stemming by MARC language code."""

from __future__ import annotations

import Stemmer

from catalogue.analysis.snowball import SNOWBALL_ALGORITHMS, SnowballStemmer


def test_the_catalogue_languages_with_a_snowball_algorithm_are_mapped_from_their_marc_codes() -> None:
    expected = {
        "fin": "finnish",
        "swe": "swedish",
        "eng": "english",
        "ger": "german",
        "fre": "french",
        "rus": "russian",
        "est": "estonian",
        "ara": "arabic",
        "nob": "norwegian",
    }
    assert expected.items() <= SNOWBALL_ALGORITHMS.items()


def test_every_mapped_algorithm_exists_and_every_real_language_algorithm_is_mapped() -> None:
    """'porter' and 'dutch_porter' are older variants of english and dutch, not languages."""
    available = set(Stemmer.algorithms()) - {"porter", "dutch_porter"}
    assert set(SNOWBALL_ALGORITHMS.values()) == available


def test_english_plural_and_singular_share_a_stem() -> None:
    english = SnowballStemmer("english")
    assert english.word_forms("libraries") == english.word_forms("library")
    assert english.word_forms("libraries").base_forms == ("librari",)


def test_swedish_snowball_relates_boeckerna_to_boecker_but_not_to_bok() -> None:
    """Snowball strips suffixes; it cannot undo the umlaut plural of bok. Documented limitation: a record
    titled "Böckerna i mitt liv" is found by böcker/böckerna (stem böck), not by bok."""
    swedish = SnowballStemmer("swedish")
    assert swedish.word_forms("böckerna").base_forms == ("böck",)
    assert swedish.word_forms("böcker") == swedish.word_forms("böckerna")
    assert swedish.word_forms("bok").base_forms == ("bok",)
    assert swedish.word_forms("boken") == swedish.word_forms("bok")


def test_russian_case_forms_share_a_stem() -> None:
    russian = SnowballStemmer("russian")
    assert russian.word_forms("достоевского") == russian.word_forms("достоевский")
