"""Normalisers turn a RawRecord into the shared NormalisedRecord schema (or a Rejection).

:func:`normalise` picks the normaliser by the format the reader recorded. The ONIX normaliser is
imported when the first ONIX record arrives, so that MARC-only runs (and their tests) never load it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from indexer.normalise.marc import normalise_marc
from indexer.record import NormalisedRecord, RawRecord, Rejection

Normaliser = Callable[[RawRecord], NormalisedRecord | Rejection]

_MARC_FORMATS = frozenset({"marc21", "marcxml", "sierra_json"})
_ONIX_FORMATS = frozenset({"onix3", "onix21"})


def normalise(raw: RawRecord) -> NormalisedRecord | Rejection:
    """The normalised form of ``raw`` by its format, or a Rejection for a format no normaliser knows."""
    if raw.format in _MARC_FORMATS:
        return normalise_marc(raw)
    if raw.format in _ONIX_FORMATS:
        return _onix_normaliser()(raw)
    reason = f"no normaliser for format {raw.format!r}"
    return Rejection(raw.source, raw.location, raw.position, raw.id_hint, reason, raw.raw)


def _onix_normaliser() -> Normaliser:
    normaliser: Normaliser = importlib.import_module("indexer.normalise.onix").normalise_onix
    return normaliser
