"""Stage 2, normalise: a RawRecord into the shared NormalisedRecord schema (or a Rejection).

:func:`normalise` picks the normaliser by the format the reader recorded. Each normaliser promises never
to raise: an unforeseen failure on one odd record becomes that record's Rejection.
"""

from __future__ import annotations

from indexer.normalise.marc import normalise_marc
from indexer.normalise.onix import normalise_onix
from indexer.record import NormalisedRecord, RawRecord, Rejection

_MARC_FORMATS = frozenset({"marc21", "marcxml", "sierra_json"})
_ONIX_FORMATS = frozenset({"onix3", "onix21"})


def normalise(raw: RawRecord) -> NormalisedRecord | Rejection:
    """The normalised form of ``raw`` by its format, or a Rejection for a format no normaliser knows."""
    if raw.format in _MARC_FORMATS:
        return normalise_marc(raw)
    if raw.format in _ONIX_FORMATS:
        return normalise_onix(raw)
    return raw.rejection(raw.id_hint, f"no normaliser for format {raw.format!r}")
