from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthetic.titles import capitalised, fiction_title, natural_order, person_name, romanised
from synthetic.vocabulary import LANGUAGES, Language

# The script every letter of a title in the language is written in.
SCRIPTS: dict[Language, str] = {
    "fin": "LATIN", "swe": "LATIN", "eng": "LATIN", "est": "LATIN", "som": "LATIN", "rus": "CYRILLIC",
    "ara": "ARABIC",
}  # fmt: skip


@pytest.mark.parametrize(
    ("cyrillic", "finnish"),
    [
        ("Достоевский, Фёдор", "Dostojevski, Fjodor"),
        ("Толстой, Лев", "Tolstoi, Lev"),
        ("Кузнецова, Наталья", "Kuznetsova, Natalja"),
        ("Орлова, Елена", "Orlova, Jelena"),
        ("Лебедев, Дмитрий", "Lebedev, Dmitri"),
        ("Чехов, Антон", "Tšehov, Anton"),
    ],
)
def test_russian_names_are_romanised_as_finnish_catalogues_write_them(cyrillic: str, finnish: str) -> None:
    assert romanised(cyrillic) == finnish


@given(st.integers(0, 2**32), st.sampled_from(LANGUAGES))
def test_titles_are_in_the_script_of_their_language(seed: int, language: Language) -> None:
    title = fiction_title(random.Random(seed), language)
    letters = [char for char in title if char.isalpha()]
    assert letters
    assert {unicodedata.name(char).split()[0] for char in letters} == {SCRIPTS[language]}
    assert title == title.strip()
    assert "  " not in title


@given(st.integers(0, 2**32), st.sampled_from(LANGUAGES))
def test_titles_start_with_a_capital_where_the_script_has_capitals(seed: int, language: Language) -> None:
    title = fiction_title(random.Random(seed), language)
    assert title[0] == title[0].upper()


@given(st.integers(0, 2**32), st.sampled_from(LANGUAGES))
def test_names_are_inverted_and_turn_back_to_natural_order(seed: int, language: Language) -> None:
    name = person_name(random.Random(seed), language)
    family, given_name = name.split(", ")
    assert natural_order(name) == f"{given_name} {family}"


def test_the_same_seed_gives_the_same_titles() -> None:
    first, second = random.Random(11), random.Random(11)
    assert [fiction_title(first, "fin") for _ in range(50)] == [
        fiction_title(second, "fin") for _ in range(50)
    ]


def test_capitalised_keeps_the_rest_of_the_text() -> None:
    assert capitalised("böckerna i mitt liv") == "Böckerna i mitt liv"
    assert capitalised("Python for NLP") == "Python for NLP"
