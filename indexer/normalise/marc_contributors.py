"""Contributors and their roles from the MARC name fields (1XX main entry, 7XX added entries).

A name is $a with $b (numeration or subordinate unit) and $c (titles, "(fiktiivinen hahmo)"), without
a person's dates in $d (a meeting keeps its number, date and place). Roles come from every relator
term ($e; $j in meeting names, where $e is a unit) and code ($4) of the field; a main entry without
any relator is the author, an added entry without one a contributor. Helmet music records name a
performer's instrument as the relator ("kitara", "rummut"), so in a music sound recording a personal
name whose relators are not recognised counts as a performer.
"""

from __future__ import annotations

import functools

from indexer.normalise.marc_fields import FIELD_CACHE_SIZE, MarcFields, subfield_values
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
# A meeting is named with its number, date and place: "Conference … (1992 : Dublin)".
_MEETING_NAME_CODES = "acdn"
# Relator codes and terms come from short lists (MARC codes, the RDA terms in three languages), and recur
# where the names they go with do not.
_role = functools.lru_cache(maxsize=1024)(role_from_relator)


def contributors(fields: MarcFields) -> list[Contributor]:
    """Everyone named in 1XX and 7XX with a role, in record order (main entry first), without repeating
    the same person in the same role."""
    music_recording = fields.leader_at(6) == "j"
    seen: set[tuple[str, Role]] = set()
    found: list[Contributor] = []
    for tag_group, default_role in _ENTRY_GROUPS:
        for field in fields.get_all(tag_group):
            performer_default = music_recording and field.tag in _PERSONAL_TAGS
            name, roles = _entry(field.tag, tuple(field.subfields), default_role, performer_default)
            for role in roles:
                if (name, role) not in seen:
                    seen.add((name, role))
                    found.append(Contributor(name, role))
    return found


@functools.lru_cache(maxsize=FIELD_CACHE_SIZE)
def _entry(
    tag: str, subfields: tuple[tuple[str, str], ...], default_role: Role, performer_default: bool
) -> tuple[str, tuple[Role, ...]]:
    """(name, roles) of one name field; no roles when it names no contributor. Authors, translators and
    narrators recur in record after record with the same name, relators and authority link, so each
    distinct field is read once."""
    field = plain_field(tag, subfields=subfields)
    name = None if _names_a_related_work(field) else _name(field)
    if name is None:
        return "", ()
    return name, tuple(_roles(field, default_role, performer_default=performer_default))


def _names_a_related_work(field: MarcField) -> bool:
    """A name/title entry ($t) points to another work ("Sisältää (teos):", "Verk baserat på:"); its
    name is that work's author, not a contributor to this item."""
    return bool(subfield_values(field, "t"))


def _name(field: MarcField) -> str | None:
    codes = _MEETING_NAME_CODES if field.tag in _MEETING_TAGS else _NAME_CODES
    return clean(" ".join(value.strip() for value in subfield_values(field, codes)))


def _roles(field: MarcField, default_role: Role, *, performer_default: bool) -> list[Role]:
    term_code = "j" if field.tag in _MEETING_TAGS else "e"
    relators = subfield_values(field, term_code + "4")
    roles = [role for role in map(_role, relators) if role != "contributor"]
    if roles:
        return list(dict.fromkeys(roles))
    if relators and performer_default:
        return ["performer"]
    return ["contributor"] if relators else [default_role]
