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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from catalogue.analysis import analyse, analyse_query
from catalogue.analysis import tokens as words_of
from catalogue.analysis.folding import folded
from search_api.facets import FACETS, Filters, shape_facet
from search_api.labels import label
from search_api.models import (
    Contributor,
    FacetValueOut,
    Hit,
    Holding,
    SearchRequest,
    SearchResponse,
    Suggestion,
    UiLanguage,
    WorkDetail,
)
from search_api.query import TITLE_TEXTS, Cursor, spelling_checked, within_fuzzy_reach
from search_api.query_syntax import ParsedQuery

_WORD = re.compile(r"\w+")
SNIPPET_CONTEXT = 120


@dataclass(slots=True)
class QueryTokens:
    """Every form the query's words take, to recognise matched words in displayed text.

    ``fuzzy`` holds the folded words that were matched fuzzily, when the answer comes from the fuzzy
    second attempt: a displayed word within their edit distance matched too (``majakla`` marks
    ``Majakka``).
    """

    exact: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    stemmed: set[str] = field(default_factory=set)
    translit: set[str] = field(default_factory=set)
    fuzzy: set[str] = field(default_factory=set)
    _seen: dict[tuple[str, str | None], bool] = field(default_factory=dict)

    @classmethod
    def of(cls, parsed: ParsedQuery, fuzzy: bool = False) -> QueryTokens:
        """The forms of the query's words; ``fuzzy`` when the hits come from the fuzzy attempt."""
        query = cls()
        for term in parsed.positive_terms():
            if term.field == "isbn":
                continue
            forms = analyse_query(term.text)
            query.exact.update(forms.exact.split())
            query.folded.update(forms.folded.split())
            query.translit.update(forms.translit.split())
            for words in forms.stemmed.values():
                query.stemmed.update(alternative for word in words for alternative in word)
            if fuzzy and not term.phrase:  # phrases are never matched fuzzily (query.text_query)
                query.fuzzy.update(forms.folded.split())
        return query

    def __bool__(self) -> bool:
        return bool(self.exact or self.folded)

    def matches(self, word: str, language: str | None) -> bool:
        """Whether a displayed word is one of the query's words in any form. A page of hits shows the same
        words again and again (names, subjects, "ja", "the"), so each answer is remembered for the page."""
        known = self._seen.get((word, language))
        if known is None:
            known = self._seen[(word, language)] = self._matches(word, language)
        return known

    def _matches(self, word: str, language: str | None) -> bool:
        exact, folded_forms, stemmed, translit = _word_forms(word, language)
        precise = not (
            self.exact.isdisjoint(exact)
            and self.folded.isdisjoint(folded_forms)
            and self.stemmed.isdisjoint(stemmed)
            and self.translit.isdisjoint(translit)
        )
        return precise or any(
            within_fuzzy_reach(typed, form) for typed in self.fuzzy for form in folded_forms
        )


@lru_cache(maxsize=100_000)
def _word_forms(word: str, language: str | None) -> tuple[frozenset[str], ...]:
    """A displayed word's forms in each variant; cached because result pages repeat words endlessly."""
    forms = analyse(word, language)
    return tuple(
        frozenset(text.split()) for text in (forms.exact, forms.folded, forms.stemmed, forms.translit)
    )


def highlight(text: str, tokens: QueryTokens, language: str | None) -> str | None:
    """``text`` HTML-escaped with matched words in ``<mark>``; None when nothing matched."""
    parts: list[str] = []
    position = 0
    marked = False
    for match in _WORD.finditer(text):
        if tokens.matches(match.group(), language):
            parts += [
                html.escape(text[position : match.start()]),
                f"<mark>{html.escape(match.group())}</mark>",
            ]
            position = match.end()
            marked = True
    if not marked:
        return None
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _snippet(text: str, tokens: QueryTokens, language: str | None) -> str | None:
    """A window of a long text around its first matched word, highlighted."""
    for match in _WORD.finditer(text):
        if tokens.matches(match.group(), language):
            start = max(0, match.start() - SNIPPET_CONTEXT)
            end = min(len(text), match.end() + 2 * SNIPPET_CONTEXT)
            window = highlight(text[start:end], tokens, language) or ""
            return ("…" if start else "") + window + ("…" if end < len(text) else "")
    return None


def _highlights(display: dict[str, Any], tokens: QueryTokens) -> dict[str, str]:
    if not tokens:
        return {}
    language = (display.get("languages") or [None])[0]
    found: dict[str, str | None] = {
        "title": highlight(display["title"], tokens, language),
        "subtitle": highlight(display["subtitle"], tokens, language) if display.get("subtitle") else None,
        "contributors": highlight(
            "; ".join(c["name"] for c in display.get("contributors", [])), tokens, None
        ),
        "subjects": highlight("; ".join(s["term"] for s in display.get("subjects", [])), tokens, language),
        "series": highlight("; ".join(display.get("series", [])), tokens, language),
        "description": _snippet(display["description"], tokens, language)
        if display.get("description")
        else None,
    }
    return {name: text for name, text in found.items() if text}


def shape_hit(display: dict[str, Any], ui: UiLanguage, tokens: QueryTokens | None = None) -> Hit:
    return Hit(
        id=display["id"],
        title=display["title"],
        subtitle=display.get("subtitle"),
        contributors=[Contributor(**c) for c in display.get("contributors", [])],
        year=display.get("year"),
        material_type=display["material_type"],
        material_type_label=label("material_type", display["material_type"], ui),
        languages=display.get("languages", []),
        holdings=[
            Holding(municipality_label=label("municipality", h["municipality"], ui), **h)
            for h in display.get("holdings", [])
        ],
        cover=display.get("cover"),
        highlight=_highlights(display, tokens) if tokens else {},
    )


def corrections(answer: dict[str, Any], parsed: ParsedQuery) -> list[tuple[str, str | None]]:
    """Each word the spelling suggester checked, as typed, with its folded correction (None when the
    index has no better spelling); empty when there is nothing to correct or the query found enough."""
    if answer["hits"]["total"]["value"] >= 3:
        return []
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


def _did_you_mean(checked: list[tuple[str, str | None]], spellings: dict[str, str]) -> str | None:
    """The query with its misspelt words replaced by the catalogue's spelling of the correction."""
    if not checked:
        return None
    return " ".join(spellings.get(fix, fix) if fix else typed for typed, fix in checked)


def shape_search(
    answer: dict[str, Any],
    request: SearchRequest,
    parsed: ParsedQuery,
    filters: Filters,
    *,
    fuzzy: bool = False,
    spellings: dict[str, str] | None = None,
) -> SearchResponse:
    """The API's answer; ``fuzzy`` when ``answer`` came from the fuzzy attempt, ``spellings`` the
    :func:`catalogued_spellings` of the words did_you_mean corrects."""
    hits = answer["hits"]["hits"]
    query = QueryTokens.of(parsed, fuzzy)
    total = answer["hits"]["total"]["value"]
    facets = {
        name: [
            FacetValueOut(value=v.value, label=v.label, count=v.count, selected=v.selected)
            for v in shape_facet(name, aggregation, filters, request.lang)
        ]
        for name, aggregation in answer.get("aggregations", {}).items()
        if name in FACETS
    }
    cursor = None
    if len(hits) == request.page_size:
        last = hits[-1]
        cursor = Cursor(last["_index"], last["sort"], f"{request.sort}:{request.lang}").encode()
    return SearchResponse(
        total=total,
        page=request.page if not request.cursor else 0,
        page_size=request.page_size,
        hits=[shape_hit(hit["_source"]["display"], request.lang, query) for hit in hits],
        facets=facets,
        did_you_mean=_did_you_mean(corrections(answer, parsed), spellings or {}),
        cursor=cursor,
    )


def shape_suggestions(answer: dict[str, Any], prefix: str, size: int) -> list[Suggestion]:
    """Completion options → what to show: the title, or the author or subject the prefix matched."""
    suggestions: list[Suggestion] = []
    seen: set[tuple[str, str]] = set()
    for kind in ("title", "author", "subject"):
        for option in answer.get("suggest", {}).get(kind, [{}])[0].get("options", []):
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
                suggestions.append(Suggestion(text=text, kind=kind, id=work))
    return suggestions[:size]


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
        **{**display, "holdings": hit.holdings, "contributors": hit.contributors},
        material_type_label=hit.material_type_label,
        language_labels=[label("language", code, ui) for code in display.get("languages", [])],
        source_records=source_records,
    )
