"""Finnish words to their base forms and compound parts, with Voikko where it is installed.

Finnish inflects heavily (``kirjasto``, ``kirjastossa``, ``kirjastoista``…) and compounds freely
(``kirjastokortti`` = ``kirjasto`` + ``kortti``). Snowball's Finnish stemmer only chops suffixes: it
cannot undo consonant gradation or stem changes (``koirien`` → ``koir``, but ``koira`` → ``koira``) and
knows nothing of compounds. Voikko, the Finnish morphological analyser, gives the dictionary base form and
the base form of every compound part, so ``koirien`` finds ``koira`` and ``kortti`` finds
``kirjastokortti``. A word Voikko does not know (a rare name, a typo) falls back to the Snowball stem.

Voikko needs the native libvoikko and a Finnish dictionary, which a developer's machine may lack. The
module then works with Snowball alone, and query words typed without ä and ö get no accent restoration
(which needs Voikko to recognise the restored word). :data:`STEMMER` is chosen once at import and the
choice is logged, because the indexer and the API must make the same choice — an index built with Voikko
and queried with Snowball (or the reverse) misses Finnish words. Tests replace :data:`STEMMER` to
exercise both.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import libvoikko

from catalogue.analysis.accents import accent_restorations
from catalogue.analysis.snowball import SnowballStemmer
from catalogue.analysis.token_cache import TOKEN_CACHE_SIZE
from catalogue.analysis.word_forms import Stemmer, WordForms

logger = logging.getLogger(__name__)

# Distinct words typed in queries: far fewer than the tokens of the documents.
QUERY_CACHE_SIZE = 10_000


# One segment of Voikko's WORDBASES, e.g. ``+kirjaston(kirjasto)``, ``+jä(+jä)`` (a derivational suffix,
# its base starting with +), ``+-`` (a hyphen) or ``+1984`` (no base given).
_WORDBASES_SEGMENT = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


@dataclass(slots=True)
class _Part:
    base: str
    surface: str


def compound_parts(wordbases: str) -> list[str]:
    """The base forms of the parts of a word from Voikko's WORDBASES.

    ``+kirjaston(kirjasto)+kortti(kortti)`` gives ``kirjasto``, ``kortti``; ``+lasten(lapsi)+kirja(kirja)``
    gives ``lapsi``, ``kirja``. A derivational suffix belongs to the part before it and makes a new word
    rather than a part (``käyttäjä`` is not ``käyttää`` + ``jä``): ``+kirjaston(kirjasto)+käyttä(käyttää)
    +jä(+jä)`` gives ``kirjasto``, ``käyttäjä``, the derived part spelt as its stem plus the suffix's base.
    """
    parts: list[_Part] = []
    current: _Part | None = None
    for surface, base in _WORDBASES_SEGMENT.findall(wordbases):
        if base.startswith("+") and current is not None:
            current.base = current.surface + base[1:]
            current.surface += surface
        elif base:
            current = _Part(base=base, surface=surface)
            parts.append(current)
        elif not surface.isalnum():
            current = None
        elif current is not None:
            current.surface += surface
        else:
            current = _Part(base=surface, surface=surface)
            parts.append(current)
    return [part.base for part in parts]


def forms_of_analyses(analyses: Sequence[Mapping[str, str]]) -> WordForms | None:
    """Base forms and compound parts, case-folded, from Voikko's analyses of one word; None if it has none.

    A word may have several readings (``kuusi``: six, spruce, or moons); all base forms are kept because
    the same word on the query side has the same readings. Compound splits are another matter: Voikko
    also offers far-fetched ones (``maailmanloppu`` as ``maa`` + ``ilman`` + ``loppu``), so only the
    readings with the fewest parts contribute parts, which is the usual and nearly always right choice.
    """
    readings = [
        (analysis.get("BASEFORM"), compound_parts(analysis.get("WORDBASES", ""))) for analysis in analyses
    ]
    base_forms = _distinct_casefolded(base for base, _ in readings if base)
    if not base_forms:
        return None
    fewest_parts = min(len(parts) for _, parts in readings)
    split_readings = (parts for _, parts in readings if len(parts) == fewest_parts > 1)
    return WordForms(
        base_forms=base_forms,
        compound_parts=_distinct_casefolded(part for parts in split_readings for part in parts),
    )


def _distinct_casefolded(forms: Iterable[str]) -> tuple[str, ...]:
    # Voikko capitalises proper names (Helsinki) while our tokens are case-folded.
    return tuple(dict.fromkeys(form.casefold() for form in forms))


SNOWBALL_FINNISH = SnowballStemmer("fin")


@dataclass(eq=False)
class VoikkoFinnishStemmer:
    """Voikko base forms and compound parts; Snowball for words Voikko does not know, and for query words
    typed without ä and ö also the base forms of their restored spellings (:meth:`query_base_forms`).

    A Voikko instance must not be used by two threads at once, so calls are serialised by a lock; the
    per-token cache in front of it answers the frequent words without taking the lock at all.
    """

    voikko: Any
    name: str = "Voikko"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cached_word_forms: Callable[[str], WordForms] = field(init=False, repr=False)
    _cached_query_base_forms: Callable[[str], tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._cached_word_forms = lru_cache(maxsize=TOKEN_CACHE_SIZE)(self._analyse)
        self._cached_query_base_forms = lru_cache(maxsize=QUERY_CACHE_SIZE)(self._query_base_forms)

    def word_forms(self, token: str) -> WordForms:
        return self._cached_word_forms(token)

    def query_base_forms(self, token: str) -> tuple[str, ...]:
        """The base forms a word typed in a query is searched under.

        A word Voikko recognises has its own base forms. A word it does not recognise may have been typed
        without ä and ö (``kayttajaa``): then the base forms of its restored spellings that Voikko does
        recognise (``käyttäjää`` → ``käyttäjä``, see :mod:`catalogue.analysis.accents`) join its Snowball
        stem. Cached per word: a restoration asks Voikko up to 63 times.
        """
        return self._cached_query_base_forms(token)

    def _known_forms(self, token: str) -> WordForms | None:
        with self._lock:
            analyses: list[Mapping[str, str]] = self.voikko.analyze(token)
        return forms_of_analyses(analyses)

    def _analyse(self, token: str) -> WordForms:
        return self._known_forms(token) or SNOWBALL_FINNISH.word_forms(token)

    def _query_base_forms(self, token: str) -> tuple[str, ...]:
        known = self._known_forms(token)
        if known:
            return known.base_forms
        restored = (self._known_forms(spelling) for spelling in accent_restorations(token))
        base_forms = SNOWBALL_FINNISH.word_forms(token).base_forms
        base_forms += tuple(base for forms in restored if forms for base in forms.base_forms)
        return tuple(dict.fromkeys(base_forms))


def load_finnish_stemmer() -> Stemmer:
    """Voikko if libvoikko and its Finnish dictionary load, otherwise Snowball; logs which."""
    try:
        voikko = libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as error:
        logger.warning("Voikko unavailable (%s): Finnish is stemmed with Snowball, without compounds", error)
        return SNOWBALL_FINNISH
    logger.info("Finnish is analysed with Voikko (base forms and compound parts)")
    return VoikkoFinnishStemmer(voikko)


STEMMER: Stemmer = load_finnish_stemmer()
