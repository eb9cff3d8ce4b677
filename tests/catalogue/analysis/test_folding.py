"""The accent-folded variant: loose matching for users who type without diacritics."""

from __future__ import annotations

import pytest

from catalogue.analysis.folding import folded


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("käyttäjä", ("kayttaja",)),
        ("åke", ("ake",)),
        ("dvořák", ("dvorak",)),
        ("øre", ("ore",)),
        ("æble", ("aeble",)),
        ("łódź", ("lodz",)),
        ("þór", ("thor",)),
        ("ёлка", ("елка",)),
        ("don’t", ("don't",)),
        ("kirja", ("kirja",)),
    ],
)
def test_diacritics_go_and_letters_without_an_ascii_twin_are_spelt_out(
    token: str, expected: tuple[str, ...]
) -> None:
    assert folded(token) == expected


def test_small_capital_letters_that_latin_ascii_spells_as_capitals_come_out_lower_case() -> None:
    assert folded("ʀᴀᴅɪᴏ") == ("radio",)


def test_a_character_spelt_as_several_words_gives_several_tokens_without_whitespace() -> None:
    assert folded("½") == ("1/2",)
