"""Turn a merged work into the search document Elasticsearch indexes.

The document carries the best record's descriptive fields for display, keyword fields for facets and
filters, and the holdings of every contributing record.
"""

from __future__ import annotations

from typing import Any

from indexer.merge import Work


def work_document(work: Work) -> dict[str, Any]:
    best = work.best
    return {
        "id": work.id,
        "title": best.title,
        "subtitle": best.subtitle,
        "contributors": [{"name": c.name, "role": c.role} for c in best.contributors],
        "year": best.year,
        "material_type": best.material_type,
        "languages": best.languages,
        "municipalities": work.municipalities,
        "holdings": [
            {"municipality": h.municipality, "source_id": h.source_id, "url": h.url} for h in work.holdings
        ],
        "subjects": [subject.term for subject in best.subjects],
        "description": best.description,
        "isbn": sorted({isbn for record in work.records for isbn in record.identifiers.isbn}),
        "publisher": best.publisher,
    }
