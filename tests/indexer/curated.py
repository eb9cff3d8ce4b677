"""One of the curated real Helmet MARCXML records, read and normalised as the harvester does."""

from __future__ import annotations

from indexer.normalise import normalise
from indexer.read.readers.marcxml import read_marcxml
from indexer.record import NormalisedRecord, RawRecord
from tests.conftest import REAL_DATA


def curated_record(name: str, municipality: str = "espoo") -> NormalisedRecord:
    with (REAL_DATA / "helmet-marcxml" / "curated" / name).open("rb") as stream:
        raw = next(item for item in read_marcxml(stream, source=municipality, location=name))
    assert isinstance(raw, RawRecord)
    result = normalise(raw)
    assert isinstance(result, NormalisedRecord)
    return result
