"""Every MARC file in tests/data/real read by its reader: exact counts of records and rejections.

The counts were measured once and looked at (SOURCES.md describes each file); a change here means a
reader now reads real data differently, which must be a decision, not an accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pymarc
import pytest

from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.sierra import read_sierra_json
from indexer.record import RawRecord, Rejection
from tests.conftest import REAL_DATA

Reader = Callable[..., Iterator[RawRecord | Rejection]]
READERS: dict[str, Reader] = {"marc21": read_marc21, "marcxml": read_marcxml, "sierra_json": read_sierra_json}

# (file under tests/data/real, format, records read, rejections)
EXPECTED_COUNTS: list[tuple[str, str, int, int]] = [
    ("marc4j/bad-characters-in-various-fields.mrc", "marc21", 1, 0),
    ("marc4j/bad_leaders_10_11.mrc", "marc21", 1, 0),
    ("marc4j/bad_oversize_field_bad_directory.mrc", "marc21", 4, 1),
    ("marc4j/brkrtest.mrc", "marc21", 8, 0),
    ("marc4j/brkrtest_UTF8.mrc", "marc21", 8, 0),
    ("marc4j/chabon-loc.mrc", "marc21", 2, 0),
    ("marc4j/chabon.mrc", "marc21", 2, 0),
    ("marc4j/chinese_mangled_multibyte.mrc", "marc21", 4, 0),
    ("marc4j/cyrillic_capital_e.mrc", "marc21", 2, 0),
    ("marc4j/datos-20161010-slice.mrc", "marc21", 0, 1),
    ("marc4j/greekmissingcharsetchange.mrc", "marc21", 3, 0),
    ("marc4j/incomplete_esc_seq.mrc", "marc21", 0, 1),
    ("marc4j/kan1222221.mrc", "marc21", 1, 0),
    ("marc4j/loongboonmee.mrc", "marc21", 2, 0),
    ("marc4j/oclc_63111280_export_as_UTF8_from_connexion.mrc", "marc21", 1, 0),
    ("marc4j/pride-and-prejudice-with-many-errors.mrc", "marc21", 367, 16),
    ("marc4j/summerland.mrc", "marc21", 1, 0),
    ("marc4j/u17_utf8.mrc", "marc21", 1, 0),
    ("marc4j/u335.mrc", "marc21", 1, 0),
    ("marc4j/unordered-directory-entries.mrc", "marc21", 1, 0),
    ("natlibfi/marc-record-serializers/iso2709/erroneous", "marc21", 0, 1),
    ("natlibfi/marc-record-serializers/iso2709/from1", "marc21", 1, 0),
    ("natlibfi/marc-record-serializers/iso2709/from3", "marc21", 1, 0),
    ("openlibrary/add_book/coursepuremath00hardrich_meta.mrc", "marc21", 1, 0),
    ("openlibrary/add_book/descendantsofhug00cham_meta.mrc", "marc21", 1, 0),
    ("openlibrary/add_book/isbn_9781419594069_meta.mrc", "marc21", 1, 0),
    ("openlibrary/add_book/nurembergwarcrim1997marr_meta.mrc", "marc21", 1, 0),
    ("openlibrary/add_book/roadstogreatness00gall_meta.mrc", "marc21", 1, 0),
    ("openlibrary/add_book/sexuallytransmit00egen_meta.mrc", "marc21", 1, 0),
    ("openlibrary/add_book/treatiseonhistor00dixo_meta.mrc", "marc21", 1, 0),
    ("openlibrary/add_book/v38.i37.records.utf8--16478504-1254", "marc21", 1, 0),
    ("openlibrary/add_book/v39.i28.records.utf8--5362776-1764", "marc21", 1, 0),
    ("openlibrary/add_book/v39.i34.records.utf8--186503-1413", "marc21", 1, 0),
    ("openlibrary/add_book/workshuberthowe00racegoog_meta.mrc", "marc21", 1, 0),
    ("openlibrary/bin_input/dasrmischepriv00rein_meta.mrc", "marc21", 1, 0),
    ("openlibrary/bin_input/lincolncentenary00horn_meta.mrc", "marc21", 1, 0),
    ("openlibrary/bin_input/livrodostermosh00bragoog_meta.mrc", "marc21", 1, 0),
    ("openlibrary/bin_input/mytwocountries1954asto_meta.mrc", "marc21", 1, 0),
    ("openlibrary/bin_input/new_poganucpeoplethe00stowuoft_meta.mrc", "marc21", 1, 0),
    ("openlibrary/bin_input/poganucpeoplethe00stowuoft_meta.mrc", "marc21", 1, 0),
    ("pymarc/1251.dat", "marc21", 6, 0),
    ("pymarc/alphatag.dat", "marc21", 1, 0),
    ("pymarc/bad_eacc_encoding.dat", "marc21", 1, 0),
    ("pymarc/bad_indicator.dat", "marc21", 1, 0),
    ("pymarc/bad_marc8_escape.dat", "marc21", 1, 0),
    ("pymarc/bad_records.mrc", "marc21", 2, 6),
    ("pymarc/bad_subfield_code.dat", "marc21", 1, 0),
    ("pymarc/diacritic.dat", "marc21", 1, 0),
    ("pymarc/marc.dat", "marc21", 20, 0),
    ("pymarc/marc8.dat", "marc21", 1, 0),
    ("pymarc/multi_isbn.dat", "marc21", 1, 0),
    ("pymarc/one.dat", "marc21", 1, 0),
    ("pymarc/regression45.dat", "marc21", 12, 0),
    ("pymarc/test.dat", "marc21", 10, 0),
    ("pymarc/testunimarc.dat", "marc21", 1, 0),
    ("pymarc/utf8_errors.dat", "marc21", 1, 0),
    ("pymarc/utf8_invalid.mrc", "marc21", 1, 0),
    ("pymarc/utf8_with_leader_flag.dat", "marc21", 1, 0),
    ("pymarc/utf8_without_leader_flag.dat", "marc21", 1, 0),
    ("ruby-marc/bad_eacc_encoding.marc8.marc", "marc21", 1, 0),
    ("ruby-marc/cp866_multirecord.marc", "marc21", 0, 2),
    ("ruby-marc/cp866_unimarc.marc", "marc21", 0, 1),
    ("ruby-marc/escaped_character_reference.marc8.marc", "marc21", 1, 0),
    ("ruby-marc/marc8_accented_chars.marc", "marc21", 1, 0),
    ("ruby-marc/marc_with_bad_utf8.utf8.marc", "marc21", 0, 1),
    ("ruby-marc/non-numeric.dat", "marc21", 1, 0),
    ("ruby-marc/random_tag_order.dat", "marc21", 1, 0),
    ("ruby-marc/random_tag_order2.dat", "marc21", 1, 0),
    ("ruby-marc/utf8.marc", "marc21", 1, 0),
    ("ruby-marc/utf8_multirecord.marc", "marc21", 2, 0),
    ("ruby-marc/utf8_with_bad_bytes.marc", "marc21", 1, 0),
    ("vufind/fixtures/marc/voyagerholdings.mrc", "marc21", 1, 0),
    ("vufind/tests/data/author_relators.mrc", "marc21", 20, 0),
    ("vufind/tests/data/authority/authorityauth.mrc", "marc21", 3, 0),
    ("vufind/tests/data/authoritybibs.mrc", "marc21", 9, 0),
    ("vufind/tests/data/collections.mrc", "marc21", 10, 0),
    ("vufind/tests/data/deweybrowse.mrc", "marc21", 1, 0),
    ("vufind/tests/data/fakedoi.mrc", "marc21", 3, 0),
    ("vufind/tests/data/folio.mrc", "marc21", 10, 0),
    ("vufind/tests/data/geo.mrc", "marc21", 231, 0),
    ("vufind/tests/data/geo_titles.mrc", "marc21", 4, 0),
    ("vufind/tests/data/heb.mrc", "marc21", 1, 0),
    ("vufind/tests/data/hierarchy.mrc", "marc21", 10, 0),
    ("vufind/tests/data/journals.mrc", "marc21", 10, 0),
    ("vufind/tests/data/overdrive.mrc", "marc21", 3, 0),
    ("vufind/tests/data/testbug2.mrc", "marc21", 1, 0),
    ("vufind/tests/data/testpubfields.mrc", "marc21", 1, 0),
    ("vufind/tests/data/weird_ids.mrc", "marc21", 9, 0),
    ("helmet-marcxml/curated/1769634.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2297829.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2360958.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2371438.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2372028.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2452306.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2564382.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2576727.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2616222.xml", "marcxml", 1, 0),
    ("helmet-marcxml/curated/2628274.xml", "marcxml", 1, 0),
    ("helmet-marcxml/role-divergence/1316900.xml", "marcxml", 1, 0),
    ("helmet-marcxml/role-divergence/2302793.xml", "marcxml", 1, 0),
    ("helmet-marcxml/role-divergence/2347992.xml", "marcxml", 1, 0),
    ("marc4j/1474920681_KOHA_LFL_5.xml", "marcxml", 1, 0),
    ("marc4j/OCLC_814388508.xml", "marcxml", 1, 0),
    ("marc4j/summerland.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/record/marc-broken.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/record/marc1.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/record/marc3.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/record/marc_alt_script.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/record/marc_dewey.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/record/marc_links.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/alma.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/bad.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/genieplus.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Finna/record/marc-daisy1.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Finna/record/marc-overdrive1.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Finna/record/marc-thesis1.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Finna/record/marc-thesis2.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Finna/record/marc-udk.xml", "marcxml", 1, 0),
    ("natlibfi/recordmanager/Finna/record/marc_media_types.xml", "marcxml", 1, 0),
    ("openlibrary/xml_input/dasrmischepriv00rein_marc.xml", "marcxml", 1, 0),
    ("openlibrary/xml_input/lincolncentenary00horn_marc.xml", "marcxml", 1, 0),
    ("openlibrary/xml_input/livrodostermosh00bragoog_marc.xml", "marcxml", 1, 0),
    ("openlibrary/xml_input/mytwocountries1954asto_marc.xml", "marcxml", 1, 0),
    ("pymarc/bad_tag.xml", "marcxml", 1, 0),
    ("pymarc/batch.xml", "marcxml", 2, 0),
    ("pymarc/utf8.xml", "marcxml", 1, 0),
    ("ruby-marc/messed_up_leader.xml", "marcxml", 1, 0),
    ("ruby-marc/no-leading-zero.xml", "marcxml", 1, 0),
    ("ruby-marc/non-numeric.xml", "marcxml", 1, 0),
    ("ruby-marc/three-records-second-bad.xml", "marcxml", 2, 1),  # the bad second costs itself only
    ("vufind/fixtures/marc/altscript.xml", "marcxml", 1, 0),
    ("vufind/fixtures/marc/marctraits.xml", "marcxml", 1, 0),
    ("vufind/fixtures/marc/missingismn.xml", "marcxml", 1, 0),
    ("vufind/fixtures/marc/subjectheadingsorder.xml", "marcxml", 1, 0),
    ("vufind/fixtures/marc/toc1.xml", "marcxml", 1, 0),
    ("natlibfi/marc-record-serializers/marcxml/2RecordsFrom1", "marcxml", 2, 0),
    ("natlibfi/marc-record-serializers/marcxml/erroneous", "marcxml", 0, 1),
    ("natlibfi/marc-record-serializers/marcxml/from-namespace-xml1", "marcxml", 1, 0),
    ("natlibfi/marc-record-serializers/marcxml/from1", "marcxml", 1, 0),
    ("natlibfi/helmet-sierra-json/transform/01/input.json", "sierra_json", 2, 0),
    ("natlibfi/helmet-sierra-json/transform/02/input.json", "sierra_json", 2, 0),
    ("natlibfi/helmet-sierra-json/transform/05/input.json", "sierra_json", 1, 0),
    ("natlibfi/helmet-sierra-json/transform/07/input.json", "sierra_json", 1, 0),
    ("natlibfi/helmet-sierra-json/transform/20/input.json", "sierra_json", 2, 0),
]


def read_all(path: Path, reader: Reader) -> list[RawRecord | Rejection]:
    with path.open("rb") as stream:
        return list(reader(stream, source="espoo", location=str(path)))


@pytest.mark.parametrize(("name", "format", "records", "rejections"), EXPECTED_COUNTS)
def test_real_file_counts(name: str, format: str, records: int, rejections: int) -> None:
    results = read_all(REAL_DATA / name, READERS[format])
    read = [result for result in results if isinstance(result, RawRecord)]
    rejected = [result for result in results if isinstance(result, Rejection)]
    assert (len(read), len(rejected)) == (records, rejections)
    assert all(isinstance(record.payload, pymarc.Record) and record.format == format for record in read)
    assert all(rejection.reason and rejection.source == "espoo" for rejection in rejected)


@pytest.mark.parametrize(("name", "format"), [(name, format) for name, format, _, _ in EXPECTED_COUNTS])
def test_positions_count_every_outcome_from_one(name: str, format: str) -> None:
    positions = [result.position for result in read_all(REAL_DATA / name, READERS[format])]
    numbered = [position for position in positions if position is not None]
    assert numbered == list(range(1, len(numbered) + 1))


def test_every_marc_file_of_the_real_data_is_in_the_table() -> None:
    """A MARC file added to tests/data/real must get its measured counts here."""
    listed = {name for name, _, _, _ in EXPECTED_COUNTS}
    iso = {".mrc", ".dat", ".marc"}
    found = {
        path.relative_to(REAL_DATA).as_posix()
        for path in REAL_DATA.rglob("*")
        if path.is_file()
        and (path.suffix in iso or "iso2709" in path.parts or "helmet-sierra-json" in path.parts)
    }
    assert found - listed == set()


def test_unreadable_iso_records_keep_their_bytes_and_say_why() -> None:
    rejected = [
        result
        for result in read_all(REAL_DATA / "pymarc/bad_records.mrc", read_marc21)
        if isinstance(result, Rejection)
    ]
    assert [rejection.position for rejection in rejected] == [2, 3, 4, 5, 6, 7]
    assert all(rejection.raw.endswith(b"\x1d") for rejection in rejected)
    assert rejected[0].reason == (
        "unreadable ISO 2709 record: Base address exceeds size of record (BaseAddressInvalid)"
    )
