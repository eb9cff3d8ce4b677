"""Which stemmer a value's language gets: Voikko for Finnish, Hunspell for Swedish, lemmas for English
(each falling back to Snowball), Snowball for the rest.

The language is the one the record states for the value (ISO 639-2/B), never guessed here: the harvester
already fills in a detected language where a record says nothing, and the query side, which cannot know
the language of two typed words, asks for several languages at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.analysis import english, finnish, swedish
from catalogue.analysis.snowball import snowball_stemmer
from catalogue.analysis.word_forms import Stemmer, WordForms


# Compared and hashed by identity: cheaper as a cache key than hashing the fields on every look-up.
@dataclass(frozen=True, slots=True, eq=False)
class Unstemmed:
    """For a language without a stemmer, or no known language: the word itself, so that the stemmed
    field still holds every word of the value."""

    name: str = "no stemming"

    def word_forms(self, token: str) -> WordForms:
        return WordForms(base_forms=(token,))


UNSTEMMED = Unstemmed()


def stemmer_for(language: str | None) -> Stemmer:
    """The stemmer for an ISO 639-2/B code. The catalogue's three main languages are looked up at each
    call, so that replacing a module's ``STEMMER`` (as tests do) takes effect at once."""
    if language == "fin":
        return finnish.STEMMER
    if language == "swe":
        return swedish.STEMMER
    if language == "eng":
        return english.STEMMER
    snowball = snowball_stemmer(language) if language else None
    return snowball or UNSTEMMED


def analysis_signature() -> dict[str, str]:
    """What an index's analysed fields depend on besides this code: the Finnish and Swedish stemmers,
    which depend on whether Voikko and the Swedish Hunspell dictionary are installed, and the English one.
    A works index records it (mapping ``_meta``) so that a search service that stems queries differently
    can say so (``/health``) instead of silently missing inflected words."""
    return {
        "finnish_stemmer": finnish.STEMMER.name,
        "swedish_stemmer": swedish.STEMMER.name,
        "english_stemmer": english.STEMMER.name,
    }
