"""ONIX for Books products (3.0 and 2.1, reference names or short tags) in the shared normalised schema.

:func:`normalise_onix` is pure: the ``<Product>`` element a reader found in, a NormalisedRecord or a
Rejection out. Elements are read by reference name (:mod:`.onix_elements`), so the same code serves
short tags. ONIX 3.0 groups the description into blocks (DescriptiveDetail, CollateralDetail,
PublishingDetail) where 2.1 keeps the same elements directly in the product, so each block is looked
for and the product itself stands in when it is missing; where the releases name things differently
(TitleDetail / Title, Collection / Series, TextContent / OtherText…) both names are read. The code lists
are in :mod:`.onix_codes`, the material type decision in :mod:`.onix_material`, subjects in
:mod:`.onix_subjects`.

A delete notification (NotificationType 05) is a NormalisedRecord with ``deleted=True``, since the
normaliser's contract has no room for a DeleteEvent; one without a title gets its record reference as
title, so that it can still be matched and removed.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from lxml import etree

from indexer.normalise import onix_codes
from indexer.normalise.identifiers import normalise_ean, normalise_ismn, normalise_issn, split_isbns
from indexer.normalise.languages import detect_language, normalise_language
from indexer.normalise.onix_elements import Node, child, children, code, codes, own_text, plain_text, value
from indexer.normalise.onix_material import MaterialSignals, material_type
from indexer.normalise.onix_subjects import topics
from indexer.normalise.years import parse_year
from indexer.record import (
    COVER_LINK,
    SAMPLE_LINK,
    Audience,
    Contributor,
    Identifiers,
    Link,
    NormalisedRecord,
    RawRecord,
    Rejection,
)

_ISMN_EAN_PREFIX = "9790"
_BOOKLAND_PREFIXES = ("978", "979")
_DATESTAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})")


def normalise_onix(raw: RawRecord) -> NormalisedRecord | Rejection:
    """The normalised record for one ONIX product, or a Rejection saying why there is none.

    Never raises: an unforeseen failure on one odd product becomes a Rejection carrying the exception, so
    that a harvest run goes on; known gaps (no identifier, no title) are rejected with their own reason.
    """
    product = raw.payload
    if not isinstance(product, etree._Element):
        return raw.rejection(raw.id_hint, f"expected an lxml <Product> element, got {type(product).__name__}")
    try:
        return _normalise(raw, Node(product))
    except Exception as error:  # the promise above: one product never stops a run
        return raw.rejection(
            raw.id_hint, f"unexpected error while normalising: {type(error).__name__}: {error}"
        )


def _normalise(raw: RawRecord, product: Node) -> NormalisedRecord | Rejection:
    descriptive = _block(product, "DescriptiveDetail")
    collateral = _block(product, "CollateralDetail")
    publishing = _block(product, "PublishingDetail")
    identifiers = _identifiers(product, descriptive)
    source_id = code(product, "RecordReference") or next(iter(identifiers.isbn), None)
    if source_id is None:
        return raw.rejection(
            None, "no record reference (RecordReference) and no valid ISBN to identify it by"
        )
    deleted = raw.deleted or code(product, "NotificationType") == onix_codes.NOTIFICATION_DELETE
    titles = _titles(product, descriptive)
    if titles.title is None and not deleted:
        return raw.rejection(source_id, "no title: the product has no TitleDetail (3.0) or Title (2.1) text")
    description = _description(collateral)
    languages, original_language = _languages(descriptive)
    detected = None
    if not languages:
        detected = detect_language(" ".join(filter(None, (titles.title, titles.subtitle, description))))
    found_topics = topics(descriptive)
    extents = _extents(descriptive)
    signals = MaterialSignals(
        product_form=code(descriptive, "ProductForm"),
        form_details=frozenset(codes(descriptive, "ProductFormDetail")),
        content_types=frozenset(codes(descriptive, "PrimaryContentType", "ProductContentType")),
        has_issn=bool(identifiers.issn),
        is_issue=titles.is_issue,
    )
    return NormalisedRecord(
        source=raw.source,
        source_id=source_id,
        format=raw.format,
        material_type=material_type(signals),
        title=titles.title or source_id,
        subtitle=titles.subtitle,
        part=titles.part,
        sort_title=titles.sort_title if titles.sort_title != titles.title else None,
        title_variants=[variant for variant in titles.variants if variant != titles.title],
        series=_series(descriptive) or titles.series,
        contributors=_contributors(descriptive),
        languages=languages or ([detected] if detected else []),
        language_detected=detected is not None,
        original_language=original_language,
        identifiers=identifiers,
        publisher=_publisher(publishing),
        year=_year(publishing),
        place=value(publishing, "CityOfPublication"),
        subjects=found_topics.subjects,
        genres=found_topics.genres,
        classification=found_topics.classification,
        audience=_audience(descriptive),
        description=description,
        links=_links(collateral),
        extent=_extent(extents, descriptive),
        duration=_duration(extents),
        updated=_updated(product),
        deleted=deleted,
    )


def _block(product: Node, name: str) -> Node:
    """An ONIX 3.0 block, or the product itself: ONIX 2.1 keeps the block's elements in <Product>."""
    found = child(product, name)
    return product if found is None else found


# --- titles ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Titles:
    """What the title composites say: the title proper and its parts, other titles, the collection named
    in the title, and whether the product is an issue (no title of its own beyond its collection's and a
    number or year)."""

    title: str | None = None
    subtitle: str | None = None
    part: str | None = None
    sort_title: str | None = None
    variants: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    is_issue: bool = False


def _titles(product: Node, descriptive: Node) -> _Titles:
    """The main title composite read in full, other titles as variants, and the flat DistinctiveTitle
    of early ONIX 2.1 feeds when there is no title composite."""
    details = children(descriptive, "TitleDetail", "Title")
    levels = [_title_levels(detail) for detail in details]
    own_titles = [_title_text(product_level) for product_level, _ in levels]
    main = _main_title_detail(details)
    titles = _Titles() if main is None else _main_title(details[main], *levels[main], own_titles[main])
    titles.title = titles.title or value(product, "DistinctiveTitle")
    titles.subtitle = titles.subtitle or value(product, "Subtitle")
    variants = [
        _title_text(detail) or own_title for detail, own_title in zip(details, own_titles, strict=True)
    ]
    titles.variants = list(dict.fromkeys(variant for variant in variants if variant))
    return titles


def _main_title_detail(details: list[Node]) -> int | None:
    """Which is the distinctive title (TitleType 01), else an untyped one (00), else the first there is."""
    types = [code(detail, "TitleType") for detail in details]
    for title_type in (onix_codes.TITLE_DISTINCTIVE, onix_codes.TITLE_UNDEFINED):
        if title_type in types:
            return types.index(title_type)
    return 0 if details else None


def _main_title(
    detail: Node, product_level: Node, collection_levels: list[Node], own_title: str | None
) -> _Titles:
    """ONIX 3.0 splits a title into elements by level (product, collection, subcollection); 2.1's Title
    is one element. The product level gives title, subtitle and part; when it has no text, the product
    is an issue of the collection, whose title stands in."""
    collection_title = next(filter(None, map(_title_text, collection_levels)), None)
    year_of_annual = value(product_level, "YearOfAnnual")
    return _Titles(
        title=own_title or collection_title or value(detail, "TitleStatement"),
        sort_title=_filing_title(product_level) if own_title else None,
        subtitle=value(product_level, "Subtitle"),
        part=value(product_level, "PartNumber") or year_of_annual,
        series=[collection_title] if own_title and collection_title else [],
        is_issue=(own_title is None and collection_title is not None) or year_of_annual is not None,
    )


def _title_levels(detail: Node) -> tuple[Node, list[Node]]:
    """The product-level TitleElement of a 3.0 TitleDetail (one without a level counts as such) and its
    collection-level ones; a 2.1 Title, or a TitleDetail with collection levels only, stands for itself
    as the product level and has no title text of its own there."""
    product_level: Node | None = None
    collection_levels: list[Node] = []
    for element in children(detail, "TitleElement"):
        if code(element, "TitleElementLevel") in onix_codes.LEVEL_COLLECTION:
            collection_levels.append(element)
        elif product_level is None:
            product_level = element
    return product_level or detail, collection_levels


def _title_text(element: Node) -> str | None:
    text = value(element, "TitleText")
    if text:
        return text
    without_prefix = value(element, "TitleWithoutPrefix")
    prefix = value(element, "TitlePrefix")
    return f"{prefix} {without_prefix}" if prefix and without_prefix else without_prefix


def _filing_title(element: Node) -> str | None:
    """The title as it files: TitleWithoutPrefix when a TitlePrefix ("The", "Der") was split off, as ONIX
    does for exactly this purpose; None when the title has no prefix."""
    without_prefix = value(element, "TitleWithoutPrefix")
    return without_prefix if without_prefix and value(element, "TitlePrefix") else None


def _series(descriptive: Node) -> list[str]:
    """Collections (3.0) and series (2.1) the product belongs to, with its number as ISBD writes it."""
    found: list[str] = []
    for collection in children(descriptive, "Collection", "Series"):
        name = value(collection, "TitleOfSeries")
        number = value(collection, "NumberWithinSeries")
        for detail in children(collection, "TitleDetail", "Title"):
            levels = children(detail, "TitleElement") or [detail]
            # The collection's own levels name it; a product level inside it (ONIX 3.0) holds the number.
            levels.sort(key=lambda level: code(level, "TitleElementLevel") not in onix_codes.LEVEL_COLLECTION)
            name = name or next(filter(None, map(_title_text, levels)), None)
            number = number or next(filter(None, (value(level, "PartNumber") for level in levels)), None)
        sequence = child(collection, "CollectionSequence")
        if sequence is not None:
            number = number or value(sequence, "CollectionSequenceNumber")
        if name:
            found.append(f"{name} ; {number}" if number else name)
    return list(dict.fromkeys(found))


# --- people, languages, identifiers ---------------------------------------------------------------------


def _contributors(descriptive: Node) -> list[Contributor]:
    """One entry per person and role (a contributor may have several roles), unknown roles as
    'contributor', in the order of their SequenceNumber: feeds list people in any order, and the first
    is the one a catalogue shows as the main entry."""
    found: dict[tuple[str, str], Contributor] = {}
    people = children(descriptive, "Contributor")
    people.sort(key=_sequence_number)
    for person in people:
        name = _contributor_name(person)
        if name is None or not any(character.isalnum() for character in name):
            continue  # nothing but punctuation, as in a feed that sends "&lt;=" for a name
        for role_code in codes(person, "ContributorRole") or [""]:
            role = onix_codes.ROLES.get(role_code, "contributor")
            found.setdefault((name, role), Contributor(name=name, role=role))
    return list(found.values())


def _sequence_number(person: Node) -> float:
    number = code(person, "SequenceNumber") or ""
    return int(number) if number.isdigit() else math.inf


def _contributor_name(person: Node) -> str | None:
    """'Surname, Forenames' as catalogues write it: the inverted name, else built from its parts, else
    the name in natural order or the organisation's name."""
    inverted = value(person, "PersonNameInverted")
    if inverted:
        return inverted
    key_names = value(person, "KeyNames")
    if key_names:
        before_key = " ".join(filter(None, (value(person, "NamesBeforeKey"), value(person, "PrefixToKey"))))
        return f"{key_names}, {before_key}" if before_key else key_names
    return value(person, "PersonName") or value(person, "CorporateName")


def _languages(descriptive: Node) -> tuple[list[str], str | None]:
    """(languages of the text, original language) from Language composites (role 01 and 02) and the
    flat ONIX 2.1 LanguageOfText and OriginalLanguage."""
    text = codes(descriptive, "LanguageOfText")
    original = codes(descriptive, "OriginalLanguage")
    for language in children(descriptive, "Language"):
        role = code(language, "LanguageRole")
        language_code = code(language, "LanguageCode")
        if language_code and role == onix_codes.LANGUAGE_OF_TEXT:
            text.append(language_code)
        elif language_code and role == onix_codes.LANGUAGE_ORIGINAL:
            original.append(language_code)
    languages = list(dict.fromkeys(filter(None, map(normalise_language, text))))
    return languages, next(filter(None, map(normalise_language, original)), None)


def _identifiers(product: Node, descriptive: Node) -> Identifiers:
    """ProductIdentifiers by type (list 5), and the ISSN of the collection or series.

    A GTIN-13 is the ISBN of a book when it starts 978 or 979 (the "Bookland" EAN), and the ISMN of
    printed music when it starts 9790, so it is counted as that: e-books in some feeds carry only it.
    """
    isbn_values: list[str] = []
    found = Identifiers()
    for identifier in children(product, "ProductIdentifier"):
        id_type = code(identifier, "ProductIDType")
        id_value = code(identifier, "IDValue")
        if not id_value:
            continue
        if id_type in onix_codes.ID_ISBN:
            isbn_values.append(id_value)
        elif id_type in onix_codes.ID_GTIN:
            _add_gtin(found, isbn_values, id_value)
        elif id_type in onix_codes.ID_ISMN:
            _add(found.ismn, normalise_ismn(id_value))
        elif id_type == onix_codes.ID_PROPRIETARY:
            type_name = value(identifier, "IDTypeName")
            _add(found.other, f"{type_name}:{id_value}" if type_name else id_value)
        elif id_type in onix_codes.ID_PREFIXES:
            _add(found.other, onix_codes.ID_PREFIXES[id_type] + id_value)
    found.isbn, found.invalid_isbn = split_isbns(isbn_values)
    for collection in children(descriptive, "Collection", "Series"):
        for identifier in children(collection, "CollectionIdentifier", "SeriesIdentifier"):
            id_type = code(identifier, "CollectionIDType") or code(identifier, "SeriesIDType")
            id_value = code(identifier, "IDValue")
            if id_type == onix_codes.ISSN_IDENTIFIER and id_value:
                _add(found.issn, normalise_issn(id_value))
    return found


def _add_gtin(found: Identifiers, isbn_values: list[str], gtin: str) -> None:
    number = normalise_ean(gtin)
    if number is None:
        return
    if number.startswith(_ISMN_EAN_PREFIX):
        _add(found.ismn, number)
    elif number.startswith(_BOOKLAND_PREFIXES):
        isbn_values.append(number)
    else:
        _add(found.ean, number)


def _add(values: list[str], item: str | None) -> None:
    if item and item not in values:
        values.append(item)


# --- publication ----------------------------------------------------------------------------------------


def _publisher(publishing: Node) -> str | None:
    """The publisher proper (PublishingRole 01), else the first named; else the imprint; 2.1 also had a
    flat PublisherName."""
    publishers = children(publishing, "Publisher")
    publishers.sort(key=lambda publisher: code(publisher, "PublishingRole") != onix_codes.PUBLISHER_ROLE)
    for publisher in publishers:
        name = value(publisher, "PublisherName")
        if name:
            return name
    imprint = child(publishing, "Imprint")
    return value(publishing, "PublisherName") or (
        value(imprint, "ImprintName") if imprint is not None else None
    )


def _year(publishing: Node) -> int | None:
    """From the publication date (PublishingDateRole 01, else 11 date of first publication, else any);
    in ONIX 2.1 from PublicationDate, else YearFirstPublished. Every ONIX date format starts with the
    year, whatever its dateformat says."""
    dates: dict[str | None, str | None] = {}
    for date in children(publishing, "PublishingDate"):
        dates.setdefault(code(date, "PublishingDateRole"), code(date, "Date"))
    candidates = [dates.get(role) for role in onix_codes.PUBLISHING_DATE_ROLES] + list(dates.values())
    candidates += [code(publishing, "PublicationDate"), code(publishing, "YearFirstPublished")]
    return next(filter(None, map(_year_of, candidates)), None)


def _year_of(date: str | None) -> int | None:
    if not date:
        return None
    return parse_year(date[:4]) if date[:4].isdigit() else parse_year(date)


def _updated(product: Node) -> str | None:
    """The product's ``datestamp`` attribute (ONIX 3.0, YYYYMMDD[Thhmm…]) as an ISO date."""
    match = _DATESTAMP.match(str(product.element.get("datestamp") or ""))
    if match is None:
        return None
    try:
        return datetime.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


# --- audience, description, links, extent ---------------------------------------------------------------


def _audience(descriptive: Node) -> Audience | None:
    """ONIX audience codes (list 28) said of children or young adults win; an age range (interest or
    reading age) comes next, as it is more precise than 'general/trade'; then the other codes."""
    from_codes: Audience | None = None
    for found in _audience_codes(descriptive):
        from_codes = onix_codes.AUDIENCES.get(found)
        if from_codes is not None:
            break
    if from_codes in ("children", "youth"):
        return from_codes
    for age_range in children(descriptive, "AudienceRange"):
        from_ages = _audience_by_age(age_range)
        if from_ages is not None:
            return from_ages
    return from_codes


def _audience_codes(descriptive: Node) -> list[str]:
    found = codes(descriptive, "AudienceCode")
    for audience in children(descriptive, "Audience"):
        if code(audience, "AudienceCodeType") == onix_codes.AUDIENCE_TYPE_ONIX:
            found += codes(audience, "AudienceCodeValue")
    return found


def _audience_by_age(age_range: Node) -> Audience | None:
    """From the youngest age of an AudienceRange (precision 01 exact or 03 from); a range given only by
    its upper end says "children" when that end is below youth."""
    qualifier = code(age_range, "AudienceRangeQualifier")
    if qualifier not in onix_codes.AGE_IN_YEARS and qualifier != onix_codes.AGE_IN_MONTHS:
        return None
    youngest: float | None = None
    oldest: float | None = None
    precision: str | None = None
    for part in age_range.children:
        if part.name == "AudienceRangePrecision":
            precision = own_text(part)
        elif part.name == "AudienceRangeValue":
            age = _number(own_text(part))
            if age is not None and qualifier == onix_codes.AGE_IN_MONTHS:
                age /= 12
            if precision == onix_codes.RANGE_TO:
                oldest = age
            elif youngest is None:
                youngest = age
    if youngest is not None:
        if youngest < onix_codes.YOUTH_FROM_AGE:
            return "children"
        return "youth" if youngest < onix_codes.ADULT_FROM_AGE else "adult"
    return "children" if oldest is not None and oldest < onix_codes.YOUTH_FROM_AGE else None


def _description(collateral: Node) -> str | None:
    """The description as plain text: 3.0 TextContent of TextType 03, else the short one (02); 2.1
    OtherText of TextTypeCode 01 (main), 03 (long), 02 (short); the two lists number differently."""
    for composite, type_name, preferred in (
        ("TextContent", "TextType", onix_codes.DESCRIPTION_TYPES),
        ("OtherText", "TextTypeCode", onix_codes.DESCRIPTION_TYPES_2_1),
    ):
        texts: dict[str | None, Node] = {}
        for content in children(collateral, composite):
            text = child(content, "Text")
            if text is not None:
                texts.setdefault(code(content, type_name), text)
        for text_type in preferred:
            if text_type in texts:
                return plain_text(texts[text_type])
    return None


def _links(collateral: Node) -> list[Link]:
    """Cover images and samples: 3.0 SupportingResource, 2.1 MediaFile and excerpt links."""
    found: dict[str, Link] = {}
    for resource in children(collateral, "SupportingResource"):
        text = onix_codes.RESOURCE_LINK_TEXTS.get(code(resource, "ResourceContentType") or "")
        for version in children(resource, "ResourceVersion")[:1]:
            url = _url(version, "ResourceLink")
            if text and url:
                found.setdefault(url, Link(url=url, text=text))
    for media_file in children(collateral, "MediaFile"):
        url = _url(media_file, "MediaFileLink")
        is_cover = code(media_file, "MediaFileTypeCode") in onix_codes.MEDIA_FILE_COVERS
        if (
            url
            and is_cover
            and code(media_file, "MediaFileLinkTypeCode") in (onix_codes.MEDIA_FILE_URL, None)
        ):
            found.setdefault(url, Link(url=url, text=COVER_LINK))
    for other_text in children(collateral, "OtherText"):
        url = _url(other_text, "TextLink")
        if url and code(other_text, "TextTypeCode") == onix_codes.EXCERPT_2_1:
            found.setdefault(url, Link(url=url, text=SAMPLE_LINK))
    return list(found.values())


def _url(element: Node, name: str) -> str | None:
    """A link without the line breaks and indentation that pretty-printed feeds put into long ones."""
    text = code(element, name)
    return "".join(text.split()) if text else None


class _Extent(NamedTuple):
    kind: str | None  # ExtentType, list 23
    value: str | None
    unit: str | None  # list 24


def _extents(descriptive: Node) -> list[_Extent]:
    """Every Extent composite, read once for both the page count and the duration."""
    return [
        _Extent(code(extent, "ExtentType"), code(extent, "ExtentValue"), code(extent, "ExtentUnit"))
        for extent in children(descriptive, "Extent")
    ]


def _extent(extents: list[_Extent], descriptive: Node) -> str | None:
    """The page count as 'N pages': the first of the page extents in the order of preference, else the
    ONIX 2.1 NumberOfPages."""
    pages: dict[str, str] = {}
    for extent in extents:
        if extent.value and extent.value.isdigit() and extent.unit in (onix_codes.UNIT_PAGES, None):
            pages.setdefault(extent.kind or "", extent.value)
    count = next((pages[kind] for kind in onix_codes.PAGE_EXTENTS if kind in pages), None)
    count = count or next((found for found in codes(descriptive, "NumberOfPages") if found.isdigit()), None)
    return f"{int(count)} pages" if count and int(count) > 0 else None


def _duration(extents: list[_Extent]) -> str | None:
    """A duration extent (09, or 14 of the main content) as 'hh:mm:ss'."""
    for extent in extents:
        if extent.kind in onix_codes.DURATION_EXTENTS:
            seconds = _seconds(extent.value, extent.unit)
            if seconds:
                hours, rest = divmod(seconds, 3600)
                return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return None


def _seconds(extent_value: str | None, unit: str | None) -> int | None:
    """Seconds in an extent value of unit (list 24) decimal hours, minutes or seconds, or in the digit
    patterns HHH, HHHMM and HHHMMSS."""
    number = _number(extent_value)
    if number is None or number < 0:
        return None
    if unit in onix_codes.DECIMAL_DURATION_UNITS:
        return round(number * onix_codes.DECIMAL_DURATION_UNITS[unit])
    groups = onix_codes.CLOCK_DURATION_UNITS.get(unit or "")
    if groups is None or not number.is_integer():
        return None
    rest, seconds, minutes = int(number), 0, 0
    if groups == 2:
        rest, seconds = divmod(rest, 100)
    if groups >= 1:
        rest, minutes = divmod(rest, 100)
    return rest * 3600 + minutes * 60 + seconds


def _number(text: str | None) -> float | None:
    try:
        number = float(Decimal(text)) if text else None
    except InvalidOperation:
        return None
    return number if number is not None and math.isfinite(number) else None
