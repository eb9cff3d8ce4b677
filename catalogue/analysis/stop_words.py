"""The function words of Finnish, Swedish and English, as the tokens the search fields hold.

Similar works (``more_like_this``) are chosen by the words they share with a work; sharing ``ja``, ``och``
or ``the`` says nothing about two books, yet in a small or one-language catalogue such words are not rare
enough for their low weight to keep them out. The lists come from the ``stop-words`` package (maintained
lists for many languages) rather than from us. Similarity compares stemmed fields too, so each stop word
also contributes its stem, but only when the word has a single reading: Voikko reads ``ajan`` as a form of
``aika`` (a stop word) or of ``ajaa`` (to drive, which is not one), and only unambiguous words say which.
"""

from __future__ import annotations

from functools import lru_cache

from stop_words import get_stop_words

from catalogue.analysis.segmentation import tokens
from catalogue.analysis.stemming import stemmer_for

# The catalogue's main languages: the stop-words package's code → ISO 639-2/B, as records give it.
STOP_WORD_LANGUAGES = {"fi": "fin", "sv": "swe", "en": "eng"}


@lru_cache(maxsize=1)
def stop_words() -> tuple[str, ...]:
    """Every stop word of :data:`STOP_WORD_LANGUAGES` as written and, if unambiguous, as stemmed, sorted."""
    found: set[str] = set()
    for code, language in STOP_WORD_LANGUAGES.items():
        stemmer = stemmer_for(language)
        for word in get_stop_words(code):
            for token in tokens(word):
                found.add(token)
                base_forms = stemmer.word_forms(token).base_forms
                if len(base_forms) == 1:
                    found.update(base_forms)
    return tuple(sorted(found))
