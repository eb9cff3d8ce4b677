"""The plain data types that flow through the harvester: read → normalise → merge → analyse → index.

Every step takes one of these in and hands one of these on, so that each step can be tested alone and
no step needs to know how the previous one was implemented; they live here, below every stage, so that
no stage imports a later one to get a type. The normalised record is documented field by field in
``docs/record-schema.md``; :func:`NormalisedRecord.to_dict` prints exactly the JSON shape the
``normalise`` command promises (every key present, ``None`` or ``[]`` when empty).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import orjson

Municipality = Literal["espoo", "helsinki", "vantaa", "kauniainen"]
MUNICIPALITIES: tuple[Municipality, ...] = get_args(Municipality)

RecordFormat = Literal["marc21", "marcxml", "sierra_json", "onix3", "onix21"]

MaterialType = Literal["ebook", "eaudiobook", "emagazine", "music", "course", "other"]
MATERIAL_TYPES: tuple[MaterialType, ...] = get_args(MaterialType)

Role = Literal[
    "author",
    "editor",
    "translator",
    "illustrator",
    "composer",
    "lyricist",
    "performer",
    "narrator",
    "conductor",
    "instructor",
    "contained_work_author",
    "related_work_author",
    "contributor",
]
ROLES: tuple[Role, ...] = get_args(Role)

Audience = Literal["children", "youth", "adult"]


@dataclass(slots=True)
class RawRecord:
    """One record as a reader found it, before any interpretation.

    ``payload`` is the parsed form the matching normaliser expects (a ``pymarc.Record`` for MARC21,
    MARCXML and Sierra JSON, an ``lxml`` ``<Product>`` element for ONIX). ``raw`` keeps the original
    bytes so that a rejection can carry them into the rejects file.
    """

    source: str
    location: str
    position: int
    format: RecordFormat
    payload: Any
    raw: bytes
    id_hint: str | None = None
    deleted: bool = False

    def rejection(self, record_id: str | None, reason: str) -> Rejection:
        """This record refused for ``reason``, carrying its place and raw bytes into the rejects file."""
        return Rejection(self.source, self.location, self.position, record_id, reason, self.raw)


@dataclass(slots=True)
class Rejection:
    """A record that could not be read or normalised, and why; written to the rejects file.

    ``position`` is the record's ordinal in its file, counting from 1, of every record, delete event and
    rejected record the reader found there (``None``: the rejection is not one record's, such as a file
    in no catalogue format). ``offset`` is the byte in the file where the record (or the damage) starts,
    when the reader knows it. ``file_damaged``: the file itself is damaged here (its XML breaks, it ends
    early, bytes had to be skipped unread), so the file was only partly read.
    """

    source: str
    location: str
    position: int | None
    record_id: str | None
    reason: str
    raw: bytes = b""
    offset: int | None = None
    file_damaged: bool = False


@dataclass(slots=True)
class Contributor:
    name: str
    role: Role
    original: str | None = None
    """The name in its original script (MARC 880) when ``name`` is a romanisation of it: the record page
    shows this form first, with ``name`` beside it, and both are searchable."""


@dataclass(slots=True)
class Identifiers:
    isbn: list[str] = field(default_factory=list)
    invalid_isbn: list[str] = field(default_factory=list)
    issn: list[str] = field(default_factory=list)
    ismn: list[str] = field(default_factory=list)
    ean: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OriginalScript:
    """A record's title, series, edition and publication statement in the script they were published in
    (MARC 880, alternate graphic representation: Cyrillic, Hebrew, Arabic, Chinese…), when the record's own
    fields hold a romanisation. Each value is read by the rules of the field it stands for; None or [] where
    the record has no original-script form. Names carry theirs in :attr:`Contributor.original`."""

    title: str | None = None
    subtitle: str | None = None
    part: str | None = None
    series: list[str] = field(default_factory=list)
    edition: str | None = None
    publisher: str | None = None
    place: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "part": self.part,
            "series": list(self.series),
            "edition": self.edition,
            "publisher": self.publisher,
            "place": self.place,
        }


@dataclass(slots=True)
class Subject:
    term: str
    vocabulary: str | None
    language: str | None


@dataclass(slots=True)
class Classification:
    scheme: str
    code: str


COVER_LINK = "cover"
SAMPLE_LINK = "sample"
"""Link texts the normalisers give a cover image and an excerpt (ONIX codes them): neither opens the work."""


@dataclass(slots=True)
class Link:
    url: str
    text: str | None
    related: bool = False
    """About the work rather than the work itself (a table of contents, a review: MARC 856 second
    indicator 2): shown with the record, never the place a holding is opened."""


@dataclass(slots=True)
class NormalisedRecord:
    """One source record in the shared schema (``docs/record-schema.md``, "The normalised record")."""

    source: str
    source_id: str
    format: RecordFormat
    material_type: MaterialType
    title: str
    subtitle: str | None = None
    part: str | None = None
    sort_title: str | None = None
    """The title as it files, when that differs from ``title``: without the leading article that MARC's
    non-filing characters indicator or ONIX's TitlePrefix marks ("Art of slow travel" for "The Art of slow
    travel"). Title sort keys are made from it; None: the title files as written."""
    title_variants: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    edition: str | None = None
    original_script: OriginalScript = field(default_factory=OriginalScript)
    contributors: list[Contributor] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    language_detected: bool = False
    original_language: str | None = None
    identifiers: Identifiers = field(default_factory=Identifiers)
    publisher: str | None = None
    year: int | None = None
    place: str | None = None
    subjects: list[Subject] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    classification: list[Classification] = field(default_factory=list)
    audience: Audience | None = None
    description: str | None = None
    links: list[Link] = field(default_factory=list)
    extent: str | None = None
    duration: str | None = None
    updated: str | None = None
    deleted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``docs/record-schema.md``: every key present, in the documented order.

        Written out rather than ``dataclasses.asdict``, which deep-copies recursively and was a tenth of the
        whole indexing time.
        """
        ids = self.identifiers
        return {
            "source": self.source,
            "source_id": self.source_id,
            "format": self.format,
            "material_type": self.material_type,
            "title": self.title,
            "subtitle": self.subtitle,
            "part": self.part,
            "sort_title": self.sort_title,
            "title_variants": list(self.title_variants),
            "series": list(self.series),
            "edition": self.edition,
            "original_script": self.original_script.to_dict(),
            "contributors": [
                {"name": c.name, "role": c.role, "original": c.original} for c in self.contributors
            ],
            "languages": list(self.languages),
            "language_detected": self.language_detected,
            "original_language": self.original_language,
            "identifiers": {
                "isbn": list(ids.isbn),
                "invalid_isbn": list(ids.invalid_isbn),
                "issn": list(ids.issn),
                "ismn": list(ids.ismn),
                "ean": list(ids.ean),
                "other": list(ids.other),
            },
            "publisher": self.publisher,
            "year": self.year,
            "place": self.place,
            "subjects": [
                {"term": s.term, "vocabulary": s.vocabulary, "language": s.language} for s in self.subjects
            ],
            "genres": list(self.genres),
            "classification": [{"scheme": c.scheme, "code": c.code} for c in self.classification],
            "audience": self.audience,
            "description": self.description,
            "links": [{"url": link.url, "text": link.text, "related": link.related} for link in self.links],
            "extent": self.extent,
            "duration": self.duration,
            "updated": self.updated,
            "deleted": self.deleted,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NormalisedRecord:
        """The inverse of :meth:`to_dict`, for records read back from the record store. Records stored before
        a key existed (``original_script``, ``edition``, ``sort_title``, a contributor's ``original``) read
        back with its empty value."""
        return cls(
            **{
                **data,
                "original_script": OriginalScript(**data.get("original_script") or {}),
                "contributors": [Contributor(**c) for c in data["contributors"]],
                "identifiers": Identifiers(**data["identifiers"]),
                "subjects": [Subject(**s) for s in data["subjects"]],
                "classification": [Classification(**c) for c in data["classification"]],
                "links": [Link(**link) for link in data["links"]],
            }
        )


@dataclass(slots=True)
class DeleteEvent:
    """A source says a record is gone without sending the record: an OAI-PMH header with
    ``status="deleted"`` (harvested, or in a saved page). A record that is itself marked deleted (MARC
    leader 05 ``d``, ONIX NotificationType 05) is normalised instead, with ``deleted`` set."""

    source: str
    source_id: str
    format: RecordFormat | None = None
    location: str | None = field(default=None, compare=False)
    """The file or OAI-PMH endpoint it was read from, for that file's counts; not part of what it says."""


ReaderItem = RawRecord | Rejection | DeleteEvent
"""What a format reader yields."""


@dataclass(frozen=True, slots=True)
class FileRead:
    """One file (or one OAI-PMH harvest) done: its format (``None``: not a catalogue file) and counts.

    ``records`` counts what the reader found (records, delete events, and records it rejected);
    ``rejected`` counts the reader's rejections for this file, including one for the file as a whole.
    ``damaged`` counts the places where the file itself was damaged (rejections with ``file_damaged``) and
    ``damage`` is the first one's reason: a file with ``damaged`` > 0 was only partly read.
    """

    source: str
    location: str
    format: RecordFormat | None
    records: int
    rejected: int
    damaged: int = 0
    damage: str | None = None

    @property
    def complete(self) -> bool:
        """Whether the whole file was read: no damage made the reader skip or stop."""
        return self.damaged == 0


HarvestItem = ReaderItem | FileRead


def content_digest(content: Any) -> str:
    """A short fingerprint of a stored record or a work's content, kept in its document so that a dry run
    can tell a changed document from an unchanged one without reading either whole."""
    return hashlib.blake2b(orjson.dumps(content, option=orjson.OPT_SORT_KEYS), digest_size=10).hexdigest()
