"""How a Finnish public library catalogues a holding in MARC 21: fields, indicators, terms, punctuation.

The rules follow the Helmet records under ``tests/data/real/`` (Finnish RDA, ISBD punctuation inside the
subfields, relator terms in ``$e`` and codes in ``$4``, YSO subjects with ``$2 yso/fin`` and ``$0``,
SLM genres, YKL in 084, 856 links to the vendor) so that the harvester meets what it will meet in
production. A holding catalogued in Swedish uses the Swedish RDA terms and YSO labels.
"""

from __future__ import annotations

from indexer.record import Role
from synthetic.identifiers import hyphenated
from synthetic.marc import ControlField, DataField, Field, MarcRecord
from synthetic.titles import natural_order
from synthetic.vocabulary import (
    AUDIOBOOKS,
    EBOOKS,
    EMAGAZINES,
    LANGUAGE_NAMES_FI,
    MARC_AUDIENCE,
    ONLINE_COURSES,
    RELATORS,
    Genre,
    Topic,
)
from synthetic.works import INSTRUMENTAL, Credit, Holding, Kind, Work

YSO_URI = "http://www.yso.fi/onto/yso/"
SLM_URN = "http://urn.fi/URN:NBN:fi:au:slm:"
CATALOGUING_AGENCY = "Fi-He"
USAGE_NOTE = "Käyttöoikeus Helmet-kirjastokortilla"

# Leader 06-07 (type of record, bibliographic level) per kind; courses are coded either way in practice.
_TYPE_AND_LEVEL: dict[Kind, str] = {
    "ebook": "am", "eaudiobook": "im", "emagazine": "as", "recording": "jm", "score": "cm", "course": "am",
}  # fmt: skip
_COURSE_AS_COMPUTER_FILE = "mm"
_CARRIER_GENRE: dict[Kind, Genre] = {
    "ebook": EBOOKS, "eaudiobook": AUDIOBOOKS, "emagazine": EMAGAZINES, "course": ONLINE_COURSES,
}  # fmt: skip
# 336 content type per kind: (Finnish term, Swedish term, code).
_CONTENT: dict[Kind, tuple[str, str, str]] = {
    "ebook": ("teksti", "text", "txt"),
    "eaudiobook": ("puhe", "tal", "spw"),
    "emagazine": ("teksti", "text", "txt"),
    "recording": ("esitetty musiikki", "framförd musik", "prm"),
    "score": ("nuottikirjoitus", "noterad musik", "ntm"),
    "course": ("kaksiulotteinen liikkuva kuva", "tvådimensionell rörlig bild", "tdi"),
}
_FILE_FORMAT: dict[Kind, str] = {"ebook": "EPUB", "eaudiobook": "MP3"}
# MARC country codes (008/15-17) of the publishers' places.
_COUNTRY: dict[str, str] = {
    "Helsinki": "fi ", "Helsingfors": "fi ", "Tampere": "fi ", "Turku": "fi ", "Åbo": "fi ", "Oulu": "fi ",
    "Espoo": "fi ", "Stockholm": "sw ", "London": "xxk", "Edinburgh": "xxk", "New York": "xxu",
    "Москва": "ru ", "Санкт-Петербург": "ru ", "Tallinn": "er ", "Tartu": "er ", "Beirut": "le ",
    "Cairo": "ua ", "Muqdisho": "so ", "Hargeysa": "so ",
}  # fmt: skip
# The unit a duration is given for in 300 (Finnish, Swedish).
_DURATION_UNITS: dict[Kind, tuple[str, str]] = {
    "eaudiobook": ("äänitiedosto", "ljudfil"),
    "recording": ("äänitiedosto", "ljudfil"),
    "course": ("verkkokurssi", "webbkurs"),
}
_LANGUAGE_NAMES_SV: dict[str, str] = {"fin": "finska", "swe": "svenska", "eng": "engelska", "rus": "ryska"}
# ISBD punctuation that ends a 245 subfield, by the code of the subfield that follows it.
_ISBD_BEFORE = {"b": " :", "c": " /"}
# Leading articles that 245 second indicator tells the filing to skip.
_NONFILING_ARTICLES = ("The ", "A ", "An ")


def marc_record(holding: Holding) -> MarcRecord:
    """The holding as its municipality's catalogue exports it."""
    work = holding.work
    fields: list[Field] = [
        ControlField("001", holding.record_id),
        ControlField("005", holding.updated.strftime("%Y%m%d%H%M%S.0")),
        ControlField("007", "cr |||||||||||"),
        ControlField("008", _fixed_length_data(holding)),
        *_standard_numbers(holding),
        DataField(
            "040", "  ", (("a", CATALOGUING_AGENCY), ("b", _cataloguing_language(holding)), ("e", "rda"))
        ),
        *_languages(work),
        *_classification(work),
        *_main_entry(holding),
        *_original_title(holding),
        _title_statement(holding),
        _publication(holding),
        *_description_fields(holding),
        *_series_statement(holding),
        *_notes(holding),
        *_subjects(holding),
        *_genres(holding),
        *_added_entries(holding),
        *_series_entry(holding),
        DataField("856", "40", (("u", holding.url), ("y", holding.link_text))),
    ]
    return MarcRecord(_leader(holding), tuple(fields))


# --- control fields -------------------------------------------------------------------------------------


def _leader(holding: Holding) -> str:
    work = holding.work
    status = "d" if holding.deleted else "n"
    type_and_level = _TYPE_AND_LEVEL[work.kind]
    if work.kind == "course" and work.serial % 2:
        type_and_level = _COURSE_AS_COMPUTER_FILE
    return f"00000{status}{type_and_level} a2200000 i 4500"


def _fixed_length_data(holding: Holding) -> str:
    """008: the 40 positions, laid out by the record's type (books, music, serials, computer files)."""
    work = holding.work
    head = f"{holding.updated:%y%m%d}s{work.year}    {_COUNTRY[work.publisher.place]}"
    audience = MARC_AUDIENCE[work.audience]
    if work.kind == "emagazine":
        frequency = work.frequency[1] if work.frequency else "|"
        middle = f"{frequency}r p o     0    0"
    elif work.kind in ("eaudiobook", "recording", "score"):
        music_format = "a" if work.kind == "score" else "n"
        literary_text = "f " if work.kind == "eaudiobook" and work.genres else "  "
        middle = f"nn{music_format} {audience}o      {literary_text}   "
    elif work.kind == "course" and work.serial % 2:
        middle = f"    {audience}o  m        "
    else:
        fiction = "1" if work.genres else "0"
        middle = f"    {audience}o     000 {fiction} "
    return f"{head}{middle}{work.language} c"


# --- numbers, languages, classification -----------------------------------------------------------------


def _standard_numbers(holding: Holding) -> list[DataField]:
    number = holding.work.number
    if number is None:
        return []
    value = hyphenated(number) if holding.hyphenated_number else number.value
    if number.kind == "isbn":
        return [DataField("020", "  ", (("a", value), ("q", _FILE_FORMAT[holding.work.kind])))]
    if number.kind == "issn":
        return [DataField("022", "0 ", (("a", value),))]
    return [DataField("024", "2 " if number.kind == "ismn" else "3 ", (("a", value),))]


def _cataloguing_language(holding: Holding) -> str:
    return "swe" if holding.catalogued_in_swedish else "fin"


def _languages(work: Work) -> list[DataField]:
    if work.language == INSTRUMENTAL:
        return []
    if work.original_language is not None:
        return [DataField("041", "1 ", (("a", work.language), ("h", work.original_language)))]
    return [DataField("041", "0 ", (("a", work.language),))]


def _classification(work: Work) -> list[DataField]:
    classes = [] if work.ykl is None else [DataField("084", "  ", (("a", work.ykl), ("2", "ykl")))]
    if work.shelf_genre is not None:
        classes.append(DataField("084", "9 ", (("a", work.shelf_genre), ("2", "ykl"))))
    return classes


# --- names and titles -----------------------------------------------------------------------------------


def _main_entry(holding: Holding) -> list[DataField]:
    work = holding.work
    if work.ensemble is not None:
        return [DataField("110", "2 ", _name_subfields(holding, work.ensemble, "performer"))]
    main = _main_credit(work)
    if main is None:
        return []
    return [DataField("100", "1 ", _name_subfields(holding, main.name, main.role))]


def _added_entries(holding: Holding) -> list[DataField]:
    main = _main_credit(holding.work)
    return [
        DataField("700", "1 ", _name_subfields(holding, credit.name, credit.role))
        for credit in holding.work.credits
        if credit is not main
    ]


def _main_credit(work: Work) -> Credit | None:
    """The author or composer a record is entered under (instructors and performers are added entries)."""
    if work.ensemble is not None:
        return None
    return next((credit for credit in work.credits if credit.role in ("author", "composer")), None)


def _name_subfields(holding: Holding, name: str, role: Role) -> tuple[tuple[str, str], ...]:
    relator = RELATORS[role]
    term = relator.swe if holding.catalogued_in_swedish else relator.fin
    if holding.isbd_punctuation:
        return (("a", f"{name},"), ("e", f"{term}."), ("4", relator.code))
    return (("a", name), ("e", term), ("4", relator.code))


def _original_title(holding: Holding) -> list[DataField]:
    work = holding.work
    if work.original_title is None:
        return []
    names = _LANGUAGE_NAMES_SV if holding.catalogued_in_swedish else LANGUAGE_NAMES_FI
    language = names.get(work.language, work.language)
    title = f"{work.original_title}," if holding.isbd_punctuation else work.original_title
    return [DataField("240", "10", (("a", title), ("l", language)))]


def _title_statement(holding: Holding) -> DataField:
    """245 with ISBD punctuation at the end of each subfield (" :" before the subtitle, " /" before the
    statement of responsibility, "." at the end), as Finnish cataloguers write it."""
    work = holding.work
    responsibility = _responsibility(holding)
    parts = [("a", work.title)]
    if holding.subtitle:
        parts.append(("b", holding.subtitle))
    if responsibility:
        parts.append(("c", responsibility))
    if holding.isbd_punctuation:
        ends = [_ISBD_BEFORE.get(following, "") for following, _ in parts[1:]] + ["."]
        parts = [(code, value + end) for (code, value), end in zip(parts, ends, strict=True)]
    has_main_entry = work.ensemble is not None or _main_credit(work) is not None
    nonfiling = next((len(article) for article in _NONFILING_ARTICLES if work.title.startswith(article)), 0)
    return DataField("245", f"{int(has_main_entry)}{nonfiling}", tuple(parts))


def _responsibility(holding: Holding) -> str:
    """245 $c: who made the work, in natural order, with the translator and illustrator named by role."""
    work = holding.work
    swedish = holding.catalogued_in_swedish
    makers = [natural_order(c.name) for c in work.credits if c.role in ("author", "composer", "instructor")]
    if work.ensemble is not None:
        makers.insert(0, work.ensemble)
    statement = " ; ".join(makers[:1])
    roles = {"translator": ("suomentanut", "översättning"), "illustrator": ("kuvittanut", "illustrationer")}
    for credit in work.credits:
        if credit.role in roles:
            phrase = roles[credit.role][1 if swedish else 0]
            statement += f" ; {phrase} {natural_order(credit.name)}"
    return statement.removeprefix(" ; ")


def _publication(holding: Holding) -> DataField:
    work = holding.work
    publisher = work.publisher
    if holding.isbd_punctuation:
        subfields = (("a", f"{publisher.place} :"), ("b", f"{publisher.name},"), ("c", f"{work.year}."))
    else:
        subfields = (("a", publisher.place), ("b", publisher.name), ("c", str(work.year)))
    return DataField("264", " 1", subfields)


# --- description ----------------------------------------------------------------------------------------


def _description_fields(holding: Holding) -> list[DataField]:
    """300 extent, 306 duration, 310 frequency and 336–338 content, media and carrier."""
    work = holding.work
    swedish = holding.catalogued_in_swedish
    fields = [DataField("300", "  ", (("a", _extent(work, swedish=swedish)),))]
    if work.minutes is not None:
        hours, minutes = divmod(work.minutes, 60)
        fields.append(DataField("306", "  ", (("a", f"{hours:02d}{minutes:02d}00"),)))
    if work.frequency is not None:
        fields.append(DataField("310", "  ", (("a", work.frequency[0]),)))
    content_fi, content_sv, content_code = _CONTENT[work.kind]
    fields += [
        DataField(
            "336",
            "  ",
            (("a", content_sv if swedish else content_fi), ("b", content_code), ("2", "rdacontent")),
        ),
        DataField(
            "337", "  ", (("a", "dator" if swedish else "tietokonekäyttöinen"), ("b", "c"), ("2", "rdamedia"))
        ),
        DataField(
            "338",
            "  ",
            (("a", "onlineresurs" if swedish else "verkkoaineisto"), ("b", "cr"), ("2", "rdacarrier")),
        ),
    ]
    return fields


def _extent(work: Work, *, swedish: bool) -> str:
    online = "1 onlineresurs" if swedish else "1 verkkoaineisto"
    if work.minutes is not None:
        hours, minutes = divmod(work.minutes, 60)
        length = f"{hours} h {minutes} min" if hours else f"{minutes} min"
        unit_fi, unit_sv = _DURATION_UNITS[work.kind]
        return f"{online} (1 {unit_sv if swedish else unit_fi} ({length}))"
    if work.pages is not None:
        pages = f"{work.pages} sidor" if swedish else f"{work.pages} sivua"
        if work.kind == "score":
            return f"{online} (1 {'partitur' if swedish else 'partituuri'} ({pages}))"
        return f"{online} ({pages})"
    return online


def _notes(holding: Holding) -> list[DataField]:
    """500 file format, 511 performers and readers, 520 summary, 538 system details, 540 terms, 546."""
    work = holding.work
    swedish = holding.catalogued_in_swedish
    notes: list[DataField] = []
    if work.kind in _FILE_FORMAT:
        notes.append(DataField("500", "  ", (("a", f"{_FILE_FORMAT[work.kind]}-julkaisu"),)))
    performers = [natural_order(c.name) for c in work.credits if c.role in ("narrator", "performer")]
    if work.ensemble is not None:
        performers.insert(0, work.ensemble)
    if performers:
        readers, players = ("Uppläsare", "Medverkande") if swedish else ("Lukija", "Esittäjä")
        label = readers if work.kind == "eaudiobook" else players
        notes.append(DataField("511", "0 ", (("a", f"{label}: {', '.join(performers)}"),)))
    notes.append(DataField("520", "  ", (("a", work.description),)))
    if work.kind == "course" and work.minutes is not None:
        hours, minutes = divmod(work.minutes, 60)
        system = f"Verkkokurssi, kesto {hours} h {minutes} min. Vaatii internet-yhteyden ja www-selaimen."
    else:
        system = "Internet-yhteys, www-selain"
    notes.append(DataField("538", "  ", (("a", system),)))
    notes.append(DataField("540", "  ", (("a", USAGE_NOTE),)))
    if work.language in LANGUAGE_NAMES_FI:
        notes.append(DataField("546", "  ", (("a", LANGUAGE_NAMES_FI[work.language]),)))
    return notes


# --- series, subjects, genres ---------------------------------------------------------------------------


def _series_statement(holding: Holding) -> list[DataField]:
    series = holding.work.series
    if series is None:
        return []
    title = f"{series.title} ;" if holding.isbd_punctuation else series.title
    return [DataField("490", "1 ", (("a", title), ("v", str(series.number))))]


def _series_entry(holding: Holding) -> list[DataField]:
    series = holding.work.series
    if series is None:
        return []
    title = f"{series.title} ;" if holding.isbd_punctuation else series.title
    return [DataField("830", " 0", (("a", title), ("v", str(series.number))))]


def _subjects(holding: Holding) -> list[DataField]:
    """650 topics and 651 places in YSO: Finnish labels, Swedish ones too for Swedish works, Swedish only
    in records catalogued in Swedish."""
    if holding.catalogued_in_swedish:
        languages = ["swe"]
    else:
        languages = ["fin", "swe"] if holding.work.language == "swe" else ["fin"]
    return [
        _yso_field(tag, topic, language)
        for tag, topics in (("650", holding.topics), ("651", holding.work.places))
        for language in languages
        for topic in topics
    ]


def _yso_field(tag: str, topic: Topic, language: str) -> DataField:
    label = topic.swe if language == "swe" else topic.fin
    subfields = [("a", label), ("2", f"yso/{language}")]
    if topic.yso_id is not None:
        subfields.append(("0", YSO_URI + topic.yso_id))
    return DataField(tag, " 7", tuple(subfields))


def _genres(holding: Holding) -> list[DataField]:
    work = holding.work
    carrier = _CARRIER_GENRE.get(work.kind)
    genres = (*work.genres, *(() if carrier is None else (carrier,)))
    language = "swe" if holding.catalogued_in_swedish else "fin"
    fields = []
    for genre in genres:
        subfields = [("a", genre.swe if language == "swe" else genre.fin), ("2", f"slm/{language}")]
        if genre.slm_id is not None:
            subfields.append(("0", SLM_URN + genre.slm_id))
        fields.append(DataField("655", " 7", tuple(subfields)))
    return fields
