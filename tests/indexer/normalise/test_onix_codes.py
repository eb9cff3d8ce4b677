from __future__ import annotations

import re

import pytest

from indexer.normalise import onix_codes
from indexer.record import ROLES


@pytest.mark.parametrize(
    ("code", "role"),
    [
        ("A01", "author"),
        ("A12", "illustrator"),
        ("A06", "composer"),
        ("A05", "lyricist"),
        ("B01", "editor"),
        ("C01", "editor"),
        ("B06", "translator"),
        ("E07", "narrator"),
        ("E05", "performer"),
        ("D03", "conductor"),
    ],
)
def test_contributor_roles(code: str, role: str) -> None:
    assert onix_codes.ROLES[code] == role


def test_unmapped_roles_are_left_to_the_caller() -> None:
    assert {"A24", "A23", "A32", "Z99", "D02"}.isdisjoint(onix_codes.ROLES)


def test_every_role_code_is_a_list_17_code_and_a_known_role() -> None:
    assert all(re.fullmatch(r"[A-EZ]\d\d", code) for code in onix_codes.ROLES)
    assert set(onix_codes.ROLES.values()) <= set(ROLES)


def test_a_subject_scheme_is_either_classification_or_a_vocabulary() -> None:
    assert set(onix_codes.CLASSIFICATION_SCHEMES).isdisjoint(onix_codes.SUBJECT_VOCABULARIES)
    special = {
        onix_codes.SCHEME_KEYWORDS,
        onix_codes.SCHEME_HIDDEN_KEYWORDS,
        onix_codes.SCHEME_FICTION_GENRES,
    }
    assert special.isdisjoint(onix_codes.CLASSIFICATION_SCHEMES)
    assert special.isdisjoint(onix_codes.SUBJECT_VOCABULARIES)
