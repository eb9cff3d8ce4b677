from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.normalise import years
from indexer.normalise.years import parse_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", 2019),
        ("[2019?]", 2019),
        ("c2019", 2019),
        ("℗ 2018", 2018),
        ("p1999, c2000", 1999),
        ("2015-2017", 2015),
        ("2019.", 2019),
        ("cop. 1987", 1987),
        ("19uu", None),
        ("197-", None),
        ("[19--]", None),
        ("uuuu", None),
        ("9999", None),
        ("0999", None),
        ("12345", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_year(text: str | None, expected: int | None) -> None:
    assert parse_year(text) == expected


def test_parse_year_accepts_announced_years_but_not_further() -> None:
    this_year = datetime.date.today().year
    assert parse_year(str(this_year + 2)) == this_year + 2
    assert parse_year(str(this_year + 3)) is None


def test_parse_year_asks_the_clock_about_years_after_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process running into a new year still accepts the years that have come within reach since."""
    this_year = datetime.date.today().year
    monkeypatch.setattr(years, "_LATEST_AT_START", this_year - 5)
    assert parse_year(str(this_year + 2)) == this_year + 2
    assert parse_year(str(this_year + 3)) is None
    assert parse_year(str(this_year - 5)) == this_year - 5


def test_parse_year_skips_implausible_numbers_before_the_year() -> None:
    assert parse_year("9999 [i.e. 1999]") == 1999


@given(st.text())
def test_parse_year_never_raises_and_stays_in_range(text: str) -> None:
    year = parse_year(text)
    assert year is None or 1000 <= year <= datetime.date.today().year + 2
