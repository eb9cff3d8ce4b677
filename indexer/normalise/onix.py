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
import re
from decimal import Decimal, InvalidOperation

from lxml import etree

from indexer.normalise import onix_codes as codes
from indexer.normalise.identifiers import normalise_ean, normalise_ismn, normalise_issn, split_isbns
from indexer.normalise.languages import detect_language, normalise_language
from indexer.normalise.onix_elements import child, children, code, plain_text, value
from indexer.normalise.onix_material import MaterialSignals, material_type
from indexer.normalise.onix_subjects import topics
from indexer.normalise.years import parse_year
from indexer.record import (
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
        return _reject(raw, raw.id_hint, f"expected an lxml <Product> element, got {type(product).__name__}")
    try:
        return _normalise(raw, product)
    except Exception as error:  # the promise above: one product never stops a run
        return _reject(
            raw, raw.id_hint, f"unexpected error while normalising: {type(error).__name__}: {error}"
        )


def _normalise(raw: RawRecord, product: etree._Element) -> NormalisedRecord | Rejection:
    descriptive = _block(product, "DescriptiveDetail")
    collateral = _block(product, "CollateralDetail")
    publishing = _block(product, "PublishingDetail")
    identifiers = _identifiers(product, descriptive)
    source_id = code(product, "RecordReference") or next(iter(identifiers.isbn), None)
    if source_id is None:
        return _reject(raw, None, "no record reference (RecordReference) and no valid ISBN to identify it by")
    deleted = raw.deleted or code(product, "NotificationType") == codes.NOTIFICATION_DELETE
    titles = _titles(product, descriptive)
    if titles.title is None and not deleted:
        return _reject(raw, source_id, "no title: the product has no TitleDetail (3.0) or Title (2.1) text")
    description = _description(collateral)
    languages, original_language = _languages(descriptive)
    detected = None
    if not languages:
        detected = detect_language(" ".join(filter(None, (titles.title, titles.subtitle, description))))
    found_topics = topics(descriptive)
    signals = MaterialSignals(
        product_form=code(descriptive, "ProductForm"),
        form_details=frozenset(_codes(descriptive, "ProductFormDetail")),
        content_types=frozenset(_codes(descriptive, "PrimaryContentType", "ProductContentType")),
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
        extent=_extent(descriptive),
        duration=_duration(descriptive),
        updated=_updated(product),
        deleted=deleted,
    )


def _reject(raw: RawRecord, record_id: str | None, reason: str) -> Rejection:
    return Rejection(raw.source, raw.location, raw.position, record_id, reason, raw.raw)


def _block(product: etree._Element, name: str) -> etree._Element:
    """An ONIX 3.0 block, or the product itself: ONIX 2.1 keeps the block's elements in <Product>."""
    found = child(product, name)
    return product if found is None else found


def _codes(element: etree._Element, *names: str) -> list[str]:
    return [found for part in children(element, *names) if (found := code(part, *[]) or _own_code(part))]


def _own_code(element: etree._Element) -> str | None:
    return " ".join("".join(map(str, element.itertext())).split()) or None


# --- titles ---------------------------------------------------------------------------------------------


class _Titles:
    """What the title composites say: the title proper and its parts, other titles, and whether the
    product is an issue (it has no title of its own beyond its collection's and a number or year)."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.subtitle: str | None = None
        self.part: str | None = None
        self.variants: list[str] = []
        self.series: list[str] = []
        self.is_issue = False


def _titles(product: etree._Element, descriptive: etree._Element) -> _Titles:
    titles = _Titles()
    details = children(descriptive, "TitleDetail", "Title")
    main = _main_title_detail(details)
    if main is not None:
        _read_main_title(main, titles)
    titles.title = titles.title or value(product, "DistinctiveTitle")
    titles.subtitle = titles.subtitle or value(product, "Subtitle")
    variants = [_title_text(detail) or _title_text(_product_level(detail)) for detail in details]
    titles.variants = list(dict.fromkeys(variant for variant in variants if variant))
    return titles


def _main_title_detail(details: list[etree._Element]) -> etree._Element | None:
    """The distinctive title (TitleType 01), else an untyped one (00), else the first there is."""
    for title_type in (codes.TITLE_DISTINCTIVE, codes.TITLE_UNDEFINED):
        for detail in details:
            if code(detail, "TitleType") == title_type:
                return detail
    return details[0] if details else None


def _read_main_title(detail: etree._Element, titles: _Titles) -> None:
    """ONIX 3.0 splits a title into elements by level (product, collection, subcollection); 2.1's Title
    is one element. The product level gives title, subtitle and part; when it has no text, the product
    is an issue of the collection, whose title stands in."""
    product_level = _product_level(detail)
    collection_levels = [
        element for element in children(detail, "TitleElement")
        if code(element, "TitleElementLevel") in codes.LEVEL_COLLECTION
    ]  # fmt: skip
    collection_title = next(filter(None, map(_title_text, collection_levels)), None)
    own_title = _title_text(product_level)
    titles.title = own_title or collection_title or value(detail, "TitleStatement")
    titles.subtitle = value(product_level, "Subtitle")
    titles.part = value(product_level, "PartNumber") or value(product_level, "YearOfAnnual")
    titles.is_issue = (own_title is None and collection_title is not None) or (
        value(product_level, "YearOfAnnual") is not None
    )
    if own_title and collection_title:
        titles.series = [collection_title]


def _product_level(detail: etree._Element) -> etree._Element:
    """The product-level TitleElement of a 3.0 TitleDetail; a 2.1 Title is its own product level."""
    elements = children(detail, "TitleElement")
    for element in elements:
        if code(element, "TitleElementLevel") == codes.LEVEL_PRODUCT:
            return element
    return detail if not elements else elements[0]


def _title_text(element: etree._Element) -> str | None:
    text = value(element, "TitleText")
    if text:
        return text
    without_prefix = value(element, "TitleWithoutPrefix")
    prefix = value(element, "TitlePrefix")
    return f"{prefix} {without_prefix}" if prefix and without_prefix else without_prefix


def _series(descriptive: etree._Element) -> list[str]:
    """Collections (3.0) and series (2.1) the product belongs to, with its number as ISBD writes it."""
    found: list[str] = []
    for collection in children(descriptive, "Collection", "Series"):
        name = value(collection, "TitleOfSeries")
        number = value(collection, "NumberWithinSeries")
        for detail in children(collection, "TitleDetail", "Title"):
            levels = children(detail, "TitleElement") or [detail]
            name = name or next(filter(None, map(_title_text, levels)), None)
            number = number or next(filter(None, (value(level, "PartNumber") for level in levels)), None)
        sequence = child(collection, "CollectionSequence")
        if sequence is not None:
            number = number or value(sequence, "CollectionSequenceNumber")
        if name:
            found.append(f"{name} ; {number}" if number else name)
    return list(dict.fromkeys(found))


# --- people, languages, identifiers ---------------------------------------------------------------------


def _contributors(descriptive: etree._Element) -> list[Contributor]:
    """One entry per person and role (a contributor may have several roles), unknown roles as
    'contributor'."""
    found: dict[tuple[str, str], Contributor] = {}
    for person in children(descriptive, "Contributor"):
        name = _contributor_name(person)
        if name is None:
            continue
        for role_code in _codes(person, "ContributorRole") or [""]:
            role = codes.ROLES.get(role_code, "contributor")
            found.setdefault((name, role), Contributor(name=name, role=role))
    return list(found.values())


def _contributor_name(person: etree._Element) -> str | None:
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


def _languages(descriptive: etree._Element) -> tuple[list[str], str | None]:
    """(languages of the text, original language) from Language composites (role 01 and 02) and the
    flat ONIX 2.1 LanguageOfText and OriginalLanguage."""
    text = _codes(descriptive, "LanguageOfText")
    original = _codes(descriptive, "OriginalLanguage")
    for language in children(descriptive, "Language"):
        role = code(language, "LanguageRole")
        language_code = code(language, "LanguageCode")
        if language_code and role == codes.LANGUAGE_OF_TEXT:
            text.append(language_code)
        elif language_code and role == codes.LANGUAGE_ORIGINAL:
            original.append(language_code)
    languages = list(dict.fromkeys(filter(None, map(normalise_language, text))))
    return languages, next(filter(None, map(normalise_language, original)), None)


def _identifiers(product: etree._Element, descriptive: etree._Element) -> Identifiers:
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
        if id_type in codes.ID_ISBN:
            isbn_values.append(id_value)
        elif id_type in codes.ID_GTIN:
            _add_gtin(found, isbn_values, id_value)
        elif id_type in codes.ID_ISMN:
            _add(found.ismn, normalise_ismn(id_value))
        elif id_type == codes.ID_PROPRIETARY:
            type_name = value(identifier, "IDTypeName")
            _add(found.other, f"{type_name}:{id_value}" if type_name else id_value)
        elif id_type in codes.ID_PREFIXES:
            _add(found.other, codes.ID_PREFIXES[id_type] + id_value)
    found.isbn, found.invalid_isbn = split_isbns(isbn_values)
    for collection in children(descriptive, "Collection", "Series"):
        for identifier in children(collection, "CollectionIdentifier", "SeriesIdentifier"):
            id_type = code(identifier, "CollectionIDType") or code(identifier, "SeriesIDType")
            id_value = code(identifier, "IDValue")
            if id_type == codes.ISSN_IDENTIFIER and id_value:
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


def _publisher(publishing: etree._Element) -> str | None:
    """The publisher proper (PublishingRole 01), else the first named; else the imprint; 2.1 also had a
    flat PublisherName."""
    publishers = children(publishing, "Publisher")
    publishers.sort(key=lambda publisher: code(publisher, "PublishingRole") != codes.PUBLISHER_ROLE)
    for publisher in publishers:
        name = value(publisher, "PublisherName")
        if name:
            return name
    imprint = child(publishing, "Imprint")
    return value(publishing, "PublisherName") or (value(imprint, "ImprintName") if imprint is not None else None)


def _year(publishing: etree._Element) -> int | None:
    """From the publication date (PublishingDateRole 01, else 11 date of first publication, else any);
    in ONIX 2.1 from PublicationDate, else YearFirstPublished. Every ONIX date format starts with the
    year, whatever its dateformat says."""
    dates = {
        code(date, "PublishingDateRole"): code(date, "Date") for date in reversed(children(publishing, "PublishingDate"))
    }
    candidates = [dates.get(role) for role in codes.PUBLISHING_DATE_ROLES] + list(dates.values())
    candidates += [code(publishing, "PublicationDate"), code(publishing, "YearFirstPublished")]
    return next(filter(None, map(_year_of, candidates)), None)


def _year_of(date: str | None) -> int | None:
    if not date:
        return None
    return parse_year(date[:4]) if date[:4].isdigit() else parse_year(date)


def _updated(product: etree._Element) -> str | None:
    """The product's ``datestamp`` attribute (ONIX 3.0, YYYYMMDD[Thhmm…]) as an ISO date."""
    match = _DATESTAMP.match(str(product.get("datestamp") or ""))
    if match is None:
        return None
    try:
        return datetime.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


# --- audience, description, links, extent ---------------------------------------------------------------


def _audience(descriptive: etree._Element) -> Audience | None:
    """ONIX audience codes (list 28) said of children or young adults win; an age range (interest or
    reading age) comes next, as it is more precise than 'general/trade'; then the other codes."""
    from_codes = next(filter(None, (codes.AUDIENCES.get(found) for found in _audience_codes(descriptive))), None)
    if from_codes in ("children", "youth"):
        return from_codes
    from_ages = next(filter(None, map(_audience_by_age, children(descriptive, "AudienceRange"))), None)
    return from_ages or from_codes


def _audience_codes(descriptive: etree._Element) -> list[str]:
    found = _codes(descriptive, "AudienceCode")
    for audience in children(descriptive, "Audience"):
        if code(audience, "AudienceCodeType") == codes.AUDIENCE_TYPE_ONIX:
            found += _codes(audience, "AudienceCodeValue")
    return found


def _audience_by_age(age_range: etree._Element) -> Audience | None:
    """From the youngest age of an AudienceRange (precision 01 exact or 03 from); a range given only by
    its upper end says "children" when that end is below youth."""
    qualifier = code(age_range, "AudienceRangeQualifier")
    if qualifier not in codes.AGE_IN_YEARS and qualifier != codes.AGE_IN_MONTHS:
        return None
    youngest = oldest = None
    precision = None
    for part in age_range:
        if child_name := _name(part):
            if child_name == "AudienceRangePrecision":
                precision = _own_code(part)
            elif child_name == "AudienceRangeValue":
                age = _number(_own_code(part))
                if age is not None and qualifier == codes.AGE_IN_MONTHS:
                    age /= 12
                if precision == codes.RANGE_TO:
                    oldest = age
                else:
                    youngest = age if youngest is None else youngest
    if youngest is not None:
        if youngest < codes.YOUTH_FROM_AGE:
            return "children"
        return "youth" if youngest < codes.ADULT_FROM_AGE else "adult"
    return "children" if oldest is not None and oldest < codes.YOUTH_FROM_AGE else None


def _description(collateral: etree._Element) -> str | None:
    """The description (3.0 TextType 03, else the short one, 02; 2.1 TextTypeCode 01, 03, 02) as plain
    text."""
    texts: dict[str, etree._Element] = {}
    for content in children(collateral, "TextContent", "OtherText"):
        text_type = code(content, "TextType") or code(content, "TextTypeCode") or ""
        text = child(content, "Text")
        if text is not None:
            texts.setdefault(text_type, text)
    release_2_1 = bool(children(collateral, "OtherText"))
    for text_type in codes.DESCRIPTION_TYPES_2_1 if release_2_1 else codes.DESCRIPTION_TYPES:
        if text_type in texts:
            return plain_text(texts[text_type])
    return None


def _links(collateral: etree._Element) -> list[Link]:
    """Cover images and samples: 3.0 SupportingResource, 2.1 MediaFile and excerpt links."""
    found: dict[str, Link] = {}
    for resource in children(collateral, "SupportingResource"):
        text = codes.RESOURCE_LINK_TEXTS.get(code(resource, "ResourceContentType") or "")
        for version in children(resource, "ResourceVersion")[:1]:
            url = code(version, "ResourceLink")
            if text and url:
                found.setdefault(url, Link(url=url, text=text))
    for media_file in children(collateral, "MediaFile"):
        url = code(media_file, "MediaFileLink")
        is_cover = code(media_file, "MediaFileTypeCode") in codes.MEDIA_FILE_COVERS
        if url and is_cover and code(media_file, "MediaFileLinkTypeCode") in (codes.MEDIA_FILE_URL, None):
            found.setdefault(url, Link(url=url, text="cover"))
    for other_text in children(collateral, "OtherText"):
        url = code(other_text, "TextLink")
        if url and code(other_text, "TextTypeCode") == codes.EXCERPT_2_1:
            found.setdefault(url, Link(url=url, text="sample"))
    return list(found.values())


def _extent(descriptive: etree._Element) -> str | None:
    """The page count as 'N pages': the first of the page extents in the order of preference, else the
    ONIX 2.1 NumberOfPages."""
    pages: dict[str, str] = {}
    for extent in children(descriptive, "Extent"):
        extent_value = code(extent, "ExtentValue")
        unit = code(extent, "ExtentUnit")
        if extent_value and extent_value.isdigit() and unit in (codes.UNIT_PAGES, None):
            pages.setdefault(code(extent, "ExtentType") or "", extent_value)
    count = next((pages[kind] for kind in codes.PAGE_EXTENTS if kind in pages), None)
    count = count or next((found for found in _codes(descriptive, "NumberOfPages") if found.isdigit()), None)
    return f"{int(count)} pages" if count and int(count) > 0 else None


def _duration(descriptive: etree._Element) -> str | None:
    """A duration extent (09, or 14 of the main content) as 'hh:mm:ss'."""
    for extent in children(descriptive, "Extent"):
        if code(extent, "ExtentType") not in codes.DURATION_EXTENTS:
            continue
        seconds = _seconds(code(extent, "ExtentValue"), codes.DURATION_UNITS.get(code(extent, "ExtentUnit") or ""))
        if seconds:
            hours, rest = divmod(seconds, 3600)
            return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return None


def _seconds(extent_value: str | None, unit: str | None) -> int | None:
    """Seconds in an extent value of the given unit (list 24): decimal hours, minutes or seconds, or the
    digit patterns HHH, HHHMM and HHHMMSS."""
    number = _number(extent_value)
    if number is None or unit is None or extent_value is None:
        return None
    if unit in ("hours", "minutes", "seconds"):
        return round(number * {"hours": 3600, "minutes": 60, "seconds": 1}[unit])
    if not extent_value.isdigit():
        return None
    digits = extent_value.zfill(len(unit))
    hours = int(digits[: len(digits) - len(unit) + 3])
    minutes = int(digits[-4:-2] if unit == "HHHMMSS" else digits[-2:]) if unit != "HHH" else 0
    seconds = int(digits[-2:]) if unit == "HHHMMSS" else 0
    return hours * 3600 + minutes * 60 + seconds


def _number(text: str | None) -> float | None:
    try:
        return float(Decimal(text)) if text else None
    except InvalidOperation:
        return None


def _name(element: etree._Element) -> str | None:
    from indexer.normalise.onix_elements import reference_name

    return reference_name(element)
