"""What a typed identifier is looked up as: canonical forms of valid numbers, and the compact form of an
ISBN-shaped number that fails its checksum (a cancelled ISBN from MARC 020 $z is indexed so)."""

from __future__ import annotations

import pytest

from search_api.query import identifier_forms


@pytest.mark.parametrize(
    ("typed", "forms"),
    [
        ("951-0-11545-2", ["9789510115459"]),
        ("0355-0893", ["0355-0893"]),
        ("951-0-00000-1", ["9510000001"]),  # fails the ISBN checksum: looked up as printed, compacted
        ("978 951 000 000 1", ["9789510000001"]),
        ("95100000x", []),  # nine characters: no ISBN
        ("kissa", []),
    ],
)
def test_identifier_forms(typed: str, forms: list[str]) -> None:
    assert identifier_forms(typed) == forms
