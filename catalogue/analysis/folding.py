"""The accent-folded form of a token, for loose matching.

Users often type without diacritics (foreign keyboards, phones, habit): ``kayttaja`` should still find
``käyttäjä`` and ``Dvorak`` ``Dvořák``. The exact field keeps å/ä/ö distinct because in Finnish and
Swedish they are letters of their own (island ``saari`` ≠ shin ``sääri``, ``får`` ≠ ``far``); this folded
field is the forgiving one beside it. Marks are removed in every script (so Russian ``ё`` meets ``е``) and
ICU's Latin-ASCII then spells out the Latin letters that are not letter-plus-mark: ``ø`` → ``o``,
``æ`` → ``ae``, ``ł`` → ``l``, ``þ`` → ``th``, and typographic apostrophes become ``'``.
"""

from __future__ import annotations

from functools import lru_cache

import icu

from catalogue.analysis.per_thread import PerThread
from catalogue.analysis.token_cache import TOKEN_CACHE_SIZE

# Lower comes last because Latin-ASCII spells some lower-case letters with capitals (small capital ʀ → R).
_FOLD = PerThread(
    lambda: icu.Transliterator.createInstance("NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII; Lower")
)


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def folded(token: str) -> tuple[str, ...]:
    """``token`` without diacritics, as zero or more tokens.

    A tuple because Latin-ASCII may spell a character as several words (``½`` becomes `` 1/2``) and a
    token of nothing but marks folds to nothing; neither may put whitespace inside an indexed token.
    """
    return tuple(_FOLD.get().transliterate(token).split())
