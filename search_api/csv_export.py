"""CSV answers that are safe to open in a spreadsheet, with the right characters and a telling file name.

Every CSV the service writes goes through :func:`csv_response`, so the rules below hold for all of them:

- **Formula injection** (OWASP, "CSV Injection"): catalogue text is written by many hands, and a name such
  as ``=HYPERLINK("http://evil.example";"click")`` would be a live formula in Excel or LibreOffice. A cell
  that a spreadsheet would evaluate – one beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return – gets a leading ``'``, which makes it text. Every cell is also quoted, so that a separator inside
  a value (``;``, which Finnish and Swedish Excel split on) cannot start a new cell that is a formula.
  ``defusedcsv`` was not used: it leaves a leading tab or carriage return alone and rewrites ``|``.
- **Excel and UTF-8**: Excel reads a CSV without a byte order mark in the computer's legacy code page
  (``Hämäläinen`` becomes ``HÃ¤mÃ¤lÃ¤inen``); ``bom=True`` puts the UTF-8 BOM first. It is not the
  default because other tools (and Python's ``csv`` without ``utf-8-sig``) read the BOM as part of the
  first column's name; the facet explorer asks for it.
- **File name**: the facet and the query (``subject-romaani.csv``), spelled in lower-case ASCII letters,
  digits and hyphens only, so that it is safe in a header and on any file system.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import icu
from fastapi.responses import Response

from catalogue.analysis.per_thread import PerThread

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
MAX_NAME_WORDS_LENGTH = 60
_ASCII = PerThread(lambda: icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower"))
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def neutralise(cell: str | int) -> str | int:
    """``cell`` as text a spreadsheet will not evaluate (numbers are left as they are)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str | int]], bom: bool = False) -> str:
    """The rows under the header, every cell neutralised and quoted, with the BOM first if asked."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def file_name(*parts: str) -> str:
    """``file_name("subject", "Romaani", "")`` → ``subject-romaani.csv``: every part in ASCII letters and
    digits (other scripts romanised, accents dropped), joined by hyphens, empty parts left out."""
    words = [_NOT_NAME.sub("-", _ASCII.get().transliterate(part)).strip("-") for part in parts]
    name = "-".join(word for word in words if word)[:MAX_NAME_WORDS_LENGTH].strip("-")
    return f"{name or 'export'}.csv"


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[str | int]], name: str, bom: bool = False
) -> Response:
    """A CSV download named ``name`` (made by :func:`file_name`)."""
    return Response(
        content=csv_text(header, rows, bom),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
