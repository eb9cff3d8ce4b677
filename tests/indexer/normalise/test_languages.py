from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.normalise.languages import detect_language, normalise_language


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fin", "fin"),
        ("fi", "fin"),
        ("FI", "fin"),
        ("sv", "swe"),
        ("deu", "ger"),
        ("ger", "ger"),
        ("de", "ger"),
        ("fra", "fre"),
        ("zho", "chi"),
        ("zh-cn", "chi"),
        ("sv-FI", "swe"),
        (" fin. ", "fin"),
        ("fin|", "fin"),
        ("mul", "mul"),
        ("zxx", "zxx"),
        ("und", "und"),
        ("fiu", "fiu"),
        ("xxx", None),
        ("|||", None),
        ("   ", None),
        ("f i n", None),
        ("finswe", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_language(code: str | None, expected: str | None) -> None:
    assert normalise_language(code) == expected


@given(st.text())
def test_normalise_language_never_raises_and_gives_three_letters(code: str) -> None:
    result = normalise_language(code)
    assert result is None or (len(result) == 3 and result.isascii() and result.islower())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kesäyön unelma ja muita tarinoita rakkaudesta", "fin"),
        ("Det var en gång en liten flicka som bodde i skogen", "swe"),
        ("The quick brown fox jumps over the lazy dog", "eng"),
        ("Der kleine Prinz und die Geschichte vom Fuchs", "ger"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "ab", "12345 !!", "  --  "])
def test_detect_language_needs_three_letters(text: str) -> None:
    assert detect_language(text) is None


def test_detect_language_is_deterministic() -> None:
    text = "Muumipeikko ja pyrstötähti"
    assert {detect_language(text) for _ in range(5)} == {detect_language(text)}
