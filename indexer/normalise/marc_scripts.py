"""MARC 880 fields (alternate graphic representation): the original script of a romanised record.

A record catalogued in romanisation carries the title, names, publisher, series and edition as published
(Cyrillic, Hebrew, Arabic, Chinese, Japanese…) in 880 fields, each linked to its regular field by subfield
$6 (MARC 21 Bibliographic, "Appendix A: Control subfields" and 880): the regular field's ``$6 880-02``
and the 880's ``$6 245-02/(N`` share the occurrence number 02, and the 880 names the tag it stands for.
An 880 whose occurrence number is ``00`` has no regular counterpart (a title that exists only in the
original script, say) and is still read as a field of the tag it names; so is an 880 whose link leads to
no field. Script identification (``/(N``) and orientation (``/r``, right to left) are not needed: the
text is stored in logical order, which is the order it keeps.

A broken $6 (no tag, no number) makes the 880 unreadable, and it is left out rather than refused: the
romanised record stands on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.normalise.marc_fields import MarcFields, first_value
from indexer.read.readers.marc import MarcField, plain_field

ALTERNATE_GRAPHIC_TAG = "880"
_LINK = re.compile(r"\s*(\d{3})-(\d{2,})")
_UNLINKED = "00"


@dataclass(slots=True)
class AlternateScripts:
    """The 880 fields of one record, as fields of the tags they stand for (their tag put in place of 880).

    ``linked`` maps (tag, occurrence number) to the 880 form of that regular field; ``unlinked`` lists,
    by tag, the 880s with no regular counterpart. A record without 880 fields has neither.
    """

    linked: dict[tuple[str, str], MarcField] = field(default_factory=dict)
    unlinked: dict[str, list[MarcField]] = field(default_factory=dict)

    def original(self, regular: MarcField) -> MarcField | None:
        """The 880 form of ``regular``, found through its ``$6 880-NN``; None when it has none."""
        if not self.linked:
            return None
        link = _parse_link(first_value(regular, "6"))
        if link is None or link[0] != ALTERNATE_GRAPHIC_TAG:
            return None
        return self.linked.get((regular.tag, link[1]))

    def standalone(self, *tags: str) -> list[MarcField]:
        """The 880 forms of ``tags`` that no regular field of the record links to, tag by tag."""
        return [found for tag in tags for found in self.unlinked.get(tag, ())]


NO_ALTERNATE_SCRIPTS = AlternateScripts()


def alternate_scripts(fields: MarcFields) -> AlternateScripts:
    """The record's 880 fields by the tag and link they name (:data:`NO_ALTERNATE_SCRIPTS` for a record
    without any, nearly every record)."""
    graphic = fields.get(ALTERNATE_GRAPHIC_TAG)
    if not graphic:
        return NO_ALTERNATE_SCRIPTS
    linked_from = _links_from_regular_fields(fields)
    scripts = AlternateScripts()
    for alternate in graphic:
        link = _parse_link(first_value(alternate, "6"))
        if link is None:
            continue
        tag, occurrence = link
        as_field = plain_field(tag, alternate.indicators, alternate.subfields)
        if occurrence != _UNLINKED and (tag, occurrence) in linked_from:
            scripts.linked.setdefault((tag, occurrence), as_field)
        else:
            scripts.unlinked.setdefault(tag, []).append(as_field)
    return scripts


def _links_from_regular_fields(fields: MarcFields) -> set[tuple[str, str]]:
    """(tag, occurrence) of every regular field that links to an 880."""
    found: set[tuple[str, str]] = set()
    for tag, tagged in fields.by_tag.items():
        if tag == ALTERNATE_GRAPHIC_TAG:
            continue
        for regular in tagged:
            if regular.control_field:
                continue
            link = _parse_link(first_value(regular, "6"))
            if link is not None and link[0] == ALTERNATE_GRAPHIC_TAG:
                found.add((tag, link[1]))
    return found


def _parse_link(value: str | None) -> tuple[str, str] | None:
    """('245', '02') from '245-02/(N/r'; None when the subfield does not start with a tag and a number."""
    match = _LINK.match(value or "")
    return (match.group(1), match.group(2)) if match else None
