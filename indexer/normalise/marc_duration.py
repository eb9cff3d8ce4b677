"""Playing time of a MARC record as 'hh:mm:ss'.

306 $a holds it coded (hhmmss, one per part); when it is missing, the physical description 300 $a
often says it in words ("2 CD-äänilevyä (63 min, 58 min)", "E-äänikirja (MP3; kesto 3 h 10 min)",
"1 DVD (ca. 1:35:00)"). All parts are added up: the duration of the whole item is what a listener wants.
"""

from __future__ import annotations

import functools
import re

from indexer.normalise.marc_fields import FIELD_CACHE_SIZE, MarcFields, values

_CODED = re.compile(r"^(\d{2})(\d{2})(\d{2})$")
# Hour words in English, Finnish and Swedish; a bare Finnish 't' counts only before minutes ("3 t 45 min"),
# since elsewhere 't.' is a volume ("2 t.", French and Spanish records).
_HOUR_WORD = r"(?:h|hrs?|hours?|tim(?:mar)?|tuntia|tunti)\b\.?|t\b\.?(?=\s*,?\s*\d{1,2}\s*min)"
_SPOKEN = re.compile(
    r"(?<![\d:])(?P<clock_h>\d{1,3}):(?P<clock_m>[0-5]\d)(?::(?P<clock_s>[0-5]\d))?(?![\d:])"
    rf"|(?<![\d.,])(?P<hours>\d{{1,3}}(?:[.,]\d+)?)\s*(?:{_HOUR_WORD})(?:\s*(?P<hour_minutes>\d{{1,2}})\s*min)?"
    r"|(?<![\d.,])(?P<minutes>\d{1,4})\s*min",
    re.IGNORECASE,
)


def duration(fields: MarcFields) -> str | None:
    seconds = sum(map(_coded_seconds, values(fields.get("306"), "a")))
    if not seconds:
        seconds = sum(map(_spoken_seconds, values(fields.get("300"), "a")))
    if not seconds:
        return None
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _coded_seconds(value: str) -> int:
    """Seconds of one coded playing time (hhmmss); running times recur, so each is read once."""
    match = _CODED.match(value.strip())
    if match is None:
        return 0
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _spoken_seconds(text: str) -> int:
    """Seconds said in words in ``text``; physical descriptions recur ("1 verkkoaineisto (MP3)", "2 CD-
    äänilevyä"), so each distinct one is read once."""
    total = 0
    for match in _SPOKEN.finditer(text):
        if match["clock_h"] is not None:
            total += int(match["clock_h"]) * 3600 + int(match["clock_m"]) * 60 + int(match["clock_s"] or 0)
        elif match["hours"] is not None:
            hours = float(match["hours"].replace(",", "."))
            total += round(hours * 3600) + int(match["hour_minutes"] or 0) * 60
        else:
            total += int(match["minutes"]) * 60
    return total
