"""Format detection on every real file, checked against what tests/data/real/SOURCES.md says each file is."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.read.formats import HEAD_SIZE, detect_format
from indexer.record import RecordFormat
from tests.conftest import REAL_DATA

# Where SOURCES.md's one-word format column does not settle the answer, and why.
DISAGREEMENTS: dict[str, RecordFormat | None] = {
    # Bare ONIX 3.0 <Product>s without release or namespace: told by their <DescriptiveDetail>.
    "onix/melinda-onix/convert-product/01/input.xml": "onix3",
    "onix/melinda-onix/convert-product/02/input.xml": "onix3",
    # Misspelt root element <ONIXMESAGE>: not an ONIX message.
    "onix/onixcheck/invalid_onix_root.xml": None,
    # A bare ONIX <Collection> fragment and Aleph's legacy oai_marc schema: no records of ours (0 in SOURCES).
    "onix/im_onix/test_collection.xml": None,
    "natlibfi/marc-record-serializers/oai-marcxml/2RecordsFrom": None,
}


def documented_formats() -> dict[str, RecordFormat | None]:
    """file → expected format, from the tables in SOURCES.md (file | format | records | notes)."""
    expected: dict[str, RecordFormat | None] = {}
    for line in (REAL_DATA / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = line.strip().strip("|").split(" | ", 3)
        if len(cells) == 4 and (REAL_DATA / cells[0].strip()).is_file():
            path, kind, _, notes = (cell.strip() for cell in cells)
            expected[path] = DISAGREEMENTS[path] if path in DISAGREEMENTS else _from_table(path, kind, notes)
    return expected


def _from_table(path: str, kind: str, notes: str) -> RecordFormat | None:
    if kind == "ISO 2709":
        return "marc21"
    if kind == "MARCXML":
        return "marcxml"
    if kind.startswith("ONIX"):
        return "onix3" if "release=3.0" in notes or " ns" in notes else "onix21"
    if kind == "JSON" and "helmet-sierra-json" in path:
        return "sierra_json"
    return None  # other JSON (MARC-in-JSON, Melinda output), text exports, Aleph sequential, junk


EXPECTED = documented_formats()


def head_of(relative: str) -> bytes:
    with (REAL_DATA / relative).open("rb") as stream:
        return stream.read(HEAD_SIZE)


def test_every_real_file_is_documented() -> None:
    on_disk = {str(path.relative_to(REAL_DATA)) for path in REAL_DATA.rglob("*") if path.is_file()}
    assert on_disk - {"SOURCES.md"} == set(EXPECTED)


@pytest.mark.parametrize(("relative", "expected"), sorted(EXPECTED.items()), ids=sorted(EXPECTED))
def test_the_format_of_each_real_file_is_told_from_its_head(
    relative: str, expected: RecordFormat | None
) -> None:
    assert detect_format(head_of(relative)) == expected


def test_helmets_zero_record_length_is_still_iso_2709() -> None:
    head = head_of("marc4j/summerland.mrc")
    assert detect_format(b"00000" + head[5:]) == "marc21"


def test_text_that_starts_with_digits_is_not_iso_2709() -> None:
    # Aleph sequential: every line starts with a 9-digit system number.
    assert detect_format(head_of("natlibfi/marc-record-serializers/aleph-sequential/load-test")) is None


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("helmet-marcxml/curated/2360958.xml", "marcxml"),
        ("natlibfi/helmet-sierra-json/transform/07/input.json", "sierra_json"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_byte_order_marks_and_utf16_are_understood(
    relative: str, expected: RecordFormat, encoding: str
) -> None:
    text = (REAL_DATA / relative).read_text(encoding="utf-8")
    encoded = text.encode(encoding)
    if encoding == "utf-16-be":
        encoded = codecs.BOM_UTF16_BE + encoded
    assert detect_format(encoded[:HEAD_SIZE]) == expected


def test_a_latin1_onix_file_without_declaration_is_onix() -> None:
    assert detect_format(head_of("onix/yob-onix/no_xml_declaration.xml")) == "onix21"


def test_xml_that_is_neither_marc_nor_onix_is_none() -> None:
    assert detect_format(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>') is None


@given(st.binary(max_size=HEAD_SIZE))
def test_any_bytes_give_a_format_or_none_without_raising(head: bytes) -> None:
    assert detect_format(head) in (None, "marc21", "marcxml", "sierra_json", "onix3", "onix21")


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("marc4j/OCLC_814388508.xml", "marcxml"),
        ("pymarc/marc.dat", "marc21"),
        ("onix/im_onix/9782752906700.xml", "onix3"),
        ("natlibfi/helmet-sierra-json/transform/20/input.json", "sierra_json"),
    ],
)
@given(cut=st.integers(min_value=0, max_value=HEAD_SIZE))
def test_a_truncated_head_never_gives_a_wrong_format(relative: str, expected: RecordFormat, cut: int) -> None:
    assert detect_format(head_of(relative)[:cut]) in (expected, None)


OAI_PAGE = (
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record>'
    "<header{status}><identifier>oai:helmet.fi:2297829</identifier></header>{metadata}"
    "</record></ListRecords></OAI-PMH>"
)


def test_a_saved_oai_page_of_deletions_only_is_read_as_marcxml() -> None:
    """A harvest of deltas may save a page holding nothing but deleted headers: those deletions count."""
    deletions = OAI_PAGE.format(status=' status="deleted"', metadata="")
    assert detect_format(deletions.encode()) == "marcxml"
    dublin_core = (
        '<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"/></metadata>'
    )
    assert detect_format(OAI_PAGE.format(status="", metadata=dublin_core).encode()) is None
    mixed = OAI_PAGE.format(status=' status="deleted"', metadata=dublin_core)
    assert detect_format(mixed.encode()) is None, "another metadata format: not ours"
