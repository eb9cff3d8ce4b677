from __future__ import annotations

import copy
import dataclasses
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from indexer.normalise.identifiers import split_isbns
from indexer.normalise.onix import normalise_onix
from indexer.normalise.text import clean
from indexer.read.readers.onix import read_onix
from indexer.record import Contributor, NormalisedRecord, RawRecord, Rejection
from tests.conftest import REAL_DATA

ONIX = REAL_DATA / "onix"
ELISA = ONIX / "elisa/transform"


def raw_products(path: Path) -> list[RawRecord]:
    with path.open("rb") as stream:
        return [
            item
            for item in read_onix(stream, source="helsinki", location=path.name)
            if isinstance(item, RawRecord)
        ]


def raw_product(path: Path, position: int = 1) -> RawRecord:
    return raw_products(path)[position - 1]


def normalised(raw: RawRecord) -> NormalisedRecord:
    result = normalise_onix(raw)
    assert isinstance(result, NormalisedRecord), result
    return result


def product(path: Path, position: int = 1) -> NormalisedRecord:
    return normalised(raw_product(path, position))


def changed(path: Path, change: Callable[[etree._Element], None], position: int = 1) -> RawRecord:
    """A real product with one thing changed, for the cases the real data does not have."""
    raw = raw_product(path, position)
    payload = copy.deepcopy(raw.payload)
    change(payload)
    return dataclasses.replace(raw, payload=payload)


def set_text(path: str, text: str) -> Callable[[etree._Element], None]:
    def change(payload: etree._Element) -> None:
        found = payload.find(path)
        assert found is not None, path
        found.text = text

    return change


def remove(path: str) -> Callable[[etree._Element], None]:
    def change(payload: etree._Element) -> None:
        found = payload.findall(path)
        assert found, path
        for element in found:
            element.getparent().remove(element)

    return change


def people(record: NormalisedRecord) -> list[tuple[str, str]]:
    return [(person.name, person.role) for person in record.contributors]


# Products normalised and rejected per real file, and their material types (measured).
REAL_FILES = [
    ("elisa/transform/01/input.xml", 1, 0, {"ebook": 1}),
    ("elisa/transform/02/input.xml", 1, 0, {"ebook": 1}),
    ("elisa/transform/03/input.xml", 1, 0, {"eaudiobook": 1}),
    ("elisa/transform/04/input.xml", 1, 0, {"ebook": 1}),
    ("elisa/transform/05/input.xml", 0, 0, {}),
    ("elisa/transform/06/input.xml", 1, 0, {"eaudiobook": 1}),
    ("elisa/transform/08/input.xml", 1, 0, {"eaudiobook": 1}),
    ("elisa/transform/10/input.xml", 1, 0, {"eaudiobook": 1}),
    ("elisa/transform/12/input.xml", 1, 0, {"ebook": 1}),
    ("elisa/transform/14/input.xml", 1, 0, {"ebook": 1}),
    ("elisa/transform/16/input.xml", 1, 0, {"eaudiobook": 1}),
    ("elisa/transform/18/input.xml", 1, 0, {"eaudiobook": 1}),
    ("elisa/transform/19/input.xml", 1, 0, {"eaudiobook": 1}),
    ("im_onix/9782707154298.xml", 1, 0, {"ebook": 1}),
    ("im_onix/9782752906700.xml", 4, 0, {"ebook": 4}),
    ("im_onix/audio1.xml", 1, 0, {"eaudiobook": 1}),
    ("im_onix/bad_content_date_format.xml", 1, 0, {"ebook": 1}),
    ("im_onix/fixed_layout.xml", 1, 0, {"ebook": 1}),
    ("im_onix/full-sender.xml", 1, 0, {"ebook": 1}),
    ("im_onix/full_sample.xml", 1, 0, {"other": 1}),
    ("im_onix/illustrations.xml", 4, 0, {"ebook": 4}),
    ("im_onix/onix2.xml", 1, 0, {"ebook": 1}),
    ("im_onix/onix2_product.xml", 1, 0, {"ebook": 1}),
    ("im_onix/reflowable.xml", 1, 0, {"ebook": 1}),
    ("im_onix/short.xml", 1, 0, {"other": 1}),
    ("im_onix/streaming.xml", 1, 0, {"ebook": 1}),
    ("im_onix/test_collection.xml", 0, 0, {}),
    ("im_onix/test_wiley_data.xml", 1, 0, {"ebook": 1}),
    ("melinda-onix/convert-product/01/input.xml", 1, 0, {"ebook": 1}),
    ("melinda-onix/convert-product/02/input.xml", 1, 0, {"other": 1}),
    ("onixcheck/invalid_google_onix_3.xml", 1, 0, {"ebook": 1}),
    ("onixcheck/invalid_onix3_ref.xml", 0, 1, {}),  # identifiers only, no title
    ("onixcheck/invalid_onix_root.xml", 0, 0, {}),
    ("onixcheck/valid_google_onix_3.xml", 1, 0, {"ebook": 1}),
    ("onixcheck/valid_onix2_ref.xml", 1, 0, {"ebook": 1}),
    ("onixcheck/valid_onix3_ref.xml", 0, 1, {}),
    ("onixcheck/valid_onix3_ref_ns.xml", 0, 1, {}),
    ("onixcheck/valid_onix3_short.xml", 0, 1, {}),
    ("onixcheck/win_console_issue.xml", 1, 0, {"other": 1}),
    ("yob-onix/9780194351898.xml", 1, 0, {"other": 1}),
    ("yob-onix/aau.xml", 1, 0, {"other": 1}),
    ("yob-onix/control_chars.xml", 1, 0, {"other": 1}),
    ("yob-onix/entities.xml", 1, 0, {"other": 1}),
    ("yob-onix/extra_entities.xml", 1, 0, {"other": 1}),
    ("yob-onix/iso_8859_1.xml", 1, 0, {"other": 1}),
    ("yob-onix/jul.xml", 238, 0, {"other": 238}),  # print books, audio CDs, point-of-sale packs
    ("yob-onix/no_encoding.xml", 1, 0, {"other": 1}),
    ("yob-onix/no_xml_declaration.xml", 1, 0, {"other": 1}),
    ("yob-onix/product_invalid_pubdate.xml", 0, 1, {}),  # no title, publication date 00000000
    ("yob-onix/rba_FANT.xml", 1, 0, {"other": 1}),
    ("yob-onix/reference_with_release_attrib.xml", 1, 0, {"other": 1}),
    ("yob-onix/short_tags.xml", 1, 0, {"other": 1}),
    ("yob-onix/short_tags_ivp.xml", 1, 0, {"other": 1}),
    ("yob-onix/sl_product.xml", 1, 0, {"other": 1}),
    ("yob-onix/two_products.xml", 2, 0, {"other": 2}),
    ("yob-onix/usd.xml", 1, 0, {"other": 1}),
    ("yob-onix/utf_16.xml", 1, 0, {"other": 1}),
]


def test_the_table_covers_every_onix_file() -> None:
    assert {str(path.relative_to(ONIX)) for path in ONIX.rglob("*.xml")} == {name for name, *_ in REAL_FILES}


@pytest.mark.parametrize(("name", "records", "rejected", "materials"), REAL_FILES)
def test_products_normalised_from_every_real_file(
    name: str, records: int, rejected: int, materials: dict[str, int]
) -> None:
    results = [normalise_onix(raw) for raw in raw_products(ONIX / name)]
    done = [result for result in results if isinstance(result, NormalisedRecord)]
    assert (len(done), len(results) - len(done)) == (records, rejected)
    assert Counter(record.material_type for record in done) == Counter(materials)
    assert all(record.title and record.source_id for record in done)


def test_product_without_a_title_is_rejected_with_its_reference() -> None:
    raw = raw_product(ONIX / "onixcheck/valid_onix3_ref.xml")
    result = normalise_onix(raw)
    assert isinstance(result, Rejection)
    assert (result.record_id, result.position, result.raw) == ("org.john-doe.some-id", 1, raw.raw)
    assert result.reason == "no title: the product has no TitleDetail (3.0) or Title (2.1) text"


# --- chosen products, field by field ---------------------------------------------------------------------


def test_elisa_finnish_ebook() -> None:
    record = product(ELISA / "12/input.xml")
    assert (record.source, record.source_id, record.format) == ("helsinki", "ABC1234567", "onix3")
    assert (record.material_type, record.title, record.subtitle, record.part) == (
        "ebook",
        "Kun kello lyö viisi",
        None,
        None,
    )
    assert people(record) == [("Rudberg, Denise", "author"), ("Koivunen, Anu", "translator")]
    assert record.identifiers.isbn == ["9789523511231"]
    assert (record.languages, record.language_detected) == (["fin"], False)
    assert (record.publisher, record.year, record.extent) == ("foobar Publisher", 2019, "275 pages")
    assert not record.deleted


def test_elisa_downloadable_audiobook_with_series() -> None:
    record = product(ELISA / "08/input.xml")
    assert (record.material_type, record.title, record.series) == (
        "eaudiobook",
        "Satapurin jalokivi",
        ["Perveen Mistry ; 2"],
    )
    assert people(record) == [
        ("Massey, Sujata", "author"),
        ("Heikinheimo, Maija", "translator"),
        ("Manto, Erja", "narrator"),
    ]
    assert record.identifiers.isbn == ["9789916605325"]
    assert (record.languages, record.year) == (["fin"], 2020)


def test_elisa_downloadable_and_online_audiobook() -> None:
    record = product(ELISA / "16/input.xml")
    assert (record.material_type, record.title, record.series) == (
        "eaudiobook",
        "Vilpittömästi sinun",
        ["Studio"],
    )
    assert people(record) == [("Hiltunen, Pekka", "author"), ("Paavola, Satu", "narrator")]
    assert (record.identifiers.isbn, record.languages, record.year) == (["9789510441619"], ["fin"], 2019)
    assert record.duration == "12:13:00"


def test_allen_and_unwin_print_book() -> None:
    record = product(ONIX / "yob-onix/jul.xml", 93)
    assert (record.source_id, record.format, record.material_type) == ("1846686334", "onix21", "other")
    assert (record.title, record.subtitle) == ("The Prophet Murders", "A Hop-Ciki-Yaya Thriller")
    assert people(record) == [("Somer, Mehmet", "author"), ("Kenneth Dakan", "translator")]
    assert record.identifiers.isbn == ["9781846686337"]
    assert (record.publisher, record.year, record.extent) == ("Profile Books", 2008, "224 pages")


def test_audio_cd_is_other_material() -> None:
    record = product(ONIX / "yob-onix/jul.xml", 131)
    assert (record.title, record.material_type) == ("Victoria's Empire", "other")
    assert people(record) == [("Wood Victoria", "author"), ("Victoria Wood and Russell Boulter", "narrator")]


def test_french_epub_with_collection() -> None:
    record = product(ONIX / "im_onix/9782752906700.xml", 4)
    assert (record.material_type, record.title, record.series) == (
        "ebook",
        "Certaines n'avaient jamais vu la mer",
        ["Littérature étrangère"],
    )
    assert people(record) == [("Otsuka, Julie", "author")]
    assert record.identifiers.isbn == ["9782752908643"]
    assert record.identifiers.other == ["SKU:O192530"]
    assert (record.languages, record.year, record.publisher, record.extent) == (
        ["fre"],
        2012,
        "Phébus",
        "144 pages",
    )


def test_onix_2_1_electronic_book_text() -> None:
    record = product(ONIX / "im_onix/onix2.xml")
    assert (record.format, record.material_type, record.title) == (
        "onix21",
        "ebook",
        "La Physiologie de l'esprit",
    )
    assert people(record) == [("Paulhan, Frédéric", "author")]
    assert (record.identifiers.isbn, record.languages, record.year) == (["9782346032532"], ["fre"], None)
    assert (record.publisher, record.extent) == ("BnF-Partenariats", "197 pages")
    assert [(c.scheme, c.code) for c in record.classification] == [
        ("ddc", "150"),
        ("clil", "3080"),
        ("bisac", "SOC000000"),
    ]
    assert [(link.url, link.text) for link in record.links] == [("https://dummy.excerpt.link", "sample")]


def test_onix_2_1_short_tags() -> None:
    record = product(ONIX / "yob-onix/short_tags.xml")
    assert (record.source_id, record.format, record.material_type) == ("160258186X", "onix21", "other")
    assert (record.title, record.subtitle) == (
        "The Acts of the Apostles",
        "Four Centuries of Baptist Interpretation",
    )
    assert people(record) == [
        ("Barr, Beth Allison", "editor"),
        ("Leonard, Bill J.", "editor"),
        ("Parsons, Mikeal C.", "editor"),
        ("Weaver, C. Douglas", "editor"),
        ("Montgomery, Helen Barrett", "contributor"),
    ]
    assert (record.identifiers.isbn, record.languages, record.year) == (["9781602581869"], ["eng"], 2009)
    assert (record.audience, record.extent, record.publisher) == (
        "adult",
        "1000 pages",
        "Baylor University Press",
    )
    assert [subject.term for subject in record.subjects][:3] == ["Baptist", "theology", "religion"]


@pytest.mark.parametrize(
    ("short", "reference", "revised"),
    [
        # Two revisions of EDITEUR's sample: BIC became Thema, keywords were added, spelling is British.
        ("im_onix/short.xml", "im_onix/full_sample.xml", {"subjects", "classification", "description"}),
        # The reference-name feed turned the <i> of its description into "&i>".
        ("yob-onix/short_tags.xml", "yob-onix/usd.xml", {"description"}),
    ],
)
def test_short_tags_and_reference_names_give_the_same_record(
    short: str, reference: str, revised: set[str]
) -> None:
    from_short, from_reference = product(ONIX / short).to_dict(), product(ONIX / reference).to_dict()
    assert {key for key in from_short if from_short[key] != from_reference[key]} == revised


def test_onix_3_reference_sample_in_full() -> None:
    record = product(ONIX / "im_onix/full_sample.xml")
    assert (record.title, record.title_variants, record.series) == (
        "Roseanna",
        ["ROSEANNA (MARTIN BECK #1)"],
        ["The Martin Beck series ; 1"],
    )
    assert people(record) == [
        ("Sjöwall, Maj", "author"),
        ("Wahlöö, Per", "author"),
        ("Roth, Lois", "translator"),
        ("Mankell, Henning", "contributor"),
    ]
    assert (record.languages, record.original_language) == (["eng"], "swe")
    assert (record.publisher, record.place, record.year, record.audience) == (
        "HarperCollins Publishers",
        "London",
        2006,
        "adult",
    )
    assert [(c.scheme, c.code) for c in record.classification] == [
        ("thema", "FFP"),
        ("thema", "FYT"),
        ("thema", "1DNS"),
        ("thema", "3MPQS"),
        ("bisac", "FIC022000"),
    ]
    assert record.description is not None
    assert record.description.startswith("Widely recognised as the among the greatest crime fiction")
    assert "<" not in record.description
    assert [(link.url, link.text) for link in record.links] == [
        ("http://www.harpercollins.co.uk/covers/9780007232833.jpg", "cover"),  # pretty-printed in two lines
        ("http://browseinside.harpercollins.co.uk/pageview?isbn=9780007232833", "sample"),
    ]


@pytest.mark.parametrize(
    "output",
    sorted(path for path in ELISA.glob("*/output.json") if not json.loads(path.read_text()).get("failed")),
)
def test_elisa_products_agree_with_melinda_marc_conversion(output: Path) -> None:
    """Melinda's own MARC conversion of the same products: same title proper, people and ISBN.
    (Melinda also splits "Title - Subtitle" at the dash; the record keeps the publisher's title whole.)"""
    fields = json.loads(output.read_text())["record"]["fields"]

    def subfields(tags: tuple[str, ...], code: str) -> list[str]:
        return [
            sub["value"]
            for f in fields
            if f["tag"] in tags
            for sub in f.get("subfields", [])
            if sub["code"] == code
        ]

    record = product(output.with_name("input.xml"))
    (title,) = subfields(("245",), "a")
    assert record.title.startswith(clean(title) or "")
    assert {person.name for person in record.contributors} == {
        clean(n) for n in subfields(("100", "700"), "a")
    }
    assert record.identifiers.isbn == split_isbns(subfields(("020",), "a"))[0]
    series = subfields(("490",), "a")
    assert [name.split(" ; ")[0] for name in record.series] == [clean(name) for name in series]


# --- rules that the real data shows only in part ----------------------------------------------------------

AUDIO = ONIX / "im_onix/audio1.xml"  # Extent 09 (duration) in unit 16, HHHMMSS
EXTENT_UNIT = ".//{*}Extent[{*}ExtentType='09'][{*}ExtentUnit='16']/{*}ExtentUnit"
EXTENT_VALUE = ".//{*}Extent[{*}ExtentType='09'][{*}ExtentUnit='16']/{*}ExtentValue"


@pytest.mark.parametrize(
    ("unit", "amount", "duration"),
    [
        ("16", "50000", "05:00:00"),  # HHHMMSS
        ("16", "1023045", "102:30:45"),
        ("15", "01230", "12:30:00"),  # HHHMM
        ("14", "3", "03:00:00"),  # HHH
        ("05", "90.5", "01:30:30"),  # minutes
        ("04", "1.25", "01:15:00"),  # hours
        ("06", "59", "00:00:59"),  # seconds
        ("11", "117", None),  # tracks: not a duration
        ("16", "5:00:00", None),
        ("05", "NaN", None),
        ("05", "-3", None),
    ],
)
def test_duration_units(unit: str, amount: str, duration: str | None) -> None:
    def change(payload: etree._Element) -> None:
        set_text(EXTENT_VALUE, amount)(payload)
        set_text(EXTENT_UNIT, unit)(payload)

    assert normalised(changed(AUDIO, change)).duration == duration


# The ONIX audience code of list 28, as an Audience composite (3.0) and as a flat short tag (2.1).
AUDIENCE_CODES = [
    (ONIX / "im_onix/full_sample.xml", ".//{*}Audience[{*}AudienceCodeType='01']/{*}AudienceCodeValue"),
    (ONIX / "yob-onix/short_tags.xml", ".//b073"),
]


@pytest.mark.parametrize(("path", "element"), AUDIENCE_CODES)
@pytest.mark.parametrize(
    ("audience_code", "audience"), [("01", "adult"), ("02", "children"), ("03", "youth"), ("04", None)]
)
def test_audience_codes(path: Path, element: str, audience_code: str, audience: str | None) -> None:
    assert normalised(changed(path, set_text(element, audience_code))).audience == audience


@pytest.mark.parametrize(
    ("name", "audience"),
    [
        ("im_onix/streaming.xml", "children"),
        ("im_onix/bad_content_date_format.xml", "youth"),
        ("im_onix/full_sample.xml", "adult"),
        ("elisa/transform/12/input.xml", None),
    ],
)
def test_audience_of_real_products(name: str, audience: str | None) -> None:
    assert product(ONIX / name).audience == audience


def test_deletion_notice_keeps_its_title() -> None:
    raw = changed(ELISA / "03/input.xml", set_text("{*}NotificationType", "05"))
    record = normalised(raw)
    assert (record.deleted, record.title, record.source_id) == (True, "Rakkaus piilottelee", "foobar")


def test_deletion_notice_without_a_title_is_named_by_its_reference() -> None:
    def change(payload: etree._Element) -> None:
        set_text("{*}NotificationType", "05")(payload)
        remove(".//{*}TitleDetail")(payload)

    record = normalised(changed(ELISA / "03/input.xml", change))
    assert (record.deleted, record.title, record.source_id) == (True, "foobar", "foobar")


def test_without_record_reference_the_isbn_identifies_the_product() -> None:
    record = normalised(changed(ELISA / "12/input.xml", remove("{*}RecordReference")))
    assert record.source_id == "9789523511231"


def test_without_record_reference_or_isbn_the_product_is_rejected() -> None:
    def change(payload: etree._Element) -> None:
        remove("{*}RecordReference")(payload)
        remove("{*}ProductIdentifier")(payload)

    result = normalise_onix(changed(ELISA / "12/input.xml", change))
    assert isinstance(result, Rejection)
    assert result.reason == "no record reference (RecordReference) and no valid ISBN to identify it by"


def test_bookland_gtin_is_an_isbn_and_other_gtins_are_eans() -> None:
    only_gtin = changed(
        ONIX / "im_onix/9782752906700.xml", remove("{*}ProductIdentifier[{*}ProductIDType='15']"), 4
    )
    assert normalised(only_gtin).identifiers.isbn == ["9782752908643"]
    assert product(ONIX / "im_onix/reflowable.xml").identifiers.ean == ["3019002489901"]
    assert product(ELISA / "03/input.xml").identifiers.ean == ["0555555555555"]  # UPC-A, widened by GS1 rule


def test_invalid_isbn_is_kept_apart() -> None:
    identifiers = product(ONIX / "im_onix/full-sender.xml").identifiers
    assert (identifiers.isbn, identifiers.invalid_isbn) == ([], ["9780000000000"])


def test_date_with_time_and_zone_gives_its_year() -> None:
    assert product(ONIX / "im_onix/bad_content_date_format.xml").year == 2013


def test_language_is_detected_only_when_the_product_has_none() -> None:
    stated = product(ONIX / "im_onix/9782752906700.xml", 4)
    detected = product(ONIX / "im_onix/reflowable.xml")
    assert (stated.languages, stated.language_detected) == (["fre"], False)
    assert (detected.languages, detected.language_detected) == (["fre"], True)


def test_datestamp_of_the_product_is_the_update_date() -> None:
    raw = changed(ELISA / "12/input.xml", lambda payload: payload.set("datestamp", "20240131T1200"))
    assert normalised(raw).updated == "2024-01-31"
    assert product(ELISA / "12/input.xml").updated is None


def test_contributor_names_that_are_only_punctuation_are_left_out() -> None:
    record = product(ONIX / "yob-onix/jul.xml", 119)  # PersonNameInverted "&lt;="
    assert people(record) == [("Heywood, Thomas", "author")]


def test_contributor_name_from_its_parts() -> None:
    record = normalised(changed(ELISA / "18/input.xml", remove(".//{*}Contributor/{*}PersonNameInverted")))
    assert people(record) == [
        ("Freud, Sigmund", "author"),
        ("Lång, Markus", "editor"),
        ("Jäppinen, Jarkko", "editor"),
    ]


def test_payload_that_is_not_an_element_is_rejected() -> None:
    raw = dataclasses.replace(raw_product(ELISA / "12/input.xml"), payload={"title": "x"})
    result = normalise_onix(raw)
    assert isinstance(result, Rejection)
    assert result.reason == "expected an lxml <Product> element, got dict"


def test_contributor_role_codes() -> None:
    record = normalised(
        changed(
            ELISA / "19/input.xml",
            set_text(".//{*}Contributor[{*}SequenceNumber='1']/{*}ContributorRole", "Z99"),
        )
    )
    assert record.contributors[0] == Contributor(name="Rudberg, Denise", role="contributor")


# --- nothing makes the normaliser raise -----------------------------------------------------------------

_NAMES = [
    "Product", "RecordReference", "NotificationType", "ProductIdentifier", "ProductIDType", "IDValue",
    "DescriptiveDetail", "ProductForm", "ProductFormDetail", "PrimaryContentType", "TitleDetail", "TitleType",
    "TitleElement", "TitleElementLevel", "TitleText", "Subtitle", "PartNumber", "Collection",
    "CollectionIdentifier", "CollectionIDType", "CollectionSequence", "CollectionSequenceNumber",
    "Contributor", "ContributorRole", "SequenceNumber", "PersonNameInverted", "KeyNames", "Language",
    "LanguageRole", "LanguageCode", "Extent", "ExtentType", "ExtentValue", "ExtentUnit", "Subject",
    "SubjectSchemeIdentifier", "SubjectCode", "SubjectHeadingText", "AudienceCode", "Audience",
    "AudienceCodeType", "AudienceCodeValue", "AudienceRange", "AudienceRangeQualifier",
    "AudienceRangePrecision", "AudienceRangeValue", "CollateralDetail", "TextContent", "TextType", "Text",
    "SupportingResource", "ResourceContentType", "ResourceVersion", "ResourceLink", "PublishingDetail",
    "Publisher", "PublishingRole", "PublisherName", "PublishingDate", "PublishingDateRole", "Date", "Title",
    "Series", "OtherText", "TextTypeCode", "MediaFile", "MediaFileTypeCode", "MediaFileLink",
    "a001", "a002", "b012", "b203", "b035", "b037", "descriptivedetail", "titledetail", "Unknown", "x999",
]  # fmt: skip
_CODES = ["01", "02", "03", "05", "09", "15", "16", "20", "A01", "E07", "AJ", "ED", "DG", "E101", "A103"]
_VALUES = [
    "9789515689009",
    "9790123456785",
    "1234-1231",
    "50000",
    "NaN",
    "-1",
    "1e400",
    "<p>x</p>",
    "&amp;",
    "",
]
_TEXTS = st.one_of(
    st.sampled_from(_CODES + _VALUES), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
)
_NAMESPACES = st.sampled_from(["", "{http://ns.editeur.org/onix/3.0/reference}"])


def _leaf(namespace: str, name: str, text: str) -> etree._Element:
    element = etree.Element(namespace + name)
    element.text = text
    return element


def _composite(namespace: str, name: str, parts: list[etree._Element]) -> etree._Element:
    element = etree.Element(namespace + name)
    element.extend(parts)
    return element


_ELEMENTS = st.recursive(
    st.builds(_leaf, _NAMESPACES, st.sampled_from(_NAMES), _TEXTS),
    lambda parts: st.builds(_composite, _NAMESPACES, st.sampled_from(_NAMES), st.lists(parts, max_size=6)),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ELEMENTS, max_size=8), _NAMESPACES)
def test_no_product_makes_the_normaliser_raise(parts: list[etree._Element], namespace: str) -> None:
    """Whatever the tree, the result is a record or a Rejection, and never one from the safety net that
    catches unexpected exceptions: every odd shape is handled on purpose."""
    payload = _composite(namespace, "Product", parts)
    raw = RawRecord("espoo", "feed.xml", 1, "onix3", payload, etree.tostring(payload))
    result = normalise_onix(raw)
    assert isinstance(result, NormalisedRecord | Rejection)
    if isinstance(result, Rejection):
        assert not result.reason.startswith("unexpected error"), result.reason


def test_normalising_is_fast() -> None:
    """Elisa's audiobook 18 has thirty subjects and three contributors; a thousand copies of it must
    normalise at well over 300 a second (langdetect is not involved: the product states its language)."""
    raw = raw_product(ELISA / "18/input.xml")
    started = time.perf_counter()
    for _ in range(1000):
        normalised(raw)
    assert 1000 / (time.perf_counter() - started) > 300


def test_title_prefix_is_left_out_of_the_title_as_it_files() -> None:
    # <TitleText>The Forgotten Garden</TitleText> <TitlePrefix>The</TitlePrefix> <TitleWithoutPrefix>…
    record = product(ONIX / "yob-onix/jul.xml")
    assert (record.title, record.sort_title) == ("The Forgotten Garden", "Forgotten Garden")
    no_prefix = product(ONIX / "im_onix/full_sample.xml")
    assert (no_prefix.title, no_prefix.sort_title) == ("Roseanna", None)
