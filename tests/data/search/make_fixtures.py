"""Writes the catalogue the search API's tests search: ``tests/data/search/<municipality>/``.

Real records come first: Helmet MARCXML, Helmet Sierra JSON and Elisa ONIX, copied byte for byte from
``tests/data/real``. Real data cannot show everything the tests must (a work every municipality holds,
titles that test collation, a Cyrillic author, a word only in a description), so :data:`BOOKS` adds
purpose-built records, written as MARCXML with pymarc the way Helmet's Sierra exports them, so that they
pass through the same readers and normaliser as the real ones. Each book is written once per municipality
that holds it, with that municipality's record number and link, just as the same licensed e-book appears
in every municipality's export.

Run ``python tests/data/search/make_fixtures.py`` after changing the table; ``test_search_fixtures``
fails while the files on disk differ from what this script writes.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pymarc
from lxml import etree

HERE = Path(__file__).resolve().parent
REAL = HERE.parent / "real"
MUNICIPALITIES = ("espoo", "helsinki", "vantaa", "kauniainen")
BUILT_FILE = "purpose-built.xml"

Material = Literal["ebook", "eaudiobook", "emagazine", "music", "course", "other"]

CURATED_HELMET = ("1769634", "2297829", "2360958", "2371438", "2372028", "2452306", "2564382", "2576727",
                  "2616222", "2628274")  # fmt: skip
# municipality → (file under tests/data/real, name in the municipality's folder)
REAL_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "helsinki": (
        *((f"helmet-marcxml/curated/{number}.xml", f"{number}.xml") for number in CURATED_HELMET),
        # Taikatalvi is held by Helsinki and Espoo alike: the same real record in two exports.
        ("helmet-marcxml/role-divergence/1316900.xml", "1316900.xml"),
    ),
    "espoo": tuple(
        (f"helmet-marcxml/role-divergence/{number}.xml", f"{number}.xml")
        for number in ("1316900", "2302793", "2347992")
    ),
    "vantaa": tuple(
        (f"natlibfi/helmet-sierra-json/transform/{number}/input.json", f"sierra-{number}.json")
        for number in ("01", "02", "05", "07", "20")
    ),
    # Elisa's fixtures 02–10 all carry the same anonymised ISBN as 01; one of them is enough.
    "kauniainen": tuple(
        (f"onix/elisa/transform/{number}/input.xml", f"elisa-{number}.xml")
        for number in ("01", "12", "14", "16", "18", "19")
    ),
}


@dataclass(frozen=True, slots=True)
class Book:
    """One purpose-built work as a cataloguer would describe it; ``held_by`` says whose exports list it."""

    number: int
    title: str
    year: int
    language: str
    material: Material
    held_by: tuple[str, ...]
    author: str | None = None
    subtitle: str | None = None
    others: tuple[tuple[str, str], ...] = ()  # (name, relator term) for 700 fields
    isbn: str | None = None
    issn: str | None = None
    publisher: str | None = None
    series: str | None = None
    subjects: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    ykl: str | None = None
    audience: str = " "  # 008/22: j children, d youth, e adult
    description: str | None = None


ALL = MUNICIPALITIES
BOOKS: tuple[Book, ...] = (
    # Inflected Finnish, compounds, exact form before stemmed.
    Book(1, "Kirjaston kissa", 2020, "fin", "ebook", ("espoo", "helsinki"), author="Laine, Kaisa",
         isbn="978-952-99000-1-5", publisher="Otava", series="Kissakirjat", subjects=("kirjastot", "kissat"),
         genres=("lastenkirjallisuus",), ykl="84.2", audience="j",
         description="Kissa tuntee jokaisen hyllyn ja jokaisen lukijan."),
    Book(2, "Kirjasto keskellä kylää", 2016, "fin", "eaudiobook", ("vantaa",), author="Mäkelä, Anu",
         others=(("Salo, Ilkka", "lukija"),), isbn="978-952-99000-2-2", publisher="Gummerus",
         subjects=("kirjastot", "kylät"), genres=("romaanit",), ykl="84.2", audience="e"),
    Book(3, "Kirjastokortti kaikille", 2019, "fin", "ebook", ("helsinki", "kauniainen"),
         author="Korhonen, Pekka", subtitle="opas lukijalle", publisher="BTJ",
         subjects=("kirjastot", "lukeminen"), ykl="06.2", audience="e"),
    Book(4, "Koiran kesä", 2021, "fin", "ebook", ("espoo",), author="Nieminen, Liisa",
         isbn="978-952-99000-4-6", publisher="Tammi", subjects=("koirat", "kesä"),
         genres=("lastenkirjallisuus",), ykl="84.2", audience="j"),
    Book(5, "Metsän väki", 2011, "fin", "ebook", ("helsinki",), author="Rantanen, Jukka",
         isbn="978-952-99000-5-3", publisher="WSOY", subjects=("metsät", "eläimet"), ykl="84.2", audience="e",
         description="Kertomus metsästä, jossa koira ja kettu ystävystyvät."),
    # Swedish.
    Book(6, "Böckerna i mitt liv", 2018, "swe", "ebook", ("helsinki", "kauniainen"), author="Lindholm, Maria",
         isbn="978-952-99000-6-0", publisher="Schildts & Söderströms", subjects=("böcker", "läsning"),
         genres=("essäer",), ykl="86.4", audience="e"),
    Book(7, "En bok om allt", 2014, "swe", "ebook", ("kauniainen",), author="Berg, Johan",
         isbn="978-952-99000-7-7", publisher="Schildts & Söderströms", subjects=("kunskap",), ykl="00.1",
         audience="e"),
    # Missing diacritics.
    Book(8, "Käyttäjä ja kone", 2017, "fin", "ebook", ("espoo", "vantaa"), author="Salonen, Mikko",
         subtitle="tietokoneen käyttö arjessa", isbn="978-952-99000-8-4", publisher="Docendo",
         subjects=("tietokoneet", "tietotekniikka"), ykl="61.5", audience="e"),
    # Cyrillic, found by its romanised forms.
    Book(9, "Преступление и наказание", 2015, "rus", "ebook", ("helsinki",), author="Достоевский, Фёдор",
         isbn="978-952-99000-9-1", publisher="Азбука", subjects=("rikokset", "syyllisyys"),
         genres=("romaanit",), ykl="84.2", audience="e"),
    # Held by every municipality: holdings, source records and merge reason of the record detail.
    Book(10, "Kesäyön unelma", 2018, "fin", "eaudiobook", ALL, author="Helin, Sari",
         others=(("Nenonen, Meri", "lukija"),), isbn="978-952-99001-0-7", publisher="Otava",
         subjects=("rakkaus", "kesä"), genres=("romaanit",), ykl="84.2", audience="e",
         description="Kaksi ihmistä kohtaa juhannuksena saaristossa."),
    # A word in the title or as the author outranks the same word in a description only.
    Book(11, "Majakka", 2012, "fin", "other", ("vantaa",), author="Virtanen, Aino",
         isbn="978-952-99001-1-4", publisher="Otava", subjects=("majakat", "meri"), ykl="84.2", audience="e"),
    Book(12, "Saariston salaisuus", 2013, "fin", "ebook", ("espoo",), author="Koskinen, Elina",
         isbn="978-952-99001-2-1", publisher="Karisto", subjects=("saaristo", "salaisuudet"), ykl="84.2",
         audience="e", description="Vanha majakka ja sen vartija, jonka tarinan kertoo Virtanen."),
    # Phrases and exclusions: "kissa ja koira" is a phrase here; "kissa koira" as a phrase is not.
    Book(13, "Kissa ja koira", 2010, "fin", "ebook", ("espoo", "vantaa"), author="Heikkinen, Outi",
         isbn="978-952-99001-3-8", publisher="Tammi", series="Kissakirjat", subjects=("kissat", "koirat"),
         genres=("kuvakirjat",), ykl="84.2", audience="j"),
    # Title collation in fi, sv and en.
    Book(14, "Äiti", 2009, "fin", "ebook", ("helsinki",), author="Lehto, Sanna", isbn="978-952-99001-4-5",
         publisher="Otava", series="Nimikirjat", ykl="84.2", audience="e"),
    Book(15, "Öljy", 2011, "fin", "ebook", ("espoo",), author="Mattila, Timo", isbn="978-952-99001-5-2",
         publisher="Otava", series="Nimikirjat", ykl="84.2", audience="e"),
    Book(16, "Åke", 2008, "swe", "ebook", ("kauniainen",), author="Sandberg, Eva", isbn="978-952-99001-6-9",
         publisher="Schildts & Söderströms", series="Nimikirjat", ykl="85.2", audience="e"),
    Book(17, "Ängel", 2006, "swe", "ebook", ("kauniainen",), author="Holm, Lars", isbn="978-952-99001-7-6",
         publisher="Schildts & Söderströms", series="Nimikirjat", ykl="85.2", audience="e"),
    Book(18, "Östen", 2007, "swe", "ebook", ("helsinki",), author="Ek, Karin", isbn="978-952-99001-8-3",
         publisher="Schildts & Söderströms", series="Nimikirjat", ykl="85.2", audience="e"),
    Book(19, "Anna", 2005, "eng", "ebook", ("vantaa",), author="Lund, Peter", isbn="978-952-99001-9-0",
         publisher="Penguin", series="Nimikirjat", ykl="84.2", audience="e"),
    Book(20, "Zorro", 2004, "spa", "ebook", ("espoo",), author="Ortega, Luis", isbn="978-952-99002-0-6",
         publisher="Planeta", series="Nimikirjat", ykl="84.2", audience="e"),
    # The material types the real records lack.
    Book(21, "Tiede", 2023, "fin", "emagazine", ("helsinki", "vantaa"), issn="1234-5679",
         publisher="Sanoma Media Finland", subjects=("tiede", "tutkimus"), genres=("aikakauslehdet",),
         ykl="05"),
    Book(22, "Sinfoniat 1–7", 2015, "zxx", "music", ("espoo",), author="Sibelius, Jean",
         others=(("Vänskä, Osmo", "kapellimestari"),), publisher="BIS",
         subjects=("taidemusiikki", "sinfoniat"), genres=("klassinen musiikki",), ykl="78.351"),
    Book(23, "Python-ohjelmoinnin perusteet", 2022, "fin", "course", ("espoo", "helsinki"),
         others=(("Lahtinen, Ville", "kouluttaja"),), publisher="Oppimo", subjects=("ohjelmointi", "Python"),
         genres=("verkkokurssit",), ykl="61.5", audience="e"),
    # Young people, for the audience facet.
    Book(24, "Kapina koulussa", 2019, "fin", "ebook", ("vantaa", "kauniainen"), author="Räsänen, Veera",
         isbn="978-952-99002-4-4", publisher="Karisto", subjects=("koulu", "nuoret"),
         genres=("nuortenkirjallisuus",), ykl="84.2", audience="d"),
)  # fmt: skip

_LEADER_TYPE: dict[Material, str] = {
    "ebook": "am",
    "eaudiobook": "im",
    "emagazine": "as",
    "music": "jm",
    "course": "am",
    "other": "am",
}
_CONTENT: dict[Material, tuple[str, str]] = {
    "ebook": ("teksti", "txt"),
    "eaudiobook": ("puhe", "spw"),
    "emagazine": ("teksti", "txt"),
    "music": ("esitetty musiikki", "prm"),
    "course": ("kaksiulotteinen liikkuva kuva", "tdi"),
    "other": ("teksti", "txt"),
}


def record_number(book: Book, municipality: str) -> str:
    """The 001 of a book in one municipality's export (Sierra numbers are per catalogue)."""
    return f"99{MUNICIPALITIES.index(municipality) + 1}{book.number:04d}"


def _link(book: Book, municipality: str) -> tuple[str, str] | None:
    """(URL, link text) of the 856: each municipality's patrons borrow through their own library's URL."""
    key = (book.isbn or str(book.number)).replace("-", "")
    if book.material in ("ebook", "eaudiobook"):
        return f"https://www.ellibslibrary.com/{municipality}/book/{key}", "Ellibs"
    if book.material == "emagazine":
        return f"https://www.pressreader.com/{municipality}/tiede", "PressReader"
    if book.material == "music":
        return f"https://{municipality}.naxosmusiclibrary.com/catalogue/{key}", "Naxos Music Library"
    if book.material == "course":
        return f"https://oppimo.fi/{municipality}/kurssit/{key}", "Oppimo"
    return None


def _fixed_length_data(book: Book) -> str:
    """008: entered 2024-01-01, single date, Finland, then the material's own positions 18-34, language."""
    online = "o" if _link(book, MUNICIPALITIES[0]) else " "
    if book.material in ("music", "eaudiobook"):  # sound recordings: composition form, format, parts …
        form = "sy" if book.material == "music" else "nn"
        material = f"{form}n {book.audience}{online}{' ' * 6}{'  ' if book.material == 'music' else 'f '} n "
    elif book.material == "emagazine":  # monthly, regular, periodical
        material = f"mr p {online}{' ' * 5}0{' ' * 4}0"
    else:  # books: illustrations, audience, form of item, contents, … literary form
        material = f"{' ' * 4}{book.audience}{online}{' ' * 5}000 1 "
    return f"240101s{book.year}    fi {material}{book.language} c"


def _field(tag: str, indicators: str, *subfields: tuple[str, str]) -> pymarc.Field:
    return pymarc.Field(
        tag=tag,
        indicators=pymarc.Indicators(indicators[0], indicators[1]),
        subfields=[pymarc.Subfield(code, value) for code, value in subfields],
    )


def marc_record(book: Book, municipality: str) -> pymarc.Record:
    """The book as it stands in ``municipality``'s export, in Helmet's cataloguing (RDA, YSO, ISBD)."""
    link = _link(book, municipality)
    fields = [
        pymarc.Field(tag="001", data=record_number(book, municipality)),
        pymarc.Field(tag="005", data="20240101120000.0"),
    ]
    if link:
        fields.append(pymarc.Field(tag="007", data="cr |||||||||||"))
    fields.append(pymarc.Field(tag="008", data=_fixed_length_data(book)))
    if book.isbn:
        fields.append(_field("020", "  ", ("a", book.isbn)))
    if book.issn:
        fields.append(_field("022", "  ", ("a", book.issn)))
    if book.ykl:
        fields.append(_field("084", "  ", ("a", book.ykl), ("2", "ykl")))
    if book.author:
        relator = "säveltäjä." if book.material == "music" else "kirjoittaja."
        fields.append(_field("100", "1 ", ("a", f"{book.author},"), ("e", relator)))
    title = [("a", f"{book.title} :" if book.subtitle else f"{book.title}.")]
    if book.subtitle:
        title.append(("b", f"{book.subtitle}."))
    fields.append(_field("245", "10" if book.author else "00", *title))
    if book.publisher:
        fields.append(
            _field("264", " 1", ("a", "Helsinki :"), ("b", f"{book.publisher},"), ("c", f"{book.year}."))
        )
    content, code = _CONTENT[book.material]
    fields.append(_field("336", "  ", ("a", content), ("b", code), ("2", "rdacontent")))
    if link:
        fields.append(_field("337", "  ", ("a", "tietokonekäyttöinen"), ("b", "c"), ("2", "rdamedia")))
        fields.append(_field("338", "  ", ("a", "verkkoaineisto"), ("b", "cr"), ("2", "rdacarrier")))
    else:
        fields.append(
            _field("337", "  ", ("a", "käytettävissä ilman laitetta"), ("b", "n"), ("2", "rdamedia"))
        )
        fields.append(_field("338", "  ", ("a", "nide"), ("b", "nc"), ("2", "rdacarrier")))
    if book.series:
        fields.append(_field("490", "0 ", ("a", book.series)))
    if book.description:
        fields.append(_field("520", "  ", ("a", book.description)))
    vocabulary = "yso/swe" if book.language == "swe" else "yso/fin"
    fields += [_field("650", " 7", ("a", subject), ("2", vocabulary)) for subject in book.subjects]
    fields += [_field("655", " 7", ("a", genre), ("2", "slm/fin")) for genre in book.genres]
    fields += [_field("700", "1 ", ("a", f"{name},"), ("e", f"{relator}.")) for name, relator in book.others]
    if link:
        fields.append(_field("856", "40", ("u", link[0]), ("y", link[1])))
    leader = f"00000n{_LEADER_TYPE[book.material]} a2200000 i 4500"
    return pymarc.Record(leader=leader, fields=fields, force_utf8=True)


def collection(records: list[pymarc.Record]) -> bytes:
    """A MARCXML ``<collection>``, indented so that a change to the table reads well in a diff."""
    buffer = io.BytesIO()
    writer = pymarc.XMLWriter(buffer)
    for record in records:
        writer.write(record)
    writer.close(close_fh=False)
    root = etree.fromstring(buffer.getvalue())
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def fixture_files() -> dict[Path, bytes]:
    """Every file of the fixture catalogue, by path relative to this folder, with its content."""
    files: dict[Path, bytes] = {}
    for municipality in MUNICIPALITIES:
        for real_path, name in REAL_FILES[municipality]:
            files[Path(municipality, name)] = (REAL / real_path).read_bytes()
        held = [marc_record(book, municipality) for book in BOOKS if municipality in book.held_by]
        files[Path(municipality, BUILT_FILE)] = collection(held)
    return files


def main() -> None:
    for municipality in MUNICIPALITIES:
        shutil.rmtree(HERE / municipality, ignore_errors=True)
    for path, content in fixture_files().items():
        (HERE / path).parent.mkdir(parents=True, exist_ok=True)
        (HERE / path).write_bytes(content)


if __name__ == "__main__":
    main()
