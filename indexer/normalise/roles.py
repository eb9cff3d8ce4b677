"""Contributor roles from MARC relator codes and from the relator terms cataloguers type.

Helmet records mix MARC codes ($4 'aut'), Finnish and Swedish terms from the RDA vocabularies ($e
'kirjoittaja.', 'översättare') and English terms from international sources. The record page labels
only the handful of roles in :data:`indexer.record.ROLES` (in three languages), so every code and term is
mapped onto those, and everything not recognised is a plain contributor.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.record import Role

_TERMS: dict[Role, tuple[str, ...]] = {
    "author": (
        "aut", "cre", "author", "writer", "creator", "kirjoittaja", "tekijä", "kirjailija", "författare",
        "upphovsperson", "verfasser",
    ),
    "editor": (
        "edt", "edc", "editor", "compiler", "comp", "ed", "toimittaja", "päätoimittaja", "toim",
        "kokoaja", "redaktör", "red", "utgivare", "sammanställare", "herausgeber", "hrsg",
    ),
    "translator": (
        "trl", "translator", "kääntäjä", "suomentaja", "suom", "översättare", "övers", "übersetzer",
    ),
    "illustrator": (
        "ill", "illustrator", "kuvittaja", "kuv", "piirtäjä", "illustratör", "tecknare",
    ),
    "composer": ("cmp", "composer", "säveltäjä", "kompositör", "tonsättare", "komponist"),
    "lyricist": (
        "lyr", "lbt", "lyricist", "librettist", "sanoittaja", "libretisti", "textförfattare",
        "sångtextförfattare",
    ),
    "performer": (
        "prf", "itr", "sng", "voc", "mus", "performer", "instrumentalist", "singer", "vocalist", "musician",
        "esittäjä", "laulaja", "soittaja", "muusikko", "utförare", "sångare", "musiker",
    ),
    "narrator": ("nrr", "narrator", "reader", "lukija", "kertoja", "uppläsare", "inläsare", "berättare"),
    "conductor": ("cnd", "conductor", "kapellimestari", "johtaja", "dirigent"),
    # 'ins' is MARC's "inscriber", but the Helmet course records use it for the instructor of a course.
    "instructor": (
        "ins", "tch", "instructor", "teacher", "kouluttaja", "opettaja", "instruktör", "lärare", "utbildare",
    ),
}  # fmt: skip

_ROLE_BY_TERM: dict[str, Role] = {term: role for role, terms in _TERMS.items() for term in terms}
_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_LIST_SEPARATOR = re.compile(r",|;|&|\band\b|\bja\b|\boch\b")


def role_from_relator(value: str | None) -> Role:
    """The role for one relator code or term ('aut', 'kirjoittaja.', 'Översättare'); a value listing several
    ('kirjoittaja, kuvittaja') gives the first one recognised. Unknown or None → 'contributor': the
    caller decides what a field without any relator means (a 100 field's name is the author)."""
    if not value:
        return "contributor"
    key = _key(value)
    role = _ROLE_BY_TERM.get(key)
    if role is not None:
        return role
    for part in _LIST_SEPARATOR.split(key):
        role = _ROLE_BY_TERM.get(_key(part))
        if role is not None:
            return role
    return "contributor"


def _key(value: str) -> str:
    return _PUNCTUATION.sub("", unicodedata.normalize("NFC", value).casefold())
