"""Shape Elasticsearch answers into the API's response types.

Highlighting happens here rather than in Elasticsearch: the indexed fields hold analysed tokens, not the
text people read, so Elasticsearch's highlighter could only mark tokens. Re-analysing the displayed text
with the same analysis module and marking the words whose forms meet the query's forms marks exactly the
words that matched, in the original spelling, whichever variant (exact, folded, stemmed, romanised) did it.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fastapi.responses import Response
from pydantic_core import to_json

from catalogue.analysis import analyse
from catalogue.analysis import tokens as words_of
from catalogue.analysis.folding import folded
from search_api.facets import Filters, facet_results, requested_facets, shape_facet
from search_api.labels import label
from search_api.models import SearchRequest, UiLanguage, WorkDetail
from search_api.query import (
    TITLE_TEXTS,
    Cursor,
    results_before,
    spelling_checked,
    term_forms,
    within_fuzzy_reach,
)
from search_api.query_syntax import ParsedQuery

_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")
_ESCAPED = re.compile("[&<>\"']")  # what html.escape replaces
SNIPPET_CONTEXT = 120
_VARIANTS = ("exact", "folded", "stemmed", "translit")


@dataclass(slots=True)
class QueryTokens:
    """Every form the query's words take, to recognise matched words in displayed text.

    ``forms`` holds each form tagged with its variant (:func:`_tagged`): a displayed word matched when one
    of its forms is the query's form in the same variant, which one set operation answers. ``fuzzy``
    holds the folded words that were matched fuzzily, when the answer comes from the fuzzy second
    attempt: a displayed word within their edit distance matched too (``majakla`` marks ``Majakka``).
    """

    forms: set[str] = field(default_factory=set)
    fuzzy: set[str] = field(default_factory=set)
    # Per language of the text: the displayed words known to match, and those known not to.
    _known: dict[str | None, tuple[set[str], set[str]]] = field(default_factory=dict)
    _shown: dict[tuple[str, str | None, Shaper], str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, parsed: ParsedQuery, fuzzy: bool = False) -> QueryTokens:
        """The forms of the query's words; ``fuzzy`` when the hits come from the fuzzy attempt."""
        query = cls()
        for term in parsed.positive_terms():
            if term.field == "isbn":
                continue
            forms = term_forms(term.text)
            stems = (stem for words in forms.stemmed.values() for word in words for stem in word)
            query.forms |= _tagged((forms.exact.split(), forms.folded.split(), stems, forms.translit.split()))
            if fuzzy and not term.phrase:  # phrases are never matched fuzzily (query._text_clause)
                query.fuzzy.update(forms.folded.split())
        return query

    def __bool__(self) -> bool:
        return bool(self.forms)

    def matched(self, words: list[str], language: str | None) -> set[str]:
        """The ``words`` that are one of the query's words in any form.

        Most displayed texts match nothing, so a text's words are checked as a set, and a page of hits
        shows the same words again and again (names, subjects, "ja", "the"): each word's answer is
        remembered for the page, and only words not seen before are analysed.
        """
        distinct = set(words)
        known = self._known.get(language)
        if known is None:
            known = self._known[language] = (set(), set())
        matching, other = known
        for word in distinct.difference(matching, other):
            (matching if self._matches(word, language) else other).add(word)
        return distinct & matching

    def _matches(self, word: str, language: str | None) -> bool:
        forms = _word_forms(word, language)
        if not self.forms.isdisjoint(forms):
            return True
        if not self.fuzzy:
            return False
        folded_forms = [form[1:] for form in forms if form[0] == "f"]
        return any(within_fuzzy_reach(typed, form) for typed in self.fuzzy for form in folded_forms)

    def shown(self, text: str, language: str | None, shape: Shaper) -> str | None:
        """``shape(text, self, language)``, remembered for the page: the hits of one query often repeat
        a title, a name, a list of subjects or a description (editions, translations, series)."""
        key = (text, language, shape)
        if key not in self._shown:
            self._shown[key] = shape(text, self, language)
        return self._shown[key]


Shaper = Callable[[str, QueryTokens, str | None], str | None]


def _tagged(variants: tuple[Iterable[str], ...]) -> set[str]:
    """The forms of each variant (exact, folded, stemmed, translit) prefixed by the variant's initial, so
    that one set holds them all and a form only ever meets the same variant's forms."""
    return {f"{name[0]}{form}" for name, forms in zip(_VARIANTS, variants, strict=True) for form in forms}


@lru_cache(maxsize=100_000)
def _word_forms(word: str, language: str | None) -> frozenset[str]:
    """A displayed word's :func:`_tagged` forms; cached because result pages repeat words endlessly."""
    forms = analyse(word, language)
    return frozenset(_tagged(tuple(getattr(forms, name).split() for name in _VARIANTS)))


def highlight(text: str, tokens: QueryTokens, language: str | None) -> str | None:
    """``text`` HTML-escaped with matched words in ``<mark>``; None when nothing matched."""
    return tokens.shown(text, language, _marked)


def _marked(text: str, tokens: QueryTokens, language: str | None) -> str | None:
    pieces = _WORD_SPLIT.split(text)  # the words at odd positions, what lies between them at even ones
    matched = tokens.matched(pieces[1::2], language)
    if not matched:
        return None
    pieces[1::2] = [f"<mark>{word}</mark>" if word in matched else word for word in pieces[1::2]]
    if _ESCAPED.search(text):  # a word (\w+) holds none of the characters HTML escapes
        pieces[::2] = [html.escape(between) for between in pieces[::2]]
    return "".join(pieces)


def _window(text: str, tokens: QueryTokens, language: str | None) -> str | None:
    """A window of a long text around its first matched word, highlighted."""
    pieces = _WORD_SPLIT.split(text)
    matched = tokens.matched(pieces[1::2], language)
    if not matched:
        return None
    first = next(index for index in range(1, len(pieces), 2) if pieces[index] in matched)
    first_start = sum(map(len, pieces[:first]))
    start = max(0, first_start - SNIPPET_CONTEXT)
    end = min(len(text), first_start + len(pieces[first]) + 2 * SNIPPET_CONTEXT)
    window = highlight(text[start:end], tokens, language) or ""
    return ("…" if start else "") + window + ("…" if end < len(text) else "")


def _highlights(display: dict[str, Any], tokens: QueryTokens) -> dict[str, str]:
    language = (display.get("languages") or [None])[0]
    fields = (
        ("title", display["title"], language, _marked),
        ("subtitle", display.get("subtitle"), language, _marked),
        ("contributors", "; ".join([c["name"] for c in display.get("contributors", [])]), None, _marked),
        ("subjects", "; ".join([s["term"] for s in display.get("subjects", [])]), language, _marked),
        ("series", "; ".join(display.get("series", [])), language, _marked),
        ("description", display.get("description"), language, _window),
    )
    found: dict[str, str] = {}
    for name, text, text_language, shape in fields:
        shown = tokens.shown(text, text_language, shape) if text else None
        if shown:
            found[name] = shown
    return found


def json_response(content: dict[str, Any]) -> Response:
    """An answer shaped here, serialised as it is.

    The shaping functions build the plain dicts the response models (:mod:`search_api.models`) would
    serialise to, key for key, rather than the models themselves: building and validating a few hundred
    small models per page of hits cost more CPU than everything else the API does with an answer. The
    routes keep the models as their ``response_model``, which documents the answers in the OpenAPI
    schema; the tests hold every answer to it. pydantic's serialiser is the one FastAPI serialises models
    with, so the bytes are the same too.
    """
    return Response(to_json(content), media_type="application/json")


def shape_hit(display: dict[str, Any], ui: UiLanguage, tokens: QueryTokens | None = None) -> dict[str, Any]:
    """A :class:`~search_api.models.Hit`."""
    return {
        "id": display["id"],
        "title": display["title"],
        "title_romanised": display.get("title_romanised"),
        "subtitle": display.get("subtitle"),
        "contributors": [
            {"name": c["name"], "role": c["role"], "romanised": c.get("romanised")}
            for c in display.get("contributors", [])
        ],
        "year": display.get("year"),
        "material_type": display["material_type"],
        "material_type_label": label("material_type", display["material_type"], ui),
        "languages": display.get("languages", []),
        "holdings": [
            {
                "municipality": h["municipality"],
                "municipality_label": label("municipality", h["municipality"], ui),
                "source_id": h["source_id"],
                "url": h.get("url"),
            }
            for h in display.get("holdings", [])
        ],
        "cover": display.get("cover"),
        "highlight": _highlights(display, tokens) if tokens else {},
    }


def corrections(answer: dict[str, Any], parsed: ParsedQuery) -> list[tuple[str, str | None]]:
    """Each word the spelling suggester checked, as typed, with its folded correction (None when the
    index has no better spelling); empty when there is nothing to correct. Whether the correction is
    worth offering is :func:`search_api.matching.helpful_suggestion`'s to decide."""
    entries = answer.get("suggest", {}).get("did_you_mean", [])
    offered = {entry["offset"]: entry["options"][0]["text"] for entry in entries if entry["options"]}
    checked: list[tuple[str, str | None]] = []
    offset = 0  # where each word starts in the suggester's text, the words joined by spaces
    for word in spelling_checked(parsed):
        checked.append((word.typed, offered.get(offset)))
        offset += len(word.folded) + 1
    return checked if any(fix for _, fix in checked) else []


def catalogued_spellings(lookup: dict[str, Any], wanted: set[str]) -> dict[str, str]:
    """Folded word → how the titles found by :func:`search_api.query.build_spelling_lookup` spell it
    (case-folded, as every word the API gives back; the most frequent spelling when they differ)."""
    seen: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for hit in lookup["hits"]["hits"]:
        display = hit["_source"].get("display", {})
        for name in TITLE_TEXTS:
            value = display.get(name) or []
            for text in [value] if isinstance(value, str) else value:
                for word in words_of(text):
                    for form in folded(word):
                        if form in wanted:
                            seen[form][word] += 1
    return {form: spellings.most_common(1)[0][0] for form, spellings in seen.items()}


def suggested_query(checked: list[tuple[str, str | None]], spellings: dict[str, str]) -> str:
    """The checked words of the query with the misspelt ones replaced by the catalogue's spelling of the
    correction, from :func:`corrections` and :func:`catalogued_spellings`."""
    return " ".join(spellings.get(fix, fix) if fix else typed for typed, fix in checked)


def search_answer(hits: dict[str, Any], facets: dict[str, Any] | None = None) -> dict[str, Any]:
    """The answers of a :class:`~search_api.query.SearchPlan`'s requests as one: the page's hits, and the
    facets request's aggregations and exact total (the hits request counts it itself when it is alone)."""
    if facets is None:
        return hits
    total, aggregations = facet_results(facets["aggregations"])
    return {
        **hits,
        "hits": {**hits["hits"], "total": {"value": total, "relation": "eq"}},
        "aggregations": aggregations,
    }


def shape_search(
    answer: dict[str, Any],
    request: SearchRequest,
    parsed: ParsedQuery,
    filters: Filters,
    *,
    fuzzy: bool = False,
    cursor: Cursor | None = None,
    did_you_mean: str | None = None,
    unmatched: list[str] | None = None,
) -> dict[str, Any]:
    """The API's answer, a :class:`~search_api.models.SearchResponse`: ``fuzzy`` when ``answer`` came from
    the fuzzy attempt, ``cursor`` the request's (checked) cursor, ``did_you_mean`` a suggestion known to
    find more works (:func:`search_api.matching.helpful_suggestion`), ``unmatched`` the words left out
    when ``answer`` is the third attempt's, most of the words (:func:`search_api.matching.most_words_search`),
    whose list is paged by page number only."""
    hits = answer["hits"]["hits"]
    query = QueryTokens.of(parsed, fuzzy)
    aggregations = answer.get("aggregations", {})
    facets = {
        name: shape_facet(name, aggregations[name], filters, request.lang)
        for name in requested_facets(request.facets)
        if name in aggregations
    }
    before = results_before(request, cursor)
    following = None
    if len(hits) == request.page_size and unmatched is None:
        following = Cursor.after_page(
            hits[-1], before + len(hits), request, parsed, filters, fuzzy=fuzzy
        ).encode()
    return {
        "total": answer["hits"]["total"]["value"],
        "page": before // request.page_size + 1,
        "page_size": request.page_size,
        "fuzzy": fuzzy,
        "hits": [shape_hit(hit["_source"]["display"], request.lang, query) for hit in hits],
        "facets": facets,
        "did_you_mean": did_you_mean,
        "cursor": following,
        "partial": unmatched is not None,
        "unmatched": unmatched or [],
    }


def shape_suggestions(answer: dict[str, Any], prefix: str, size: int) -> dict[str, Any]:
    """Completion options → what to show, a :class:`~search_api.models.SuggestResponse`: the title, or
    the author or subject the prefix matched; titles first, at most ``size``."""
    suggestions: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for kind, option in _completions(answer):
        if len(suggestions) == size:
            break  # the rest would not be shown: finding the name or subject each one matched is costly
        display = option.get("_source", {}).get("display", {})
        if kind == "title":
            text, work = display.get("title", option["text"]), option.get("_id")
        else:
            names = (
                [c["name"] for c in display.get("contributors", [])]
                if kind == "author"
                else [s["term"] for s in display.get("subjects", [])]
            )
            text, work = _matching(names, option["text"]), None
        if (kind, text) not in seen:
            seen.add((kind, text))
            suggestions.append({"text": text, "kind": kind, "id": work})
    return {"suggestions": suggestions}


def _completions(answer: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for kind in ("title", "author", "subject"):
        for option in answer.get("suggest", {}).get(kind, [{}])[0].get("options", []):
            yield kind, option


def _matching(candidates: list[str], completed: str) -> str:
    """The original spelling of the value whose (possibly folded or romanised) input the completion
    matched."""
    wanted = analyse(completed, None).folded
    for candidate in candidates:
        surname, comma, given = candidate.partition(", ")
        spellings = [candidate, f"{given} {surname}"] if comma else [candidate]
        for spelling in spellings:
            forms = analyse(spelling, None)
            if wanted in (forms.folded, forms.translit):
                return candidate
    return completed


def shape_work(display: dict[str, Any], source_records: list[dict[str, Any]], ui: UiLanguage) -> WorkDetail:
    hit = shape_hit(display, ui)
    return WorkDetail(
        **{**display, "holdings": hit["holdings"], "contributors": hit["contributors"]},
        material_type_label=hit["material_type_label"],
        language_labels=[label("language", code, ui) for code in display.get("languages", [])],
        source_records=source_records,
    )
