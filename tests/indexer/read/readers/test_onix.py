from __future__ import annotations

import io
import itertools
import random
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from indexer.normalise.onix import normalise_onix
from indexer.read.readers.onix import _PRODUCT_END, _detached, _split_after_products, read_onix
from indexer.record import NormalisedRecord, RawRecord, Rejection
from tests.conftest import REAL_DATA

ONIX = REAL_DATA / "onix"
JUL = ONIX / "yob-onix/jul.xml"
JUL_PRODUCTS = 238


def read_bytes(data: bytes) -> list[RawRecord | Rejection]:
    return list(read_onix(io.BytesIO(data), source="vantaa", location="feed.xml"))


def read_path(path: Path) -> list[RawRecord | Rejection]:
    return read_bytes(path.read_bytes())


def records(items: list[RawRecord | Rejection]) -> list[RawRecord]:
    return [item for item in items if isinstance(item, RawRecord)]


def rejections(items: list[RawRecord | Rejection]) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]


def only_record(path: Path) -> RawRecord:
    (item,) = read_path(path)
    assert isinstance(item, RawRecord)
    return item


def text_of(record: RawRecord, local_name: str) -> str | None:
    """The first element of that local name (any namespace) in the product the reader handed on."""
    found = record.payload.find(f".//{{*}}{local_name}")
    return None if found is None else "".join(found.itertext())


# Every ONIX file of the real data: products read, rejections, and the release of what was read.
# Measured; SOURCES.md lists the files and what is odd about them.
REAL_FILES = [
    ("elisa/transform/01/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/02/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/03/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/04/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/05/input.xml", 0, 1, set()),  # "foo": not XML at all
    ("elisa/transform/06/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/08/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/10/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/12/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/14/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/16/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/18/input.xml", 1, 0, {"onix3"}),
    ("elisa/transform/19/input.xml", 1, 0, {"onix3"}),
    ("im_onix/9782707154298.xml", 1, 0, {"onix3"}),
    ("im_onix/9782752906700.xml", 4, 0, {"onix3"}),
    ("im_onix/audio1.xml", 1, 0, {"onix3"}),
    ("im_onix/bad_content_date_format.xml", 1, 0, {"onix3"}),
    ("im_onix/fixed_layout.xml", 1, 0, {"onix3"}),
    ("im_onix/full-sender.xml", 1, 0, {"onix3"}),
    ("im_onix/full_sample.xml", 1, 0, {"onix3"}),
    ("im_onix/illustrations.xml", 4, 0, {"onix3"}),
    ("im_onix/onix2.xml", 1, 0, {"onix21"}),
    ("im_onix/onix2_product.xml", 1, 0, {"onix21"}),
    ("im_onix/reflowable.xml", 1, 0, {"onix3"}),
    ("im_onix/short.xml", 1, 0, {"onix3"}),
    ("im_onix/streaming.xml", 1, 0, {"onix3"}),
    ("im_onix/test_collection.xml", 0, 1, set()),  # a bare <Collection>
    ("im_onix/test_wiley_data.xml", 1, 0, {"onix21"}),
    ("melinda-onix/convert-product/01/input.xml", 1, 0, {"onix3"}),
    ("melinda-onix/convert-product/02/input.xml", 1, 0, {"onix3"}),
    ("onixcheck/invalid_google_onix_3.xml", 1, 0, {"onix3"}),
    ("onixcheck/invalid_onix3_ref.xml", 1, 0, {"onix3"}),
    ("onixcheck/invalid_onix_root.xml", 0, 1, set()),  # <ONIXMESAGE>
    ("onixcheck/valid_google_onix_3.xml", 1, 0, {"onix3"}),
    ("onixcheck/valid_onix2_ref.xml", 1, 0, {"onix21"}),
    ("onixcheck/valid_onix3_ref.xml", 1, 0, {"onix3"}),
    ("onixcheck/valid_onix3_ref_ns.xml", 1, 0, {"onix3"}),
    ("onixcheck/valid_onix3_short.xml", 1, 0, {"onix3"}),
    ("onixcheck/win_console_issue.xml", 1, 0, {"onix3"}),
    ("yob-onix/9780194351898.xml", 1, 0, {"onix21"}),
    ("yob-onix/aau.xml", 1, 0, {"onix21"}),
    ("yob-onix/control_chars.xml", 1, 0, {"onix21"}),
    ("yob-onix/entities.xml", 1, 0, {"onix21"}),
    ("yob-onix/extra_entities.xml", 1, 0, {"onix21"}),
    ("yob-onix/iso_8859_1.xml", 1, 0, {"onix21"}),
    ("yob-onix/jul.xml", JUL_PRODUCTS, 0, {"onix21"}),
    ("yob-onix/no_encoding.xml", 1, 0, {"onix21"}),
    ("yob-onix/no_xml_declaration.xml", 1, 0, {"onix21"}),
    ("yob-onix/product_invalid_pubdate.xml", 1, 0, {"onix21"}),
    ("yob-onix/rba_FANT.xml", 1, 0, {"onix21"}),
    ("yob-onix/reference_with_release_attrib.xml", 1, 0, {"onix21"}),
    ("yob-onix/short_tags.xml", 1, 0, {"onix21"}),
    ("yob-onix/short_tags_ivp.xml", 1, 0, {"onix21"}),
    ("yob-onix/sl_product.xml", 1, 0, {"onix21"}),
    ("yob-onix/two_products.xml", 2, 0, {"onix21"}),
    ("yob-onix/usd.xml", 1, 0, {"onix21"}),
    ("yob-onix/utf_16.xml", 1, 0, {"onix21"}),
]


def test_the_table_covers_every_onix_file() -> None:
    on_disk = {str(path.relative_to(ONIX)) for path in ONIX.rglob("*.xml")}
    assert on_disk == {name for name, *_ in REAL_FILES}


@pytest.mark.parametrize(("name", "products", "rejected", "releases"), REAL_FILES)
def test_products_read_from_every_real_file(
    name: str, products: int, rejected: int, releases: set[str]
) -> None:
    items = read_path(ONIX / name)
    assert (len(records(items)), len(rejections(items))) == (products, rejected)
    assert {record.format for record in records(items)} == releases
    assert [record.position for record in records(items)] == list(range(1, products + 1))


def test_record_reference_position_and_raw_xml() -> None:
    items = read_path(ONIX / "yob-onix/two_products.xml")
    first, second = records(items)
    assert (first.id_hint, first.position, second.id_hint, second.position) == (
        "365-9780194351898",
        1,
        "9780754672326",
        2,
    )
    assert first.source == "vantaa"
    assert first.location == "feed.xml"
    assert etree.fromstring(second.raw).findtext("RecordReference") == "9780754672326"
    assert not first.deleted


def test_payload_survives_the_reader_clearing_what_it_has_read() -> None:
    items = records(read_path(JUL))
    assert text_of(items[0], "TitleText") == "The Forgotten Garden"
    assert text_of(items[-1], "RecordReference") == items[-1].id_hint
    assert all(len(record.payload) > 3 for record in items)


REFERENCE_NS = "http://ns.editeur.org/onix/3.0/reference"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _message(declarations: str, prefix: str = "", markup_prefix: str = "") -> bytes:
    """A message of two products whose description is XHTML in the ONIX or another namespace."""
    o, h = f"{prefix}:" if prefix else "", f"{markup_prefix}:" if markup_prefix else ""
    product = (
        f'<{o}Product datestamp="20240131"><{o}RecordReference>r</{o}RecordReference>'
        f"<{o}DescriptiveDetail><{o}ProductForm>EB</{o}ProductForm><{o}TitleDetail><{o}TitleType>01"
        f"</{o}TitleType><{o}TitleElement><{o}TitleElementLevel>01</{o}TitleElementLevel><{o}TitleText>T"
        f"</{o}TitleText></{o}TitleElement></{o}TitleDetail></{o}DescriptiveDetail><{o}CollateralDetail>"
        f'<{o}TextContent><{o}TextType>03</{o}TextType><{o}Text textformat="05"><{h}p>One<{h}i>s</{h}i>'
        f"</{h}p><{h}p>Two</{h}p></{o}Text></{o}TextContent></{o}CollateralDetail></{o}Product>\n"
    )
    return f'<{o}ONIXMessage release="3.0" {declarations}>\n{product}{product}</{o}ONIXMessage>'.encode()


@pytest.mark.parametrize(
    ("data", "description"),
    [
        # XHTML in the message's default namespace or under a prefix: paragraphs are read as paragraphs.
        (_message(f'xmlns="{REFERENCE_NS}"'), "Ones Two"),
        (_message(f'xmlns="{REFERENCE_NS}" xmlns:h="{XHTML_NS}"', markup_prefix="h"), "Ones Two"),
        (_message(f'xmlns:o="{REFERENCE_NS}"', prefix="o", markup_prefix="o"), "Ones Two"),
        # One namespace under two prefixes: the product is copied rather than moved, keeping both.
        (_message(f'xmlns="{REFERENCE_NS}" xmlns:o="{REFERENCE_NS}"', markup_prefix="o"), "Ones Two"),
        (_message(f'xmlns="{REFERENCE_NS}" xmlns:o="{REFERENCE_NS}"', prefix="o"), "Ones Two"),
    ],
)
def test_payload_is_a_tree_of_its_own_with_the_prefixes_as_written(data: bytes, description: str) -> None:
    # What matters here is that the payload reads as the document does, however it was made.
    original = etree.fromstring(data)[0]
    first, second = records(read_bytes(data))
    assert first.payload.getparent() is None
    assert [(element.tag, element.prefix, element.text) for element in first.payload.iter()] == [
        (element.tag, element.prefix, element.text) for element in original.iter()
    ]
    assert first.payload.get("datestamp") == "20240131"
    for record in (first, second):
        normalised = normalise_onix(record)
        assert isinstance(normalised, NormalisedRecord)
        assert normalised.description == description


@given(
    st.lists(
        st.sampled_from(["</", "<", "Product", "product", "roduct", "P", ">", " ", "\n", "o:", "a.b-c:", ":"])
        | st.text(max_size=3),
        max_size=20,
    )
)
def test_text_is_cut_after_every_product_closing_tag_and_nowhere_else(parts: list[str]) -> None:
    text = "".join(parts)
    pieces = list(_split_after_products(text))
    expected = [match.end() for match in _PRODUCT_END.finditer(text)]
    if text and (not expected or expected[-1] < len(text)):
        expected.append(len(text))  # the rest after the last product
    assert "".join(pieces) == text
    assert list(itertools.accumulate(map(len, pieces))) == expected


def test_short_tags_are_read_with_their_record_reference() -> None:
    record = only_record(ONIX / "yob-onix/short_tags.xml")
    assert record.id_hint == "160258186X"
    assert text_of(record, "b203") == "The Acts of the Apostles"


def test_short_tags_in_onix_3() -> None:
    record = only_record(ONIX / "im_onix/short.xml")
    assert (record.format, record.id_hint) == ("onix3", "com.globalbookinfo.onix.01734529")


def test_bare_product_release_is_told_from_its_blocks() -> None:
    assert only_record(ONIX / "melinda-onix/convert-product/01/input.xml").format == "onix3"
    assert only_record(ONIX / "im_onix/onix2_product.xml").format == "onix21"


def test_file_that_is_not_xml_is_one_rejection() -> None:
    (rejection,) = read_path(ONIX / "elisa/transform/05/input.xml")
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("not an XML file: Start tag expected")
    assert (rejection.position, rejection.record_id, rejection.raw) == (None, None, b"foo")


@pytest.mark.parametrize(
    ("name", "root"),
    [("onixcheck/invalid_onix_root.xml", "ONIXMESAGE"), ("im_onix/test_collection.xml", "Collection")],
)
def test_file_with_another_root_is_one_rejection(name: str, root: str) -> None:
    (rejection,) = read_path(ONIX / name)
    assert isinstance(rejection, Rejection)
    assert (
        rejection.reason == f"not an ONIX file: the root element is <{root}>, not <ONIXMessage> or <Product>"
    )


@pytest.mark.parametrize("data", [b"", b"   \n", b"\xef\xbb\xbf"])
def test_empty_file_is_one_rejection(data: bytes) -> None:
    (rejection,) = read_bytes(data)
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("not an XML file")


def test_latin_1_bytes_in_a_file_without_declaration_are_read_as_latin_1() -> None:
    # The file says nothing of its encoding; byte A1 is not UTF-8, and as ISO-8859-1 it is '¡'. (The
    # feed came from a DOS code page where A1 is 'í'; no reader can know that.)
    for name in ("yob-onix/no_xml_declaration.xml", "yob-onix/aau.xml"):
        assert text_of(only_record(ONIX / name), "PersonNameInverted") == "Melo,Patr\xa1cia"


def test_declared_and_byte_order_marked_encodings() -> None:
    latin_1 = only_record(ONIX / "yob-onix/iso_8859_1.xml")
    utf_16 = only_record(ONIX / "yob-onix/utf_16.xml")
    assert text_of(latin_1, "PersonNameInverted") == text_of(utf_16, "PersonNameInverted") == "Küng, Hans"
    assert only_record(ONIX / "onixcheck/valid_onix3_ref.xml").id_hint == "org.john-doe.some-id"  # UTF-8 BOM


def test_html_entities_are_read_as_characters() -> None:
    with_dtd = only_record(ONIX / "yob-onix/entities.xml")
    without_dtd = only_record(ONIX / "yob-onix/extra_entities.xml")
    assert text_of(with_dtd, "TitleText") == "High Noon–in Nimbin"
    assert text_of(without_dtd, "TitleText") == "Ipod® & Itunes® for Dummies®, 4th Edition"


def test_control_characters_are_dropped() -> None:
    record = only_record(ONIX / "yob-onix/control_chars.xml")
    assert text_of(record, "TitleText") == "OXFORDPICTURE DICTIONARY CHINESE"


def test_file_cut_inside_a_product() -> None:
    data = JUL.read_bytes()
    cut = len(data) // 2
    complete = data[:cut].count(b"</Product>")
    items = read_bytes(data[:cut])
    assert len(records(items)) == complete
    (rejection,) = rejections(items)
    assert rejection.position == complete + 1
    assert rejection.reason.startswith("the file ends inside this product, which is cut off")
    assert rejection.raw.startswith(b"<Product>")


def test_file_cut_between_products() -> None:
    data = JUL.read_bytes()
    cut = data.index(b"</Product>", len(data) // 2) + len(b"</Product>")
    items = read_bytes(data[:cut])
    assert len(records(items)) == data[:cut].count(b"</Product>")
    (rejection,) = rejections(items)
    assert rejection.position is None
    assert "Premature end of data in tag ONIXMessage" in rejection.reason


def test_a_stray_closing_tag_does_not_cost_the_rest_of_the_file() -> None:
    # libxml2's recovery closes the message at the stray </Product>; a new parser takes over.
    data = JUL.read_bytes()
    end = data.index(b"</Product>") + len(b"</Product>")
    items = read_bytes(data[:end] + b"</Product>" + data[end:])
    assert len(records(items)) == JUL_PRODUCTS
    (rejection,) = rejections(items)
    assert rejection.reason.startswith("the XML is damaged after product 1: Opening and ending tag mismatch")
    assert rejection.reason.endswith("reading resumed at the next product")
    assert [record.position for record in records(items)] == list(range(1, JUL_PRODUCTS + 1))


def test_a_parser_that_gives_up_is_replaced() -> None:
    # A damaged start tag in the header makes libxml2 stop parsing, silently; the first product goes
    # with it, the second is read by the parser that takes over.
    data = (ONIX / "yob-onix/two_products.xml").read_bytes()
    broken = data.replace(b"<Header>", b"<\x80Header>", 1)
    rejection, record = read_bytes(broken)
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith(
        "the XML is damaged before any product: StartTag: invalid element name"
    )
    assert isinstance(record, RawRecord)
    assert record.id_hint == "9780754672326"


def test_closing_tag_in_a_comment_does_not_disturb_reading() -> None:
    data = (ONIX / "yob-onix/two_products.xml").read_bytes()
    start = data.index(b"<Product>")
    items = read_bytes(data[:start] + b"<!-- was: </Product> -->\n" + data[start:])
    assert [item.id_hint for item in records(items)] == ["365-9780194351898", "9780754672326"]
    assert not rejections(items)


def test_a_damaged_product_is_rejected_with_the_parser_s_words() -> None:
    data = JUL.read_bytes()
    start = data.index(b"<Product>", data.index(b"<Product>") + 1)  # the second product
    broken = data[:start] + data[start:].replace(b"</TitleText>", b"</TitleTxet>", 1)
    items = read_bytes(broken)
    (rejection,) = rejections(items)
    assert rejection.position == 2
    assert rejection.record_id == "8888028722"
    assert rejection.reason.startswith("the XML of this product is damaged: Opening and ending tag mismatch")
    assert len(records(items)) == JUL_PRODUCTS - 1


@pytest.mark.parametrize("seed", range(8))
def test_flipped_bytes_never_stop_the_reader(seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(JUL.read_bytes())
    for _ in range(20):
        data[rng.randrange(len(data))] = rng.randrange(256)
    items = read_bytes(bytes(data))
    assert all(isinstance(item, RawRecord | Rejection) for item in items)
    # Twenty damaged spots cost a few products each at worst, never the rest of the file.
    assert len(records(items)) >= JUL_PRODUCTS - 60
    positions = [item.position for item in items if item.position is not None]
    assert positions == sorted(positions)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE ONIXMessage [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ONIXMessage release="2.1"><Product><RecordReference>bomb</RecordReference>
<Title><TitleType>01</TitleType><TitleText>&lol9;</TitleText></Title></Product></ONIXMessage>
"""


@pytest.mark.timeout(10)
def test_billion_laughs_is_refused_without_expanding_it() -> None:
    # libxml2 stops at the declarations (entities are never substituted here, but their amplification
    # is still measured): the whole file is one rejection, quickly.
    started = time.monotonic()
    (rejection,) = read_bytes(BILLION_LAUGHS)
    assert isinstance(rejection, Rejection)
    assert "Maximum entity amplification factor exceeded" in rejection.reason
    assert b"lollol" not in rejection.raw
    assert time.monotonic() - started < 2


def test_external_entity_is_not_read() -> None:
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    data = b"""<?xml version="1.0"?>
<!DOCTYPE ONIXMessage [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<ONIXMessage><Product><RecordReference>xxe</RecordReference>
<Title><TitleType>01</TitleType><TitleText>&x;</TitleText></Title></Product></ONIXMessage>"""
    (record,) = read_bytes(data)
    assert isinstance(record, RawRecord)
    assert passwd.encode() not in record.raw
    assert passwd not in "".join(record.payload.itertext())
    assert b"&x;" in record.raw


class _CountingStream(io.RawIOBase):
    """A non-seekable stream that counts what was read from it, like a download."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.consumed += len(chunk)
        return len(chunk)


def test_products_are_handed_on_before_the_file_is_read_to_its_end() -> None:
    data = JUL.read_bytes()
    stream = _CountingStream(data)
    items = read_onix(io.BufferedReader(stream), source="vantaa", location="jul.xml")
    first = next(items)
    assert isinstance(first, RawRecord)
    assert stream.consumed < len(data) / 4
    assert 1 + sum(1 for _ in items) == JUL_PRODUCTS


def test_reading_is_fast() -> None:
    """Several thousand products a second: a feed of twenty times jul.xml (4,998 products of an average
    4 KB) must take well under the five seconds 1,000 products a second would."""
    data = JUL.read_bytes()
    body = data[data.index(b"<Product>") : data.rindex(b"</ONIXMessage>")]
    feed = data.replace(b"</ONIXMessage>", body * 20 + b"</ONIXMessage>")
    started = time.perf_counter()
    count = sum(1 for _ in read_bytes(feed))
    assert count == JUL_PRODUCTS * 21
    assert count / (time.perf_counter() - started) > 1000


def test_a_product_whose_namespace_uri_is_damaged_is_still_detached() -> None:
    """Found by the mutation fuzzer: the recovering parser keeps a namespace URI such as
    'http://www.editeur.org/onix/3.0/reference# release=', which lxml refuses on a new element; moving the
    product under a new root raised ValueError out of the reader."""
    damaged = (
        b'<Product xmlns="http://www.editeur.org/onix/3.0/reference# release=">'
        b"<RecordReference>a1</RecordReference></Product>"
    )
    product = etree.fromstring(
        damaged, etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    )
    with pytest.raises(ValueError, match="Invalid namespace URI"):
        etree.Element(product.tag, nsmap=product.nsmap)
    detached = _detached(product)
    assert [etree.QName(child).localname for child in detached] == ["RecordReference"]
    assert detached.getroottree().getroot() is detached
