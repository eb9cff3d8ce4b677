"""The query-string check every API route makes before its parameters are read."""

from __future__ import annotations

import pytest

from search_api.dependencies import undecodable_parameter


@pytest.mark.parametrize(
    ("query_string", "named"),
    [
        (b"q=%FF", "q"),
        (b"q=\xff", "q"),  # a raw byte, not percent-encoded
        (b"q=kissa&filter=year:2019&filter=subject:kes%E4", "filter"),
        (b"%FF=1", "\ufffd"),  # the name itself
        (b"q=%E2%82", "q"),  # a truncated character
        ("q=kesä&filter=subject:%C3%A4".encode(), None),
        (b"q=%&q=%G1&q=+", None),  # broken escapes are kept as typed, which is text
        (b"", None),
    ],
)
def test_the_first_parameter_that_is_not_utf8_is_named(query_string: bytes, named: str | None) -> None:
    assert undecodable_parameter(query_string) == named
