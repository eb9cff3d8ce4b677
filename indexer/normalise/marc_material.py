"""Which of the six material types a MARC record describes.

The evidence is scattered and often partial: leader 06/07 (type and level), whether the resource is
online (007 ``cr``, form of item in 008/006, 338 carrier, an 856 link that is the resource itself or
points to an e-book vendor), content and genre terms in 336/380/655/347, and Helmet's Sierra material
code (kept in 998 $d by the Sierra reader). Helmet e-books coded as plain printed books (``nam``) are
recognisable only by the Sierra code or the vendor link. The signals are gathered once into
:class:`MaterialSignals`; the decision is the first matching row of :data:`_DECISIONS`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from indexer.normalise.marc_fields import FIELD_CACHE_SIZE, MarcFields, indicator, subfield_values, values
from indexer.normalise.text import clean
from indexer.read.readers.marc import SIERRA_MATERIAL_CODE, SIERRA_MATERIAL_TAG
from indexer.record import MaterialType

_MUSIC_TYPES = frozenset("cdj")  # notated music (printed, manuscript), musical sound recording
_TEXT_TYPES = frozenset("at")  # language material, printed or manuscript
_SPOKEN_TYPES = frozenset("i")  # nonmusical sound recording
_SERIAL_LEVELS = frozenset("bis")  # serial component part, integrating resource, serial
# 008 form of item sits at 23 for these record types and at 29 for visual materials and maps; in 006
# the same element is 17 positions earlier.
_FORM_AT_29 = frozenset("efgkor")
_ONLINE_FORMS = frozenset("os")  # online, electronic
_ONLINE_CARRIER_CODES = frozenset({"cr"})
_ONLINE_CARRIER_TERMS = frozenset({"verkkoaineisto", "online resource", "onlineresurs"})
_OTHER_RESOURCE_LINKS = frozenset("12")
_TERM_TAGS = ("336", "380", "655")  # content type, form of work, genre: terms in $a
# A link up to the end of its authority: what urlsplit reads the host from (the path, query and fragment
# start at the first '/', '?' or '#' after '//').
_URL_HEAD = re.compile(r"[^:/?#]*://[^/?#]*")
# Hosts of the e-book and e-audiobook services Helmet and other Finnish libraries license.
_VENDOR_HOSTS = (
    "ellibs",
    "overdrive",
    "booky",
    "elisa",
    "bookbeat",
    "storytel",
    "nextory",
    "odilo",
    "libby",
    "zinio",
    "pressreader",
    "rbdigital",
    "cloudlibrary",
)

_ONLINE_COURSE_TERMS = frozenset(
    {"verkkokurssi", "verkkokurssit", "online course", "online courses", "webbkurs", "webbkurser",
     "nätkurs", "nätkurser", "e-kurssi", "e-course"}
)  # fmt: skip
_COURSE_TERMS = frozenset({"kurssi", "kurssit", "course", "courses", "kurs", "kurser"})
_EAUDIOBOOK_TERMS = frozenset(
    {"eaudiobook", "e-audiobook", "e-audiobooks", "e-äänikirja", "e-äänikirjat", "e-ljudbok",
     "e-ljudböcker"}
)  # fmt: skip
_AUDIOBOOK_TERMS = frozenset(
    {"äänikirja", "äänikirjat", "ljudbok", "ljudböcker", "audiobook", "audiobooks", "puhe", "spoken word",
     "tal"}
)  # fmt: skip
_EBOOK_TERMS = frozenset(
    {"e-kirja", "e-kirjat", "e-bok", "e-böcker", "ebook", "e-book", "e-books", "ebooks",
     "electronic books", "elektroniska böcker", "sähköiset kirjat"}
)  # fmt: skip
_EMAGAZINE_TERMS = frozenset(
    {"e-lehti", "e-lehdet", "verkkolehti", "verkkolehdet", "e-tidskrift", "e-tidskrifter", "e-magazine",
     "e-magazines", "electronic journals", "elektroniska tidskrifter", "sähköiset lehdet"}
)  # fmt: skip
# Helmet Sierra material type codes that decide the type on their own.
_SIERRA_MATERIAL: dict[str, MaterialType] = {"z": "ebook", "t": "eaudiobook"}


@dataclass(frozen=True, slots=True)
class MaterialSignals:
    """What a record says about its material, gathered once."""

    record_type: str
    level: str
    online: bool
    terms: frozenset[str]
    sierra_material: MaterialType | None
    has_issn: bool
    has_instructor: bool


def material_signals(fields: MarcFields, *, has_issn: bool, has_instructor: bool) -> MaterialSignals:
    record_type = fields.leader_at(6)
    return MaterialSignals(
        record_type=record_type,
        level=fields.leader_at(7),
        online=_has_vendor_link(fields) or _is_online(fields, record_type),
        terms=_terms(fields),
        sierra_material=_sierra_material(fields),
        has_issn=has_issn,
        has_instructor=has_instructor,
    )


def material_type(signals: MaterialSignals) -> MaterialType:
    """The first row of the decision table that matches; 'other' for films, games, maps, print…"""
    for matches, material in _DECISIONS:
        if matches(signals):
            return material
    return "other"


def _is_course(s: MaterialSignals) -> bool:
    return bool(s.terms & _ONLINE_COURSE_TERMS) or (
        s.online and (bool(s.terms & _COURSE_TERMS) or s.has_instructor)
    )


def _is_music(s: MaterialSignals) -> bool:
    return s.record_type in _MUSIC_TYPES


def _is_eaudiobook(s: MaterialSignals) -> bool:
    if s.sierra_material == "eaudiobook" or s.terms & _EAUDIOBOOK_TERMS:
        return True
    return s.online and (s.record_type in _SPOKEN_TYPES or bool(s.terms & _AUDIOBOOK_TERMS))


def _is_emagazine(s: MaterialSignals) -> bool:
    return s.online and ((s.level in _SERIAL_LEVELS and s.has_issn) or bool(s.terms & _EMAGAZINE_TERMS))


def _is_ebook(s: MaterialSignals) -> bool:
    if s.sierra_material == "ebook" or s.terms & _EBOOK_TERMS:
        return True
    return s.online and s.record_type in _TEXT_TYPES


# Order matters: a course or a piece of music may be online text too, and a serial is text as well.
_DECISIONS: tuple[tuple[Callable[[MaterialSignals], bool], MaterialType], ...] = (
    (_is_course, "course"),
    (_is_music, "music"),
    (_is_eaudiobook, "eaudiobook"),
    (_is_emagazine, "emagazine"),
    (_is_ebook, "ebook"),
)


def _is_online(fields: MarcFields, record_type: str) -> bool:
    for field in fields.get("007"):
        if field.data and field.data[:2].lower() == "cr":
            return True
    form_at = 29 if record_type in _FORM_AT_29 else 23
    if fields.control("008")[form_at : form_at + 1] in _ONLINE_FORMS:
        return True
    if any(_006_is_online(field.data or "") for field in fields.get("006")):
        return True
    for field in fields.get("338"):
        if set(subfield_values(field, "b")) & _ONLINE_CARRIER_CODES:
            return True
        if {_term(value) for value in subfield_values(field, "a")} & _ONLINE_CARRIER_TERMS:
            return True
    # 856 second indicator 0: the link is the resource itself, not something about it.
    return any(indicator(field, 2) == "0" and subfield_values(field, "u") for field in fields.get("856"))


def _006_is_online(data: str) -> bool:
    form_at = (29 if data[:1] in _FORM_AT_29 else 23) - 17
    return data[form_at : form_at + 1] in _ONLINE_FORMS


def _has_vendor_link(fields: MarcFields) -> bool:
    """An 856 to an e-book vendor that is the resource itself (second indicator 0 or blank); a print
    record may link its e-version (1) or related material (2) at the same vendor."""
    for field in fields.get("856"):
        if indicator(field, 2) not in _OTHER_RESOURCE_LINKS:
            for url in subfield_values(field, "u"):
                if _is_vendor_host(_link_head(url)):
                    return True
    return False


def _host(url: str) -> str:
    """The link's host name. Only the scheme and authority decide it, and links point to a few vendors'
    hosts, so the host is worked out once per distinct ``scheme://authority``."""
    return _host_of(_link_head(url))


def _link_head(url: str) -> str:
    """What of a link decides its host: the scheme and authority (the whole link when it has none)."""
    link = url.strip()
    head = _URL_HEAD.match(link)
    return head.group() if head else link


@functools.lru_cache(maxsize=1024)
def _host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # a malformed link is no evidence either way
        return ""


@functools.lru_cache(maxsize=1024)
def _is_vendor_host(head: str) -> bool:
    """Whether a label of the host of ``head`` (see :func:`_link_head`) starts with a vendor's name."""
    return any(label.startswith(_VENDOR_HOSTS) for label in _host_of(head).split("."))


def _terms(fields: MarcFields) -> frozenset[str]:
    terms = values(fields.get_all(_TERM_TAGS), "a") + values(fields.get("347"), "b")
    return frozenset(filter(None, map(_term, terms)))


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _term(value: str) -> str:
    """A content, carrier or genre term as compared: cleaned and case-folded. Terms recur."""
    return (clean(value) or "").casefold()


def _sierra_material(fields: MarcFields) -> MaterialType | None:
    for field in fields.get(SIERRA_MATERIAL_TAG):
        for code in subfield_values(field, SIERRA_MATERIAL_CODE):
            material = _SIERRA_MATERIAL.get(code.strip())
            if material is not None:
                return material
    return None
