from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pymarc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.normalise.marc import normalise_marc
from indexer.read.readers.marc import ReadRecord
from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.sierra import read_sierra_json
from indexer.record import Classification, Contributor, Link, NormalisedRecord, RawRecord, Rejection, Subject
from tests.conftest import REAL_DATA

Reader = Callable[[BinaryIO], Iterator[RawRecord | Rejection]]
SIERRA = "natlibfi/helmet-sierra-json/transform"


def reader_for(path: Path) -> Callable[..., Iterator[RawRecord | Rejection]]:
    if path.suffix == ".json":
        return read_sierra_json
    if path.suffix == ".xml" or "marcxml" in path.parts:
        return read_marcxml
    return read_marc21


def raw_records(name: str) -> list[RawRecord]:
    path = REAL_DATA / name
    with path.open("rb") as stream:
        results = list(reader_for(path)(stream, source="helsinki", location=str(path)))
    return [result for result in results if isinstance(result, RawRecord)]


def normalised(name: str, position: int = 1) -> NormalisedRecord:
    result = normalise_marc(raw_records(name)[position - 1])
    assert isinstance(result, NormalisedRecord), result
    return result


def people(record: NormalisedRecord) -> list[tuple[str, str]]:
    return [(person.name, person.role) for person in record.contributors]


# (file, position, title, contributors with roles, ISBNs, languages, year, material type)
CHOSEN_RECORDS = [
    pytest.param(
        "helmet-marcxml/curated/2452306.xml",
        1,
        "Get all you deserve",
        [
            ("Wilson, Steven", "performer"),
            ("Wilson, Steven", "composer"),
            ("Holzman, Adam", "performer"),
            ("Minneman, Marco", "performer"),
            ("Beggs, Nick", "performer"),
            ("Tsonev, Niko", "performer"),
            ("Travis, Theo", "performer"),
        ],
        [],
        ["eng"],
        2012,  # 008/06 s, Date1 2012 wins over 260 $c [2020] (the reissue was coded as a single date)
        "music",
        id="helmet music CD",
    ),
    pytest.param(
        "helmet-marcxml/curated/2616222.xml",
        1,
        "Meisterwerke am Klavier",
        [("Mozart, Wolfgang Amadeus", "composer"), ("Erben, Roland", "editor")],
        [],
        ["zxx"],
        2025,
        "music",
        id="helmet score",
    ),
    pytest.param(
        "helmet-marcxml/curated/1769634.xml",
        1,
        "Tšarka",
        [
            ("Helenius, Kari", "author"),
            ("Hagelstam, Katja", "illustrator"),
            ("Tsernosova, Anastassia", "translator"),
            ("Hemberg, Sonja", "translator"),
            ("Tervo, Pauliina", "translator"),
        ],
        ["9789525125238"],
        ["rus", "fin", "eng"],
        2006,
        "other",
        id="helmet russian book",
    ),
    pytest.param(
        f"{SIERRA}/02/input.json",
        1,
        "Minun tarinani",
        [("Obama, Michelle", "author"), ("Rekiaro, Ilkka", "translator")],
        ["9789511331353"],
        ["fin"],
        2018,
        "ebook",
        id="sierra e-book coded nam",
    ),
    pytest.param(
        f"{SIERRA}/07/input.json",
        1,
        "Elämää tehosekoittimessa ja muita kirjoituksia",
        [("Helin, Sari", "author"), ("Nenonen, Meri", "narrator")],
        ["9789513196820"],
        ["fin"],
        2017,
        "eaudiobook",
        id="sierra e-audiobook",
    ),
    pytest.param(
        "natlibfi/recordmanager/Finna/record/marc-overdrive1.xml",
        1,
        "Sanningar och skogspromenader",
        [],
        [],
        ["fin"],
        1931,
        "eaudiobook",
        id="finna overdrive eAudiobook",
    ),
    pytest.param(
        "vufind/tests/data/overdrive.mrc",
        1,
        "Fake Overdrive test 1",
        [("Person, Fake Overdrive", "author")],
        ["9788820737498"],
        ["ita", "lat"],
        1992,
        "other",
        id="vufind overdrive record that describes a print book",
    ),
    pytest.param(
        "ruby-marc/marc8_accented_chars.marc",
        1,
        'Histoire du "nouveau théâtre."',
        [("Serreau, Geneviève", "author")],
        [],
        ["fre"],
        1966,
        "other",
        id="marc-8 diacritics",
    ),
    pytest.param(
        "marc4j/cyrillic_capital_e.mrc",
        1,
        "Vor, shpion i ubiĭt︠s︡a",
        [("Buĭda, I︠U︡riĭ", "author")],
        ["9785699626076"],
        ["rus"],
        2013,
        "other",
        id="marc-8 transliterated russian",
    ),
    pytest.param(
        "vufind/tests/data/journals.mrc",
        4,
        "Journal of quantitative criminology",
        [("LINK (Online service)", "contributor")],
        [],
        ["eng"],
        1985,
        "emagazine",
        id="online serial",
    ),
]


@pytest.mark.parametrize(
    ("name", "position", "title", "contributors", "isbns", "languages", "year", "material_type"),
    CHOSEN_RECORDS,
)
def test_chosen_real_records(
    name: str,
    position: int,
    title: str,
    contributors: list[tuple[str, str]],
    isbns: list[str],
    languages: list[str],
    year: int,
    material_type: str,
) -> None:
    record = normalised(name, position)
    assert record.title == title
    assert people(record) == contributors
    assert record.identifiers.isbn == isbns
    assert record.languages == languages
    assert not record.language_detected
    assert record.year == year
    assert record.material_type == material_type


def test_helmet_translated_novel_in_full() -> None:
    record = normalised("helmet-marcxml/curated/2297829.xml")
    assert record.to_dict() | {"subjects": [], "genres": []} == {
        "source": "helsinki",
        "source_id": "9789522794666",
        "format": "marcxml",
        "material_type": "other",
        "title": "Salaisuuden kantaja",
        "subtitle": None,
        "part": None,
        "sort_title": None,
        "title_variants": ["The secret keeper"],
        "series": [],
        "edition": "1. taskukirjapainos",
        "original_script": {
            "title": None,
            "subtitle": None,
            "part": None,
            "series": [],
            "edition": None,
            "publisher": None,
            "place": None,
        },
        "contributors": [
            {"name": "Morton, Kate", "role": "author", "original": None},
            {"name": "Pekkanen, Hilkka", "role": "translator", "original": None},
        ],
        "languages": ["fin"],
        "language_detected": False,
        "original_language": "fre",
        "identifiers": {
            "isbn": ["9789522794666"],
            "invalid_isbn": [],
            "issn": [],
            "ismn": [],
            "ean": [],
            "other": [],
        },
        "publisher": "Bazar",
        "year": 2017,
        "place": "Helsinki",
        "subjects": [],
        "genres": [],
        "classification": [{"scheme": "ykl", "code": "84.2"}, {"scheme": "udc", "code": "820-3"}],
        "audience": None,
        "description": None,
        "links": [],
        "extent": "669 sivua",
        "duration": None,
        "updated": "2017-06-16",
        "deleted": False,
    }
    assert record.subjects[:3] == [
        Subject("Nicholson, Laurel (fiktiivinen hahmo)", None, None),
        Subject("Nicholson, Dorothy (fiktiivinen hahmo)", None, None),
        Subject("1940-luku", "kaunokki", "fin"),
    ]
    assert Subject("salaisuudet", "kauno", "fin") in record.subjects
    assert Subject("Lontoo", "kaunokki", "fin") in record.subjects
    assert record.genres[:2] == ["romanttinen jännityskirjallisuus", "perheromaanit"]


def test_music_cd_identifiers_place_and_duration() -> None:
    record = normalised("helmet-marcxml/curated/2452306.xml")
    assert record.identifiers.ean == ["0802644855059"]  # the UPC and the EAN are one product number
    assert record.identifiers.other == ["kscope550"]
    assert (record.publisher, record.place) == ("Steven Wilson/Kscope", None)  # [S.l.] is no place
    assert record.extent == "2 CD-äänilevyä (63 min, 58 min)"
    assert record.duration == "02:01:00"
    assert record.source_id == "2452306.xml#1"  # no 001: file name and position


def test_score_identifiers_and_variants() -> None:
    record = normalised("helmet-marcxml/curated/2616222.xml")
    assert record.identifiers.ismn == ["9790577024547"]
    assert record.subtitle == "Masterpieces for piano"
    assert record.title_variants == [
        "Masterpieces for piano",
        "Grundlegendes Klavierrepertoire im mittleren bis fortgeschrittenen Schwierigkeitsgrad",
    ]


def test_swedish_picture_book_audience_and_subjects() -> None:
    record = normalised("helmet-marcxml/curated/2360958.xml")
    assert record.audience == "children"
    assert record.subjects == [
        Subject("mumintroll", "bella", "swe"),
        Subject("äventyr", "bella", "swe"),
        Subject("Mumindalen", "bella", "swe"),
    ]
    assert record.classification == [Classification("ykl", "85.231"), Classification("ykl", "85.131")]
    # Name/title entries (700 $t) name the authors of other works: "Innehåller (verk):" the three stories
    # Haridi wrote that the book contains, "Verk baserat på:" the Jansson books it is based on.
    assert people(record) == [
        ("Haridi, Alex", "author"),
        ("Haridi, Alex", "contained_work_author"),
        ("Jansson, Tove", "related_work_author"),
        ("Davidsson, Cecilia", "author"),
        ("Heikkilä, Cecilia", "contributor"),
    ]


def test_sierra_e_audiobook_links_and_duration() -> None:
    record = normalised(f"{SIERRA}/07/input.json")
    assert record.links == [
        Link("https://www.ellibslibrary.com/helmet/9789513196820", "Linkki e-äänikirjaan"),
    ]
    assert record.duration == "03:10:00"
    assert record.genres == ["äänikirjat", "e-kirjat", "huumori"]


def test_sierra_bib_without_001_is_known_by_its_bib_id() -> None:
    assert normalised(f"{SIERRA}/05/input.json").source_id == "2318039"


def test_original_script_is_kept_beside_the_romanised_fields() -> None:
    # 880s linked by $6 (100-01, 245-02, 264-03, 490-04, 830-05) and one 260-00 that links to nothing.
    record = normalised("marc4j/cyrillic_capital_e.mrc")
    assert (record.title, record.original_script.title) == ("Vor, shpion i ubiĭt︠s︡a", "Вор, шпион и убийца")
    assert record.title_variants == []
    assert record.series == ["Bolʹshai︠a︡ literatura. Proza I︠U︡rii︠a︡ Buĭdy"]
    assert record.original_script.series == ["Большая литература. Проза Юрия Буйды"]
    assert record.contributors[0] == Contributor("Buĭda, I︠U︡riĭ", "author", "Буйда, Юрий")
    # 264 _1 is linked to 880 264-03, 880 260-00 stands alone; the source broke "ЭКСМО" in both (an empty
    # $b, then $k "smo"), so there is no original-script publisher, and nothing fails.
    assert (record.publisher, record.place) == ("ĖKSMO", "Moskva")
    assert (record.original_script.publisher, record.original_script.place) == (None, "Москва")


def test_film_takes_the_distribution_statement_and_original_language() -> None:
    record = normalised("helmet-marcxml/curated/2564382.xml")
    assert (record.publisher, record.place, record.year) == ("Polonium", "Helsinki", 2023)
    assert (record.languages, record.original_language) == (["hun", "rus"], "hun")
    assert record.title_variants == ["Természetes fény (elokuva : 2021)"]
    assert record.duration == "01:35:00"


def test_cancelled_isbn_and_checksum_failures_are_invalid() -> None:
    record = normalised("vufind/fixtures/marc/marctraits.xml")
    assert record.identifiers.isbn == ["9783161484100"]
    assert record.identifiers.invalid_isbn == ["978-3-16-148410-1"]


def test_urn_keeps_its_scheme_once() -> None:
    assert normalised("natlibfi/recordmanager/Base/record/marc_links.xml").identifiers.other == [
        "URN:NBN:fi-fdpp2011008"
    ]


def test_record_silent_about_language_gets_a_detected_one() -> None:
    record = normalised("pymarc/bad_tag.xml")
    assert (record.languages, record.language_detected) == (["eng"], True)


def test_statement_split_over_two_260_fields_still_gives_the_year() -> None:
    record = normalised("pymarc/bad_tag.xml")
    assert (record.publisher, record.year) == ("Project Gutenberg", 2004)


def test_invalid_005_is_no_date() -> None:
    assert normalised("ruby-marc/messed_up_leader.xml").updated is None


def test_deleted_record_is_still_normalised_in_full() -> None:
    raw = raw_records("helmet-marcxml/curated/2628274.xml")[0]
    leader = str(raw.payload.leader)
    raw.payload.leader = pymarc.Leader(leader[:5] + "d" + leader[6:])
    result = normalise_marc(raw)
    assert isinstance(result, NormalisedRecord)
    assert (result.deleted, result.title) == (True, "Mies joka kantoi aurinkoa sylissään")


def test_record_without_title_is_rejected_with_its_bytes() -> None:
    raw = raw_records("natlibfi/recordmanager/Finna/record/marc_media_types.xml")[0]
    result = normalise_marc(raw)
    assert isinstance(result, Rejection)
    assert (result.record_id, result.position, result.raw) == ("123", 1, raw.raw)
    assert result.reason == "no title: the record has no 245 $a or $k, nor a 240, 130, 246 or 740 title"


def test_authority_and_holdings_records_are_not_bibliographic() -> None:
    authority = normalise_marc(raw_records("vufind/tests/data/authority/authorityauth.mrc")[0])
    holdings = normalise_marc(raw_records("vufind/fixtures/marc/voyagerholdings.mrc")[0])
    assert isinstance(authority, Rejection)
    assert authority.reason == "not a bibliographic record: leader 06 says it is an authority record"
    assert isinstance(holdings, Rejection)
    assert holdings.reason == "not a bibliographic record: leader 06 says it is a holdings record"


def test_unimarc_is_named_in_the_rejection() -> None:
    result = normalise_marc(raw_records("pymarc/testunimarc.dat")[0])
    assert isinstance(result, Rejection)
    assert "UNIMARC" in result.reason


def test_a_payload_that_is_not_marc_is_rejected() -> None:
    raw = dataclasses.replace(raw_records("pymarc/one.dat")[0], payload="<Product/>")
    result = normalise_marc(raw)
    assert isinstance(result, Rejection)
    assert result.reason == "expected a pymarc.Record, got str"


# Files whose records the normaliser rejects, and how many; every other record of the real MARC data
# must normalise. Checked by hand: authority, holdings and UNIMARC records, and records with no title.
NORMALISER_REJECTIONS = {
    "marc4j/pride-and-prejudice-with-many-errors.mrc": 17,
    "pymarc/testunimarc.dat": 1,
    "ruby-marc/escaped_character_reference.marc8.marc": 1,
    "vufind/fixtures/marc/voyagerholdings.mrc": 1,
    "vufind/tests/data/authority/authorityauth.mrc": 3,
    "vufind/tests/data/geo_titles.mrc": 2,
    "natlibfi/recordmanager/Finna/record/marc_media_types.xml": 1,
    "vufind/fixtures/marc/missingismn.xml": 1,
    "vufind/fixtures/marc/subjectheadingsorder.xml": 1,
    "vufind/fixtures/marc/toc1.xml": 1,
}


def real_marc_files() -> list[str]:
    iso = {".mrc", ".dat", ".marc"}
    paths = [
        path
        for path in REAL_DATA.rglob("*")
        if path.is_file()
        and (
            path.suffix in iso
            or {"iso2709", "helmet-sierra-json", "helmet-marcxml"} & set(path.parts)
            or (path.suffix == ".xml" and b"<leader>" in path.read_bytes()[:4000].replace(b"marc:", b""))
        )
    ]
    return sorted(path.relative_to(REAL_DATA).as_posix() for path in paths)


@pytest.mark.parametrize("name", real_marc_files())
def test_real_records_normalise_or_are_rejected_as_expected(name: str) -> None:
    results = [normalise_marc(raw) for raw in raw_records(name)]
    rejected = [result for result in results if isinstance(result, Rejection)]
    assert len(rejected) == NORMALISER_REJECTIONS.get(name, 0), [rejection.reason for rejection in rejected]
    for record in results:
        if isinstance(record, NormalisedRecord):
            assert record.title and record.source_id
            assert set(record.to_dict()) == {field.name for field in dataclasses.fields(NormalisedRecord)}


def outcome(raw: RawRecord) -> object:
    result = normalise_marc(raw)
    return result.to_dict() if isinstance(result, NormalisedRecord) else result


@pytest.mark.parametrize("name", real_marc_files())
def test_a_read_records_plain_fields_normalise_as_its_pymarc_fields(name: str) -> None:
    """The readers' plain fields are what the normaliser reads; the pymarc fields they become when asked
    for must give the same record."""
    raws = [raw for raw in raw_records(name) if isinstance(raw.payload, ReadRecord)]
    from_plain = [outcome(raw) for raw in raws]
    for raw in raws:
        assert raw.payload.fields  # the pymarc fields are made now, and read from here on
        assert raw.payload.plain_fields is None
    assert [outcome(raw) for raw in raws] == from_plain


subfield_codes = st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("abcehknpvxyz2346")
subfields = st.lists(st.builds(pymarc.Subfield, subfield_codes, st.text(max_size=30)), max_size=6)
tags = st.sampled_from(
    ["001", "005", "006", "007", "008", "020", "022", "024", "028", "041", "080", "082", "084", "100", "110",
     "111", "130", "245", "246", "260", "264", "300", "306", "336", "338", "380", "385", "490", "520", "521",
     "600", "650", "653", "655", "700", "711", "740", "830", "856", "880", "998"]
) | st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=4)  # fmt: skip
indicators = st.tuples(st.characters(max_codepoint=0x2FF), st.characters(max_codepoint=0x2FF))


@st.composite
def marc_fields(draw: st.DrawFn) -> pymarc.Field:
    tag = draw(tags)
    if tag < "010" and tag.isdigit():
        return pymarc.Field(tag=tag, data=draw(st.text(max_size=45)))
    return pymarc.Field(tag=tag, indicators=pymarc.Indicators(*draw(indicators)), subfields=draw(subfields))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=24, max_size=24), st.lists(marc_fields(), max_size=25))
def test_no_record_makes_the_normaliser_raise(leader: str, fields: list[pymarc.Field]) -> None:
    record = pymarc.Record(leader=leader, fields=fields)
    raw = RawRecord("espoo", "random.mrc", 1, "marc21", record, b"", id_hint=None)
    assert isinstance(normalise_marc(raw), NormalisedRecord | Rejection)


@given(st.binary(max_size=3000))
def test_no_bytes_make_read_then_normalise_raise(data: bytes) -> None:
    for raw in read_marc21(io.BytesIO(data), source="espoo", location="random.mrc"):
        if isinstance(raw, RawRecord):
            assert isinstance(normalise_marc(raw), NormalisedRecord | Rejection)


def test_a_related_resource_link_is_marked_as_such() -> None:
    """856 second indicator 2 (VuFind's test record links the VuFind home page so): about the work, not it."""
    record = normalised("vufind/fixtures/marc/marctraits.xml")
    assert record.links == [Link("https://vufind.org/vufind/", "VuFind Home Page", related=True)]
    sierra = normalised(f"{SIERRA}/07/input.json")
    assert [link.related for link in sierra.links] == [False], "856 40: the e-audiobook itself"
