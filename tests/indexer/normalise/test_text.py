from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.normalise.text import clean


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Helin, Sari.", "Helin, Sari"),
        ("Kesäyön unelma /", "Kesäyön unelma"),
        ("Helsinki :", "Helsinki"),
        ("Otava,", "Otava"),
        ("Rinnakkaisnimeke =", "Rinnakkaisnimeke"),
        ("osa 1 ;", "osa 1"),
        ("[Helsinki] :", "Helsinki"),
        ("[S.l.] :", "S.l."),
        ("Smith, J.", "Smith, J."),
        ("King, Martin Luther, Jr.", "King, Martin Luther, Jr."),
        ("Ja niin edelleen ...", "Ja niin edelleen ..."),
        ("2. painos.", "2. painos"),
        ("  monta   välilyöntiä\n ja rivinvaihto ;", "monta välilyöntiä ja rivinvaihto"),
        ("Helsinki :,", "Helsinki"),
        ("WSOY.", "WSOY"),
        # Every kind of whitespace str.split() knows is collapsed, including at the end before punctuation.
        ("a\u00a0\u2003b\x1c\u2028c\u3000:", "a b c"),
        ("\tOtava\r\n", "Otava"),
        ("", None),
        ("   ", None),
        (" : ", None),
        ("[]", None),
        (None, None),
    ],
)
def test_clean_removes_isbd_punctuation(raw: str | None, expected: str | None) -> None:
    assert clean(raw) == expected


def test_clean_composes_decomposed_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Kääntäjä")
    assert clean(decomposed) == "Kääntäjä"


@given(st.text())
def test_clean_is_idempotent_and_never_leaves_padding(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    if once is not None:
        assert once == once.strip()
        assert "  " not in once
        assert unicodedata.is_normalized("NFC", once)
