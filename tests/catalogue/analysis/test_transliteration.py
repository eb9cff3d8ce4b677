"""The transliteration skeleton: Cyrillic names and their Finnish, English, German, Swedish and
scholarly romanisations must meet."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.analysis import tokens
from catalogue.analysis.transliteration import translit_skeleton

SPELLINGS_OF_ONE_NAME = [
    ["Достоевский", "Dostojevski", "Dostoevsky", "Dostoyevsky", "Dostoevskij", "Dostojewski", "Dostojevskij"],
    ["Толстой", "Tolstoi", "Tolstoy", "Tolstoj"],
    ["Чехов", "Tšehov", "Chekhov", "Čehov", "Čechov", "Tschechow", "Tjechov"],
    ["Пушкин", "Puškin", "Pushkin", "Puschkin", "Pusjkin"],
    ["Улицкая", "Ulitskaja", "Ulitskaya", "Ulickaja", "Ulitzkaja"],
    ["Горький", "Gorki", "Gorky", "Gorkij"],
    ["Чайковский", "Tšaikovski", "Tchaikovsky", "Tschaikowski", "Čajkovskij"],
    ["Евгений", "Jevgeni", "Yevgeny", "Evgenij"],
]


def skeleton_of(word: str) -> tuple[str, ...]:
    [token] = tokens(word)
    return translit_skeleton(token)


@pytest.mark.parametrize("spellings", SPELLINGS_OF_ONE_NAME, ids=lambda spellings: spellings[1])
def test_every_spelling_of_a_name_has_the_same_skeleton(spellings: list[str]) -> None:
    assert {skeleton_of(spelling) for spelling in spellings} == {skeleton_of(spellings[0])}


def test_different_names_keep_different_skeletons() -> None:
    skeletons = {skeleton_of(spellings[0]) for spellings in SPELLINGS_OF_ONE_NAME}
    assert len(skeletons) == len(SPELLINGS_OF_ONE_NAME)


def test_the_skeleton_of_dostoevsky_is_readable() -> None:
    assert skeleton_of("Достоевский") == ("dostoevski",)


def test_a_script_romanised_into_several_syllables_gives_several_tokens() -> None:
    assert translit_skeleton("漢字") == ("han", "zi")


@given(st.text())
def test_skeleton_tokens_are_non_empty_lower_case_ascii_letters_and_digits(text: str) -> None:
    for token in tokens(text):
        assert all(re.fullmatch("[a-z0-9]+", part) for part in translit_skeleton(token))
