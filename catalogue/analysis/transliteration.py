"""The transliteration skeleton of a token: where romanisations of one name meet.

A Finnish user looking for Достоевский types ``Dostojevski``, an English-reading one ``Dostoevsky`` or
``Dostoyevsky``, a Slavist ``Dostoevskij``, a German ``Dostojewski``; our records hold the name in any
of these or in Cyrillic. No single transliteration serves them all, so both the document and the query
are reduced to a coarse skeleton in which the romanisations coincide:

1. Any script is romanised (Russian by BGN/PCGN, which is close to what English and Finnish catalogues
   print; other scripts by ICU's Any-Latin), diacritics and non-ASCII letters are folded, and everything
   but a–z and 0–9 is dropped (BGN's ʹ for the soft sign, apostrophes).
2. Spellings of one sound become one letter: sh, sch, sj, š → s, and so do shch, schtsch, štš (щ);
   ch, tsch, tch, tš, tj, č → c, and so do ts, tz, c (ц), because Finnish and scholarly spellings of ч
   and ц both come out as c or ts; kh → h; a ch after a vowel is the German or Czech spelling of х
   (Tschechow, Čechov) → h; zh, ž → z; x → ks; w → v; j and y → i.
3. Doubled letters are single (BGN's Dostoyevskiy ends in -skii, Finnish has long vowels), and an i
   before a vowel at the start of a word or between two vowels, the glide that English or scholarly
   spelling often leaves out (Yevgeny/Evgenij, Dostoyevsky/Dostoevsky), is dropped.

Thus Достоевский, Dostojevski, Dostoevsky, Dostoyevsky and Dostoevskij are all ``dostoevski``; Чехов,
Tšehov, Chekhov, Čehov and Tschechow all ``cehov``. What it does not reconcile: ё written o by some
(Hruštšov) and e by others (Khrushchev), and German initial ch for х (Chruschtschow).

The skeleton is deliberately lossy and therefore only a recall field, searched with less weight than the
exact, folded and stemmed ones. It is made for every token, Latin ones included, because the query side
cannot know which words are transliterated names, and a document's Latin spelling of a name should meet
another romanisation just the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

import icu

from catalogue.analysis.per_thread import PerThread
from catalogue.analysis.token_cache import TOKEN_CACHE_SIZE

_ROMANISE = PerThread(
    lambda: icu.Transliterator.createInstance("Russian-Latin/BGN; Any-Latin; Latin-ASCII; Lower")
)

_NOT_ASCII_ALPHANUMERIC = re.compile("[^a-z0-9]+")
_VOWELS = frozenset("aeiouy")
# Longest spellings first: the regex tries alternatives left to right at each position.
_SPELLINGS = re.compile("schtsch|shch|tsch|sch|sts|tch|ch|kh|zh|sh|sj|tj|ts|tz|x|w|j|y")
_SOUND_OF_SPELLING = {
    "schtsch": "s",
    "shch": "s",
    "tsch": "c",
    "sch": "s",
    "sts": "s",
    "tch": "c",
    "kh": "h",
    "zh": "z",
    "sh": "s",
    "sj": "s",
    "tj": "c",
    "ts": "c",
    "tz": "c",
    "x": "ks",
    "w": "v",
    "j": "i",
    "y": "i",
}
_DOUBLED_LETTER = re.compile(r"([a-z])\1+")
_GLIDE = re.compile("(?:^|(?<=[aeou]))i(?=[aeou])")


def _sound(match: re.Match[str]) -> str:
    spelling = match.group()
    if spelling == "ch":
        follows_vowel = match.start() > 0 and match.string[match.start() - 1] in _VOWELS
        return "h" if follows_vowel else "c"
    return _SOUND_OF_SPELLING[spelling]


def _skeleton(ascii_word: str) -> str:
    sounds = _DOUBLED_LETTER.sub(r"\1", _SPELLINGS.sub(_sound, ascii_word))
    return _DOUBLED_LETTER.sub(r"\1", _GLIDE.sub("", sounds))


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def translit_skeleton(token: str) -> tuple[str, ...]:
    """The skeleton of ``token`` as zero or more tokens (romanising may split a word, as Chinese
    ``漢字`` becomes ``hàn zì``, or leave nothing of a script ICU cannot romanise)."""
    words = (_NOT_ASCII_ALPHANUMERIC.sub("", word) for word in _ROMANISE.get().transliterate(token).split())
    return tuple(_skeleton(word) for word in words if word)
