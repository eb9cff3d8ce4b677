"""880 alternate graphic representation: the original script kept beside the romanised fields, by the
same rules whichever reader (ISO 2709, MARCXML, Sierra JSON) the record came through."""

from __future__ import annotations

import io
import json
from typing import Any

import pymarc
import pytest

from indexer.normalise.marc import normalise_marc
from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.sierra import read_sierra_json
from indexer.record import Contributor, NormalisedRecord, OriginalScript, RawRecord
from tests.indexer.normalise.test_marc import normalised, raw_records
from tests.indexer.normalise.test_marc_rules import built, field

RUSSIAN = "vufind/fixtures/marc/altscript.xml"


def test_linked_880s_give_title_part_publisher_and_names_in_cyrillic() -> None:
    record = normalised(RUSSIAN)
    assert (record.title, record.subtitle, record.part) == (
        "Russkaâ narodnaâ poèziâ",
        "liričeskaâ poèziâ",
        "1",
    )
    assert record.original_script == OriginalScript(
        title="Русская народная поэзия",
        subtitle="лирическая поэзия",
        part="1",
        publisher="Художественная литература",
        place="Ленинград",
    )
    assert record.publisher == "Hudožestvennaâ literatura"
    assert Contributor("Gorelov, Al", "contributor", "Горелов, Ал") in record.contributors


def test_japanese_title_publisher_and_editor() -> None:
    record = normalised("natlibfi/recordmanager/Base/record/marc_alt_script.xml")
    assert record.original_script.title == "漢字源"
    assert (record.original_script.publisher, record.original_script.place) == ("三省堂", "東京")
    assert Contributor("Kageyama, Terukuni", "editor", "影山, 輝国") in record.contributors


def test_an_880_linked_to_nothing_is_read_for_its_tag() -> None:
    # 880 14 $6 246-00: a varying title that exists only in Chinese characters
    record = normalised("marc4j/oclc_63111280_export_as_UTF8_from_connexion.mrc")
    assert "日本民俗信仰藝能與中國文化" in record.title_variants
    assert record.original_script.title == "日本民俗·信仰·藝能·與中國文化"
    assert record.contributors[0] == Contributor("Ye, Hanao", "author", "葉漢鰲")
    assert (record.original_script.publisher, record.original_script.place) == ("大新書局", "台北市")


def test_standalone_880s_of_names_series_and_edition() -> None:
    record = built(
        field("245", "10", "a", "Kniga."),
        field("880", "1 ", "6", "100-00/(N", "a", "Толстой, Лев,", "4", "aut"),
        field("880", "  ", "6", "250-00/(N", "a", "Второе издание."),
        field("880", "1 ", "6", "490-00/(N", "a", "Классика ;", "v", "5"),
    )
    assert record.contributors == [Contributor("Толстой, Лев", "author")]
    assert record.original_script.edition == "Второе издание"
    assert record.original_script.series == ["Классика ; 5"]


def test_right_to_left_text_keeps_its_logical_order() -> None:
    hebrew = normalised("vufind/tests/data/heb.mrc")  # Hebrew in the 245 itself, no 880
    assert hebrew.title == "קדסטר תלת-ממדי ורב-שכבתי בישראל"
    record = built(
        field("245", "10", "6", "880-01", "a", "Sefer ha-ḥayim /"),
        field("880", "10", "6", "245-01/(2/r", "a", "ספר החיים /"),
    )
    assert record.original_script.title == "ספר החיים"


@pytest.mark.parametrize("link", ["", "junk", "24-01", "880-01"])
def test_a_broken_link_is_tolerated(link: str) -> None:
    record = built(
        field("245", "10", "6", "880-01", "a", "Title."), field("880", "10", "6", link, "a", "Титул")
    )
    assert (record.title, record.original_script.title) == ("Title", None)


def test_the_same_record_reads_the_same_from_all_three_formats() -> None:
    raw = raw_records(RUSSIAN)[0]
    marcxml = normalise_marc(raw)
    record = raw.payload
    iso2709 = _only(read_marc21(io.BytesIO(record.as_marc()), source="helsinki", location="x.mrc"))
    sierra = _only(read_sierra_json(io.BytesIO(_sierra_json(record)), source="helsinki", location="x.json"))
    xml = _only(read_marcxml(io.BytesIO(pymarc.record_to_xml(record)), source="helsinki", location="x.xml"))
    results = [normalise_marc(one) for one in (iso2709, sierra, xml)]
    assert isinstance(marcxml, NormalisedRecord)
    expected = marcxml.to_dict() | {"format": None, "source_id": None}
    for result in results:
        assert isinstance(result, NormalisedRecord)
        assert result.to_dict() | {"format": None, "source_id": None} == expected
    assert marcxml.original_script.title == "Русская народная поэзия"


def _only(items: Any) -> RawRecord:
    (item,) = list(items)
    assert isinstance(item, RawRecord), item
    return item


def _sierra_json(record: pymarc.Record) -> bytes:
    """``record`` as a Sierra REST API bib: the leader as varField ``_``, every field by its marcTag."""
    var_fields: list[dict[str, Any]] = [{"fieldTag": "_", "content": str(record.leader)}]
    for marc_field in record.fields:
        if marc_field.control_field:
            var_fields.append({"fieldTag": "y", "marcTag": marc_field.tag, "content": marc_field.data})
        else:
            var_fields.append(
                {
                    "fieldTag": "t",
                    "marcTag": marc_field.tag,
                    "ind1": marc_field.indicator1,
                    "ind2": marc_field.indicator2,
                    "subfields": [{"tag": sub.code, "content": sub.value} for sub in marc_field.subfields],
                }
            )
    return json.dumps({"id": "1", "varFields": var_fields}).encode()
