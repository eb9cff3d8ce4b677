"""The record schema's JSON shape: every key of docs/record-schema.md, in order, and a lossless round trip."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from indexer.normalise import normalise
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.onix import read_onix
from indexer.record import NormalisedRecord, RawRecord

FILES = [
    ("helmet-marcxml/curated/2452306.xml", read_marcxml),
    ("helmet-marcxml/curated/1769634.xml", read_marcxml),
    ("onix/elisa/transform/18/input.xml", read_onix),
]


@pytest.mark.parametrize(("name", "reader"), FILES)
def test_to_dict_is_asdict_and_round_trips(real_data: Path, name: str, reader: object) -> None:
    with (real_data / name).open("rb") as stream:
        raws = [item for item in reader(stream, source="espoo", location=name) if isinstance(item, RawRecord)]  # type: ignore[operator]
    records = [result for result in map(normalise, raws) if isinstance(result, NormalisedRecord)]
    assert records
    for record in records:
        shape = record.to_dict()
        assert shape == dataclasses.asdict(record)
        assert list(shape) == [f.name for f in dataclasses.fields(NormalisedRecord)]
        assert NormalisedRecord.from_dict(shape) == record
