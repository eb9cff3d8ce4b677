"""What stemming makes of one word, and the one thing every stemmer does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class WordForms:
    """The stemmed forms of one word.

    ``base_forms`` are the readings of the word: usually one (a Snowball stem, a Voikko base form), but
    a Finnish word can be read several ways (``kirjoja``: ``kirja`` plural, ``kirjo``, ``kirjoja``). A
    query word matches a document when the document has ANY of its base forms — requiring all of them
    would stop ``kirjoja`` from finding ``kirja``, whose only reading is ``kirja``.

    ``compound_parts`` are the base forms of the parts of a compound (``kirjasto``, ``kortti`` for
    ``kirjastokortti``). Documents index them so that a search for a part finds the compound; queries
    do not search by them, or ``kirjastokortti`` would find every ``luottokortti``.
    """

    base_forms: tuple[str, ...]
    compound_parts: tuple[str, ...] = ()

    @property
    def indexed(self) -> tuple[str, ...]:
        """Every form a document indexes for the word, base forms first, each once."""
        return tuple(dict.fromkeys(self.base_forms + self.compound_parts))


class Stemmer(Protocol):
    """A stemmer for one language. Implementations are hashable (by value or identity) because the
    per-token caches of the analysis are keyed by the stemmer that made an entry."""

    @property
    def name(self) -> str:
        """Shown in logs, so one can tell which stemmer built an index."""
        ...

    def word_forms(self, token: str) -> WordForms:
        """The forms a case-folded token is indexed and searched under."""
        ...

    def __hash__(self) -> int: ...
