"""Which works a request's ``q`` matches, decided once for every endpoint that takes ``q``.

The precise query comes first; only when it matches no work with the request's filters is the fuzzy
query (words a letter or two off) tried, and its matches are the answer when it has any. ``/v1/search``,
``/v1/facets/{name}`` and so the facet explorer make this decision here, from the same figure (the works
``q`` matches with every filter), so the facet listing of a query counts exactly the works its search
found. A cursor continues its list the way the list was matched; ``fuzzy=false`` switches the retry
off, and ``fuzzy=true`` matches fuzzily at once, which keeps the explorer's requests with other filters
(its municipality rows) on the list its search answered from.

A spelling suggestion is checked here too: ``did_you_mean`` is offered only when the words as typed match
nothing and the suggested query, counted on the node with the same filters, finds works, never fewer
than the answer (the fuzzy retry's) holds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from search_api.catalogue_store import CatalogueStore
from search_api.facets import Filters
from search_api.models import SearchRequest
from search_api.query import (
    SOURCE_FIELDS,
    Cursor,
    build_count,
    build_did_you_mean,
    build_search,
    build_spelling_lookup,
    positive_clause_texts,
)
from search_api.query_syntax import ParsedQuery, parse
from search_api.response import catalogued_spellings, corrections, search_answer, suggested_query

Answer = TypeVar("Answer")
Attempt = Callable[[bool], Awaitable[tuple[Answer, int]]]
"""Runs the request precisely (``False``) or fuzzily (``True``): its answer and how many works matched
with every filter."""


async def precise_or_fuzzy(
    parsed: ParsedQuery, fuzzy: bool | None, attempt: Attempt[Answer]
) -> tuple[Answer, bool]:
    """The answer, and whether it is the fuzzy attempt's.

    ``fuzzy`` None (the default): the precise attempt's answer, or the fuzzy one's when the precise
    matched nothing and the fuzzy did (for a query with words). ``fuzzy`` False or True: that attempt
    only (the request's ``fuzzy=``, or how the list a cursor continues was matched). Without words,
    fuzzy matching is the precise one.
    """
    if fuzzy is not None:
        fuzzy = fuzzy and bool(parsed.clauses)
        answer, _ = await attempt(fuzzy)
        return answer, fuzzy
    answer, matched = await attempt(False)
    if matched or not parsed.clauses:
        return answer, False
    fuzzy_answer, fuzzy_matched = await attempt(True)
    return (fuzzy_answer, True) if fuzzy_matched else (answer, False)


async def matched_search(
    store: CatalogueStore,
    request: SearchRequest,
    parsed: ParsedQuery,
    filters: Filters,
    cursor: Cursor | None = None,
    source: tuple[str, ...] = SOURCE_FIELDS,
) -> tuple[dict[str, Any], bool]:
    """A search's answer (:func:`search_api.response.search_answer`), and whether it holds the fuzzy
    retry's matches: a first page as :func:`precise_or_fuzzy` decides from ``request.fuzzy``, a cursor's
    page matched as its list was. Every API that searches (``/v1/search``, the Finna API, the Atom feed)
    asks here; ``source`` as :func:`~search_api.query.build_search` takes it."""

    async def attempt(fuzzy: bool) -> tuple[dict[str, Any], int]:
        plan = build_search(request, parsed, filters, fuzzy=fuzzy, cursor=cursor, source=source)
        bodies = [plan.hits] if plan.facets is None else [plan.hits, plan.facets]
        answer = search_answer(*await store.search_together(bodies, index=plan.index))
        return answer, answer["hits"]["total"]["value"]

    return await precise_or_fuzzy(parsed, cursor.fuzzy if cursor else request.fuzzy, attempt)


async def most_words_search(
    store: CatalogueStore, request: SearchRequest, parsed: ParsedQuery, filters: Filters
) -> tuple[dict[str, Any], list[str]] | None:
    """The third attempt, for a query of several words that neither the precise nor the fuzzy attempt
    matched: the works matching most of its words (:func:`~search_api.query.most_words_query`), and the
    words none of the page's hits matched, so that the answer can say which ones it left out (Finna's
    "try fewer words"). None when the query has fewer than two words or this finds nothing either."""
    words = positive_clause_texts(parsed)
    if len(words) < 2:
        return None
    plan = build_search(request, parsed, filters, partial=True)
    bodies = [plan.hits] if plan.facets is None else [plan.hits, plan.facets]
    answer = search_answer(*await store.search_together(bodies, index=plan.index))
    hits = answer["hits"]["hits"]
    if not answer["hits"]["total"]["value"] or not hits:
        return None
    matched = {name for hit in hits for name in hit.get("matched_queries", [])}
    return answer, [word for index, word in enumerate(words) if str(index) not in matched]


async def matches_fuzzily(
    store: CatalogueStore, parsed: ParsedQuery, filters: Filters, fuzzy: bool | None
) -> bool:
    """Whether ``q`` with ``filters`` is answered from the fuzzy retry, for endpoints that need only this
    decision (counts, not hits)."""

    async def count(fuzzy: bool) -> tuple[None, int]:
        return None, await store.count(build_count(parsed, filters, fuzzy=fuzzy))

    _, matched_fuzzily = await precise_or_fuzzy(parsed, fuzzy, count)
    return matched_fuzzily


async def helpful_suggestion(
    store: CatalogueStore, answer: dict[str, Any], parsed: ParsedQuery, filters: Filters, from_retry: bool
) -> str | None:
    """The ``did_you_mean`` of a search answer, or None.

    Offered only when the words as typed match no work with the filters (the answer is empty, or
    ``from_retry``: the fuzzy retry's, made because the precise query matched nothing), and only when the
    suggested query, spelt as catalogued and counted with the same filters, finds works, and at least as
    many as the answer holds. The term suggester cannot know either: it offers a title word for any word
    missing from titles, be it a word found elsewhere or an inflected form found through its base form
    (``kissoja`` would be told ``kissa``, which finds the same works).
    """
    found = answer["hits"]["total"]["value"]
    if found and not from_retry:
        return None
    lookup = build_did_you_mean(parsed)
    if lookup is None:
        return None
    checked = corrections(await store.search(lookup), parsed)
    wanted = {fix for _, fix in checked if fix}
    if not wanted:
        return None
    spellings = catalogued_spellings(await store.search(build_spelling_lookup(wanted)), wanted)
    suggestion = suggested_query(checked, spellings)
    suggested = await store.count(build_count(parse(suggestion), filters))
    return suggestion if suggested and suggested >= found else None
