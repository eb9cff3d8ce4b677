from __future__ import annotations

import io
import random
from pathlib import Path

import pymarc
import pytest

from indexer.record import MUNICIPALITIES
from synthetic.cataloguing import marc_record
from synthetic.marc import (
    MARC21_SLIM_NAMESPACE,
    ControlField,
    DataField,
    Iso2709Writer,
    MarcRecord,
    MarcXmlWriter,
    iso2709,
    marcxml,
)
from synthetic.works import WorkFactory, holdings
from tests.synthetic.feed_contents import marcxml_records


@pytest.fixture(scope="module")
def records() -> list[MarcRecord]:
    """Records of every kind, catalogued in Finnish and Swedish, with and without ISBD punctuation."""
    rng = random.Random(21)
    factory = WorkFactory(rng)
    return [
        marc_record(holding)
        for _ in range(150)
        for holding in holdings(rng, factory.next_work(), MUNICIPALITIES)
    ]


def as_pymarc(record: MarcRecord) -> pymarc.Record:
    fields = [
        pymarc.Field(tag=field.tag, data=field.data)
        if isinstance(field, ControlField)
        else pymarc.Field(
            tag=field.tag,
            indicators=pymarc.Indicators(*field.indicators),
            subfields=[pymarc.Subfield(code, value) for code, value in field.subfields],
        )
        for field in record.fields
    ]
    return pymarc.Record(leader=record.leader, fields=fields, force_utf8=True)


def test_iso2709_is_byte_for_byte_what_pymarc_writes(records: list[MarcRecord]) -> None:
    for record in records:
        assert iso2709(record) == as_pymarc(record).as_marc()


def test_marcxml_reads_back_as_the_same_record(records: list[MarcRecord]) -> None:
    for record in records[:200]:
        document = f'<collection xmlns="{MARC21_SLIM_NAMESPACE}">{marcxml(record)}</collection>'
        [parsed] = marcxml_records(io.BytesIO(document.encode()))
        assert parsed.as_marc() == iso2709(record)


def test_text_that_xml_must_escape_survives() -> None:
    record = MarcRecord(
        "00000nam a2200000 i 4500", (DataField("245", "10", (("a", 'Fish & chips <"quoted">'),)),)
    )
    document = f'<collection xmlns="{MARC21_SLIM_NAMESPACE}">{marcxml(record)}</collection>'
    [parsed] = marcxml_records(io.BytesIO(document.encode()))
    assert parsed["245"]["a"] == 'Fish & chips <"quoted">'


def test_the_writers_stream_records_into_files_pymarc_reads(
    records: list[MarcRecord], tmp_path: Path
) -> None:
    with Iso2709Writer(tmp_path / "x.mrc") as binary, MarcXmlWriter(tmp_path / "x.xml") as xml:
        for record in records:
            binary.write(record)
            xml.write(record)
    with (tmp_path / "x.mrc").open("rb") as stream:
        from_binary = list(pymarc.MARCReader(stream, to_unicode=True, force_utf8=True))
    from_xml = marcxml_records(str(tmp_path / "x.xml"))
    assert binary.records == xml.records == len(from_binary) == len(from_xml) == len(records)
    assert [record.as_marc() for record in from_binary] == [record.as_marc() for record in from_xml]
