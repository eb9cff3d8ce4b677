"""Turn a merged work into the search document Elasticsearch indexes (``mappings/works.json``).

Three kinds of content, for three jobs:

- ``display``: the work as the API shows it (best record's description, every record's holdings and
  identifiers, why the records were merged), stored but not indexed;
- analysed text: title, contributors, subjects, series and description, each as the four token streams of
  :mod:`catalogue.analysis` (exact, folded, stemmed, translit), indexed with the whitespace analyzer;
- keywords for facets, filters, identifiers, collation sort keys and suggestions.

Analysis happens here, after merging, so that each work is analysed once however many municipalities
hold it, and from the text that will actually be shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from catalogue.analysis import SORT_LOCALES, analyse, sort_key
from catalogue.identifiers import compact_identifier
from indexer.record import COVER_LINK, NormalisedRecord, content_digest
from indexer.works.merge import Work

SUGGEST_LIMIT = 20


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _analysed(values: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Several values (text, language) of one field joined into the field's four variants."""
    parts = [analyse(text, language) for text, language in values if text]
    if len(parts) == 1:  # most fields of most works: nothing to join
        one = parts[0]
        return {"exact": one.exact, "folded": one.folded, "stemmed": one.stemmed, "translit": one.translit}
    return {
        "exact": " ".join(filter(None, [part.exact for part in parts])),
        "folded": " ".join(filter(None, [part.folded for part in parts])),
        "stemmed": " ".join(filter(None, [part.stemmed for part in parts])),
        "translit": " ".join(filter(None, [part.translit for part in parts])),
    }


def series_title(series: str) -> str:
    """A series without the volume ISBD puts after ' ; ' (``Yö Saimaalla ; 6``): the series facet counts
    the works of a series, not one value per volume."""
    return series.partition(" ; ")[0]


def _person_forms(name: str) -> list[str]:
    """'Helin, Sari' is also typed 'Sari Helin'; suggestions should offer the name either way."""
    surname, comma, given = name.partition(", ")
    return [name, f"{given} {surname}"] if comma and given else [name]


def _suggestions(texts: Iterable[str]) -> dict[str, list[str]]:
    """Completion inputs: each text as written, accent-folded (``kesa`` completes ``Kesäyön unelma``) and
    romanised (``dosto`` completes ``Достоевский``). A variant that only differs in case is left out: the
    completion field lower-cases anyway, and duplicates crowd other works out of the suggestions."""
    inputs: list[str] = []
    for text in texts:
        forms = analyse(text, None)
        inputs.append(text)
        inputs += [form for form in (forms.folded, forms.translit) if form and form != forms.exact]
    return {"input": _unique(inputs)[:SUGGEST_LIMIT]}


def _original_first(romanised: str | None, original: str | None) -> dict[str, str | None]:
    """A value as the record page shows it: the original-script form first, the romanised one beside it
    (``romanised`` is None when the record has no original-script form), as the Library of Congress and
    Open Library do."""
    if original is None:
        return {"shown": romanised, "romanised": None}
    return {"shown": original, "romanised": romanised}


def _display(work: Work) -> dict[str, Any]:
    best = work.best
    original = best.original_script
    ids = [record.identifiers for record in work.records]
    links = [{"url": link.url, "text": link.text} for link in best.links]
    cover = next(
        (link.url for record in work.records for link in record.links if link.text == COVER_LINK), None
    )
    title = _original_first(best.title, original.title)
    subtitle = _original_first(best.subtitle, original.subtitle)
    part = _original_first(best.part, original.part)
    publisher = _original_first(best.publisher, original.publisher)
    edition = _original_first(best.edition, original.edition)
    return {
        "id": work.id,
        "title": title["shown"],
        "title_romanised": title["romanised"],
        "subtitle": subtitle["shown"],
        "subtitle_romanised": subtitle["romanised"],
        "part": part["shown"],
        "part_romanised": part["romanised"],
        "title_variants": best.title_variants,
        "series": original.series or best.series,
        "series_romanised": best.series if original.series else [],
        "edition": edition["shown"],
        "edition_romanised": edition["romanised"],
        "contributors": [
            {"name": c.original or c.name, "role": c.role, "romanised": c.name if c.original else None}
            for c in best.contributors
        ],
        "year": best.year,
        "material_type": best.material_type,
        "languages": best.languages,
        "original_language": best.original_language,
        "identifiers": {
            "isbn": _unique(v for i in ids for v in i.isbn),
            "issn": _unique(v for i in ids for v in i.issn),
            "ismn": _unique(v for i in ids for v in i.ismn),
            "ean": _unique(v for i in ids for v in i.ean),
            "other": _unique(v for i in ids for v in i.other),
            "invalid_isbn": _unique(v for i in ids for v in i.invalid_isbn),
        },
        "publisher": publisher["shown"],
        "publisher_romanised": publisher["romanised"],
        "place": best.place,
        "subjects": [
            {"term": s.term, "vocabulary": s.vocabulary, "language": s.language} for s in best.subjects
        ],
        "genres": best.genres,
        "classification": [{"scheme": c.scheme, "code": c.code} for c in best.classification],
        "audience": best.audience,
        "description": best.description,
        "extent": best.extent,
        "duration": best.duration,
        "links": [link for link in links if link["text"] != COVER_LINK],
        "cover": cover,
        "holdings": [
            {"municipality": h.municipality, "source_id": h.source_id, "url": h.url} for h in work.holdings
        ],
        "merge": {"key": work.key, "reason": work.reason, "records": len(work.records)},
    }


DIGESTED = (
    "display", "isbn", "issn", "identifiers", "municipality", "material_type", "language", "year",
    "subject_facet", "author_facet", "audience", "genre", "classification", "publisher", "series_facet",
    "merge",
)  # fmt: skip
"""What a work's ``digest`` covers: what it shows and is filtered by, not the tokens analysis derives from
them (a new stemmer changes every work's tokens, and no cataloguer would call that a changed work)."""


def work_document(work: Work) -> dict[str, Any]:
    best: NormalisedRecord = work.best
    language = best.languages[0] if best.languages else None
    ids = [record.identifiers for record in work.records]
    original = best.original_script
    title_text = " ".join(filter(None, (best.title, best.subtitle, best.part)))
    original_title = " ".join(filter(None, (original.title, original.subtitle, original.part)))
    subjects = [(s.term, s.language or language) for r in work.records for s in r.subjects]
    subjects += [(genre, language) for genre in best.genres]
    names = _unique(c.name for c in best.contributors)
    original_names = _unique(c.original for c in best.contributors)
    document: dict[str, Any] = {
        "id": work.id,
        "display": _display(work),
        "title": _analysed(
            [(title_text, language), (original_title, None), *((v, language) for v in best.title_variants)]
        ),
        "contributor": _analysed((name, None) for name in [*names, *original_names]),
        "subject": _analysed(dict.fromkeys(subjects)),
        "series": _analysed((series, language) for series in [*best.series, *original.series]),
        "description": _analysed([(best.description or "", language)]),
        "isbn": _unique(v for i in ids for v in i.isbn),
        "issn": _unique(v for i in ids for v in i.issn),
        # a cancelled or mistyped ISBN (020 $z) finds the work too, but never merges it with another
        "identifiers": _unique(
            [
                *(v for i in ids for v in (*i.isbn, *i.issn, *i.ismn, *i.ean, *i.other)),
                *(compact_identifier(v) for i in ids for v in i.invalid_isbn),
            ]
        ),
        "municipality": work.municipalities,
        "material_type": best.material_type,
        "language": best.languages,
        "year": best.year,
        "subject_facet": _unique(s.term for s in best.subjects),
        "author_facet": names,
        "audience": best.audience,
        "genre": best.genres,
        "classification": _unique(c.code for c in best.classification if c.scheme == "ykl"),
        "publisher": best.publisher,
        "series_facet": _unique(series_title(series) for series in best.series),
        "sort_title": {locale: sort_key(best.sort_title or best.title, locale) for locale in SORT_LOCALES},
        "suggest_title": _suggestions(_unique([best.title, original.title, *best.title_variants])),
        "suggest_author": _suggestions(f for name in [*names, *original_names] for f in _person_forms(name)),
        "suggest_subject": _suggestions(_unique(s.term for s in best.subjects)),
        "merge": {"key": work.key, "reason": work.reason, "records": len(work.records)},
    }
    document["digest"] = content_digest({name: document[name] for name in DIGESTED})
    return document
