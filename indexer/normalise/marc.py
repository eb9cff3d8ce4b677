"""MARC 21 records (from ISO 2709, MARCXML or Sierra JSON) in the shared normalised schema.

:func:`normalise_marc` is pure: a ``pymarc.Record`` in, a NormalisedRecord or a Rejection out. The parts
with rules of their own live beside it: names and roles (:mod:`.marc_contributors`), subjects and
classification (:mod:`.marc_subjects`), the material type decision (:mod:`.marc_material`), audience
(:mod:`.marc_audience`) and playing time (:mod:`.marc_duration`).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import unicodedata
from dataclasses import dataclass

import pymarc

from indexer.normalise.identifiers import (
    find_isbn,
    normalise_ean,
    normalise_ismn,
    normalise_issn,
    split_isbns,
)
from indexer.normalise.languages import detect_language
from indexer.normalise.marc_audience import audience
from indexer.normalise.marc_contributors import contributors
from indexer.normalise.marc_duration import duration
from indexer.normalise.marc_fields import (
    FIELD_CACHE_SIZE,
    MarcFields,
    clean_recurring,
    first_value,
    index_fields,
    indicator,
    language_code,
    subfield_values,
    unique,
    values,
)
from indexer.normalise.marc_material import material_signals, material_type
from indexer.normalise.marc_scripts import AlternateScripts, alternate_scripts
from indexer.normalise.marc_subjects import classifications, genres, subjects
from indexer.normalise.text import clean
from indexer.normalise.years import parse_year
from indexer.read.readers.marc import MarcField
from indexer.record import Identifiers, Link, NormalisedRecord, OriginalScript, RawRecord, Rejection

# Leader 06 values of the MARC formats that share ISO 2709 with bibliographic records.
_NOT_BIBLIOGRAPHIC = {
    "z": "an authority record",
    "q": "a community information record",
    "u": "a holdings record",
    "v": "a holdings record",
    "x": "a holdings record",
    "y": "a holdings record",
}
# Where the title comes from when there is no 245 (MARC 21: the uniform title, then a varying form, then
# an uncontrolled added title), in that order.
_TITLE_FALLBACK_TAGS = ("240", "130", "246", "740")
# Which indicator counts the non-filing characters (an initial article) of a title field; 246 has none.
_NONFILING_INDICATOR = {"245": 2, "240": 2, "242": 2, "130": 1, "730": 1, "740": 1}
_EDITION_TAG = "250"
_PUBLICATION_TAGS = ("264", "260")
# 008/06 type of date whose Date1 is no year of the item: b, no dates given, B.C. date involved.
_NO_DATE1 = frozenset("b")
# 264 statements that stand in after publication (second indicator 1) and 260: distribution, production,
# copyright; manufacture (3) names a printer.
_LATER_STATEMENTS = ("2", "0", "4")
_VARIANT_TITLE_TAGS = ("246", "130", "240", "740")
_SERIES_TAGS = ("490", "830")
_LANGUAGE_CODE_LENGTH = 3
# 024 first indicator → the prefix its number gets in identifiers.other (2, 3 and 1 are ISMN, EAN, UPC).
_OTHER_STANDARD_NUMBERS = {"0": "isrc:", "4": "sici:", "8": ""}
# What cataloguers write when the place or publisher is unknown; not a place or publisher to show.
_UNKNOWN_PLACES = frozenset(
    {"s.l.", "s.l", "sine loco", "place of publication not identified", "julkaisupaikka tuntematon",
     "kustannuspaikka tuntematon", "utgivningsort okänd", "tryckort okänd"}
)  # fmt: skip
_UNKNOWN_PUBLISHERS = frozenset(
    {"s.n.", "s.n", "sine nomine", "publisher not identified", "kustantaja tuntematon",
     "julkaisija tuntematon", "förlag okänt", "utgivare okänd"}
)  # fmt: skip


def normalise_marc(raw: RawRecord) -> NormalisedRecord | Rejection:
    """The normalised record for one MARC record, or a Rejection saying why there is none.

    Never raises: an unforeseen failure on one odd record becomes a Rejection carrying the exception, so
    that a harvest run goes on; known gaps (no title) are rejected with their own reason.
    """
    record = raw.payload
    if not isinstance(record, pymarc.Record):
        return raw.rejection(raw.id_hint, f"expected a pymarc.Record, got {type(record).__name__}")
    try:
        return _normalise(raw, index_fields(record))
    except Exception as error:  # the promise above: one record never stops a run
        return raw.rejection(
            raw.id_hint, f"unexpected error while normalising: {type(error).__name__}: {error}"
        )


def _normalise(raw: RawRecord, fields: MarcFields) -> NormalisedRecord | Rejection:
    source_id = fields.control("001").strip() or raw.id_hint or _position_id(raw)
    other_kind = _NOT_BIBLIOGRAPHIC.get(fields.leader_at(6))
    if other_kind is not None:
        return raw.rejection(source_id, f"not a bibliographic record: leader 06 says it is {other_kind}")
    scripts = alternate_scripts(fields)
    statement = _title_statement(fields)
    if statement is None:
        reason = "no title: the record has no 245 $a or $k, nor a 240, 130, 246 or 740 title"
        if fields.get("200"):
            reason += " (its 200 field suggests UNIMARC, which is not converted)"
        return raw.rejection(source_id, reason)
    title, subtitle, part = statement.title, statement.subtitle, statement.part
    people = contributors(fields, scripts)
    identifiers = _identifiers(fields)
    description = _description(fields)
    languages = _languages(fields)
    detected = None if languages else detect_language(" ".join(filter(None, (title, subtitle, description))))
    statements = _publication_statements(fields)
    publisher, place = _publisher_and_place(statements)
    signals = material_signals(
        fields,
        has_issn=bool(identifiers.issn),
        has_instructor=any(person.role == "instructor" for person in people),
    )
    return NormalisedRecord(
        source=raw.source,
        source_id=source_id,
        format=raw.format,
        material_type=material_type(signals),
        title=title,
        subtitle=subtitle,
        part=part,
        sort_title=statement.sort_title,
        title_variants=[variant for variant in _title_variants(fields, scripts) if variant != title],
        series=_series(fields.get_all(_SERIES_TAGS)),
        edition=_edition(fields.get(_EDITION_TAG)),
        original_script=_original_script(fields, scripts, statements),
        contributors=people,
        languages=languages or ([detected] if detected else []),
        language_detected=detected is not None,
        original_language=_original_language(fields),
        identifiers=identifiers,
        publisher=publisher,
        year=_year(fields.control("008"), statements),
        place=place,
        subjects=subjects(fields),
        genres=genres(fields),
        classification=classifications(fields),
        audience=audience(fields),
        description=description,
        links=_links(fields),
        extent=_extent(fields),
        duration=duration(fields),
        updated=_updated(fields),
        deleted=raw.deleted or fields.leader_at(5) == "d",
    )


def _position_id(raw: RawRecord) -> str:
    """An id for a record that has none: the file it came from and its place in it."""
    name = raw.location.rstrip("/").rsplit("/", 1)[-1] or raw.location
    return f"{name}#{raw.position}"


@dataclass(frozen=True, slots=True)
class TitleStatement:
    """A title field read: the title, what follows it, and the title as it files (None: as written)."""

    title: str
    subtitle: str | None = None
    part: str | None = None
    sort_title: str | None = None


def _title_statement(fields: MarcFields) -> TitleStatement | None:
    """The 245, or when it has no title, the first of a uniform title (240, 130), a varying form (246) and
    an added title (740) that has one: a record is rejected only when none has."""
    for field in fields.get("245"):
        statement = title_statement(field)
        if statement is not None:
            return statement
    return next(filter(None, map(_fallback_title, fields.get_all(_TITLE_FALLBACK_TAGS))), None)


def title_statement(field: MarcField) -> TitleStatement | None:
    """245 $a (or $k, the form of an untitled collection such as "Letters"), $b, and $n $p (number and
    name of a part, in field order), or None when the field has neither $a nor $k."""
    written = next((value for value in map(first_value, (field, field), "ak") if clean(value)), None)
    title = clean(written)
    if written is None or title is None:
        return None
    return TitleStatement(
        title,
        _joined(subfield_values(field, "b")),
        _joined(subfield_values(field, "np")),
        _filing_title(field, written, title),
    )


def _fallback_title(field: MarcField) -> TitleStatement | None:
    written = first_value(field, "a")
    title = clean(written)
    if written is None or title is None:
        return None
    return TitleStatement(title, sort_title=_filing_title(field, written, title))


def _filing_title(field: MarcField, written: str, title: str) -> str | None:
    """``title`` without the non-filing characters its field's indicator counts ("The ", "L'"), or None
    when nothing is to be skipped. MARC counts characters of the field as stored, with accents decomposed
    (UTF-8 MARC is in NFD). A count that would cut a word in two or leave nothing is a cataloguing slip
    and is ignored, as is an indicator that is not a digit."""
    which = _NONFILING_INDICATOR.get(field.tag)
    count = indicator(field, which) if which else "0"
    if not count.isdigit() or count == "0":
        return None
    decomposed = unicodedata.normalize("NFD", written)
    skipped, rest = decomposed[: int(count)], decomposed[int(count) :]
    if skipped[-1:].isalnum() and rest[:1].isalnum():
        return None
    filed = clean(rest)
    return filed if filed and filed != title else None


def _joined(values: list[str]) -> str | None:
    return clean(" ".join(values)) if values else None


def _title_variants(fields: MarcFields, scripts: AlternateScripts) -> list[str]:
    """Other titles: varying forms, uniform and original titles, analytical titles, each followed by its
    original-script form (880) when it has one, and the original-script forms of these that stand alone."""
    variants: list[str | None] = []
    for field in fields.get_all(_VARIANT_TITLE_TAGS):
        variants.append(clean(first_value(field, "a")))
        original = scripts.original(field)
        if original is not None:
            variants.append(clean(first_value(original, "a")))
    variants += (clean(first_value(field, "a")) for field in scripts.standalone(*_VARIANT_TITLE_TAGS))
    return unique(variants)


def _series(fields: list[MarcField]) -> list[str]:
    """490 and 830 series titles, with the volume after ' ; ' as ISBD writes it."""
    found: list[str | None] = []
    for field in fields:
        name = clean_recurring(first_value(field, "a"))
        volume = clean_recurring(first_value(field, "v"))
        found.append(f"{name} ; {volume}" if name and volume else name)
    return unique(found)


def _edition(fields: list[MarcField]) -> str | None:
    """The edition statement, 250 $a ("2. painos", "3rd ed."), of the first 250 that has one."""
    return next(filter(None, (clean_recurring(first_value(field, "a")) for field in fields)), None)


def _original_script(
    fields: MarcFields, scripts: AlternateScripts, statements: list[MarcField]
) -> OriginalScript:
    """The 880 forms of the title, series, edition and publication statement, each read by the rules of
    the field it stands for; a standalone 880 (no romanised twin) counts after the linked ones."""
    if not scripts.linked and not scripts.unlinked:
        return OriginalScript()
    titles = [scripts.original(field) for field in fields.get("245")] + scripts.standalone("245")
    title = next(filter(None, (title_statement(field) for field in titles if field is not None)), None)
    series = [scripts.original(field) for field in fields.get_all(_SERIES_TAGS)]
    editions = [scripts.original(field) for field in fields.get(_EDITION_TAG)]
    published = [scripts.original(field) for field in statements]
    publisher, place = _publisher_and_place(
        [field for field in published if field is not None] + scripts.standalone(*_PUBLICATION_TAGS)
    )
    return OriginalScript(
        title=title.title if title else None,
        subtitle=title.subtitle if title else None,
        part=title.part if title else None,
        series=_series([field for field in series if field is not None] + scripts.standalone(*_SERIES_TAGS)),
        edition=_edition(
            [field for field in editions if field is not None] + scripts.standalone(_EDITION_TAG)
        ),
        publisher=publisher,
        place=place,
    )


def _languages(fields: MarcFields) -> list[str]:
    """041 $a (text) and $d (sung or spoken), every one of them, as ISO 639-2/B without repeats; 008/35-37
    only when 041 names no language: MARC 21 makes 041 the full list and the 008 its first entry."""
    found: list[str | None] = []
    for value in values(fields.get("041"), "ad"):
        found += _languages_in(value)
    return unique(found) or unique([language_code(fields.control("008")[35:38])])


def _original_language(fields: MarcFields) -> str | None:
    for value in values(fields.get("041"), "h"):
        for language in _languages_in(value):
            if language:
                return language
    return None


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _languages_in(value: str) -> tuple[str | None, ...]:
    """The languages of one 041 subfield, in order (None for a code that is not one). 041 subfields once
    packed several codes into one ('finswe'); those are split into three-letter codes."""
    code = value.strip()
    if len(code) > _LANGUAGE_CODE_LENGTH and len(code) % _LANGUAGE_CODE_LENGTH == 0 and code.isalpha():
        codes = [code[start : start + 3] for start in range(0, len(code), _LANGUAGE_CODE_LENGTH)]
    else:
        codes = [code]
    return tuple(map(language_code, codes))


def _identifiers(fields: MarcFields) -> Identifiers:
    """Most records have an ISBN or none of these at all; what a record lacks costs nothing to look for."""
    identifiers = Identifiers()
    isbn_fields = fields.get("020")
    if isbn_fields:
        identifiers.isbn, invalid = split_isbns(values(isbn_fields, "a"))
        # 020 $z is a cancelled or invalid ISBN by definition, whatever its checksum says.
        cancelled = [find_isbn(value) or clean(value) for value in values(isbn_fields, "z")]
        identifiers.invalid_isbn = unique([*invalid, *cancelled]) if cancelled else invalid
    issn_fields = fields.get("022")
    if issn_fields:
        identifiers.issn = unique(map(normalise_issn, values(issn_fields, "a")))
    standard_fields = fields.get("024")
    if standard_fields or fields.get("028"):
        ismn: list[str | None] = []
        ean: list[str | None] = []
        other: list[str | None] = []
        for field in standard_fields:
            kind = indicator(field, 1)
            for value in subfield_values(field, "a"):
                if kind == "2":
                    ismn.append(normalise_ismn(value))
                elif kind in ("1", "3"):  # UPC, EAN
                    ean.append(normalise_ean(value))
                else:
                    other.append(_other_standard_number(kind, value, first_value(field, "2")))
        other += map(clean, values(fields.get("028"), "a"))
        identifiers.ismn = unique(ismn)
        identifiers.ean = unique(ean)
        identifiers.other = unique(other)
    return identifiers


def _other_standard_number(kind: str, value: str, source: str | None) -> str | None:
    """'doi:10.1000/1', 'isrc:FIABC1900001', 'urn:…' – the scheme first so that numbers stay apart."""
    number = clean(value)
    if number is None:
        return None
    if kind == "7":
        scheme = (source or "").strip().casefold()
        return f"{scheme}:{number}" if scheme and not number.casefold().startswith(f"{scheme}:") else number
    return _OTHER_STANDARD_NUMBERS.get(kind, "") + number


def _publisher_and_place(statements: list[MarcField]) -> tuple[str | None, str | None]:
    """(publisher, place), each from the first of ``statements`` that has it (see
    :func:`_publication_statements`). Taking each element on its own copes with statements split over
    several fields."""
    publisher = _first_known(values(statements, "b"), _UNKNOWN_PUBLISHERS)
    place = _first_known(values(statements, "a"), _UNKNOWN_PLACES)
    return publisher, place


def _year(control_008: str, statements: list[MarcField]) -> int | None:
    """Date1 of the 008 (positions 07-10), which 008/06 defines as this item's year for every type of
    date but ``b``: the single or probable date, the reprint's own date (``r``), the publication date
    beside a copyright date (``t``), a serial's first year (``c``, ``d``, ``u``), the earliest of a range
    (``m``, ``q``, ``i``, ``k``). Only when the 008 has no such year (absent, short, blank, ``19uu``,
    ``uuuu``, ``9999``, ``||||``) the first year in $c of the publication statements counts: '[1949?]',
    'c1972', 'p2016' all read as years."""
    if control_008[6:7] not in _NO_DATE1:
        year = parse_year(control_008[7:11])  # a short 008 has no four digits there: None
        if year is not None:
            return year
    return next(filter(None, map(parse_year, values(statements, "c"))), None)


def _publication_statements(fields: MarcFields) -> list[MarcField]:
    """The publication statements in the order they are believed: 264 publication (second indicator 1),
    260, 264 distribution (2) and production (0), 264 copyright (4, a year only). The manufacturer
    (264 second indicator 3) is a printer, never the publisher."""
    published = fields.get("264")
    if not published:
        return fields.get("260")
    by_kind: dict[str, list[MarcField]] = {}
    for field in published:
        by_kind.setdefault(indicator(field, 2), []).append(field)
    later = [field for kind in _LATER_STATEMENTS for field in by_kind.get(kind, [])]
    return [*by_kind.get("1", []), *fields.get("260"), *later]


def _first_known(names: list[str], unknown: frozenset[str]) -> str | None:
    return next(filter(None, map(_known, names, itertools.repeat(unknown))), None)


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _known(name: str, unknown: frozenset[str]) -> str | None:
    """``name`` cleaned, or None when it is empty or one of the ``unknown`` ways of saying there is none.
    Publishers and places recur from record to record."""
    cleaned = clean(name)
    return cleaned if cleaned and cleaned.casefold() not in unknown else None


def _description(fields: MarcFields) -> str | None:
    """520 summaries as running text (prose keeps its punctuation, unlike the ISBD elements)."""
    return " ".join(" ".join(values(fields.get("520"), "a")).split()) or None


def _links(fields: MarcFields) -> list[Link]:
    """856 $u with the link text a reader sees: $y, else the public note $z, else the materials $3; a
    second indicator 2 marks a related resource (a table of contents, a description), not the work."""
    found: dict[str, Link] = {}
    for field in fields.get("856"):
        text = (
            clean_recurring(first_value(field, "y"))
            or clean_recurring(first_value(field, "z"))
            or clean_recurring(first_value(field, "3"))
        )
        related = indicator(field, 2) == _RELATED_RESOURCE
        for url in subfield_values(field, "u"):
            link = url.strip()
            if link and link not in found:
                found[link] = Link(link, text, related)
    return list(found.values())


_RELATED_RESOURCE = "2"  # 856 second indicator; 0 and 1 are the resource itself or a version of it


def _extent(fields: MarcFields) -> str | None:
    return next(filter(None, (clean_recurring(first_value(field, "a")) for field in fields.get("300"))), None)


def _updated(fields: MarcFields) -> str | None:
    """005 (yyyymmddhhmmss.f) as an ISO date, or None when it is not a real date."""
    return _iso_date(fields.control("005").strip()[:8])


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _iso_date(digits: str) -> str | None:
    """'20230829' as '2023-08-29'; None when it is not a date. A feed's records share a few days."""
    try:
        return datetime.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return None
