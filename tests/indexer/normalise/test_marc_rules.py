"""The MARC 21 rules of issue 17, one test per rule: titles, dates, names, identifiers and languages read as
the cataloguer wrote them. Real records where one shows the case; small records built here where none does.
"""

from __future__ import annotations

import pymarc
import pytest

from indexer.normalise.marc import normalise_marc
from indexer.record import NormalisedRecord, RawRecord
from tests.indexer.normalise.test_marc import people, raw_records

BOOK_LEADER = "00000nam a2200000 i 4500"
BLANK_008 = "240101s        fi            000 0 fin d"


def built(*fields: pymarc.Field, control_008: str = BLANK_008) -> NormalisedRecord:
    """A record made of ``fields`` (and an 008 without a date unless given), normalised."""
    record = pymarc.Record(leader=BOOK_LEADER, fields=[pymarc.Field("008", data=control_008), *fields])
    result = normalise_marc(RawRecord("espoo", "built.mrc", 1, "marc21", record, b"", id_hint="1"))
    assert isinstance(result, NormalisedRecord), result
    return result


def normalised(name: str, position: int = 1) -> NormalisedRecord:
    """The record at ``position`` of the real file ``name`` (counting every record the reader found, as
    the fidelity report and the rejects file do), normalised."""
    raw = next(raw for raw in raw_records(name) if raw.position == position)
    result = normalise_marc(raw)
    assert isinstance(result, NormalisedRecord), result
    return result


def field(tag: str, indicators: str, *pairs: str) -> pymarc.Field:
    """``field("245", "14", "a", "The title")``: a data field of tag, indicators and code/value pairs."""
    codes, texts = pairs[0::2], pairs[1::2]
    return pymarc.Field(
        tag,
        pymarc.Indicators(*indicators),
        [pymarc.Subfield(code, text) for code, text in zip(codes, texts, strict=True)],
    )


# Titles


@pytest.mark.parametrize(
    ("name", "position", "title", "sort_title"),
    [
        (
            "marc4j/chabon.mrc",
            1,
            "The amazing adventures of Kavalier and Clay",
            "amazing adventures of Kavalier and Clay",
        ),
        (
            "vufind/tests/data/testbug2.mrc",
            1,
            "La congiura dei Principi Napoletani 1701",
            "congiura dei Principi Napoletani 1701",
        ),
        # the count is of decomposed characters: H, e, combining macron
        ("marc4j/OCLC_814388508.xml", 1, "Hē agora stē Mesogeio", "agora stē Mesogeio"),
        (
            "marc4j/pride-and-prejudice-with-many-errors.mrc",
            218,
            "The Folio Jane Austen",
            "Folio Jane Austen",
        ),
        # 245 14 on "Testi": a count that cuts a word is a slip, and the title files as written
        ("natlibfi/marc-record-serializers/iso2709/from3", 1, "Testi", None),
        ("vufind/tests/data/collections.mrc", 5, "Collection item 1", None),
    ],
)
def test_title_sort_drops_the_non_filing_characters_of_245(
    name: str, position: int, title: str, sort_title: str | None
) -> None:
    record = normalised(name, position)
    assert (record.title, record.sort_title) == (title, sort_title)


def test_number_and_name_of_part_belong_to_the_title() -> None:
    record = normalised("natlibfi/recordmanager/Base/record/marc_dewey.xml")
    assert record.part
    assert normalised("vufind/fixtures/marc/altscript.xml").part == "1"


def test_245_without_a_takes_k() -> None:
    record = built(field("245", "00", "k", "Letters,", "f", "1901-1930."))
    assert record.title == "Letters"


@pytest.mark.parametrize(
    ("fields", "title", "sort_title"),
    [
        (
            [
                field("740", "2 ", "a", "An added title."),
                field("246", "3 ", "a", "A varying form"),
                field("240", "14", "a", "The uniform title."),
            ],
            "The uniform title",
            "uniform title",
        ),
        (
            [field("740", "3 ", "a", "An added title."), field("246", "13", "a", "A varying form")],
            "A varying form",
            None,
        ),  # 246 has no non-filing indicator: its second is the type of title
        ([field("740", "3 ", "a", "An added title.")], "An added title", "added title"),
        ([field("130", "4 ", "a", "The uniform title.")], "The uniform title", "uniform title"),
    ],
)
def test_a_record_without_245_takes_its_title_from_240_130_246_740(
    fields: list[pymarc.Field], title: str, sort_title: str | None
) -> None:
    record = built(*fields)
    assert (record.title, record.sort_title) == (title, sort_title)


@pytest.mark.parametrize("count", ["x", "9"])
def test_a_non_filing_indicator_that_makes_no_sense_is_ignored(count: str) -> None:
    assert built(field("245", "1" + count, "a", "The short.")).sort_title is None


# Dates


@pytest.mark.parametrize(
    ("name", "position", "year"),
    [
        # r: Date1 is this reprint's year (1982), Date2 and 260 $c the original's (1977)
        ("marc4j/pride-and-prejudice-with-many-errors.mrc", 154, 1982),
        # p: Date1 is the release (2016), Date2 the production (2012); the 264s give both
        ("marc4j/kan1222221.mrc", 1, 2016),
        # s: the 008 (2018) wins over the 264 _1 $c (2012)
        ("natlibfi/recordmanager/Base/record/marc_alt_script.xml", 1, 2018),
        # d: a ceased serial's Date1 is its first year
        ("natlibfi/recordmanager/Finna/record/marc-udk.xml", 1, 1931),
        # 9999 is no year: 260 $c "03 Nov 2008"
        ("pymarc/utf8.xml", 1, 2008),
        # n with 19uu, and 260 $c "19XX": no year
        ("vufind/tests/data/author_relators.mrc", 3, None),
    ],
)
def test_the_year_follows_the_008_type_of_date(name: str, position: int, year: int | None) -> None:
    assert normalised(name, position).year == year


@pytest.mark.parametrize(
    ("date_008", "written", "year"),
    [
        ("s1949", "[1949?]", 1949),
        ("suuuu", "[1949?]", 1949),
        ("s||||", "c1972.", 1972),
        ("s    ", "p2016", 2016),
        ("s19uu", "[19--?]", None),
        ("b    ", "[1949?]", 1949),  # b: no dates in the 008, B.C. involved
        ("q1948", "[1949?]", 1948),  # q: Date1 is the earliest possible year
    ],
)
def test_008_yields_to_260_c_only_when_it_has_no_year(date_008: str, written: str, year: int | None) -> None:
    control_008 = f"240101{date_008:<9}fi            000 0 fin d"
    title = field("245", "10", "a", "Title.")
    assert built(title, field("260", "  ", "c", written), control_008=control_008).year == year


def test_264_publication_wins_over_260_and_copyright() -> None:
    record = built(
        field("245", "10", "a", "Title."),
        field("264", " 4", "c", "©2019"),
        field("260", "  ", "a", "Espoo :", "b", "Vanha,", "c", "2020."),
        field("264", " 1", "a", "Helsinki :", "b", "Uusi,", "c", "[2021]"),
    )
    assert (record.publisher, record.place, record.year) == ("Uusi", "Helsinki", 2021)
    only_copyright = built(
        field("245", "10", "a", "Title."), field("264", " 4", "c", "℗ 2018"), field("260", "  ", "b", "Vanha")
    )
    assert (only_copyright.publisher, only_copyright.year) == ("Vanha", 2018)


def test_helmet_record_reads_264_publication_not_manufacture() -> None:
    record = normalised("helmet-marcxml/curated/2372028.xml")  # 264 _1, _3 (the printer) and _4
    assert (record.publisher, record.place, record.year) == ("Kustannusosakeyhtiö Otava", "Helsingissä", 2019)


# Names


def test_meeting_names_are_names() -> None:
    # 111 2_ $a Perl Conference 4.0 $d (2000 : $c Monterey, Calif.)
    assert people(normalised("pymarc/test.dat", 6)) == [
        ("Perl Conference 4.0 (2000 : Monterey, Calif.)", "author")
    ]


def test_corporate_names_keep_their_units_in_order() -> None:
    assert people(normalised("pymarc/bad_eacc_encoding.dat"))[1] == (
        "United States. Dept. of State. Bureau of International Information Programs",
        "contributor",
    )
    record = built(
        field("245", "10", "a", "Title."),
        field(
            "710",
            "2 ",
            "a",
            "Helsingin kaupunki.",
            "b",
            "Kulttuurin ja vapaa-ajan toimiala.",
            "b",
            "Kirjasto,",
            "e",
            "julkaisija.",
        ),
    )
    assert people(record) == [
        ("Helsingin kaupunki. Kulttuurin ja vapaa-ajan toimiala. Kirjasto", "contributor")
    ]


def test_old_catalog_leftovers_and_trailing_punctuation_go() -> None:
    record = built(
        field("100", "1 ", "a", "Smith, John,", "c", "[from old catalog]"),
        field("700", "1 ", "a", "Doe, Jane [from old catalog],"),
        field("245", "10", "a", "Title."),
    )
    assert people(record) == [("Smith, John", "author"), ("Doe, Jane", "contributor")]


def test_a_name_title_entry_keeps_the_title_out_of_the_name() -> None:
    record = built(
        field("245", "10", "a", "Kokoelma."),
        field("711", "22", "a", "Festival,", "n", "(2.", "d", "1999).", "t", "Proceedings.", "n", "Part 2."),
        field("710", "2 ", "i", "Perustuu (teos):", "a", "Yhtiö.", "b", "Osasto.", "t", "Raportti."),
    )
    assert people(record) == [  # tag by tag: 700, 710, 711
        ("Yhtiö. Osasto", "related_work_author"),
        ("Festival, (2. 1999)", "contained_work_author"),
    ]


def test_a_name_without_a_relator_is_a_contributor() -> None:
    record = built(field("245", "10", "a", "Title."), field("700", "1 ", "a", "Nobody, Some."))
    assert people(record) == [("Nobody, Some", "contributor")]


# Identifiers


def test_cancelled_isbns_are_kept_as_invalid() -> None:
    record = normalised("marc4j/brkrtest.mrc", 8)
    assert record.identifiers.invalid_isbn


def test_isbn_with_qualifiers_and_hyphens_reads() -> None:
    record = built(
        field("245", "10", "a", "Title."),
        field("020", "  ", "a", "951-0-11545-2 (nid.) :", "c", "25 €"),
        field("020", "  ", "a", "978 951 118008 1", "q", "sid."),
        field("020", "  ", "z", "951-0-00000-0"),  # a sound checksum, but $z says it is cancelled
    )
    assert record.identifiers.isbn == ["9789510115459", "9789511180081"]
    assert record.identifiers.invalid_isbn == ["951-0-00000-0"]


def test_ismn_ean_and_issn() -> None:
    score = normalised("helmet-marcxml/curated/2616222.xml")  # 024 2_
    disc = normalised("helmet-marcxml/curated/2452306.xml")  # 024 3_
    assert (score.identifiers.ismn, disc.identifiers.ean) == (["9790577024547"], ["0802644855059"])
    assert built(
        field("245", "10", "a", "Lehti."), field("022", "  ", "a", "0355-0893")
    ).identifiers.issn == ["0355-0893"]


# Languages


def test_041_with_several_codes_wins_over_the_008() -> None:
    record = normalised("helmet-marcxml/curated/2564382.xml")
    assert (record.languages, record.original_language) == (["hun", "rus"], "hun")
    mixed = built(field("245", "10", "a", "Title."), field("041", "1 ", "a", "fin", "a", "swe", "h", "eng"),
                  control_008="240101s2024    fi            000 0 mul d")  # fmt: skip
    assert (mixed.languages, mixed.original_language) == (["fin", "swe"], "eng")


def test_008_language_when_041_is_absent() -> None:
    assert built(field("245", "10", "a", "Titel.")).languages == ["fin"]


def test_retired_language_codes_map_to_current_ones() -> None:
    # 008/35-37 and 041 $a "scr" (Croatian until 2008), 041 $h "(eng)"
    record = normalised("marc4j/pride-and-prejudice-with-many-errors.mrc", 355)
    assert (record.languages, record.original_language) == (["hrv"], "eng")
    old = built(field("245", "10", "a", "Title."), field("041", "0 ", "a", "scc", "a", "fri", "h", "tag"))
    assert (old.languages, old.original_language) == (["srp", "fry"], "tgl")
