from __future__ import annotations

import pymarc

from indexer.normalise.marc_fields import MarcFields, index_fields
from indexer.normalise.marc_subjects import classifications, genres, subjects
from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.record import Classification, RawRecord, Subject
from tests.conftest import REAL_DATA


def fields_of(name: str, position: int = 1) -> MarcFields:
    path = REAL_DATA / name
    reader = read_marcxml if path.suffix == ".xml" else read_marc21
    with path.open("rb") as stream:
        raws = [
            result
            for result in reader(stream, source="espoo", location=name)
            if isinstance(result, RawRecord)
        ]
    return index_fields(raws[position - 1].payload)


def test_finnish_vocabularies_with_language() -> None:
    found = subjects(fields_of("helmet-marcxml/curated/2297829.xml"))
    assert found[0] == Subject("Nicholson, Laurel (fiktiivinen hahmo)", None, None)  # 600 ind2 4: unnamed
    assert Subject("1940-luku", "kaunokki", "fin") in found
    assert Subject("salaisuudet", "kauno", "fin") in found
    assert Subject("Lontoo", "kaunokki", "fin") in found


def test_yso_in_finnish_and_ysa() -> None:
    found = subjects(fields_of("helmet-marcxml/curated/1769634.xml"))
    assert found[:5] == [
        Subject("1600-luku", "ysa", "fin"),
        Subject("1700-luku", "ysa", "fin"),
        Subject("1800-luku", "ysa", "fin"),
        Subject("1900-luku", "ysa", "fin"),
        Subject("hopeatyöt", "yso", "fin"),
    ]


def test_lcsh_and_mesh_from_the_indicator_with_subdivisions() -> None:
    assert subjects(fields_of("vufind/tests/data/journals.mrc")) == [
        Subject("Rational-emotive psychotherapy -- Periodicals", "lcsh", "eng"),
        Subject("Cognitive therapy -- Periodicals", "lcsh", "eng"),
        Subject("Psychotherapy -- periodicals", "mesh", "eng"),
    ]


def test_uncontrolled_terms_are_one_subject_each() -> None:
    found = subjects(fields_of("ruby-marc/non-numeric.xml"))
    assert Subject("Historiography", None, None) in found
    assert Subject("Essays", None, None) in found


def test_genres_from_655_in_order_without_repeats() -> None:
    assert genres(fields_of("helmet-marcxml/curated/2576727.xml")) == [
        "videopelit",
        "konsolipelit",
        "toimintapelit",
        "roolipelit",
        "yksinpelit",
        "seikkailupelit",
    ]


def test_ykl_shelving_words_are_not_classes_and_udc_keeps_its_auxiliary() -> None:
    assert classifications(fields_of("helmet-marcxml/curated/2371438.xml")) == [Classification("ykl", "84.2")]
    assert classifications(fields_of("helmet-marcxml/curated/2372028.xml")) == [
        Classification("ykl", "84.2"),
        Classification("udc", "820-3"),
    ]


def test_ddc_prime_marks_are_removed_and_lcc_is_the_class_number() -> None:
    assert classifications(fields_of("marc4j/chabon-loc.mrc")) == [
        Classification("ddc", "813.54"),
        Classification("lcc", "PS3553.H15"),
    ]


def test_084_without_a_source_is_left_out() -> None:
    record = pymarc.Record(
        fields=[
            pymarc.Field(tag="084", subfields=[pymarc.Subfield("a", "76.4")]),
            pymarc.Field(tag="084", subfields=[pymarc.Subfield("a", "K 123"), pymarc.Subfield("2", "rvk")]),
        ]
    )
    assert classifications(index_fields(record)) == [Classification("rvk", "K 123")]
