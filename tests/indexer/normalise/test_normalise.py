"""The dispatcher in indexer/normalise/__init__.py."""

from __future__ import annotations

import dataclasses

from indexer.normalise import normalise
from indexer.normalise.marc import normalise_marc
from indexer.read.readers.sierra import read_sierra_json
from indexer.record import RawRecord, Rejection
from tests.conftest import REAL_DATA


def sierra_ebook() -> RawRecord:
    path = REAL_DATA / "natlibfi/helmet-sierra-json/transform/02/input.json"
    with path.open("rb") as stream:
        raw = next(read_sierra_json(stream, source="espoo", location=str(path)))
    assert isinstance(raw, RawRecord)
    return raw


def test_marc_formats_go_to_the_marc_normaliser() -> None:
    raw = sierra_ebook()
    for format in ("sierra_json", "marc21", "marcxml"):
        same = dataclasses.replace(raw, format=format)
        assert normalise(same) == normalise_marc(same)


def test_unknown_format_is_a_rejection() -> None:
    raw = dataclasses.replace(sierra_ebook(), format="mods")  # type: ignore[arg-type]
    result = normalise(raw)
    assert isinstance(result, Rejection)
    assert (result.reason, result.record_id, result.raw) == (
        "no normaliser for format 'mods'",
        raw.id_hint,
        raw.raw,
    )
