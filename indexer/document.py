"""Search documents built from normalised records (one record, one work, until merging arrives)."""

from __future__ import annotations

from typing import Any

from indexer.record import NormalisedRecord


def document_id(record: NormalisedRecord) -> str:
    """Stable across runs, so re-indexing the same feed overwrites rather than duplicates."""
    return f"{record.source}:{record.source_id}"


def work_document(record: NormalisedRecord) -> dict[str, Any]:
    url = record.links[0].url if record.links else None
    return {
        "id": document_id(record),
        "title": record.title,
        "subtitle": record.subtitle,
        "contributors": [{"name": c.name, "role": c.role} for c in record.contributors],
        "year": record.year,
        "material_type": record.material_type,
        "languages": record.languages,
        "municipalities": [record.source],
        "holdings": [{"municipality": record.source, "source_id": record.source_id, "url": url}],
        "subjects": [subject.term for subject in record.subjects],
        "description": record.description,
        "isbn": record.identifiers.isbn,
        "publisher": record.publisher,
    }
