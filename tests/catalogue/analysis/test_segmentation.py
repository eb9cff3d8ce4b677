"""Word segmentation: what counts as a word, and the NFKC case folding applied before."""

from __future__ import annotations

import pytest

from catalogue.analysis import tokens


def test_a_real_finnish_title_statement_splits_into_its_case_folded_words(
    helmet_titles: dict[str, tuple[str, str]],
) -> None:
    title, _ = helmet_titles["curated/2372028.xml"]
    assert tokens(title) == [
        "kellontekijän",
        "tytär",
        "kate",
        "morton",
        "suomentaneet",
        "hilkka",
        "pekkanen",
        "ja",
        "tuukka",
        "pekkanen",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kirjasto-opas", ["kirjasto", "opas"]),
        ("Don't Nod: 3.5 / 1984", ["don't", "nod", "3.5", "1984"]),
        ("ÄITI Straße", ["äiti", "strasse"]),
        ("ﬁlosoﬁa", ["filosofia"]),
        ("Ｈｅｌｓｉｎｋｉ", ["helsinki"]),
        ("kir\u00adjasto", ["kirjasto"]),
        ("zero\u200bwidth", ["zerowidth"]),
        ("Muumit 😀 ja ystävät", ["muumit", "ja", "ystävät"]),
        ("漢字かな", ["漢字", "かな"]),
        ("", []),
        (" ,.;!? – ", []),
    ],
)
def test_words_are_nfkc_case_folded_and_punctuation_symbols_and_invisibles_are_not_words(
    text: str, expected: list[str]
) -> None:
    assert tokens(text) == expected


def test_words_after_characters_outside_the_basic_multilingual_plane_are_cut_in_the_right_place() -> None:
    """ICU counts UTF-16 units, Python code points; an emoji or a rare ideograph shifts them apart."""
    assert tokens("ab😀cd 𠀀x 𝔘𝔫𝔦") == ["ab", "cd", "𠀀", "x", "uni"]


def test_a_lone_surrogate_from_broken_decoding_is_no_word_and_breaks_nothing() -> None:
    assert tokens("a\ud800b kirja") == ["a", "b", "kirja"]
