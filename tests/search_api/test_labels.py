"""Labels come from ICU/CLDR for languages and from our tables for our own values."""

from __future__ import annotations

import pytest

from search_api.labels import UI_LANGUAGES, label


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("fin", ("suomi", "finska", "Finnish")),
        ("swe", ("ruotsi", "svenska", "Swedish")),
        ("ger", ("saksa", "tyska", "German")),  # ISO 639-2/B, which ICU itself does not know
        ("rus", ("venäjä", "ryska", "Russian")),
        ("som", ("somali", "somaliska", "Somali")),
        ("zxx", ("ei kielellistä sisältöä", "inget språkligt innehåll", "No linguistic content")),
    ],
)
def test_language_names_in_each_ui_language(code: str, names: tuple[str, str, str]) -> None:
    assert tuple(label("language", code, ui) for ui in UI_LANGUAGES) == names


def test_collective_codes_fall_back_to_iso_639_5() -> None:
    assert label("language", "smi", "sv") == "Samiska språk"
    assert label("language", "smi", "en") == "Sami languages"


def test_own_vocabularies_and_unknown_values() -> None:
    assert label("municipality", "espoo", "sv") == "Esbo"
    assert label("municipality", "kauniainen", "sv") == "Grankulla"
    assert label("material_type", "eaudiobook", "fi") == "E-äänikirja"
    assert label("audience", "children", "en") == "Children"
    assert label("language", "xyz", "fi") == "xyz"
    assert label("subject", "kissat", "fi") == "kissat"
