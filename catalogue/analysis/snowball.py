"""Snowball stemmers (PyStemmer), chosen by the MARC language code of a value.

Records name their languages in ISO 639-2/B (MARC 008/35-37 and 041, ONIX, and our normalised record).
PyStemmer itself knows its languages by ISO 639 codes, 639-2/B included (``ger``, ``fre``, ``dut``), so
no table of ours is needed beyond the three MARC codes it lacks. A language without a Snowball algorithm
gets no stemmer, and its words stay unstemmed: always safe (the query side does the same), merely less
forgiving.
"""

from __future__ import annotations

from functools import lru_cache, partial

import Stemmer

from catalogue.analysis.per_thread import PerThread
from catalogue.analysis.token_cache import TOKEN_CACHE_SIZE
from catalogue.analysis.word_forms import WordForms

# Persian has a stemmer under its 639-2/T code only; Norwegian under ``nor`` only, while records may
# say Bokmål (``nob``) or Nynorsk (``nno``), which the Norwegian algorithm serves well enough.
_CODES_PYSTEMMER_LACKS = {"per": "fas", "nob": "nor", "nno": "nor"}

# More distinct strings than there are language codes cannot be codes; the bound only guards against
# a caller passing free text.
_LANGUAGE_CACHE_SIZE = 1024


class SnowballStemmer:
    """One Snowball algorithm: one stem per word, no compound parts. Compared and hashed by identity,
    which is cheap as a cache key; :func:`snowball_stemmer` hands out one instance per language."""

    def __init__(self, language: str) -> None:
        self.name = f"Snowball ({language})"
        # PyStemmer's own cache is switched off (size 0): the cache of _snowball_word_forms serves all
        # threads.
        self._stemmers = PerThread(partial(Stemmer.Stemmer, language, 0))

    def word_forms(self, token: str) -> WordForms:
        return _snowball_word_forms(token, self)

    def stem(self, token: str) -> str:
        stem: str = self._stemmers.get().stemWord(token)
        return stem


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _snowball_word_forms(token: str, stemmer: SnowballStemmer) -> WordForms:
    return WordForms(base_forms=(stemmer.stem(token),))


@lru_cache(maxsize=_LANGUAGE_CACHE_SIZE)
def snowball_stemmer(language: str) -> SnowballStemmer | None:
    """The Snowball stemmer for an ISO 639-2/B (or 639-1, 639-2/T) code; None if Snowball has none."""
    code = _CODES_PYSTEMMER_LACKS.get(language, language)
    try:
        Stemmer.Stemmer(code)
    except KeyError:
        return None
    return SnowballStemmer(code)
