"""The forms a document indexes for a word."""

from __future__ import annotations

from catalogue.analysis.word_forms import WordForms


def test_indexed_forms_are_base_forms_then_compound_parts_each_once() -> None:
    forms = WordForms(base_forms=("kuusi", "kuu"), compound_parts=("kuu", "kausi", "kuusi"))
    assert forms.indexed == ("kuusi", "kuu", "kausi")
