"""CSV that is safe to open in a spreadsheet: formula cells made text (one test per character OWASP
lists), every cell quoted, the BOM when asked for, file names in safe characters."""

from __future__ import annotations

import csv
import io

import pytest

from search_api.csv_export import BOM, csv_text, file_name, neutralise


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example";"click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+9)*cmd|' /C calc'!A0",
        "\t=1+2",
        "\r=1+2",
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_a_cell_a_spreadsheet_would_evaluate_becomes_text(cell: str) -> None:
    assert neutralise(cell) == f"'{cell}"
    (row,) = list(csv.reader(io.StringIO(csv_text(["value"], [[cell]]))))[1:]
    assert row == [f"'{cell}"]


@pytest.mark.parametrize(
    "cell", ["Hämäläinen, Elina", "2010-luku", "fin", " =not first", "a=b", "'quoted", ""]
)
def test_other_cells_are_written_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell


def test_numbers_are_numbers() -> None:
    assert neutralise(36) == 36
    assert csv_text(["count"], [[36]]) == '"count"\r\n"36"\r\n'


def test_every_cell_is_quoted_so_a_separator_cannot_start_a_formula_cell() -> None:
    """Finnish and Swedish Excel split on ';': unquoted, 'Smith;=1+2' would be two cells, one a formula."""
    text = csv_text(["value", "label"], [["Smith;=1+2", 'say "hi"']])
    assert text == '"value","label"\r\n"Smith;=1+2","say ""hi"""\r\n'


def test_the_byte_order_mark_only_when_asked_for() -> None:
    assert csv_text(["value"], [["Hämäläinen"]], bom=True) == f'{BOM}"value"\r\n"Hämäläinen"\r\n'
    assert not csv_text(["value"], [["Hämäläinen"]]).startswith(BOM)


@pytest.mark.parametrize(
    ("parts", "name"),
    [
        (("subject", "romaani"), "subject-romaani.csv"),
        (("subject", ""), "subject.csv"),
        (("author", "Hämäläinen, Elina"), "author-hamalainen-elina.csv"),
        (("author", "Достоевский"), "author-dostoevskij.csv"),
        (("material_type", 'title:"kissa ja koira" -sota'), "material-type-title-kissa-ja-koira-sota.csv"),
        (("subject", '../../etc/passwd"; x=y'), "subject-etc-passwd-x-y.csv"),
        (("year", "kissa", "page 2"), "year-kissa-page-2.csv"),
        (("subject", "k" * 200), f"subject-{'k' * 52}.csv"),
        (("", "日本"), "ri-ben.csv"),
        (("", "!!!"), "export.csv"),
    ],
)
def test_file_names_are_made_of_safe_characters(parts: tuple[str, ...], name: str) -> None:
    assert file_name(*parts) == name
