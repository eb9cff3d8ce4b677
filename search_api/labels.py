"""Facet and field labels in Finnish, Swedish and English.

Language names come from ICU's locale data (CLDR), the same names every Finnish, Swedish and English
user interface shows, rather than from a table we would have to keep up to date for hundreds of codes;
codes ICU does not know (MARC collective codes such as ``smi``) fall back to the ISO 639 names that
pycountry ships with their translations. Our own vocabularies (municipalities, material types, audiences)
are few and ours, so they are tables here.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from typing import Literal

import icu
import pycountry

UiLanguage = Literal["fi", "sv", "en"]
UI_LANGUAGES: tuple[UiLanguage, ...] = ("fi", "sv", "en")

MUNICIPALITY = {
    "espoo": {"fi": "Espoo", "sv": "Esbo", "en": "Espoo"},
    "helsinki": {"fi": "Helsinki", "sv": "Helsingfors", "en": "Helsinki"},
    "vantaa": {"fi": "Vantaa", "sv": "Vanda", "en": "Vantaa"},
    "kauniainen": {"fi": "Kauniainen", "sv": "Grankulla", "en": "Kauniainen"},
}
MATERIAL_TYPE = {
    "ebook": {"fi": "E-kirja", "sv": "E-bok", "en": "E-book"},
    "eaudiobook": {"fi": "E-äänikirja", "sv": "E-ljudbok", "en": "E-audiobook"},
    "emagazine": {"fi": "E-lehti", "sv": "E-tidskrift", "en": "E-magazine"},
    "music": {"fi": "Musiikki", "sv": "Musik", "en": "Music"},
    "course": {"fi": "Verkkokurssi", "sv": "Webbkurs", "en": "Online course"},
    "other": {"fi": "Muu aineisto", "sv": "Annat material", "en": "Other material"},
}
AUDIENCE = {
    "children": {"fi": "Lapset", "sv": "Barn", "en": "Children"},
    "youth": {"fi": "Nuoret", "sv": "Unga", "en": "Young people"},
    "adult": {"fi": "Aikuiset", "sv": "Vuxna", "en": "Adults"},
}
_TABLES = {"municipality": MUNICIPALITY, "material_type": MATERIAL_TYPE, "audience": AUDIENCE}


@lru_cache(maxsize=4096)
def language_name(code: str, ui: UiLanguage) -> str:
    """``fin`` → ``suomi`` / ``finska`` / ``Finnish``; unknown codes are returned as they are."""
    entry = pycountry.languages.get(bibliographic=code) or pycountry.languages.get(alpha_3=code)
    locale_code = getattr(entry, "alpha_2", None) or (entry.alpha_3 if entry else code)
    name = str(icu.Locale(locale_code).getDisplayLanguage(icu.Locale(ui)))
    if name and name != locale_code:
        return name[0].upper() + name[1:] if ui == "en" else name
    domain = "iso639-3"
    if entry is None:
        entry, domain = pycountry.language_families.get(alpha_3=code), "iso639-5"  # e.g. smi, Sami languages
    if entry is None:
        return code
    try:
        translation = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[ui])
    except OSError:
        return str(entry.name)
    return translation.gettext(str(entry.name))


def label(facet: str, value: str, ui: UiLanguage) -> str:
    """The label of one facet value in the user's language (the value itself where we have none)."""
    if facet == "language":
        return language_name(value, ui)
    table = _TABLES.get(facet)
    if table is not None and value in table:
        return table[value][ui]
    return value
