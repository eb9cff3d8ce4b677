"""Real Helmet titles for the analysis tests, read straight from the MARCXML (no dependency on indexer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from catalogue.analysis import finnish
from catalogue.analysis.finnish import VoikkoFinnishStemmer

MARC = "{http://www.loc.gov/MARC21/slim}"


@pytest.fixture(scope="session")
def helmet_titles(real_data: Path) -> dict[str, tuple[str, str]]:
    """Each real Helmet record's title statement (245, subfields joined by spaces) and 008 language code,
    by path under ``helmet-marcxml``."""
    folder = real_data / "helmet-marcxml"
    titles = {}
    for path in sorted(folder.rglob("*.xml")):
        record = etree.parse(str(path)).getroot()
        title = " ".join(
            subfield.text or "" for subfield in record.iterfind(f"{MARC}datafield[@tag='245']/{MARC}subfield")
        )
        fixed_length = record.findtext(f"{MARC}controlfield[@tag='008']") or ""
        titles[path.relative_to(folder).as_posix()] = (title, fixed_length[35:38])
    return titles


@pytest.fixture
def voikko() -> VoikkoFinnishStemmer:
    """A fresh stemmer (empty caches) around the Voikko instance this machine has."""
    assert isinstance(finnish.STEMMER, VoikkoFinnishStemmer)
    return VoikkoFinnishStemmer(finnish.STEMMER.voikko)
