from __future__ import annotations

import dataclasses
from pathlib import Path

import pymarc
import pytest

from indexer.normalise.marc import normalise_marc
from indexer.normalise.marc_fields import index_fields
from indexer.normalise.marc_material import MaterialSignals, material_signals, material_type
from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.sierra import read_sierra_json
from indexer.record import MaterialType, NormalisedRecord, RawRecord
from tests.conftest import REAL_DATA

SIERRA = "natlibfi/helmet-sierra-json/transform"


def raw_record(name: str, position: int = 1) -> RawRecord:
    path = REAL_DATA / name
    reader = {".json": read_sierra_json, ".xml": read_marcxml}.get(path.suffix, read_marc21)
    if "marcxml" in Path(name).parts:
        reader = read_marcxml
    with path.open("rb") as stream:
        results = [
            result
            for result in reader(stream, source="espoo", location=name)
            if isinstance(result, RawRecord)
        ]
    return results[position - 1]


def material_of(raw: RawRecord) -> MaterialType:
    result = normalise_marc(raw)
    assert isinstance(result, NormalisedRecord), result
    return result.material_type


@pytest.mark.parametrize(
    ("name", "position", "expected"),
    [
        ("helmet-marcxml/curated/2452306.xml", 1, "music"),  # jm: music CD
        ("helmet-marcxml/curated/2616222.xml", 1, "music"),  # cm: score
        ("natlibfi/marc-record-serializers/marcxml/2RecordsFrom1", 2, "music"),
        (f"{SIERRA}/07/input.json", 1, "eaudiobook"),  # nim, Sierra code t
        ("natlibfi/recordmanager/Finna/record/marc-overdrive1.xml", 1, "eaudiobook"),  # 380 eAudiobook
        ("vufind/tests/data/journals.mrc", 4, "emagazine"),  # as + 007 cr + ISSN
        ("vufind/tests/data/journals.mrc", 1, "other"),  # a printed serial
        (f"{SIERRA}/02/input.json", 1, "ebook"),  # nam, Sierra code z
        ("natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/bad.xml", 1, "ebook"),  # OCLC e-book
        ("natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/genieplus.xml", 1, "ebook"),
        ("natlibfi/recordmanager/Finna/record/marc-daisy1.xml", 1, "other"),  # Daisy, not online
        ("vufind/tests/data/overdrive.mrc", 1, "other"),  # named OverDrive, describes print
        ("helmet-marcxml/curated/2297829.xml", 1, "other"),  # printed novel
        ("helmet-marcxml/curated/2564382.xml", 1, "other"),  # DVD
        ("helmet-marcxml/curated/2576727.xml", 1, "other"),  # PS5 game
        (f"{SIERRA}/05/input.json", 1, "other"),  # board game
    ],
)
def test_material_type_of_real_records(name: str, position: int, expected: MaterialType) -> None:
    assert material_of(raw_record(name, position)) == expected


def without(record: pymarc.Record, *tags: str) -> pymarc.Record:
    record.remove_fields(*tags)
    return record


def test_helmet_ebook_coded_nam_is_found_by_its_sierra_code_alone() -> None:
    raw = raw_record(f"{SIERRA}/02/input.json")
    without(raw.payload, "007", "338", "856", "655", "300")
    assert material_of(raw) == "ebook"


def test_helmet_ebook_coded_nam_is_found_by_its_vendor_link_alone() -> None:
    raw = raw_record(f"{SIERRA}/02/input.json")
    without(raw.payload, "998", "007", "338", "655")
    assert raw.payload.get_fields("856")[0]["u"].startswith("https://www.ellibslibrary.com/")
    assert material_of(raw) == "ebook"


def test_the_same_record_without_any_online_signal_is_print() -> None:
    raw = raw_record(f"{SIERRA}/02/input.json")
    without(raw.payload, "998", "007", "338", "655", "856")
    raw.payload["008"].data = raw.payload["008"].data[:23] + " " + raw.payload["008"].data[24:]
    assert material_of(raw) == "other"


def test_spoken_word_online_without_sierra_code_is_an_eaudiobook() -> None:
    raw = raw_record(f"{SIERRA}/07/input.json")
    without(raw.payload, "998")
    assert material_of(raw) == "eaudiobook"


def add_field(raw: RawRecord, tag: str, *subfields: tuple[str, str]) -> None:
    field = pymarc.Field(tag=tag, indicators=pymarc.Indicators(" ", "7"))
    field.subfields = [pymarc.Subfield(code, value) for code, value in subfields]
    raw.payload.add_field(field)


def test_online_course_term_makes_a_course() -> None:
    raw = raw_record(f"{SIERRA}/02/input.json")
    add_field(raw, "655", ("a", "verkkokurssit"), ("2", "slm/fin"))
    assert material_of(raw) == "course"


def test_online_resource_with_an_instructor_is_a_course() -> None:
    raw = raw_record(f"{SIERRA}/02/input.json")
    add_field(raw, "700", ("a", "Opettaja, Olli,"), ("4", "ins"))
    assert material_of(raw) == "course"


def test_course_book_in_print_is_not_a_course() -> None:
    raw = raw_record("helmet-marcxml/curated/2628274.xml")
    add_field(raw, "655", ("a", "kurssit"))
    assert material_of(raw) == "other"


NEUTRAL = MaterialSignals(
    record_type="a",
    level="m",
    online=False,
    terms=frozenset(),
    sierra_material=None,
    has_issn=False,
    has_instructor=False,
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "other"),
        ({"online": True}, "ebook"),
        ({"sierra_material": "ebook"}, "ebook"),
        ({"terms": frozenset({"e-kirjat"})}, "ebook"),
        ({"record_type": "i"}, "other"),
        ({"record_type": "i", "online": True}, "eaudiobook"),
        ({"terms": frozenset({"äänikirjat"})}, "other"),
        ({"terms": frozenset({"äänikirjat"}), "online": True}, "eaudiobook"),
        ({"terms": frozenset({"e-äänikirjat", "e-kirjat"})}, "eaudiobook"),
        ({"level": "s", "online": True}, "ebook"),
        ({"level": "s", "online": True, "has_issn": True}, "emagazine"),
        ({"level": "s", "has_issn": True}, "other"),
        ({"record_type": "j"}, "music"),
        ({"record_type": "c", "online": True}, "music"),
        ({"record_type": "j", "terms": frozenset({"verkkokurssi"})}, "course"),
        ({"online": True, "has_instructor": True}, "course"),
        ({"has_instructor": True}, "other"),
        ({"record_type": "g", "online": True}, "other"),
        ({"record_type": ""}, "other"),
    ],
)
def test_decision_table(changes: dict[str, object], expected: MaterialType) -> None:
    assert material_type(dataclasses.replace(NEUTRAL, **changes)) == expected  # type: ignore[arg-type]


def test_online_signals_of_real_records() -> None:
    """Online by 007 'cr', 338 'cr', 008 form of item or an 856 that is the resource itself."""
    for name in (
        "natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/bad.xml",
        f"{SIERRA}/07/input.json",
        "natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/alma.xml",
        "openlibrary/xml_input/livrodostermosh00bragoog_marc.xml",
    ):
        fields = index_fields(raw_record(name).payload)
        assert material_signals(fields, has_issn=False, has_instructor=False).online, name


def test_vendor_link_to_another_version_does_not_make_print_an_ebook() -> None:
    raw = raw_record(f"{SIERRA}/02/input.json")
    without(raw.payload, "998", "007", "338", "655")
    raw.payload.get_fields("856")[0].indicators = pymarc.Indicators("4", "1")
    assert material_of(raw) == "other"
