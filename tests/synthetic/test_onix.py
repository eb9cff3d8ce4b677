"""Generated ONIX messages are well-formed, and the project's ONIX reader and normaliser read the works."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from indexer.normalise import normalise
from indexer.read.formats import detect_format
from indexer.read.readers.onix import read_onix
from indexer.record import NormalisedRecord, RawRecord, Rejection
from synthetic.onix import (
    NAMESPACES,
    OnixWriter,
    Release,
    XmlElement,
    element,
    onix3_product,
    onix21_product,
    serialised,
    without,
)
from synthetic.works import Holding, WorkFactory, holdings

BUILDERS = {"3.0": onix3_product, "2.1": onix21_product}


@pytest.fixture(scope="module")
def books() -> list[Holding]:
    rng = random.Random(41)
    factory = WorkFactory(rng, kinds=["ebook", "eaudiobook"])
    made = [holdings(rng, factory.next_work(), ["kauniainen"])[0] for _ in range(200)]
    return made + holdings(rng, factory.next_work(), ["kauniainen"], deleted=True)


def write(path: Path, release: Release, products: list[XmlElement]) -> Path:
    with OnixWriter(path, release, sender="Test", sent=datetime(2024, 6, 1, 12)) as writer:
        for product in products:
            writer.write(product)
    return path


def read(path: Path) -> list[NormalisedRecord | Rejection]:
    with path.open("rb") as stream:
        return [
            normalise(item) if isinstance(item, RawRecord) else item
            for item in read_onix(stream, source="kauniainen", location=str(path))
        ]


@pytest.mark.parametrize("release", ["3.0", "2.1"])
def test_a_message_is_well_formed_onix_with_every_product(
    release: Release, books: list[Holding], tmp_path: Path
) -> None:
    path = write(tmp_path / "onix.xml", release, [BUILDERS[release](holding) for holding in books])
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{NAMESPACES[release]}}}ONIXMessage"
    assert root.get("release") == release
    assert len(root.findall(f"{{{NAMESPACES[release]}}}Product")) == len(books)
    assert detect_format(path.read_bytes()[:8192]) == ("onix3" if release == "3.0" else "onix21")


@pytest.mark.parametrize("release", ["3.0", "2.1"])
def test_the_harvester_reads_each_product_as_its_work(
    release: Release, books: list[Holding], tmp_path: Path
) -> None:
    path = write(tmp_path / "onix.xml", release, [BUILDERS[release](holding) for holding in books])
    records = read(path)
    assert len(records) == len(books)
    for holding, record in zip(books, records, strict=True):
        assert isinstance(record, NormalisedRecord), record
        work = holding.work
        assert (record.material_type, record.title, record.subtitle) == (
            work.material,
            work.title,
            holding.subtitle,
        )
        assert record.identifiers.isbn == ([] if work.number is None else [work.number.value])
        assert [(person.name, person.role) for person in record.contributors] == [
            (c.name, c.role) for c in work.credits
        ]
        assert record.languages == [work.language]
        assert record.original_language == work.original_language
        assert record.year == work.year
        assert record.description == work.description
        assert record.deleted == holding.deleted
    assert any(record.deleted for record in records if isinstance(record, NormalisedRecord))


def test_onix3_subjects_have_their_schemes(books: list[Holding], tmp_path: Path) -> None:
    path = write(tmp_path / "onix.xml", "3.0", [onix3_product(holding) for holding in books])
    for holding, record in zip(books, read(path), strict=True):
        assert isinstance(record, NormalisedRecord)
        yso = [subject.term for subject in record.subjects if subject.vocabulary == "yso"]
        assert yso == [topic.fin for topic in holding.topics]
        schemes = {classification.scheme for classification in record.classification}
        assert ("ykl" in schemes) == (holding.work.ykl is not None)
        assert ("thema" in schemes) == (holding.work.thema is not None)


@pytest.mark.parametrize(("release", "title"), [("3.0", "TitleDetail"), ("2.1", "Title")])
def test_a_product_without_its_title_is_rejected_and_reading_goes_on(
    release: Release, title: str, books: list[Holding], tmp_path: Path
) -> None:
    products = [BUILDERS[release](holding) for holding in books[:3]]
    path = write(tmp_path / "onix.xml", release, [products[0], without(products[1], title), products[2]])
    results = read(path)
    assert [type(result) for result in results] == [NormalisedRecord, Rejection, NormalisedRecord]


def test_serialised_elements_escape_their_text() -> None:
    text = serialised(element("Text", "Fish & chips <b>"), indent="")
    assert etree.fromstring(text).text == "Fish & chips <b>"
    assert serialised(element("MainSubject", ()), indent="") == "<MainSubject/>"
