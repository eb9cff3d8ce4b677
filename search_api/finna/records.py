"""A work as a Finna record: the fields Finna's record formatter writes, filled from the stored display
document of the work (``display.*`` of the works index) and, for ``fullRecord``, its source records.

Each field is a function of the display document and a :class:`Context`, with the JSON schema of what it
writes (for the OpenAPI document). A field our schema cannot fill (``rating``, ``imageRights``,
``callNumbers``, ``rawData``…) is not offered: Finna drops field names it does not know, and so do we.
Values are cleaned as Finna's formatter cleans them (:func:`cleaned`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import orjson

from search_api.finna.formats import BUILDINGS, FORMATS
from search_api.labels import UiLanguage, label

PRESENTER_ROLES = ("performer", "narrator", "conductor")
"""Our roles Finna counts as presenters (performers of a recording), not as authors."""
RELATOR_CODES = {
    "author": "aut",
    "editor": "edt",
    "translator": "trl",
    "illustrator": "ill",
    "composer": "cmp",
    "lyricist": "lyr",
    "performer": "prf",
    "narrator": "nrt",
    "conductor": "cnd",
    "instructor": "tch",
    "contained_work_author": "aut",
}
"""Our roles as the MARC relator codes Finna's ``role`` holds; any other role is ``ctb`` (contributor)."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a field may need beside the display document: the user's language, and the work's stored
    source records (None when no field asked for them was requested)."""

    ui: UiLanguage
    sources: list[dict[str, Any]] | None = None


Builder = Callable[[dict[str, Any], Context], Any]


@dataclass(frozen=True, slots=True)
class RecordField:
    build: Builder
    schema: dict[str, Any]


STRING: dict[str, Any] = {"type": "string"}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}
TAGGED: dict[str, Any] = {
    "type": "array",
    "items": {"type": "object", "properties": {"value": STRING, "translated": STRING}},
}
PERSON: dict[str, Any] = {"type": "object", "properties": {"name": STRING, "role": STRING}}


def _full_title(display: dict[str, Any]) -> str:
    """Title, subtitle and part as a MARC title statement joins them (``Title : subtitle. Part``)."""
    title = str(display["title"])
    if display.get("subtitle"):
        title += f" : {display['subtitle']}"
    if display.get("part"):
        title += f". {display['part']}"
    return title


def _people(display: dict[str, Any], presenters: bool) -> list[dict[str, str]]:
    return [
        {"name": c["name"], "role": RELATOR_CODES.get(c["role"], "ctb")}
        for c in display.get("contributors", [])
        if (c["role"] in PRESENTER_ROLES) == presenters
    ]


def _names(display: dict[str, Any], primary: bool) -> list[str]:
    return [
        c["name"]
        for c in display.get("contributors", [])
        if c["role"] not in PRESENTER_ROLES and (c["role"] == "author") == primary
    ]


def _buildings(display: dict[str, Any], ui: UiLanguage) -> list[dict[str, str]]:
    municipalities = dict.fromkeys(h["municipality"] for h in display.get("holdings", []))
    tagged = (entry for municipality in municipalities for entry in BUILDINGS.tagged(municipality, ui))
    return list({entry["value"]: entry for entry in tagged}.values())


def _series(display: dict[str, Any]) -> list[dict[str, str]]:
    """``Name ; 3`` → ``{"name": "Name", "number": "3"}``."""
    entries = []
    for series in display.get("series", []):
        name, _, number = series.partition(" ; ")
        entries.append({"name": name, "number": number})
    return entries


def _headings(display: dict[str, Any]) -> list[list[str]]:
    """Each subject as Finna's list of its subdivisions, least specific first."""
    return [subject["term"].split(" -- ") for subject in display.get("subjects", [])]


def _classifications(display: dict[str, Any]) -> dict[str, list[str]]:
    schemes: dict[str, list[str]] = {}
    for entry in display.get("classification", []):
        schemes.setdefault(entry["scheme"], []).append(entry["code"])
    return schemes


def _online_urls(display: dict[str, Any], ui: UiLanguage) -> list[dict[str, Any]]:
    """Each municipality's access URL, its source the municipality (Finna: the data source)."""
    urls = []
    for holding in display.get("holdings", []):
        if holding.get("url"):
            name = label("municipality", holding["municipality"], ui)
            source = {"value": holding["municipality"], "translated": name}
            urls.append({"url": holding["url"], "text": name, "source": source})
    return urls


def _identifiers(kind: str) -> Builder:
    return lambda display, _: display.get("identifiers", {}).get(kind, [])


def _first_identifier(kind: str) -> Builder:
    return lambda display, _: next(iter(display.get("identifiers", {}).get(kind, [])), None)


def _listed(name: str) -> Builder:
    """The display's text ``name`` as Finna's one-element list (none when it is empty)."""
    return lambda display, _: [display[name]] if display.get(name) else []


def _copied(name: str) -> Builder:
    return lambda display, _: display.get(name)


FIELDS: dict[str, RecordField] = {
    "id": RecordField(_copied("id"), STRING),
    "title": RecordField(lambda d, _: _full_title(d), STRING),
    "shortTitle": RecordField(_copied("title"), STRING),
    "subTitle": RecordField(_copied("subtitle"), STRING),
    "titleSection": RecordField(_copied("part"), STRING),
    "alternativeTitles": RecordField(_copied("title_variants"), STRINGS),
    "recordPage": RecordField(lambda d, _: f"/?record={quote(d['id'], safe='')}", STRING),
    "bibliographicLevel": RecordField(
        lambda d, _: "Serial" if d["material_type"] == "emagazine" else "Monograph", STRING
    ),
    "formats": RecordField(lambda d, c: FORMATS.tagged(d["material_type"], c.ui), TAGGED),
    "buildings": RecordField(lambda d, c: _buildings(d, c.ui), TAGGED),
    "dedupIds": RecordField(
        lambda d, _: [f"{h['municipality']}.{h['source_id']}" for h in d.get("holdings", [])], STRINGS
    ),
    "languages": RecordField(_copied("languages"), STRINGS),
    "originalLanguages": RecordField(_listed("original_language"), STRINGS),
    "nonPresenterAuthors": RecordField(
        lambda d, _: _people(d, presenters=False), {"type": "array", "items": PERSON}
    ),
    "presenters": RecordField(
        lambda d, _: {"presenters": _people(d, presenters=True), "details": []},
        {
            "type": "object",
            "properties": {"presenters": {"type": "array", "items": PERSON}, "details": STRINGS},
        },
    ),
    "primaryAuthors": RecordField(lambda d, _: _names(d, primary=True), STRINGS),
    "secondaryAuthors": RecordField(lambda d, _: _names(d, primary=False), STRINGS),
    "subjects": RecordField(lambda d, _: _headings(d), {"type": "array", "items": STRINGS}),
    "subjectsExtended": RecordField(
        lambda d, _: [
            {"heading": s["term"].split(" -- "), "type": "topic", "source": s.get("vocabulary")}
            for s in d.get("subjects", [])
        ],
        {
            "type": "array",
            "items": {"type": "object", "properties": {"heading": STRINGS, "type": STRING, "source": STRING}},
        },
    ),
    "genres": RecordField(_copied("genres"), STRINGS),
    "classifications": RecordField(
        lambda d, _: _classifications(d), {"type": "object", "additionalProperties": STRINGS}
    ),
    "year": RecordField(lambda d, _: str(d["year"]) if d.get("year") is not None else None, STRING),
    "publishers": RecordField(_listed("publisher"), STRINGS),
    "placesOfPublication": RecordField(_listed("place"), STRINGS),
    "edition": RecordField(_copied("edition"), STRING),
    "series": RecordField(
        lambda d, _: _series(d),
        {"type": "array", "items": {"type": "object", "properties": {"name": STRING, "number": STRING}}},
    ),
    "physicalDescriptions": RecordField(_listed("extent"), STRINGS),
    "playingTimes": RecordField(_listed("duration"), STRINGS),
    "summary": RecordField(_listed("description"), STRINGS),
    "isbns": RecordField(_identifiers("isbn"), STRINGS),
    "issns": RecordField(_identifiers("issn"), STRINGS),
    "cleanIsbn": RecordField(_first_identifier("isbn"), STRING),
    "cleanIssn": RecordField(_first_identifier("issn"), STRING),
    "urls": RecordField(
        lambda d, _: [{"url": link["url"], "desc": link.get("text")} for link in d.get("links", [])] or None,
        {"type": "array", "items": {"type": "object", "properties": {"url": STRING, "desc": STRING}}},
    ),
    "onlineUrls": RecordField(
        lambda d, c: _online_urls(d, c.ui),
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"url": STRING, "text": STRING, "source": TAGGED["items"]},
            },
        },
    ),
    "images": RecordField(lambda d, _: [d["cover"]] if d.get("cover") else [], STRINGS),
    "fullRecord": RecordField(
        lambda _, c: orjson.dumps(c.sources).decode() if c.sources is not None else None, STRING
    ),
}
"""Every field a client may ask for with ``field[]``, in the order the OpenAPI document lists them."""
SOURCE_RECORD_FIELDS = ("fullRecord",)
"""The fields that need the work's stored source records (one more request to the records index)."""

DEFAULT_FIELDS = tuple(
    name
    for name in (
        "buildings", "formats", "id", "imageRights", "images", "languages", "nonPresenterAuthors",
        "onlineUrls", "presenters", "rating", "series", "subjects", "title", "urls",
    )
    if name in FIELDS
)  # fmt: skip
"""Finna's default field set, without the fields we cannot fill (``imageRights``, ``rating``)."""


def cleaned(value: Any) -> Any:
    """Finna's clean-up of record values (``BaseFormatter::filterArrayValues``): null, ``""`` and false
    are left out, true is 1, an empty list inside a list is left out; an empty list under a named key
    stays (``"series": []``). None means "leave the key out"."""
    if value is None or value == "" or value is False:
        return None
    if value is True:
        return 1
    if isinstance(value, dict):
        entries = {key: cleaned(item) for key, item in value.items()}
        return {key: item for key, item in entries.items() if item is not None}
    if isinstance(value, list):
        items = [cleaned(item) for item in value]
        return [item for item in items if item is not None and item != []]
    return value


def shape_record(display: dict[str, Any], names: list[str], context: Context) -> dict[str, Any]:
    """One Finna record with the fields ``names`` (known ones only, in their order)."""
    record = {name: cleaned(FIELDS[name].build(display, context)) for name in names}
    return {name: value for name, value in record.items() if value is not None}
