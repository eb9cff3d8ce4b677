"""Marking tests that need Voikko (libvoikko + voikko-fi): without it the analysis falls back to Snowball."""

from __future__ import annotations

import pytest

from catalogue.analysis import finnish
from catalogue.analysis.finnish import VoikkoFinnishStemmer

requires_voikko = pytest.mark.skipif(
    not isinstance(finnish.STEMMER, VoikkoFinnishStemmer), reason="libvoikko or voikko-fi not installed"
)
