"""Finna's hierarchical facet values (``format``, ``building``) for our material types and municipalities.

Finna writes a node of a hierarchy as ``<depth>/<level0>/…/<levelN>/`` (``0/Book/``, ``1/Book/eBook/``), a
record holds every level down to its own, and a filter on a node matches the records below it. Clients
filter with these strings, so they are written the way finna.fi writes them wherever our vocabulary has a
counterpart there (``0/Book/``, ``1/Book/eBook/``, ``0/Journal/``, ``0/Sound/``, ``0/Helmet/``), and the
municipalities carry the letters Helmet's own buildings start with (``1/Helmet/e/`` Espoo, ``h`` Helsinki,
``v`` Vantaa, ``k`` Kauniainen), so that a filter written for finna.fi's Helmet records works here too. The
scheme is documented in the README ("Moving from api.finna.fi").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from search_api.labels import UiLanguage, label

Labels = dict[str, dict[UiLanguage, str]]


def node_code(path: tuple[str, ...]) -> str:
    """``("Book", "eBook")`` → ``1/Book/eBook/``."""
    return f"{len(path) - 1}/{'/'.join(path)}/"


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """One of our facets as a Finna hierarchy: ``paths`` gives each of its values the levels above and
    including it; ``labels`` names the levels above (the values are named by :func:`labels.label`).

    ``exclusive``: a work holds one value of the facet (one material type), so an upper node counts the
    works of the nodes below added up; otherwise (a work held by several municipalities) the upper node,
    which covers every value, counts every work found."""

    facet: str
    paths: dict[str, tuple[str, ...]]
    labels: Labels
    exclusive: bool

    def codes(self, value: str) -> list[str]:
        """Every node a work with ``value`` is under, root first (as Finna lists a record's levels)."""
        path = self.paths.get(value, ())
        return [node_code(path[: depth + 1]) for depth in range(len(path))]

    def values_under(self, code: str) -> tuple[str, ...]:
        """Our values a filter on ``code`` matches: the node's, or with a final ``*`` (Finna's way of
        asking for a prefix) every node's whose code starts so. A node we do not have matches nothing."""
        if code.endswith("*"):
            prefix = code[:-1]
            return tuple(
                value for value in self.paths if any(c.startswith(prefix) for c in self.codes(value))
            )
        return tuple(value for value in self.paths if code in self.codes(value))

    def translated(self, code: str, ui: UiLanguage) -> str:
        """The label of a node's deepest level, in the user's language; the code when it is no node."""
        for value, path in self.paths.items():
            if node_code(path) == code:
                return label(self.facet, value, ui)
        names = self.labels.get(code)
        return names[ui] if names else code

    def tagged(self, value: str, ui: UiLanguage) -> list[dict[str, str]]:
        """A record's ``formats`` or ``buildings`` entries for ``value``: every level, translated."""
        return [{"value": code, "translated": self.translated(code, ui)} for code in self.codes(value)]

    def tree(self, counts: dict[str, int], total: int) -> list[dict[str, Any]]:
        """Facet nodes for value counts, as nested ``{"value", "count", "children"}`` (children sorted by
        count, then code; a node without children has none), for every node some counted value is under."""
        nodes: dict[str, dict[str, Any]] = {}
        roots: list[dict[str, Any]] = []
        for value, count in counts.items():
            path = self.paths.get(value)
            if path is None or not count:
                continue
            parent: dict[str, Any] | None = None
            for depth in range(len(path)):
                code = node_code(path[: depth + 1])
                node = nodes.get(code)
                if node is None:
                    node = nodes[code] = {"value": code, "count": 0, "children": []}
                    (parent["children"] if parent is not None else roots).append(node)
                leaf = depth == len(path) - 1
                node["count"] = node["count"] + count if (leaf or self.exclusive) else total
                parent = node
        _sort(roots)
        return roots


def _sort(nodes: list[dict[str, Any]]) -> None:
    nodes.sort(key=lambda node: (-node["count"], node["value"]))
    for node in nodes:
        _sort(node["children"])


FORMAT_PATHS: dict[str, tuple[str, ...]] = {
    "ebook": ("Book", "eBook"),
    "eaudiobook": ("Book", "AudioBook"),
    "emagazine": ("Journal", "eJournal"),
    "music": ("Sound", "Music"),
    "course": ("Course", "OnlineCourse"),
    "other": ("Other", "Other"),
}
FORMAT_LABELS: Labels = {
    "0/Book/": {"fi": "Kirja", "sv": "Bok", "en": "Book"},
    "0/Journal/": {"fi": "Lehti", "sv": "Tidskrift", "en": "Journal"},
    "0/Sound/": {"fi": "Äänite", "sv": "Ljudupptagning", "en": "Sound recording"},
    "0/Course/": {"fi": "Kurssi", "sv": "Kurs", "en": "Course"},
    "0/Other/": {"fi": "Muu aineisto", "sv": "Annat material", "en": "Other material"},
}
BUILDING_LETTERS = {"espoo": "e", "helsinki": "h", "vantaa": "v", "kauniainen": "k"}
BUILDING_LABELS: Labels = {
    "0/Helmet/": {"fi": "Helmet-kirjastot", "sv": "Helmet-biblioteken", "en": "Helmet libraries"}
}

FORMATS = Hierarchy("material_type", FORMAT_PATHS, FORMAT_LABELS, exclusive=True)
BUILDINGS = Hierarchy(
    "municipality",
    {municipality: ("Helmet", letter) for municipality, letter in BUILDING_LETTERS.items()},
    BUILDING_LABELS,
    exclusive=False,
)
HIERARCHIES = {"format": FORMATS, "building": BUILDINGS}
"""Finna field name → its hierarchy."""
