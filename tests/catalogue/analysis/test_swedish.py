"""Swedish base forms and compound parts from the Hunspell dictionary, and the Snowball fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.analysis import analyse, analyse_query, swedish
from catalogue.analysis.swedish import SNOWBALL_SWEDISH, HunspellSwedishStemmer, load_swedish_stemmer

requires_hunspell = pytest.mark.skipif(
    not isinstance(swedish.STEMMER, HunspellSwedishStemmer), reason="hunspell-sv not installed"
)


@requires_hunspell
@pytest.mark.parametrize(
    ("word", "base_form"),
    [
        ("fåglarna", "fågel"),  # plural definite, with the stem's e dropped
        ("systrarna", "syster"),
        ("mormors", "mormor"),  # genitive
        ("flickorna", "flicka"),
        ("huset", "hus"),
    ],
)
def test_inflected_forms_meet_their_base_form(word: str, base_form: str) -> None:
    assert base_form in swedish.STEMMER.word_forms(word).base_forms
    assert swedish.STEMMER.word_forms(base_form).base_forms == (base_form,)


@requires_hunspell
@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("kökstrappa", ("kök", "trappa")),  # a compound the dictionary also lists whole; linking s removed
        ("trädgårdsskötsel", ("trädgård", "skötsel")),
        ("barnboken", ("barn", "bok")),  # the last part inflected
        ("krigshistoria", ("krig", "historia")),  # not kriga + s
        ("ålandsfärjan", ("åland", "färja")),  # a name as the first part
    ],
)
def test_a_compound_is_indexed_under_its_parts(word: str, parts: tuple[str, ...]) -> None:
    forms = swedish.STEMMER.word_forms(word)
    assert forms.compound_parts == parts
    assert forms.indexed[0] not in parts, "the whole word comes first"


@requires_hunspell
def test_an_inflected_compound_has_the_compound_in_base_form() -> None:
    assert swedish.STEMMER.word_forms("barnboken").base_forms == ("barnbok",)


@requires_hunspell
def test_a_word_the_dictionary_does_not_know_gets_its_snowball_stem() -> None:
    assert swedish.STEMMER.word_forms("qvxzurnarna") == SNOWBALL_SWEDISH.word_forms("qvxzurnarna")


@requires_hunspell
def test_the_parts_of_a_swedish_compound_find_it_and_the_base_form_finds_the_inflected_word() -> None:
    document = set(analyse("Mormors kökstrappa: fåglarna", "swe").stemmed.split())
    query = analyse_query("kök mormor trappa fågel").stemmed["swe"]
    assert all(set(alternatives) & document for alternatives in query)


def test_without_a_dictionary_swedish_is_stemmed_with_snowball(tmp_path: Path) -> None:
    assert load_swedish_stemmer((tmp_path / "sv_FI",)) is SNOWBALL_SWEDISH


def test_a_dictionary_found_is_loaded_only_when_a_word_is_analysed(tmp_path: Path) -> None:
    for suffix in (".aff", ".dic"):
        (tmp_path / f"sv_FI{suffix}").write_text("")
    stemmer = load_swedish_stemmer((tmp_path / "sv_FI",))
    assert isinstance(stemmer, HunspellSwedishStemmer) and stemmer.path == tmp_path / "sv_FI"
