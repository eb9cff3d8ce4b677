"""Sort keys: Finnish, Swedish and English alphabetical order as strings Elasticsearch sorts by bytes."""

from __future__ import annotations

import re

import icu
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.analysis import SORT_LOCALES, SortLocale, sort_key
from catalogue.analysis.collation import SORT_TEXT_LIMIT


def in_order(words: list[str], locale: SortLocale) -> list[str]:
    # Elasticsearch compares the UTF-8 bytes of keyword values.
    return sorted(words, key=lambda word: sort_key(word, locale).encode())


def test_finnish_order_puts_digits_first_and_a_with_ring_a_and_o_with_umlaut_after_z() -> None:
    words = ["Öljy", "Ahven", "Zeta", "Åke", "Äiti", "1984", "Xylofoni", "Yö"]
    assert in_order(words, "fi") == ["1984", "Ahven", "Xylofoni", "Yö", "Zeta", "Åke", "Äiti", "Öljy"]


def test_swedish_order_ends_z_a_with_ring_a_with_umlaut_o_with_umlaut() -> None:
    assert in_order(["Öga", "Ära", "Åsa", "Zorn", "Anna"], "sv") == ["Anna", "Zorn", "Åsa", "Ära", "Öga"]


@pytest.mark.parametrize("locale", ["fi", "sv"])
def test_nordic_orders_sort_u_with_umlaut_as_y_and_danish_letters_as_their_swedish_twins(
    locale: SortLocale,
) -> None:
    """CLDR: ü is a y with an accent, æ sorts as ä and ø as ö (so the next letter decides between them)."""
    assert in_order(["Ydin", "Über", "Uuno", "Yarn"], locale) == ["Uuno", "Yarn", "Über", "Ydin"]
    nordic_order = ["Zebra", "Æble", "Ära", "Ödla", "Øre"]
    assert in_order(nordic_order[::-1], locale) == nordic_order


def test_english_order_sorts_a_with_ring_and_umlauts_with_plain_a_and_o() -> None:
    english_order = ["Ahven", "Åke", "Öljy", "Orava", "Zeta"]
    assert in_order(english_order[::-1], "en") == english_order


@pytest.mark.parametrize("locale", SORT_LOCALES)
def test_case_ties_but_accents_do_not(locale: SortLocale) -> None:
    """Secondary strength: TALVISOTA and Talvisota are equal, resume comes before résumé."""
    assert sort_key("TALVISOTA", locale) == sort_key("Talvisota", locale)
    assert sort_key("resume", locale) < sort_key("résumé", locale) < sort_key("resumes", locale)


def test_precomposed_and_combining_accents_sort_alike() -> None:
    assert sort_key("Äiti", "fi") == sort_key("A\u0308iti", "fi")


@pytest.mark.parametrize("locale", SORT_LOCALES)
@given(a=st.text(), b=st.text())
def test_byte_order_of_the_keys_is_the_collator_order(locale: SortLocale, a: str, b: str) -> None:
    collator = icu.Collator.createInstance(icu.Locale(locale))
    collator.setStrength(icu.Collator.SECONDARY)
    collator.setAttribute(icu.UCollAttribute.NORMALIZATION_MODE, icu.UCollAttributeValue.ON)
    key_a, key_b = sort_key(a, locale), sort_key(b, locale)
    assert re.fullmatch("[0-9a-f]+", key_a)
    expected = collator.compare(a, b)
    assert (key_a > key_b) - (key_a < key_b) == expected


def test_a_huge_value_still_gives_a_key_lucene_accepts() -> None:
    key = sort_key("Ж" * 100_000, "fi")
    assert len(key.encode()) < 32_766
    assert key == sort_key("Ж" * SORT_TEXT_LIMIT, "fi")


def test_an_unknown_locale_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="'de'"):
        sort_key("Straße", "de")  # type: ignore[arg-type]
