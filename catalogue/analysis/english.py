"""English words to the stems of their lemmas, so that irregular and possessive forms meet.

Snowball's English stemmer chops regular suffixes (``books`` → ``book``, ``running`` → ``run``) but leaves
irregular forms apart: ``children`` and ``child``, ``women`` and ``woman``, ``mice`` and ``mouse``,
``wolves`` and ``wolf`` never meet. simplemma's English lemma dictionary (shipped inside the package, no
download) knows those forms and the possessive (``children's`` → ``child``). A word is indexed and
searched under the Snowball stem of the word and of its lemma, two readings when they differ: the word's
own stem keeps everything Snowball already matched, the lemma's adds the irregular forms, and a query
word matches when any reading does.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

from catalogue.analysis.snowball import SnowballStemmer
from catalogue.analysis.token_cache import TOKEN_CACHE_SIZE
from catalogue.analysis.word_forms import WordForms

SNOWBALL_ENGLISH = SnowballStemmer("eng")


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _lemma_word_forms(token: str) -> WordForms:
    lemma = simplemma.lemmatize(token, lang="en").casefold()
    own = SNOWBALL_ENGLISH.stem(token)
    return WordForms(base_forms=tuple(dict.fromkeys((own, SNOWBALL_ENGLISH.stem(lemma)))))


class LemmaEnglishStemmer:
    """simplemma's lemma, then Snowball: one instance (:data:`STEMMER`), hashed by identity."""

    name = "simplemma + Snowball (en)"

    def word_forms(self, token: str) -> WordForms:
        return _lemma_word_forms(token)


STEMMER = LemmaEnglishStemmer()
