"""The same work held by several municipalities becomes one search document.

Each normalised record gets a *work key*; records with the same key are one work. Keys come from strong
identifiers first (ISBN-13, ISSN, ISMN, EAN: the same licensed e-book carries the same ISBN in every
municipality's catalogue), then from the normalised title + first author + year + material type.
Cataloguers can overrule both with rules (``merge_rules.toml``): a *split* keeps records on their own,
a *merge* puts the listed records into one work whatever their keys.

Why a key per record rather than pairwise matching: a key can be stored with the source record, so that
a later update or deletion of one record finds the other records of its work with one term query, and a
full rebuild groups the records by key one partition of keys at a time (:mod:`indexer.store.spill`).

Of several identifiers the smallest is the key, so two records listing the same ISBNs in a different order
still meet. Records that share only *some* identifiers (an e-book record listing its print ISBN too,
another listing only the print one) are not chained together; that would need a transitive closure over
the whole catalogue, and wrong chains merge different editions. Cataloguers can merge such cases by rule.
"""

from __future__ import annotations

import hashlib
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from indexer.record import COVER_LINK, MUNICIPALITIES, SAMPLE_LINK, DeleteEvent, NormalisedRecord


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    class Rule(BaseModel):
        model_config = ConfigDict(extra="forbid")
        records: list[str]
        note: str | None = None

    split: list[Rule] = []
    merge: list[Rule] = []


@dataclass(frozen=True, slots=True)
class MergeRules:
    """Cataloguers' overrides, by record reference ``<municipality>:<source id>``."""

    split: frozenset[str] = frozenset()
    merge: dict[str, str] = field(default_factory=dict)  # record reference → group name

    @classmethod
    def load(cls, path: Path) -> MergeRules:
        """Read the rules file; a missing file means no rules. Errors name the file and the problem."""
        if not path.is_file():
            return cls()
        try:
            parsed = _RuleFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, ValueError) as error:
            raise ValueError(f"{path}: {error}") from error
        merge = {ref: rule.records[0] for rule in parsed.merge for ref in rule.records}
        return cls(split=frozenset(ref for rule in parsed.split for ref in rule.records), merge=merge)


def record_ref(record: NormalisedRecord | DeleteEvent) -> str:
    return f"{record.source}:{record.source_id}"


def _fold(text: str) -> str:
    """Case- and accent-insensitive letters and digits only: what two cataloguers would both type."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = [c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)]
    return " ".join("".join(kept).split())


def work_key(record: NormalisedRecord, rules: MergeRules = MergeRules()) -> tuple[str, str]:
    """(key, reason): the key groups records into works; the reason says which kind of key matched."""
    ref = record_ref(record)
    if ref in rules.split:
        return f"record:{ref}", "split by rule"
    if ref in rules.merge:
        return f"rule:{rules.merge[ref]}", "merged by rule"
    ids = record.identifiers
    for kind, values in (("isbn", ids.isbn), ("issn", ids.issn), ("ismn", ids.ismn), ("ean", ids.ean)):
        if values:
            return f"{kind}:{min(values)}", kind
    author = _fold(record.contributors[0].name) if record.contributors else ""
    title = _fold(" ".join(part for part in (record.title, record.part) if part))
    if not title:
        return f"record:{ref}", "no title to match"
    return f"title:{title}|{author}|{record.year or ''}|{record.material_type}", "title+author+year+type"


def work_id(key: str) -> str:
    """Short, stable, URL-safe document id derived from the key (keys hold titles of any length)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(frozen=True, slots=True)
class Holding:
    municipality: str
    source_id: str
    url: str | None


@dataclass(slots=True)
class Work:
    """One search document's worth of records: the best record describes it, all of them hold it."""

    id: str
    key: str
    reason: str
    records: list[NormalisedRecord]

    @property
    def best(self) -> NormalisedRecord:
        return self.records[0]

    @property
    def holdings(self) -> list[Holding]:
        return [Holding(r.source, r.source_id, access_url(r)) for r in self.records]

    @property
    def municipalities(self) -> list[str]:
        return sorted({r.source for r in self.records}, key=_municipality_order)


NOT_ACCESS = frozenset({COVER_LINK, SAMPLE_LINK})


def access_url(record: NormalisedRecord) -> str | None:
    """Where a municipality's copy is opened: the record's first link that is not a cover image, an
    excerpt (ONIX feeds often carry only those, and a holding must not send a reader to a JPEG) or a
    related resource such as a table of contents."""
    return next((link.url for link in record.links if link.text not in NOT_ACCESS and not link.related), None)


_ORDER: dict[str, int] = {name: position for position, name in enumerate(MUNICIPALITIES)}


def _municipality_order(name: str) -> int:
    return _ORDER.get(name, len(_ORDER))


def _richness(record: NormalisedRecord) -> int:
    """How much a record tells; the richest describes the work (ties: municipality order, then id)."""
    return sum(
        (
            bool(record.subtitle),
            2 * len(record.contributors[:5]),
            bool(record.year),
            bool(record.publisher),
            min(len(record.subjects), 5),
            2 * bool(record.description),
            bool(record.languages) and not record.language_detected,
            bool(record.links),
            bool(record.classification),
        )
    )


def merge(key: str, reason: str, records: Sequence[NormalisedRecord]) -> Work | None:
    """The work for one key, or None when every record of it is deleted (the work must go too)."""
    live = [r for r in records if not r.deleted]
    if not live:
        return None
    ordered = sorted(live, key=lambda r: (-_richness(r), _municipality_order(r.source), r.source_id))
    return Work(
        id=work_id(key), key=key, reason=reason if len(live) > 1 else "single record", records=ordered
    )


def group_by_key(
    records: Iterable[NormalisedRecord], rules: MergeRules = MergeRules()
) -> dict[str, tuple[str, list[NormalisedRecord]]]:
    """Group a small batch in memory (the test catalogues are built so); an update reads a key's records from
    the records index, a full rebuild groups its spill files one partition of keys at a time."""
    groups: dict[str, tuple[str, list[NormalisedRecord]]] = {}
    for record in records:
        key, reason = work_key(record, rules)
        groups.setdefault(key, (reason, []))[1].append(record)
    return groups
