"""Sort keys that make Elasticsearch sort titles and names in Finnish, Swedish or English order.

Elasticsearch sorts a ``keyword`` field by the UTF-8 bytes of its values, which puts every capital before
every small letter and ``Äiti`` before ``Åke``. ICU's collator knows each language's alphabet (CLDR):
Finnish and Swedish both end … x y z å ä ö, sort ü as a y with an accent and æ, ø as ä, ö; English sorts
å, ä, ö as a, a, o with accents; all put digits before letters. Its binary sort key compares correctly
byte by byte; written in lower-case hex, whose characters 0-9a-f are in ASCII order, it still does, and
becomes a string a keyword field can hold.

Strength is secondary: letters and accents decide (``resume`` < ``résumé``), case does not, so
``TALVISOTA`` and ``Talvisota`` tie and the work id orders them (the title sort's second key). Case in
our titles is a cataloguing accident (some sources send capitals), not something a reader sorts by.
"""

from __future__ import annotations

from functools import partial
from typing import Literal, get_args

import icu

from catalogue.analysis.per_thread import PerThread

SortLocale = Literal["fi", "sv", "en"]
SORT_LOCALES: tuple[SortLocale, ...] = get_args(SortLocale)

# Lucene refuses a term over 32,766 bytes and would fail the whole document; a key takes two to six hex
# characters per character, and no sort was ever decided after the first few hundred characters.
SORT_TEXT_LIMIT = 1000


def _collator(locale: SortLocale) -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale(locale))
    collator.setStrength(icu.Collator.SECONDARY)
    # Our text is not guaranteed to be in NFD/FCD form (MARC records mix precomposed and combining
    # accents); with normalisation on, both spellings of ä get the same key.
    collator.setAttribute(icu.UCollAttribute.NORMALIZATION_MODE, icu.UCollAttributeValue.ON)
    return collator


_COLLATORS = {locale: PerThread(partial(_collator, locale)) for locale in SORT_LOCALES}


def sort_key(text: str, locale: SortLocale) -> str:
    """A string whose byte order is ``text``'s alphabetical order in ``locale`` ('fi', 'sv' or 'en')."""
    if locale not in _COLLATORS:
        raise ValueError(f"no sort order for locale {locale!r}; one of {', '.join(SORT_LOCALES)}")
    key: bytes = _COLLATORS[locale].get().getSortKey(text[:SORT_TEXT_LIMIT])
    return key.hex()
