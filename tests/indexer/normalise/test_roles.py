from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.normalise.roles import role_from_relator
from indexer.record import ROLES


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("aut", "author"),
        ("AUT", "author"),
        ("kirjoittaja.", "author"),
        ("författare", "author"),
        ("author.", "author"),
        ("edt", "editor"),
        ("toimittaja", "editor"),
        ("redaktör", "editor"),
        ("trl", "translator"),
        ("kääntäjä", "translator"),
        ("Översättare", "translator"),
        ("translator", "translator"),
        ("ill", "illustrator"),
        ("kuvittaja", "illustrator"),
        ("illustratör", "illustrator"),
        ("cmp", "composer"),
        ("säveltäjä", "composer"),
        ("kompositör", "composer"),
        ("lyr", "lyricist"),
        ("sanoittaja", "lyricist"),
        ("textförfattare", "lyricist"),
        ("prf", "performer"),
        ("esittäjä", "performer"),
        ("nrr", "narrator"),
        ("lukija", "narrator"),
        ("uppläsare", "narrator"),
        ("narrator", "narrator"),
        ("cnd", "conductor"),
        ("kapellimestari", "conductor"),
        ("ins", "instructor"),
        ("instructor", "instructor"),
        ("kirjoittaja, kuvittaja", "author"),
        ("tuntematon rooli", "contributor"),
        ("", "contributor"),
        (None, "contributor"),
    ],
)
def test_role_from_relator(value: str | None, expected: str) -> None:
    assert role_from_relator(value) == expected


def test_role_from_relator_reads_decomposed_letters() -> None:
    assert role_from_relator("ka\u0308a\u0308nta\u0308ja\u0308") == "translator"


@given(st.text())
def test_role_from_relator_always_gives_a_schema_role(value: str) -> None:
    assert role_from_relator(value) in ROLES
