"""Contributors and their roles from the MARC name fields (1XX main entry, 7XX added entries).

A name is $a with $b (numeration, or a corporate body's subordinate units in the order written) and $c
(titles, "(fiktiivinen hahmo)"), without a person's dates in $d; a meeting (111/711) is named with $a $c
$d $e $n $q, its number, date, place and subordinate unit. Cataloguers' leftovers such as
"[from old catalog]" and ISBD's trailing punctuation are removed. Roles come from every relator term ($e;
$j in meeting names, where $e is a unit) and code ($4) of the field; a main entry without any relator is
the author, an added entry without one a contributor (never dropped). Helmet music records name a
performer's instrument as the relator ("kitara", "rummut"), so in a music sound recording a personal name
whose relators are not recognised counts as a performer.

A name-title entry (a name field with $t) names the author of another work: of one contained in this
item (an anthology's stories, Helmet's "Sisältää (teos):" entries; MARC's analytical entry, second
indicator 2), or of one it is related to otherwise ("Perustuu (teos):", "Verk baserat på:", told by $i).
The name before $t is a contributor with the role that says which. A name's original script (880) is
kept beside it (:mod:`.marc_scripts`).
"""

from __future__ import annotations

import functools
import re

import pymarc

from indexer.normalise.marc_fields import (
    FIELD_CACHE_SIZE,
    MarcFields,
    first_value,
    indicator,
    subfield_values,
)
from indexer.normalise.marc_scripts import NO_ALTERNATE_SCRIPTS, AlternateScripts
from indexer.normalise.roles import role_from_relator
from indexer.normalise.text import clean
from indexer.read.readers.marc import MarcField, plain_field
from indexer.record import Contributor, Role

# Main entries first, so that the author leads; the role a field has when it names no relator.
_ENTRY_GROUPS: tuple[tuple[tuple[str, ...], Role], ...] = (
    (("100", "110", "111"), "author"),
    (("700", "710", "711"), "contributor"),
)
_MEETING_TAGS = frozenset({"111", "711"})
_PERSONAL_TAGS = frozenset({"100", "700"})
_NAME_CODES = "abc"
# A meeting is named with its number, date, place and unit: "Conference … (1992 : Dublin)".
_MEETING_NAME_CODES = "acdenq"
_TITLE_CODE = "t"
_ANALYTICAL_ENTRY = "2"  # second indicator of 700/710/711: the work named is contained in this item
# $i words of a relationship that is containment: the contained work's author takes part in this item.
_CONTAINS = re.compile(r"sisältää|innehåller|contains|container of|includes|enthält", re.IGNORECASE)
_OLD_CATALOG = re.compile(r"\[?\s*from old catalog\s*\]?", re.IGNORECASE)
# Relator codes and terms come from short lists (MARC codes, the RDA terms in three languages), and recur
# where the names they go with do not.
_role = functools.lru_cache(maxsize=1024)(role_from_relator)


def contributors(fields: MarcFields, scripts: AlternateScripts = NO_ALTERNATE_SCRIPTS) -> list[Contributor]:
    """Everyone named in 1XX and 7XX with a role, in record order (main entry first), without repeating
    the same person in the same role; each with the original-script form of the name when an 880 gives
    one, and the names that only an 880 gives (no romanised twin) after them."""
    music_recording = fields.leader_at(6) == "j"
    seen: set[tuple[str, Role]] = set()
    found: list[Contributor] = []
    for tag_group, default_role in _ENTRY_GROUPS:
        for field in [*fields.get_all(tag_group), *scripts.standalone(*tag_group)]:
            performer_default = music_recording and field.tag in _PERSONAL_TAGS
            name, roles = _entry(
                field.tag, field.indicators, tuple(field.subfields), default_role, performer_default
            )
            original = _original_name(scripts.original(field), name)
            for role in roles:
                if (name, role) not in seen:
                    seen.add((name, role))
                    found.append(Contributor(name, role, original))
    return found


def _original_name(original: MarcField | None, name: str) -> str | None:
    """The name in an 880 read by the rules of the field it stands for; None when there is none, or when
    it is the romanised name again."""
    if original is None:
        return None
    written = _entry(original.tag, original.indicators, tuple(original.subfields), "contributor", False)[0]
    return written if written and written != name else None


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _entry(
    tag: str,
    indicators: pymarc.Indicators | None,
    subfields: tuple[tuple[str, str], ...],
    default_role: Role,
    performer_default: bool,
) -> tuple[str, tuple[Role, ...]]:
    """(name, roles) of one name field; no roles when it names nobody. Authors, translators and
    narrators recur in record after record with the same name, relators and authority link, so each
    distinct field is read once."""
    field = plain_field(tag, indicators, subfields)
    name = _name(field)
    if name is None:
        return "", ()
    related = _related_work_role(field)
    if related is not None:
        return name, (related,)
    return name, tuple(_roles(field, default_role, performer_default=performer_default))


def _related_work_role(field: MarcField) -> Role | None:
    """The role of the author named in a name-title entry ($t), None for a plain name."""
    if not subfield_values(field, _TITLE_CODE):
        return None
    relationship = first_value(field, "i")
    if indicator(field, 2) == _ANALYTICAL_ENTRY or relationship is None or _CONTAINS.search(relationship):
        return "contained_work_author"
    return "related_work_author"


def _name(field: MarcField) -> str | None:
    """The name subfields before any $t (after it, $n $p $d belong to the title), cleaned."""
    codes = _MEETING_NAME_CODES if field.tag in _MEETING_TAGS else _NAME_CODES
    parts: list[str] = []
    for code, value in field.subfields:
        if code == _TITLE_CODE:
            break
        if code and code in codes:
            parts.append(_OLD_CATALOG.sub("", value).strip())
    return clean(" ".join(parts))


def _roles(field: MarcField, default_role: Role, *, performer_default: bool) -> list[Role]:
    term_code = "j" if field.tag in _MEETING_TAGS else "e"
    relators = subfield_values(field, term_code + "4")
    roles = [role for role in map(_role, relators) if role != "contributor"]
    if roles:
        return list(dict.fromkeys(roles))
    if relators and performer_default:
        return ["performer"]
    return ["contributor"] if relators else [default_role]
