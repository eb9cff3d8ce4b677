"""The fidelity report counts what a real file gives the schema and which rules its records exercise."""

from __future__ import annotations

from pathlib import Path

from bench.marc_fidelity import file_fidelity, main, markdown


def test_one_file_is_counted_field_by_field_and_rule_by_rule(real_data: Path) -> None:
    # Two Russian novels in ISO 2709, romanised, with their Cyrillic forms in 880 fields.
    found = file_fidelity(real_data / "marc4j/cyrillic_capital_e.mrc", "cyrillic_capital_e.mrc")
    assert (found.format, found.records, found.normalised, found.rejected) == ("marc21", 2, 2, 0)
    assert found.fields["original_script.title"] == 2
    assert found.fields["contributors.original"] == 2
    assert found.fields["title"] == 2 and found.fields["identifiers.ismn"] == 0
    assert found.rules["880"] == 2
    assert found.rules["880 unlinked (00)"] == 1  # the first record's 880 260-00
    assert found.rules["264 _1"] == 1 and found.rules["no 041"] == 2


def test_the_report_is_markdown_tables(real_data: Path, tmp_path: Path, capsys: object) -> None:
    (tmp_path / "one.xml").write_bytes((real_data / "helmet-marcxml/curated/2297829.xml").read_bytes())
    (tmp_path / "notes.md").write_text("not a catalogue file")
    assert main([str(tmp_path)]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert printed.startswith("1 files with records, 1 records, 1 normalised, 0 rejected.")
    assert "| `edition` | 1 | 100% |" in printed
    assert "| one.xml | marcxml | 1 | 1 | 0 |" in printed
    assert markdown([]).startswith("0 files with records")
