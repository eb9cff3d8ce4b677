"""Reading an ONIX product tree by reference names, whichever tag set and namespace it was written in.

ONIX comes with two sets of element names: reference names (``<ProductForm>``) and short tags
(``<b012>``), and every composite has a lower-case short form (``<descriptivedetail>``); either may be in
the ONIX 3.0 or 2.1 namespace or in none. The normaliser asks for reference names only, and
:func:`reference_name` turns either kind into one. Only the elements the normaliser reads are listed
(ONIX 3.0 and 2.1 share their short tags).
"""

from __future__ import annotations

import unicodedata
from copy import deepcopy

import lxml.html
from lxml import etree

from indexer.normalise.text import clean

_COMPOSITES = (
    "Audience", "AudienceRange", "CollateralDetail", "Collection", "CollectionIdentifier",
    "CollectionSequence", "Contributor", "DescriptiveDetail", "Extent", "Imprint", "Language",
    "MainSubject", "MediaFile", "OtherText", "Product", "ProductIdentifier", "Publisher",
    "PublishingDate", "PublishingDetail", "ResourceVersion", "Series", "SeriesIdentifier", "Subject",
    "SupportingResource", "TextContent", "Title", "TitleDetail", "TitleElement",
)  # fmt: skip

_SHORT_TAGS = {
    "a001": "RecordReference", "a002": "NotificationType",
    "b221": "ProductIDType", "b233": "IDTypeName", "b244": "IDValue",
    "b012": "ProductForm", "b333": "ProductFormDetail", "x416": "PrimaryContentType",
    "b385": "ProductContentType",
    "b202": "TitleType", "x409": "TitleElementLevel", "x410": "PartNumber", "b020": "YearOfAnnual",
    "b203": "TitleText", "b030": "TitlePrefix", "b031": "TitleWithoutPrefix", "b029": "Subtitle",
    "x478": "TitleStatement", "b028": "DistinctiveTitle",
    "x344": "CollectionIDType", "x481": "CollectionSequenceNumber",
    "b018": "TitleOfSeries", "b019": "NumberWithinSeries", "b273": "SeriesIDType",
    "b035": "ContributorRole", "b036": "PersonName", "b037": "PersonNameInverted",
    "b039": "NamesBeforeKey", "b247": "PrefixToKey", "b040": "KeyNames", "b047": "CorporateName",
    "b253": "LanguageRole", "b252": "LanguageCode", "b059": "LanguageOfText", "b060": "OriginalLanguage",
    "b218": "ExtentType", "b219": "ExtentValue", "b220": "ExtentUnit", "b061": "NumberOfPages",
    "b067": "SubjectSchemeIdentifier", "b191": "MainSubjectSchemeIdentifier",
    "b069": "SubjectCode", "b070": "SubjectHeadingText", "b064": "BASICMainSubject",
    "b065": "BICMainSubject",
    "b073": "AudienceCode", "b204": "AudienceCodeType", "b206": "AudienceCodeValue",
    "b074": "AudienceRangeQualifier", "b075": "AudienceRangePrecision", "b076": "AudienceRangeValue",
    "x426": "TextType", "d102": "TextTypeCode", "d104": "Text", "d106": "TextLink",
    "x436": "ResourceContentType", "x435": "ResourceLink",
    "f114": "MediaFileTypeCode", "f116": "MediaFileLinkTypeCode", "f117": "MediaFileLink",
    "b291": "PublishingRole", "b081": "PublisherName", "b079": "ImprintName", "b209": "CityOfPublication",
    "x448": "PublishingDateRole", "b306": "Date", "b003": "PublicationDate", "b088": "YearFirstPublished",
}  # fmt: skip

# HTML elements that separate words in running text, unlike <i> or <sup>.
_BLOCK_TAGS = ("p", "div", "br", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td")

_REFERENCE_NAMES = {**{name.lower(): name for name in _COMPOSITES}, **_SHORT_TAGS}

# Reference names by tag as lxml spells it ("{namespace}local"): a feed uses a few dozen tags, each met
# thousands of times. Bounded, so that a hostile feed of ever new tag names cannot grow it.
_NAMES_BY_TAG: dict[str, str] = {}
_NAMES_BY_TAG_LIMIT = 4096


def reference_name(element: etree._Element) -> str:
    """The reference name of an element in either tag set and any namespace."""
    return _name_of(str(element.tag))


def _name_of(tag: str) -> str:
    """The reference name for a tag in Clark notation."""
    name = _NAMES_BY_TAG.get(tag)
    if name is None:
        local = tag.rpartition("}")[2]
        name = _REFERENCE_NAMES.get(local, local)
        if len(_NAMES_BY_TAG) < _NAMES_BY_TAG_LIMIT:
            _NAMES_BY_TAG[tag] = name
    return name


class Node:
    """One element of a product with its child elements indexed by reference name in ``parts``, each
    name's in document order. The normaliser asks for the same few names of the same elements many
    times, and finding them by translating every child's tag each time made reading slower than parsing.
    A Node is only made for an element asked for as a composite, so the parts of a product nobody reads
    (prices, sales rights) cost nothing; the index holds the bare child elements, as most of them are
    leaves whose text is all that is wanted."""

    __slots__ = ("element", "name", "parts")

    def __init__(self, element: etree._Element, name: str | None = None) -> None:
        self.element = element
        self.name = reference_name(element) if name is None else name
        self.parts: dict[str, list[etree._Element]] = {}
        for part in element:
            tag = part.tag
            part_name = _NAMES_BY_TAG.get(tag)
            if part_name is None:
                if not isinstance(tag, str):
                    continue  # a comment, processing instruction or entity
                part_name = _name_of(tag)
            found = self.parts.get(part_name)
            if found is None:
                self.parts[part_name] = [part]
            else:
                found.append(part)

    @property
    def children(self) -> list[Node]:
        """All child elements in document order (comments and processing instructions are not)."""
        return [Node(part, _name_of(part.tag)) for part in self.element if isinstance(part.tag, str)]


def children(node: Node, *names: str) -> list[Node]:
    """The child elements with one of ``names``, in document order (a new list, free to sort)."""
    parts = node.parts
    present = [name for name in names if name in parts] if len(names) > 1 else names
    if len(present) > 1:  # the order among different names is only in the document
        return [part for part in node.children if part.name in present]
    found = parts.get(present[0]) if present else None
    if not found:
        return []
    return [Node(element, present[0]) for element in found]


def child(node: Node, name: str) -> Node | None:
    found = node.parts.get(name)
    return Node(found[0], name) if found else None


def code(node: Node, name: str) -> str | None:
    """The text of the first ``name`` child as it stands (codes, numbers, links), or None."""
    found = node.parts.get(name)
    return _text(found[0]) if found else None


def codes(node: Node, *names: str) -> list[str]:
    """The texts of all children with one of ``names``, in document order."""
    if len(names) == 1:
        elements = node.parts.get(names[0])
        if not elements:
            return []
    else:
        elements = [found.element for found in children(node, *names)]
    return [text for element in elements if (text := _text(element))]


def value(node: Node, name: str) -> str | None:
    """The first ``name`` child's text as a display value: tidied by :func:`clean`."""
    return clean(code(node, name))


def own_text(node: Node) -> str | None:
    """All the text in the element, whitespace collapsed; None when there is none."""
    return _text(node.element)


def _text(element: etree._Element) -> str | None:
    # An element without child nodes (the leaves that hold codes and names) has all its text in .text,
    # which is much quicker to read than walking through the text of its descendants.
    text = element.text if len(element) == 0 else "".join(map(str, element.itertext()))
    return (" ".join(text.split()) or None) if text else None


def plain_text(node: Node) -> str | None:
    """Running text from a text element that may hold HTML: as escaped markup or CDATA (textformat 02)
    or as XHTML child elements (05). Tags go; paragraphs, list items and line breaks become spaces."""
    element = node.element
    markup = (element.text or "") + "".join(
        etree.tostring(_unprefixed(part), encoding="unicode") for part in element
    )
    if "<" in markup:
        document = lxml.html.fragment_fromstring(markup, create_parent="div")
        for block in document.iter(*_BLOCK_TAGS):
            block.tail = f" {block.tail or ''}"
            block.text = f" {block.text or ''}"
        markup = document.text_content()
    return " ".join(unicodedata.normalize("NFC", markup).split()) or None


def _unprefixed(element: etree._Element) -> etree._Element:
    """A copy of XHTML child markup with its tags' namespaces dropped: the HTML reading below knows ``p``,
    not ``{http://www.w3.org/1999/xhtml}p`` written ``<h:p>``, and would run the paragraphs together."""
    if not any(isinstance(part.tag, str) and part.tag.startswith("{") for part in element.iter()):
        return element
    plain = deepcopy(element)
    for part in plain.iter():
        if isinstance(part.tag, str):
            part.tag = etree.QName(part).localname
    etree.cleanup_namespaces(plain)
    return plain
