from __future__ import annotations

from pathlib import Path

from lxml import etree

from indexer.normalise.onix_elements import Node, child
from indexer.normalise.onix_subjects import Topics, topics
from indexer.read.readers.onix import read_onix
from indexer.record import Classification, Subject
from tests.conftest import REAL_DATA

ONIX = REAL_DATA / "onix"


def topics_of(path: Path) -> Topics:
    with path.open("rb") as stream:
        (raw,) = read_onix(stream, source="espoo", location=path.name)
    product = Node(raw.payload)
    return topics(child(product, "DescriptiveDetail") or product)


def test_finnish_vocabularies_keywords_and_classification() -> None:
    found = topics_of(ONIX / "elisa/transform/18/input.xml")
    assert found.classification == [Classification("ykl", "14.45"), Classification("thema", "JMT")]
    assert found.subjects[:3] == [
        Subject("tietokirjallisuus", None, None),  # a retailer's own product group (scheme 24)
        Subject("Huumori", "keywords", None),
        Subject("Psykoanalyysi", "keywords", None),
    ]
    assert Subject("psykoanalyyttiset teoriat", "ysa", "fin") in found.subjects
    assert Subject("huumori", "ysa", "fin") in found.subjects  # keyword "Huumori" and YSA "huumori" both kept
    assert found.genres == []


def test_keywords_in_one_heading_and_finnish_fiction_genres() -> None:
    found = topics_of(ONIX / "melinda-onix/convert-product/01/input.xml")
    assert [subject.term for subject in found.subjects] == ["teknologia", "tulevaisuus", "Internet"]
    assert {subject.vocabulary for subject in found.subjects} == {"keywords"}
    assert found.genres == ["scifi"]
    assert found.classification == []  # scheme 73 is a trade category, not a classification we keep


def test_coded_scheme_with_heading_text_gives_both() -> None:
    found = topics_of(ONIX / "im_onix/audio1.xml")
    assert found.classification == [
        Classification("clil", "2312"),
        Classification("bisac", "FIC000000"),
        Classification("clil", "3442"),
    ]
    assert found.subjects == [Subject("Romans contemporains", "clil", None), Subject("Romans", "clil", None)]


def test_onix_2_1_main_subjects() -> None:
    found = topics_of(ONIX / "im_onix/onix2.xml")
    assert found.classification == [
        Classification("ddc", "150"),
        Classification("clil", "3080"),
        Classification("bisac", "SOC000000"),
    ]
    assert found.subjects == [Subject("Psychologie", "keywords", None)]


def test_repeated_subjects_are_kept_once() -> None:
    subject = (
        "<Subject><SubjectSchemeIdentifier>71</SubjectSchemeIdentifier>"
        "<SubjectHeadingText>rakkaus</SubjectHeadingText></Subject>"
    )
    bic = "<Subject><b067>12</b067><b069>FA</b069></Subject>"
    found = topics(
        Node(etree.fromstring(f"<DescriptiveDetail>{subject}{subject}{bic}{bic}</DescriptiveDetail>"))
    )
    assert found == Topics([Subject("rakkaus", "yso", "fin")], [], [Classification("bic", "FA")])
