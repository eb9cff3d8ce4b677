"""Language codes in one form, ISO 639-2/B, the form MARC uses (008/35-37, 041).

ONIX sends 639-2/B too but other feeds use 639-1 ('fi') or 639-2/T ('deu'); the search facets and the
per-language text analysis need one code per language. pycountry ships ISO 639-3 (a superset of the
individual languages of 639-2) and 639-5 (language families, the 639-2 collective codes such as 'fiu'),
so a 639-3-only code is accepted as well; there is no 639-2-only list to check against.
"""

from __future__ import annotations

import re

import pycountry
from langdetect import DetectorFactory, LangDetectException, detect, detector_factory

# MARC codes with a meaning of their own that are kept as they are: several languages, no linguistic
# content, undetermined.
_MARC_SPECIAL = ("mul", "zxx", "und")
# Codes the MARC Code List for Languages has discontinued (its "obsolete" entries, written "-fri"), which
# older records still carry, mapped to the code that replaced each. Many are also ISO 639-3 codes of other,
# small languages ('far' Fataleka, 'tag' Tagin): in a catalogue the MARC meaning is the one meant, so these
# are looked up first.
MARC_RETIRED = {
    "cam": "khm", "esp": "epo", "eth": "gez", "far": "fao", "fri": "fry", "gae": "gla", "gag": "glg",
    "gal": "orm", "gua": "grn", "int": "ina", "iri": "gle", "kus": "kos", "lan": "oci", "lap": "smi",
    "max": "glv", "mla": "mlg", "mol": "rum", "sao": "smo", "scc": "srp", "scr": "hrv", "sho": "sna",
    "snh": "sin", "sso": "sot", "swz": "ssw", "tag": "tgl", "taj": "tgk", "tar": "tat", "tru": "chk",
    "tsw": "tsn",
}  # fmt: skip


def _code_table() -> dict[str, str]:
    """Every known 2- and 3-letter code mapped to its 639-2/B form, built once at import."""
    table: dict[str, str] = {}
    for family in pycountry.language_families:
        table[family.alpha_3] = family.alpha_3
    for language in pycountry.languages:
        bibliographic = getattr(language, "bibliographic", None) or language.alpha_3
        table[language.alpha_3] = bibliographic
        table[bibliographic] = bibliographic
        alpha_2 = getattr(language, "alpha_2", None)
        if alpha_2:
            table[alpha_2] = bibliographic
    table.update({code: code for code in _MARC_SPECIAL})
    table.update(MARC_RETIRED)
    return table


_CODES = _code_table()
_LETTERS = re.compile(r"[a-z]+")
_SUBTAG = re.compile(r"^([A-Za-z]{2,3})[-_][A-Za-z]")

# langdetect is randomised; a fixed seed makes the same text always get the same answer.
DetectorFactory.seed = 0
_MIN_LETTERS = 3


def normalise_language(code: str | None) -> str | None:
    """Any ISO 639-1, 639-2/T or 639-2/B code, in any case and with surrounding junk ('fin.', ' FI ',
    'sv-FI'), as 639-2/B ('deu' → 'ger', 'fi' → 'fin'); 'mul', 'zxx', 'und' kept; a code MARC retired as
    its replacement ('scc' → 'srp', 'fri' → 'fry'); anything else None."""
    if not code:
        return None
    subtag = _SUBTAG.match(code.strip())
    candidate = subtag.group(1).lower() if subtag else code.lower()
    letters = _LETTERS.findall(candidate)
    if len(letters) != 1:
        return None
    return _CODES.get(letters[0])


def load_language_profiles() -> None:
    """Load langdetect's profiles now rather than at the first detection (a job loads them once, before
    its workers fork, so that they share them)."""
    detector_factory.init_factory()


def detect_language(text: str) -> str | None:
    """The language of ``text`` as 639-2/B by langdetect, or None when the text has fewer than three
    letters (nothing to go on) or detection fails."""
    if sum(char.isalpha() for char in text) < _MIN_LETTERS:
        return None
    try:
        detected = detect(text)
    except LangDetectException:
        return None
    return normalise_language(detected)
