"""What the two streaming XML readers (MARCXML, ONIX) share: freeing finished records, and the opening tags
a fresh parser starts with when it takes over after damage.

Both readers hand on one record element at a time and free it at once, so that a file of any size is read in
constant memory; both resume after damage with a new parser that is first given the opening tags of the
elements the records sit in (with their namespace declarations), so that the records after the damage are
parsed in the same namespaces as those before it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from lxml import etree


def local_name(element: etree._Element) -> str | None:
    """The tag without its namespace (``{http://www.loc.gov/MARC21/slim}record`` → ``record``); None for
    comments, processing instructions and entities."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else None


def release(element: etree._Element) -> None:
    """Free a finished record and the already handled siblings before it, keeping memory flat."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def opening_tag(name: str, namespaces: Mapping[str | None, str], attributes: Mapping[str, str]) -> str:
    """``<name …>`` declaring ``namespaces`` (the ``None`` key: the default namespace) and ``attributes``."""
    declarations = "".join(
        f' xmlns{":" + prefix if prefix else ""}="{html.escape(uri)}"' for prefix, uri in namespaces.items()
    )
    values = "".join(f' {key}="{html.escape(value)}"' for key, value in attributes.items())
    return f"<{name}{declarations}{values}>"


def qualified_name(element: etree._Element) -> str:
    """The element's name as written: ``marc:collection``, or ``collection`` in the default namespace."""
    local = str(local_name(element))
    return f"{element.prefix}:{local}" if element.prefix else local
