"""The little query language people type into the search box, parsed into a plain structure.

What it understands: plain words (all should match), ``"exact phrases"``, ``-excluded`` words or phrases,
``OR`` between two terms, field prefixes ``title:``, ``author:``, ``subject:``, ``isbn:`` (on a word or a
phrase) and ``year:2019`` / ``year:2015..2020`` / ``year:2015-2020``. An ISBN typed in groups separated by
spaces (``978 951 1 23456 7``, as printed on many books) is one ISBN, as with hyphens.

Why hand-written rather than Lucene's ``query_string``: user text must never reach Elasticsearch's own
parser (a stray ``(`` or ``/`` is an error there, and wildcards or regexes can be expensive), and every
mistake must degrade to plain words instead of failing. The grammar is small enough that a tokenizer and
one pass are clearer than a parser library: nothing here can raise on any input.

What a query may cost is bounded here, whatever is typed: at most :data:`MAX_WORDS` words and
:data:`MAX_YEAR_RANGES` year filters, repeated terms counted once, so that the request built from it
stays far below Elasticsearch's clause limit and no hostile query can make a search slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from stdnum import isbn as isbn_codes

from catalogue.analysis import tokens

Field = Literal["title", "author", "subject", "isbn"]
FIELDS: dict[str, Field] = {"title": "title", "author": "author", "subject": "subject", "isbn": "isbn"}
MAX_WORDS = 16
"""Words (as :func:`catalogue.analysis.tokens` splits them) used from one query, in all its terms together
(a term with no such word counts as one); the term that reaches the limit is cut there and later ones
are ignored. Each word becomes about 35
Lucene clauses (five field groups × exact, folded, transliterated and three stemmed forms, plus fuzzy),
and Elasticsearch refuses a query with more clauses than ``indices.query.bool.max_clause_count``, which
is 1,024 on the smallest node. The fuzzy retry of a query that found nothing costs most: its time grows
with every word (about 0.1 s a word on 60,000 works, more for long words), so 16 words – more than a
pasted title with its subtitle – keep even that retry of a hostile query near a second."""
MAX_YEAR_RANGES = 8
"""``year:`` filters used from one query; later ones are ignored."""
MAX_TERM_LENGTH = 100

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?                                   # -excluded
    (?:(?P<field>[A-Za-z]+):)?                    # field:
    (?:
        "(?P<phrase>[^"]*)"                       # "a phrase" (an unclosed quote is skipped: plain words)
      | (?P<word>[^\s"]+)                         # a word
    )
    """,
    re.VERBOSE,
)
_YEAR_RANGE = re.compile(r"^(\d{1,4})?\s*(?:\.\.|-|–)\s*(\d{1,4})?$")
_YEAR = re.compile(r"^\d{1,4}$")
_ISBN_GROUP = re.compile(r"(?i:isbn:)?-?[\d-]*[\dXx]")
ISBN_GROUPS = 5
"""Groups an ISBN is printed in at most (ISBN-13: prefix, group, publisher, title, check digit)."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase, optionally restricted to one field, optionally excluded."""

    text: str
    field: Field | None = None
    phrase: bool = False
    negated: bool = False


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Terms joined by ``OR``: at least one must match."""

    terms: tuple[Term, ...]


Clause = Term | AnyOf


@dataclass(slots=True)
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    years: list[tuple[int | None, int | None]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses and not self.years

    def positive_terms(self) -> list[Term]:
        """Every term that must or may match (for highlighting and "did you mean")."""
        terms: list[Term] = []
        for clause in self.clauses:
            members = clause.terms if isinstance(clause, AnyOf) else (clause,)
            terms.extend(term for term in members if not term.negated)
        return terms


def _year(text: str) -> tuple[int | None, int | None] | None:
    """``2019`` → (2019, 2019); ``2015..2020``, ``2015-2020``, ``..2000``, ``2000..`` → ranges."""
    text = text.strip()
    if _YEAR.match(text):
        return int(text), int(text)
    match = _YEAR_RANGE.match(text)
    if match and (match.group(1) or match.group(2)):
        low, high = (int(g) if g else None for g in match.groups())
        if low is not None and high is not None and low > high:
            low, high = high, low
        return low, high
    return None


def _clean(text: str) -> str:
    return " ".join(text.split())[:MAX_TERM_LENGTH]


def _first_words(term: Term, limit: int) -> Term:
    """``term`` cut to its first ``limit`` words (as the analysis splits them), or as it is."""
    words = tokens(term.text)
    return term if len(words) <= limit else replace(term, text=" ".join(words[:limit]))


def _isbn_end(words: list[str], start: int) -> int | None:
    """Where the longest run of digit groups from ``words[start]`` that spells a valid ISBN ends (two
    groups or more), if there is one; ``isbn:`` or ``-`` may stand before the first group."""
    digits, end = "", None
    for index in range(start, min(len(words), start + ISBN_GROUPS)):
        if not _ISBN_GROUP.fullmatch(words[index]) or (index > start and ":" in words[index]):
            break
        digits += words[index].rpartition(":")[2].replace("-", "")
        if index > start and isbn_codes.is_valid(digits):
            end = index + 1
    return end


def join_spaced_isbns(query: str) -> str:
    """``isbn:978 951 1 23456 7`` → ``isbn:978-951-1-23456-7``: the groups of an ISBN typed with spaces
    become one word, so that they are matched as the ISBN rather than as five numbers."""
    words, joined, start = query.split(), [], 0
    while start < len(words):
        end = _isbn_end(words, start) or start + 1
        joined.append("-".join(words[start:end]))
        start = end
    return " ".join(joined)


def parse(query: str) -> ParsedQuery:
    """Parse what a person typed; never raises, anything not understood becomes plain words.

    Words beyond :data:`MAX_WORDS`, year filters beyond :data:`MAX_YEAR_RANGES` and repeats of a term
    already used are ignored."""
    parsed = ParsedQuery()
    pending_or = False
    words = 0
    for match in _TOKEN.finditer(join_spaced_isbns(query)):
        negated = bool(match.group("neg"))
        prefix = (match.group("field") or "").lower()
        phrase = match.group("phrase")
        word = match.group("word")
        text = _clean(phrase if phrase is not None else word or "")
        if word == "OR" and not prefix and not negated:
            pending_or = bool(parsed.clauses)
            continue
        if prefix == "year" and not negated:
            years = _year(text)
            if years is not None:
                if years not in parsed.years and len(parsed.years) < MAX_YEAR_RANGES:
                    parsed.years.append(years)
                continue
        if prefix and prefix not in FIELDS:
            text = _clean(f"{match.group('field')}:{text}")  # "foo:bar" was not a field: keep the words
            prefix = ""
        if not any(character.isalnum() for character in text) or (
            text.rstrip(":").lower() in (*FIELDS, "year") and text.endswith(":")
        ):
            # No letter or digit: analysis finds no word in "&" or "–", and a term that cannot match
            # would make "Tom & Jerry" find nothing. Or a field prefix with nothing after it.
            continue
        term = Term(text=text, field=FIELDS.get(prefix), phrase=phrase is not None, negated=negated)
        previous_positive = bool(parsed.clauses) and not getattr(parsed.clauses[-1], "negated", False)
        joins = pending_or and previous_positive and not negated
        pending_or = False
        if _used(parsed, term, joins):
            continue
        term = _first_words(term, MAX_WORDS - words)
        words += max(1, len(tokens(term.text)))
        if joins:
            previous = parsed.clauses.pop()
            members = previous.terms if isinstance(previous, AnyOf) else (previous,)
            parsed.clauses.append(AnyOf((*members, term)))
        else:
            parsed.clauses.append(term)
        if words >= MAX_WORDS:
            break
    return parsed


def _used(parsed: ParsedQuery, term: Term, joins: bool) -> bool:
    """Whether ``term`` adds nothing: it is already a clause, or (``joins``: it is OR'ed to the last
    clause) already one of the last clause's alternatives."""
    if not joins:
        return term in parsed.clauses
    last = parsed.clauses[-1]
    return term in (last.terms if isinstance(last, AnyOf) else (last,))
