"""A field value, or a user's query, as the four token streams the search fields index.

Elasticsearch here has no language analysis, so every text field is indexed four times, each
pre-analysed in Python and split by Elasticsearch at whitespace only:

``exact``
    The words, case-folded. Precise: å, ä and ö stay letters of their own (``saari`` is not ``sääri``).
``folded``
    The words without accents, for users who type ``kayttaja`` or ``Dvorak``.
``stemmed``
    The words' stems in the value's language — Snowball stems, or for Finnish Voikko base forms plus
    compound parts — so that ``kirjastossa`` finds ``kirjasto`` and ``kortti`` finds ``kirjastokortti``.
``translit``
    A coarse romanisation skeleton on which Достоевский, Dostojevski and Dostoevsky meet.

The query side runs the very same per-token functions as the document side, so a word a user types
produces exactly the tokens the same word produced in a document; that is what makes a ``match`` with
``operator: and`` on these fields work, and why the API must never analyse queries any other way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from catalogue.analysis.finnish import VoikkoFinnishStemmer
from catalogue.analysis.folding import folded
from catalogue.analysis.segmentation import tokens
from catalogue.analysis.stemming import stemmer_for
from catalogue.analysis.token_cache import TOKEN_CACHE_SIZE, VALUE_CACHE_SIZE
from catalogue.analysis.transliteration import translit_skeleton
from catalogue.analysis.word_forms import Stemmer


@dataclass(frozen=True, slots=True)
class AnalysedText:
    """One field value of a document, as the space-separated tokens of each search field variant."""

    exact: str
    folded: str
    stemmed: str
    translit: str


@dataclass(frozen=True, slots=True)
class QueryForms:
    """A user's query in the forms the search fields were indexed in.

    ``exact``, ``folded`` and ``translit`` are searched like the document side made them: a ``match``
    with ``operator: and`` on the corresponding field.

    ``stemmed`` differs because a query has no known language and a Finnish word may have several
    readings. It maps each requested language to the query's words in order, each word as the tuple of
    its alternative base forms; a document matches in that language when, for every word, its stemmed
    field holds at least one of the word's alternatives (a ``bool`` ``must`` over the words of a
    ``should`` of ``term`` queries, or one ``match`` per word with ``operator: or``), and the languages
    are alternatives to one another. Compound parts are not among the alternatives: a document's compound
    is found by the part (``kortti`` finds ``kirjastokortti``), not the other way round.
    """

    exact: str
    folded: str
    translit: str
    stemmed: Mapping[str, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _document_token(token: str, stemmer: Stemmer) -> tuple[str, str, str]:
    """The folded, stemmed and translit tokens of one word, each variant's joined by spaces.

    Documents repeat words endlessly; one cache look-up per word instead of one per variant, and joining
    once per word, is what keeps analysis at several thousand records a second. Keyed by the stemmer
    rather than the language so that an entry never outlives a change of the Finnish stemmer.
    """
    return (
        " ".join(folded(token)),
        " ".join(stemmer.word_forms(token).indexed),
        " ".join(translit_skeleton(token)),
    )


def analyse(text: str, language: str | None) -> AnalysedText:
    """Analyse one field value of a document in ``language`` (ISO 639-2/B as the record gives it, None
    when unknown: then the stemmed variant holds the words unstemmed). Never raises on any text."""
    return _analysed_value(text, stemmer_for(language))


@lru_cache(maxsize=VALUE_CACHE_SIZE)
def _analysed_value(text: str, stemmer: Stemmer) -> AnalysedText:
    """Whole values repeat as well as words: subject terms, authors, series, publishers and genres come
    from vocabularies, and the suggestion inputs analyse contributor names a second time. Caching the value
    saves the segmentation and the joins, about a third of building a work document."""
    words = tokens(text)
    per_word = [_document_token(word, stemmer) for word in words]
    # A word can fold or romanise to nothing (a lone mark, a script ICU cannot romanise): filter(None…)
    # keeps the empty strings from leaving double spaces.
    return AnalysedText(
        exact=" ".join(words),
        folded=" ".join(filter(None, (forms[0] for forms in per_word))),
        stemmed=" ".join(filter(None, (forms[1] for forms in per_word))),
        translit=" ".join(filter(None, (forms[2] for forms in per_word))),
    )


def _query_stems(words: list[str], stemmer: Stemmer) -> tuple[tuple[str, ...], ...]:
    """Each word's alternative base forms; with Voikko, those of a Finnish word typed without ä and ö
    too, which only Voikko can recognise (see :mod:`catalogue.analysis.accents`)."""
    if isinstance(stemmer, VoikkoFinnishStemmer):
        return tuple(stemmer.query_base_forms(word) for word in words)
    return tuple(stemmer.word_forms(word).base_forms for word in words)


def analyse_query(text: str, languages: Sequence[str] = ("fin", "swe", "eng")) -> QueryForms:
    """Analyse a user's query, stemming it in each of ``languages`` (the catalogue's main languages by
    default) because nothing says which language a few typed words are in."""
    words = tokens(text)
    return QueryForms(
        exact=" ".join(words),
        folded=" ".join(token for word in words for token in folded(word)),
        translit=" ".join(token for word in words for token in translit_skeleton(word)),
        stemmed={language: _query_stems(words, stemmer_for(language)) for language in languages},
    )
