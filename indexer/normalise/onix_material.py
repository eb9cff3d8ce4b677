"""Which of the six material types an ONIX product is, from its form and content codes.

ProductForm (code list 150, ONIX 2.1: list 7) says what the product physically is: a hardback, an audio
CD, a downloadable audio file, an e-book (``E*``; ONIX 2.1 had ``DG`` electronic book text and ``DH``
online resource). ProductFormDetail (175) and the content types (81) say more: an MP3 audiobook sold as
a generic digital product (``ED`` with ``A103``), a music recording, a SCORM e-learning package. A print
book, an audio CD or a DVD is "other" for this e-library's search, like MARC records of physical items;
music is music whatever its carrier, as in the MARC normaliser. ONIX has no notion of a serial, and an
ISSN alone does not make one (Finnish publishers' book series have ISSNs), so an electronic product is an
e-magazine when its collection has an ISSN and the product is an issue: it has no title of its own, only
the collection's with a number, or it gives the year of an annual.

The decision is the first matching row of :data:`_DECISIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indexer.record import MaterialType

_DIGITAL_AUDIO_FORMS = frozenset({"AJ", "AN", "AO"})  # downloadable, downloadable and online, online
_DIGITAL_TEXT_FORMS = frozenset({"EA", "EB", "EC", "ED", "DG", "DH"})
_SHEET_MUSIC_FORM = "PI"
_AUDIO_FILE_DETAILS = frozenset(f"A1{number:02d}" for number in range(3, 13))  # MP3, WAV, … ALAC
_E_LEARNING_DETAILS = frozenset({"E143"})  # SCORM package
_MUSIC_CONTENT = frozenset({"03", "11"})  # music recording, musical notation
_SPOKEN_CONTENT = frozenset({"01", "02", "13"})  # audiobook, spoken word performance, other speech


@dataclass(frozen=True, slots=True)
class MaterialSignals:
    """The codes of one product that the material type depends on."""

    product_form: str | None
    form_details: frozenset[str]
    content_types: frozenset[str]
    has_issn: bool
    is_issue: bool


def material_type(signals: MaterialSignals) -> MaterialType:
    """The first row of the decision table that matches; 'other' for print, physical media, merchandise."""
    for matches, material in _DECISIONS:
        if matches(signals):
            return material
    return "other"


def _is_course(s: MaterialSignals) -> bool:
    return s.product_form in _DIGITAL_TEXT_FORMS and bool(s.form_details & _E_LEARNING_DETAILS)


def _is_music(s: MaterialSignals) -> bool:
    return s.product_form == _SHEET_MUSIC_FORM or bool(s.content_types & _MUSIC_CONTENT)


def _is_eaudiobook(s: MaterialSignals) -> bool:
    if s.product_form in _DIGITAL_AUDIO_FORMS:
        return True
    spoken = bool(s.content_types & _SPOKEN_CONTENT or s.form_details & _AUDIO_FILE_DETAILS)
    return s.product_form in _DIGITAL_TEXT_FORMS and spoken


def _is_emagazine(s: MaterialSignals) -> bool:
    return s.product_form in _DIGITAL_TEXT_FORMS and s.has_issn and s.is_issue


def _is_ebook(s: MaterialSignals) -> bool:
    return s.product_form in _DIGITAL_TEXT_FORMS


# Order matters: music and audio are digital products too, and a serial is text as well.
_DECISIONS: tuple[tuple[Callable[[MaterialSignals], bool], MaterialType], ...] = (
    (_is_course, "course"),
    (_is_music, "music"),
    (_is_eaudiobook, "eaudiobook"),
    (_is_emagazine, "emagazine"),
    (_is_ebook, "ebook"),
)
