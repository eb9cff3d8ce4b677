"""Publication years from the free-text dates catalogues carry ('[2019?]', 'c2019', '℗ 2018', '2015-2017').

Only a complete four-digit year is taken. Incomplete years such as '19uu', '197-' or '[19--]' give None
rather than the start of their decade: the year feeds the merge key (title + author + year) and the
newest/oldest sort, and a guessed 1970 would merge and sort a record as if the catalogue knew the year.
"""

from __future__ import annotations

import datetime
import re

_FOUR_DIGITS = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_EARLIEST = 1000
_YEARS_AHEAD = 2
# Years only go forward: a year up to this one is never too far ahead, and the clock (a system call, half
# the cost of parsing a year) is asked only about a later one.
_LATEST_AT_START = datetime.date.today().year + _YEARS_AHEAD


def parse_year(text: str | None) -> int | None:
    """The first plausible year in ``text``: 1000 up to two years ahead (publishers announce early)."""
    if not text:
        return None
    for match in _FOUR_DIGITS.finditer(text):
        year = int(match.group())
        if _EARLIEST <= year <= _LATEST_AT_START or _LATEST_AT_START < year <= _latest():
            return year
    return None


def _latest() -> int:
    return datetime.date.today().year + _YEARS_AHEAD
