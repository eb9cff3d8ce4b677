"""Which catalogue format a file is in, told from its first few KiB.

Feeds arrive without reliable names or content types (Helmet's exports are ``*.dat``, ``*.mrc``, extension
-less slices or ``.xml`` for any of three formats), so the format is read from the bytes themselves. Only
the head is looked at, so that detection works on an HTTP stream without downloading it twice.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from typing import Literal, NamedTuple

from lxml import etree

from indexer.record import RecordFormat

HEAD_SIZE = 8192
"""How many leading bytes :func:`detect_format` needs: enough for an XML prolog with a DOCTYPE and a
message header, and for the directory of a large ISO 2709 record to show its shape."""

MARC21_SLIM_NAMESPACE = "http://www.loc.gov/MARC21/slim"
_MARCXML_ROOTS = frozenset({"collection", "record"})
_MARCXML_CHILDREN = frozenset({"leader", "controlfield", "datafield"})

_ONIX_ROOTS = frozenset({"ONIXMessage", "ONIXmessage", "Product", "product"})
_ONIX3_NAMESPACES = frozenset(
    {"http://ns.editeur.org/onix/3.0/reference", "http://ns.editeur.org/onix/3.0/short"}
)
_ONIX21_NAMESPACES = frozenset(
    {"http://www.editeur.org/onix/2.1/reference", "http://www.editeur.org/onix/2.1/short"}
)
# Blocks that only ONIX 3.0 has (reference and short tag names); 2.1 keeps these fields flat in <Product>.
_ONIX3_ONLY_ELEMENTS = frozenset(
    {
        "DescriptiveDetail",
        "descriptivedetail",
        "CollateralDetail",
        "collateraldetail",
        "PublishingDetail",
        "publishingdetail",
        "ProductSupply",
        "productsupply",
    }
)

_SIERRA_KEYS = re.compile(r'"(?:varFields|fixedFields)"\s*:')

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def file_format(configured: RecordFormat | Literal["auto"], head: bytes) -> RecordFormat | None:
    """The format a source names for its files, or the one told from ``head`` when it says ``auto``."""
    return detect_format(head) if configured == "auto" else configured


def detect_format(head: bytes) -> RecordFormat | None:
    """The format of a file that starts with ``head``, or ``None`` when it is none of ours.

    ONIX 3.0 and 2.1 are told apart by the ``release`` attribute, then the namespace, then whether an
    ONIX 3.0-only block (``DescriptiveDetail``, ``PublishingDetail``…) appears in the head; a file that
    says nothing of the kind is taken as 2.1, the release that allowed omitting both. The ONIX reader
    handles both releases, so a wrong guess here costs nothing but the label.
    """
    if _looks_like_iso2709(head):
        return "marc21"
    text = _decode(head).lstrip()
    if text.startswith("<"):
        return _xml_format(head)
    if text.startswith(("{", "[")) and _SIERRA_KEYS.search(text):
        return "sierra_json"
    return None


def _looks_like_iso2709(head: bytes) -> bool:
    """A leader followed by a directory of 12-byte entries.

    The leader alone is too weak (text files can start with digits) and too strict (real exports carry a
    record length of ``00000``, ``45  `` at 20–23, or a leader shifted by a byte), so a leader that
    looks roughly right must be followed by directory entries whose length and start are digits.
    """
    leader = head[:24]
    if len(leader) < 24 or not leader[:5].isdigit():
        return False
    if not (leader[10:12] == b"22" or leader[20:22] == b"45" or leader[12:17].isdigit()):
        return False
    directory = head[24:].split(b"\x1e", 1)[0]
    entries = [directory[start : start + 12] for start in range(0, len(directory) - 11, 12)]
    well_formed = [entry[3:].isdigit() for entry in entries]
    # One damaged entry must not turn a whole export into "not a catalogue file": the reader rejects
    # that record alone.
    return bool(entries) and well_formed[0] and sum(well_formed) * 4 >= len(entries) * 3


def _decode(head: bytes) -> str:
    """The head as text, honouring a byte-order mark; undecodable bytes do not matter for sniffing."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    if head[:2] in (b"<\x00", b"{\x00", b"[\x00"):
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] in (b"\x00<", b"\x00{", b"\x00["):
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("utf-8", errors="ignore")


class _Opened(NamedTuple):
    """An element that opens within the head: all that detection looks at."""

    namespace: str | None
    name: str
    release: str
    status: str  # an OAI-PMH header's: "deleted" or ""


def _xml_format(head: bytes) -> RecordFormat | None:
    elements = _leading_elements(head)
    if not elements:
        return None
    root = elements[0]
    names = {element.name for element in elements[1:]}
    if root.name in _MARCXML_ROOTS and (root.namespace == MARC21_SLIM_NAMESPACE or names & _MARCXML_CHILDREN):
        return "marcxml"
    if root.name == "OAI-PMH" and (
        any(element.namespace == MARC21_SLIM_NAMESPACE for element in elements)
        or _deletions_only(elements, names)
    ):
        return "marcxml"  # a saved ListRecords response: the MARCXML reader skips the envelope
    if root.name in _ONIX_ROOTS:
        return _onix_release(root.namespace, root.release, names)
    return None


def _deletions_only(elements: list[_Opened], names: set[str]) -> bool:
    """A saved OAI-PMH page that holds deleted headers and no metadata at all (a harvest of deltas): it
    names no metadata format, and the MARCXML reader is the one that turns deleted headers into deletions."""
    deleted = any(element.name == "header" and element.status == "deleted" for element in elements)
    return deleted and "metadata" not in names


def _onix_release(namespace: str | None, release: str, names: set[str]) -> RecordFormat:
    if release.startswith("3") or namespace in _ONIX3_NAMESPACES:
        return "onix3"
    if release.startswith("2") or namespace in _ONIX21_NAMESPACES:
        return "onix21"
    return "onix3" if names & _ONIX3_ONLY_ELEMENTS else "onix21"


def _leading_elements(head: bytes) -> list[_Opened]:
    """The elements that open within ``head``, in document order.

    An error (the head cut mid-tag, an undefined entity, a stray byte further on) ends the list quietly:
    lxml keeps the elements opened before it readable, and the root is all detection needs.
    """
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    with contextlib.suppress(etree.XMLSyntaxError):
        parser.feed(head)
    elements: list[_Opened] = []
    with contextlib.suppress(etree.XMLSyntaxError):
        for _, element in parser.read_events():
            if isinstance(element, etree._Element):
                qname = etree.QName(element)
                release, status = str(element.get("release", "")), str(element.get("status", ""))
                elements.append(_Opened(qname.namespace, qname.localname, release, status))
    return elements
