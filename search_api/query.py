"""Turn typed search requests into Elasticsearch request bodies.

Route handlers never build Elasticsearch JSON themselves; everything Elasticsearch sees is decided here,
so it can be unit-tested without a cluster, and user text reaches Elasticsearch only as analysed tokens
inside ``match``/``term`` queries, never through a query parser of Elasticsearch's own.

Relevance, in the order it matters: an identifier typed in full (ISBN, ISSN) finds its work first; title
and author matches outrank subject, series and description matches; within a field the exact form
outranks the accent-folded one, which outranks the stemmed one, which outranks the romanised skeleton.
Every word must match somewhere (cross-field: one word in the title and another in the author is fine).
Fuzzy matching is a separate, second attempt made only when the precise query found nothing
(:mod:`search_api.matching` decides, the same way for every endpoint that takes ``q``), so an exact hit is
never pushed down by a fuzzy one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA
from stdnum import isbn as isbn_codes
from stdnum import issn as issn_codes

from catalogue.analysis import QueryForms, analyse_query, tokens
from catalogue.analysis.folding import folded
from catalogue.analysis.stop_words import stop_words
from catalogue.identifiers import ISBN_SHAPED, compact_identifier
from search_api.facets import FACETS, Filters, aggregations, filter_clauses, narrowed, requested_facets
from search_api.models import MAX_RESULT_WINDOW, SearchRequest, SortOrder
from search_api.query_syntax import AnyOf, Clause, ParsedQuery, Term

GROUP_BOOST = {"title": 3.0, "contributor": 3.0, "subject": 2.0, "series": 1.5, "description": 1.0}
FIELD_GROUPS: dict[str | None, tuple[str, ...]] = {
    None: tuple(GROUP_BOOST),
    "title": ("title", "series"),
    "author": ("contributor",),
    "subject": ("subject",),
}
VARIANT_BOOST = {"exact": 4.0, "folded": 2.0, "stemmed": 1.5, "translit": 1.0}
# Known items first (issue 18). Boosts alone cannot rank every title match above every subject match: a
# word's exact form in a subject outscores its base form in a title, and a word repeated in subjects and
# descriptions adds up. A work whose titles and authors hold every word of the query (in any form) gets a
# constant bonus per word, above what a word's summed field scores reach (some 40 on the samples), and one
# whose title holds the whole query as a phrase (accents and punctuation aside) another: an exact full
# title comes first.
KNOWN_ITEM_GROUPS = ("title", "contributor")
KNOWN_ITEM_BOOST = 100.0
FULL_TITLE_BOOST = 100.0
# A known item is looked for with a few words; a long query gets no bonus, which keeps its request as
# small as before (tests/search_api/test_hostile_queries.py counts the clauses).
KNOWN_ITEM_MAX_WORDS = 12
IDENTIFIER_BOOST = 100.0
# Inputs per work that can match one prefix: as written and accent-folded × two name orders (the romanised
# skeleton, a third input, rarely shares a prefix with the others).
COMPLETION_OVERFETCH = 4
# What a hit shows and highlights (response.shape_hit), not the whole display object: identifiers, links,
# classification and the rest are for the record page, and every byte of twenty hits is fetched, sent and
# parsed on every search. Of a subject, a hit only highlights the term (not its vocabulary and language).
SOURCE_FIELDS = tuple(
    f"display.{name}"
    for name in (
        "id", "title", "title_romanised", "subtitle", "contributors", "year", "material_type", "languages",
        "holdings", "cover", "subjects.term", "series", "description",
    )
)  # fmt: skip
WHOLE_DISPLAY = ("display",)
"""The whole display document of a work (records of the Finna API, entries of the Atom feed)."""
FUZZY_PREFIX_LENGTH = 1  # a typo is rarely in the first letter, and requiring it keeps fuzzy queries fast
# Lucene's fuzzy automaton grows steeply with the word: a 99-letter word costs over 0.1 s per field on
# 60,000 works, a 30-letter one a hundredth of that. Longer words (which are no typed words) are matched
# exactly only, so that no typed text can make the fuzzy retry slow (bench/RESULTS.md, "Hostile input").
FUZZY_MAX_WORD_LENGTH = 30
SPELLING_FIELD = "title"  # did_you_mean offers words of titles
# The displayed texts the title field is analysed from (indexer.works.analyse.work_document), for
# finding how a word the spelling suggester offers is written.
TITLE_TEXTS = ("title", "subtitle", "part", "title_variants")
SPELLING_LOOKUP_SIZE = 20
# Characters Lucene's completion fields reserve: a prefix holding one is refused (400), so a prefix without
# words, sent as typed, is sent without them.
_COMPLETION_RESERVED = str.maketrans("", "", "\x1e\x1f")


FOREIGN_CURSOR = "cursor: not a cursor from this API; start again without one"


class BadCursor(ValueError):
    """A ``cursor`` this API did not issue, or one made for another query, filters or order."""


def identifier_forms(text: str) -> list[str]:
    """The normalised identifiers a typed value may be: any ISBN form → ISBN-13, ISSN → NNNN-NNNN; an
    ISBN-shaped number that fails its checksum as it is, compacted, as the works index keeps cancelled
    and invalid ISBNs (:mod:`catalogue.identifiers`)."""
    compact = compact_identifier(text)
    forms = []
    if isbn_codes.is_valid(compact):
        forms.append(isbn_codes.to_isbn13(compact))
    elif ISBN_SHAPED.fullmatch(compact):
        forms.append(compact)
    if issn_codes.is_valid(compact):
        forms.append(issn_codes.format(compact))
    return forms


@lru_cache(maxsize=4096)
def term_forms(text: str) -> QueryForms:
    """The analysed forms of a term's text. Remembered: the search request, the highlighting of its
    answer and a fuzzy retry analyse the same words, and people search for the same words again."""
    return analyse_query(text)


def _text_clause(
    forms: QueryForms, groups: tuple[str, ...], phrase: bool, fuzzy: bool
) -> list[dict[str, Any]]:
    should: list[dict[str, Any]] = []
    kind = "match_phrase" if phrase else "match"
    for group in groups:
        boost = GROUP_BOOST[group]
        for variant in ("exact", "folded", "translit"):
            text = getattr(forms, variant)
            if not text:
                continue
            query: dict[str, Any] = {"query": text, "boost": boost * VARIANT_BOOST[variant]}
            if not phrase:
                query["operator"] = "and"
            should.append({kind: {f"{group}.{variant}": query}})
        if not phrase:
            # Languages often agree on a word's base form ("saariston" is its own in Swedish and English):
            # one clause per distinct reading, or the node matches the same terms twice and scores twice.
            for words in dict.fromkeys(forms.stemmed.values()):
                if words and all(words):
                    must = [{"terms": {f"{group}.stemmed": list(alternatives)}} for alternatives in words]
                    should.append({"bool": {"must": must, "boost": boost * VARIANT_BOOST["stemmed"]}})
        if fuzzy and not phrase and forms.folded and _fuzzy_affordable(forms.folded):
            fuzzy_query = {
                "query": forms.folded,
                "operator": "and",
                "fuzziness": "AUTO",
                "prefix_length": FUZZY_PREFIX_LENGTH,
            }
            should.append({"match": {f"{group}.folded": {**fuzzy_query, "boost": boost * 0.5}}})
    return should


def _fuzzy_affordable(text: str) -> bool:
    return all(len(word) <= FUZZY_MAX_WORD_LENGTH for word in text.split())


def fuzzy_edits(word: str) -> int:
    """The edits Elasticsearch's ``fuzziness: AUTO`` allows a word: none up to 2 characters, one up to 5,
    two beyond."""
    return 0 if len(word) < 3 else 1 if len(word) < 6 else 2


def within_fuzzy_reach(typed: str, indexed: str) -> bool:
    """Whether the fuzzy query for the folded word ``typed`` matches the folded token ``indexed``: the
    same first :data:`FUZZY_PREFIX_LENGTH` characters and at most :func:`fuzzy_edits` edits, a swap of two
    neighbouring letters counting as one (Lucene's ``fuzzy_transpositions``, on by default)."""
    edits = fuzzy_edits(typed)
    if typed[:FUZZY_PREFIX_LENGTH] != indexed[:FUZZY_PREFIX_LENGTH]:
        return False
    return bool(OSA.distance(typed, indexed, score_cutoff=edits) <= edits)


def term_query(term: Term, fuzzy: bool = False) -> dict[str, Any]:
    """One word or phrase: it matches if any of its forms matches in any of its field groups."""
    identifiers = identifier_forms(term.text) if not term.phrase else []
    should: list[dict[str, Any]] = []
    if identifiers:
        should.append({"terms": {"identifiers": identifiers, "boost": IDENTIFIER_BOOST}})
    if term.field != "isbn":
        groups = FIELD_GROUPS[term.field]
        should += _text_clause(term_forms(term.text), groups, term.phrase, fuzzy)
    if not should:  # isbn: with something that is not an ISBN: match it as typed, which finds nothing
        should.append({"term": {"identifiers": term.text}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _clause_query(clause: Clause, fuzzy: bool) -> dict[str, Any]:
    if isinstance(clause, AnyOf):
        options = [term_query(term, fuzzy) for term in clause.terms]
        return {"bool": {"should": options, "minimum_should_match": 1}}
    return term_query(clause, fuzzy)


def text_query(parsed: ParsedQuery, fuzzy: bool = False) -> dict[str, Any]:
    """The scoring part of the search: every clause must match, excluded terms must not."""
    must = [_clause_query(c, fuzzy) for c in parsed.clauses if not (isinstance(c, Term) and c.negated)]
    must_not = [term_query(c) for c in parsed.clauses if isinstance(c, Term) and c.negated]
    years = [
        {"range": {"year": {k: v for k, v in (("gte", low), ("lte", high)) if v is not None}}}
        for low, high in parsed.years
    ]
    if not must and not must_not and not years:
        return {"match_all": {}}
    query: dict[str, Any] = {"bool": {"must": must or [{"match_all": {}}]}}
    if must_not:
        query["bool"]["must_not"] = must_not
    if years:
        query["bool"]["filter"] = [{"bool": {"should": years, "minimum_should_match": 1}}]
    return query


def most_words_query(parsed: ParsedQuery) -> dict[str, Any] | None:
    """The third attempt at a query of several words that matched nothing precisely or fuzzily: all but
    about a third of its clauses must match (one of two, two of three, three of four…), each named by its
    position so that the answer tells which ones its hits matched (``matched_queries``). None for a query
    of fewer than two clauses to leave out. Excluded words and years still apply."""
    positive = [c for c in parsed.clauses if not (isinstance(c, Term) and c.negated)]
    if len(positive) < 2:
        return None
    should = [
        {"bool": {**_clause_query(clause, True)["bool"], "_name": str(index)}}
        for index, clause in enumerate(positive)
    ]
    required = len(positive) - max(1, len(positive) // 3)
    most: dict[str, Any] = {"bool": {"should": should, "minimum_should_match": required}}
    query = text_query(parsed)
    if "bool" in query:
        query["bool"]["must"] = [most]
        return query
    return most


def positive_clause_texts(parsed: ParsedQuery) -> list[str]:
    """The clauses :func:`most_words_query` names, by position, as words to show."""
    return [
        " OR ".join(_typed(term) for term in clause.terms) if isinstance(clause, AnyOf) else _typed(clause)
        for clause in parsed.clauses
        if not (isinstance(clause, Term) and clause.negated)
    ]


def _typed(term: Term) -> str:
    return f'"{term.text}"' if term.phrase else term.text


def ranked_query(parsed: ParsedQuery, fuzzy: bool = False) -> dict[str, Any]:
    """:func:`text_query` with the known-item bonuses added (they score, never decide what matches)."""
    query = text_query(parsed, fuzzy)
    bonuses = _known_item_bonuses(parsed, fuzzy)
    if not bonuses:
        return query
    return {"bool": {"must": [query], "should": bonuses}}


def _known_item_bonuses(parsed: ParsedQuery, fuzzy: bool) -> list[dict[str, Any]]:
    """The bonuses for a query of plain words or phrases searched everywhere, in titles or in authors."""
    terms = [clause for clause in parsed.clauses if isinstance(clause, Term) and not clause.negated]
    if not terms or any(isinstance(clause, AnyOf) for clause in parsed.clauses):
        return []
    if any(term.field not in (None, "title", "author") for term in terms):
        return []
    if sum(len(term_forms(term.text).exact.split()) for term in terms) > KNOWN_ITEM_MAX_WORDS:
        return []
    every_word = [
        {"bool": {"should": _text_clause(term_forms(term.text), KNOWN_ITEM_GROUPS, term.phrase, fuzzy)}}
        for term in terms
    ]
    bonuses: list[dict[str, Any]] = [
        {"constant_score": {"filter": {"bool": {"must": every_word}}, "boost": KNOWN_ITEM_BOOST * len(terms)}}
    ]
    whole = " ".join(term_forms(term.text).folded for term in terms)
    if whole:
        phrase = {"match_phrase": {"title.folded": {"query": whole}}}
        bonuses.append({"constant_score": {"filter": phrase, "boost": FULL_TITLE_BOOST * len(terms)}})
    return bonuses


SORTS: dict[SortOrder, list[dict[str, Any]]] = {
    "relevance": [{"_score": "desc"}, {"year": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "newest": [{"year": {"order": "desc", "missing": "_last"}}, {"_score": "desc"}, {"id": "asc"}],
    "oldest": [{"year": {"order": "asc", "missing": "_last"}}, {"_score": "desc"}, {"id": "asc"}],
    "title": [],  # per UI language, see sort_clauses
}


def sort_clauses(sort: SortOrder, lang: str) -> list[dict[str, Any]]:
    if sort == "title":
        return [{f"sort_title.{lang}": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
    return SORTS[sort]


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page starts, and which result list it continues.

    ``index`` and ``after``: the concrete index of the previous page and its last sort values. Paging stays
    on the same concrete index even if a re-index swaps the alias meanwhile (the old index is kept for a
    while), so a deep walk returns every work exactly once. ``query`` and ``filters`` are digests of the
    parsed ``q`` and filters, ``sort`` and ``lang`` the order: a cursor sent with other ones would return
    an arbitrary slice of another list, so :func:`open_cursor` refuses it, naming the parameter, without
    asking Elasticsearch. ``fuzzy`` is how the list was matched (the next pages must match the same way),
    ``offset`` how many results come before the next page (its page number).
    """

    index: str
    after: list[Any]
    sort: str
    lang: str
    query: str
    filters: str
    fuzzy: bool
    offset: int

    def encode(self) -> str:
        fields = (
            self.index,
            self.after,
            self.sort,
            self.lang,
            self.query,
            self.filters,
            self.fuzzy,
            self.offset,
        )
        payload = json.dumps(dict(zip(_CURSOR_KEYS, fields, strict=True)), separators=(",", ":"))
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            index, after, sort, lang, query, filters, fuzzy, offset = (data[key] for key in _CURSOR_KEYS)
            if not (
                isinstance(after, list) and isinstance(fuzzy, bool) and type(offset) is int and offset >= 0
            ):
                raise TypeError("not a cursor")
            cursor = cls(str(index), after, str(sort), str(lang), str(query), str(filters), fuzzy, offset)
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise BadCursor(FOREIGN_CURSOR) from error
        return cursor

    @classmethod
    def after_page(
        cls,
        last_hit: dict[str, Any],
        offset: int,
        request: SearchRequest,
        parsed: ParsedQuery,
        filters: Filters,
        *,
        fuzzy: bool,
    ) -> Cursor:
        """The cursor of the page after the one whose last hit is ``last_hit``, ``offset`` results in;
        ``fuzzy`` when the list holds the fuzzy retry's matches."""
        return cls(
            last_hit["_index"],
            last_hit["sort"],
            request.sort,
            request.lang,
            query_digest(parsed),
            filters_digest(filters),
            fuzzy,
            offset,
        )


_CURSOR_KEYS = ("i", "a", "s", "l", "q", "f", "z", "n")


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def query_digest(parsed: ParsedQuery) -> str:
    """Equal for two ``q`` that parse alike (``kissa`` and `` kissa ``), so that they share cursors."""
    return _digest(repr(parsed))


def filters_digest(filters: Filters) -> str:
    """Equal for the same selection in any order (``filter=a&filter=b`` and ``filter=b&filter=a``)."""
    values = sorted(f"{name}:{value}" for name, chosen in filters.values.items() for value in set(chosen))
    years = sorted({f"{low}..{high}" for low, high in filters.years})
    conditions = sorted({repr(condition) for condition in filters.conditions})
    return _digest(json.dumps([values, years, conditions] if conditions else [values, years]))


def open_cursor(request: SearchRequest, parsed: ParsedQuery, filters: Filters) -> Cursor | None:
    """The request's cursor, or None; :class:`BadCursor` naming the parameter when the cursor was made for
    another query, filters, sort or language, or for another way of matching than ``fuzzy=`` asks."""
    if not request.cursor:
        return None
    cursor = Cursor.decode(request.cursor)
    mismatch = [
        (cursor.query != query_digest(parsed), "q"),
        (cursor.filters != filters_digest(filters), "filter"),
        (cursor.sort != request.sort, "sort"),
        (cursor.lang != request.lang, "lang"),
        (request.fuzzy is not None and request.fuzzy != cursor.fuzzy, "fuzzy"),
    ]
    differing = [name for differs, name in mismatch if differs]
    if differing:
        raise BadCursor(
            f"cursor: it was made for another {' and '.join(differing)}; send the cursor with the same "
            "q, filter, sort, lang and fuzzy as the request it came from, or start again without one"
        )
    return cursor


def results_before(request: SearchRequest, cursor: Cursor | None) -> int:
    """How many results come before the page asked for: where the cursor points, or by page number."""
    return cursor.offset if cursor is not None else (request.page - 1) * request.page_size


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """The Elasticsearch requests of one ``GET /v1/search``, to ``index`` (None: the alias), sent together as
    one ``_msearch`` (:meth:`search_api.catalogue_store.CatalogueStore.search_together`), which the node
    runs side by side.

    ``hits`` asks for the page only (query, selected filters, order, paging) and does not count every
    match, so that Elasticsearch may skip documents that cannot reach the page; the selected filters are
    part of its query (not a ``post_filter``, which only the facets' multi-select needed), so that they
    narrow what is matched and scored instead of what is kept afterwards. ``facets`` asks for no hit
    (``size`` 0): every facet and the exact total. A size-0 request is what the shard request cache keeps,
    so the next page, another sort order or the way back to a list ask the very same facets request and
    are answered from the cache without a document being visited. A fresh search costs Elasticsearch ~5 %
    more than one request with both would (matching is done twice, ``bench/search_cost.py``). None when no
    facet is asked for: the hits request then counts the total itself.
    """

    index: str | None
    hits: dict[str, Any]
    facets: dict[str, Any] | None


def build_search(
    request: SearchRequest,
    parsed: ParsedQuery,
    filters: Filters,
    *,
    fuzzy: bool = False,
    cursor: Cursor | None = None,
    source: tuple[str, ...] = SOURCE_FIELDS,
    partial: bool = False,
) -> SearchPlan:
    """The requests of ``GET /v1/search``; ``cursor`` is the request's, already checked by
    :func:`open_cursor`; ``source`` what the hits bring of their works (the other APIs want more of the
    display document than a hit shows); ``partial`` for the third attempt, most of the words
    (:func:`most_words_query`)."""
    most_words = most_words_query(parsed) if partial else None
    query = most_words or text_query(parsed, fuzzy)
    requested = requested_facets(request.facets)
    hits: dict[str, Any] = {
        "query": filtered(most_words or ranked_query(parsed, fuzzy), filters),
        "sort": sort_clauses(request.sort, request.lang),
        "size": request.page_size,
        "_source": list(source),
        "track_total_hits": not requested,
    }
    index = None
    if cursor is not None:
        hits["search_after"] = cursor.after
        index = cursor.index
    else:
        if request.page * request.page_size > MAX_RESULT_WINDOW:
            raise BadCursor(
                f"page: beyond result {MAX_RESULT_WINDOW:,}; use the cursor of each answer to page deeper"
            )
        hits["from"] = results_before(request, None)
    facets = None
    if requested:
        aggs = aggregations(filters, requested)
        facets = {"query": narrowed(query, filters), "size": 0, "track_total_hits": False, "aggs": aggs}
    return SearchPlan(index, hits, facets)


def build_did_you_mean(parsed: ParsedQuery) -> dict[str, Any] | None:
    """The spelling suggester's request for the words of ``q`` it checks, or None when there are none.
    Asked only when a search's words found nothing (see :func:`search_api.matching.helpful_suggestion`),
    not on every search: most searches find something, and the suggester's edit distances over the title
    words cost Elasticsearch whether or not the answer offers a suggestion."""
    checked = spelling_checked(parsed)
    if not checked:
        return None
    return {
        "size": 0,
        "track_total_hits": False,
        "suggest": {
            "did_you_mean": {
                "text": " ".join(word.folded for word in checked),
                "term": {"field": f"{SPELLING_FIELD}.folded", "suggest_mode": "missing"},
            }
        },
    }


def build_count(parsed: ParsedQuery, filters: Filters, *, fuzzy: bool = False) -> dict[str, Any]:
    """The works ``q`` and every filter match (a ``_count`` body): the figure that decides between the
    precise and the fuzzy query, and whether a spelling suggestion finds more than what was typed."""
    return {"query": filtered(text_query(parsed, fuzzy), filters)}


def filtered(query: dict[str, Any], filters: Filters) -> dict[str, Any]:
    """``query`` narrowed by every selected filter and condition (filters do not score)."""
    query = narrowed(query, filters)
    clauses = list(filter_clauses(filters).values())
    return {"bool": {"must": [query], "filter": clauses}} if clauses else query


@dataclass(frozen=True, slots=True)
class CheckedWord:
    """A word whose spelling ``did_you_mean`` checks: accent-folded, as the suggester compares words (so
    that ``kayttaja`` is no misspelling of ``käyttäjä``), and as typed, to give back when it is fine."""

    folded: str
    typed: str


def spelling_checked(parsed: ParsedQuery) -> list[CheckedWord]:
    """The words of the query the spelling suggester checks, in order, and that a suggestion is made of.

    Not the words of ISBNs, nor words too long to be mistyped words (edit distances over them cost
    Elasticsearch as fuzzy ones do), nor a lower-case ``or``: it is searched as a word (only ``OR`` is the
    operator), but one typed between words meant the operator, so a suggestion leaves it out rather than
    echo it as if it were one; leaving a required word out can only find more.
    """
    return [
        CheckedWord(folded=form, typed=word)
        for term in parsed.positive_terms()
        if term.field != "isbn" and not _plain_or(term)
        for word in tokens(term.text)
        for form in folded(word)
        if len(form) <= FUZZY_MAX_WORD_LENGTH
    ]


def _plain_or(term: Term) -> bool:
    return not term.phrase and term.text.lower() == "or"


def build_spelling_lookup(folded_words: set[str]) -> dict[str, Any]:
    """Works whose titles hold the accent-folded words the suggester offered, to find how they are spelt.

    The suggester works on the folded field, whose words have lost their accents (``kayttaja``); the
    titles of a few works holding such a word show it as catalogued (``käyttäjä``).
    """
    return {
        "query": {"terms": {f"{SPELLING_FIELD}.folded": sorted(folded_words)}},
        "size": SPELLING_LOOKUP_SIZE,
        "_source": [f"display.{text}" for text in TITLE_TEXTS],
    }


def build_suggest(prefix: str, size: int) -> dict[str, Any]:
    """Completions of what has been typed so far, for titles, authors and subjects at once.

    Each text is indexed as written, accent-folded and romanised (names also as "Given Surname"), so one
    work has several inputs matching a prefix typed without accents. Elasticsearch fills ``size`` slots with
    matching inputs before keeping one per work, which left a prefix such as ``k`` with six titles where
    ten exist; asking for :data:`COMPLETION_OVERFETCH` times as many fills the list, which
    :func:`search_api.response.shape_suggestions` cuts back to ``size``.
    """
    text = prefix.strip()
    folded = analyse_query(text).folded or text.translate(_COMPLETION_RESERVED)
    completion_size = size * COMPLETION_OVERFETCH
    suggest = {
        kind: {
            "prefix": folded,
            "completion": {"field": f"suggest_{kind}", "size": completion_size, "skip_duplicates": True},
        }
        for kind in ("title", "author", "subject")
    }
    return {
        "suggest": suggest,
        # What shape_suggestions shows: the title, or the name or subject term a completion matched.
        "_source": ["display.title", "display.contributors.name", "display.subjects.term"],
    }


def build_jobs_listing(limit: int) -> dict[str, Any]:
    """Newest job records first; the lock document lives in the same index and is left out."""
    return {
        "query": {"bool": {"must_not": [{"term": {"kind": "lock"}}]}},
        "sort": [{"started": "desc"}],
        "size": limit,
    }


def build_similar(work_id: str, size: int) -> dict[str, Any]:
    """Works like this one (reading recommendations): shared subjects, authors and title words, never
    merely shared function words (``ja``, ``och``, ``the``: :mod:`catalogue.analysis.stop_words`)."""
    fields = ["subject.stemmed", "contributor.exact", "title.stemmed", "series.exact", "description.stemmed"]
    return {
        "query": {
            "more_like_this": {
                "fields": fields,
                "like": [{"_id": work_id}],
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": 40,
                "minimum_should_match": "10%",
                "stop_words": list(stop_words()),
            }
        },
        "size": size,
        "_source": list(SOURCE_FIELDS),
    }


def build_facet_listing(
    name: str, parsed: ParsedQuery, filters: Filters, size: int, *, fuzzy: bool = False
) -> dict[str, Any]:
    """Every value of one facet for the current query and the *other* facets' selections; ``fuzzy`` when
    the query is matched as the fuzzy retry of ``/v1/search`` matches it (:mod:`search_api.matching`).

    A composite aggregation pages through all values whatever their number (analysts want the long tail);
    ordering by count or label needs every value first, so the route pages it to the end.
    """
    spec = FACETS[name]
    others = [clause for other, clause in filter_clauses(filters).items() if other != name]
    query = narrowed(text_query(parsed, fuzzy), filters)
    if others:
        query = {"bool": {"must": [query], "filter": others}}
    return {
        "query": query,
        "size": 0,
        "aggs": {
            "values": {"composite": {"size": size, "sources": [{"value": {"terms": {"field": spec.field}}}]}}
        },
    }


def build_works(work_ids: list[str]) -> dict[str, Any]:
    """The works with these ids (those that exist), whole display documents."""
    return {"query": {"ids": {"values": work_ids}}, "size": len(work_ids), "_source": list(WHOLE_DISPLAY)}


def build_source_records(work_key: str, limit: int = 100) -> dict[str, Any]:
    """The normalised source records a work was merged from."""
    return {
        "query": {"term": {"work_key": work_key}},
        "size": limit,
        "sort": [{"source": "asc"}, {"source_id": "asc"}],
    }
