"""Generated MARC records read by the project's own MARC reader and normaliser come out as the work."""

from __future__ import annotations

import io
import random
from dataclasses import replace

import pymarc
import pytest

from indexer.normalise import normalise
from indexer.read.readers.marc21 import read_marc21
from indexer.record import MUNICIPALITIES, NormalisedRecord, RawRecord
from synthetic.cataloguing import marc_record
from synthetic.marc import ControlField, DataField, iso2709
from synthetic.works import KINDS, Holding, Kind, WorkFactory, holdings


@pytest.fixture(scope="module")
def catalogued() -> list[Holding]:
    rng = random.Random(31)
    factory = WorkFactory(rng)
    return [holding for _ in range(250) for holding in holdings(rng, factory.next_work(), MUNICIPALITIES)]


def normalised(holding: Holding) -> NormalisedRecord:
    [raw] = read_marc21(
        io.BytesIO(iso2709(marc_record(holding))), source=holding.municipality, location="test"
    )
    assert isinstance(raw, RawRecord)
    result = normalise(raw)
    assert isinstance(result, NormalisedRecord), result
    return result


def test_every_kind_is_generated(catalogued: list[Holding]) -> None:
    assert {holding.work.kind for holding in catalogued} == set(KINDS)


def test_the_harvester_tells_the_material_of_every_record(catalogued: list[Holding]) -> None:
    for holding in catalogued:
        assert normalised(holding).material_type == holding.work.material


def test_the_harvester_reads_title_people_number_and_year(catalogued: list[Holding]) -> None:
    for holding in catalogued:
        record = normalised(holding)
        work = holding.work
        assert (record.source_id, record.title, record.subtitle) == (
            holding.record_id,
            work.title,
            holding.subtitle,
        )
        assert record.year == work.year
        people = {(person.name, person.role) for person in record.contributors}
        assert {(credit.name, credit.role) for credit in work.credits} <= people
        found = (
            record.identifiers.isbn
            + record.identifiers.issn
            + record.identifiers.ismn
            + record.identifiers.ean
        )
        assert [number.replace("-", "") for number in found] == (
            [] if work.number is None else [work.number.value]
        )
        assert [link.url for link in record.links] == [holding.url]


def test_008_has_its_40_positions_whatever_the_material(catalogued: list[Holding]) -> None:
    for holding in catalogued:
        [fixed] = [
            f.data for f in marc_record(holding).fields if isinstance(f, ControlField) and f.tag == "008"
        ]
        assert len(fixed) == 40
        assert (fixed[7:11], fixed[35:38]) == (str(holding.work.year), holding.work.language)


def test_subjects_carry_yso_ids_only_where_known(catalogued: list[Holding]) -> None:
    for holding in catalogued[:200]:
        for field in marc_record(holding).fields:
            if isinstance(field, DataField) and field.tag in ("650", "651"):
                codes = dict(field.subfields)
                topic = next(
                    t for t in (*holding.topics, *holding.work.places) if codes["a"] in (t.fin, t.swe)
                )
                assert codes.get("0") == (
                    None if topic.yso_id is None else f"http://www.yso.fi/onto/yso/{topic.yso_id}"
                )


def test_relators_are_written_as_terms_and_codes(catalogued: list[Holding]) -> None:
    for holding in catalogued[:200]:
        names = [
            f
            for f in marc_record(holding).fields
            if isinstance(f, DataField) and f.tag in ("100", "110", "700")
        ]
        for field in names:
            codes = [code for code, _ in field.subfields]
            assert codes == ["a", "e", "4"]


def test_isbd_punctuation_ends_the_title_subfields() -> None:
    rng = random.Random(32)
    factory = WorkFactory(rng, kinds=["ebook"])
    work = next(work for work in iter(factory.next_work, None) if work.subtitle)
    holding = replace(holdings(rng, work, ["espoo"])[0], isbd_punctuation=True)
    title = next(f for f in marc_record(holding).fields if f.tag == "245")
    assert isinstance(title, DataField)
    (a, title_proper), (b, subtitle), (c, responsibility) = title.subfields
    assert (a, b, c) == ("a", "b", "c")
    assert (title_proper, subtitle) == (f"{work.title} :", f"{work.subtitle} /")
    assert responsibility.endswith(".")


def test_a_record_catalogued_in_swedish_uses_swedish_terms(catalogued: list[Holding]) -> None:
    holding = next(holding for holding in catalogued if holding.catalogued_in_swedish)
    record = pymarc.Record(data=iso2709(marc_record(holding)), force_utf8=True)
    assert record["040"]["b"] == "swe"
    assert record["338"]["a"] == "onlineresurs"
    assert {field["2"] for field in record.get_fields("650")} == {"yso/swe"}


@pytest.mark.parametrize("kind", ["ebook", "eaudiobook", "emagazine", "recording", "score", "course"])
def test_a_deleted_holding_says_so_in_leader_05(kind: Kind) -> None:
    rng = random.Random(33)
    holding = holdings(rng, WorkFactory(rng, kinds=[kind]).next_work(), ["vantaa"], deleted=True)[0]
    assert marc_record(holding).leader[5] == "d"
    assert normalised(holding).deleted
