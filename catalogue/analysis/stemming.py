"""Which stemmer a value's language gets: Voikko (or Snowball) for Finnish, Snowball for the rest.

The language is the one the record states for the value (ISO 639-2/B), never guessed here: the harvester
already fills in a detected language where a record says nothing, and the query side, which cannot know
the language of two typed words, asks for several languages at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.analysis import finnish
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
    """The stemmer for an ISO 639-2/B code. Finnish is looked up at each call, so that replacing
    :data:`catalogue.analysis.finnish.STEMMER` (as tests do) takes effect at once."""
    if language == "fin":
        return finnish.STEMMER
    snowball = snowball_stemmer(language) if language else None
    return snowball or UNSTEMMED


def analysis_signature() -> dict[str, str]:
    """What an index's analysed fields depend on besides this code: the Finnish stemmer, which depends on
    whether Voikko is installed. A works index records it (mapping ``_meta``) so that a search service
    that stems Finnish queries differently can say so (``/health``) instead of silently missing inflected
    Finnish words."""
    return {"finnish_stemmer": finnish.STEMMER.name}
