"""ONIX for Books files, read one ``<Product>`` at a time: releases 3.0 and 2.1, reference or short tags.

Publisher feeds are large and often sloppy, so the file is streamed and repaired as it goes rather than
parsed whole:

* **Encoding.** A byte-order mark (UTF-8, UTF-16, UTF-32) or the XML declaration decides; without either
  the file is UTF-8, and bytes that are not valid UTF-8 are read as ISO-8859-1 one by one. Feeds saved by
  old Windows tools are Latin-1 without saying so, and a strict UTF-8 reading would turn every 'ä' of
  such a file into an error.
* **Text repair.** Characters that XML 1.0 forbids (control characters other than tab and newline) are
  dropped, and HTML entities that ONIX 2.1 feeds inherit from the ONIX DTD (``&reg;``, ``&ndash;``) are
  replaced by the characters they stand for, because the DTD itself is never loaded. (The replacement
  is textual, so ``&reg;`` written inside a CDATA section is changed too; feeds do not do that.)
* **Security.** The parser never substitutes entities, loads a DTD, touches the network or accepts
  huge text nodes: ``<!ENTITY x SYSTEM "file:///etc/passwd">`` stays an unexpanded ``&x;``, and a
  billion-laughs bomb trips libxml2's amplification limit and is rejected.
* **Damage.** The text is fed to libxml2 in recovery mode, one product at a time. Recovery means that
  libxml2 does not stop at the first error: it drops what it cannot parse, closes elements where it
  guesses they end and carries on, so the tree it builds around an error may miss text or have
  elements in the wrong place. Feeding a product at a time pins every error on the product it occurred
  in, and such a product is not trusted: it becomes a Rejection quoting the parser, and reading goes on
  with the next one. Where recovery would lose the rest of the file, a new parser takes over
  (:class:`_ProductParser`). A product that the end of the file cut off is a Rejection saying so; so
  is an error after the last product (a message cut off between products, or trailing junk). A file
  without errors is read exactly as a strict parser would read it.

Each product is handed on in a tree of its own (its elements moved out of the document, see
:func:`_detached`), after which the emptied original and everything before it in the document are
dropped, so memory stays flat. A tree rather than a parsed dict of our own: the normaliser then reads
the product as ONIX (any tag set, any element it may want later) from a small standalone tree that
clearing the document cannot touch. A product that does not end within
:data:`~indexer.read.readers.limits.MAX_XML_RECORD_BYTES` is rejected and skipped to its end unparsed, so
that no single product, however hostile, can fill the memory either.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import html.entities
import re
from collections.abc import Generator, Iterable, Iterator
from typing import BinaryIO, NamedTuple

from lxml import etree

from indexer.read.readers.limits import MAX_XML_RECORD_BYTES
from indexer.read.readers.xml_elements import local_name, opening_tag, qualified_name, release
from indexer.record import RawRecord, RecordFormat, Rejection

_CHUNK_SIZE = 1 << 16
_PRODUCT_NAMES = frozenset({"Product", "product"})
_ONIX_ROOTS = frozenset({"ONIXMessage", "ONIXmessage", "Product", "product"})
# Messages are watched too, to notice when damage makes libxml2 close the message early.
_WATCHED_TAGS = tuple(f"{{*}}{name}" for name in sorted(_ONIX_ROOTS))
_ERROR = etree.ErrorLevels.ERROR
# libxml2 names the line of an unclosed tag inside its message, counted from where its parser started;
# the error's own line and column (counted from the start of the file) are what a reader needs.
_EMBEDDED_LINE = re.compile(r" line \d+")
# Blocks that only ONIX 3.0 has (reference and short names); 2.1 keeps their fields flat in <Product>.
_ONIX3_BLOCKS = frozenset(
    {"DescriptiveDetail", "descriptivedetail", "CollateralDetail", "collateraldetail",
     "PublishingDetail", "publishingdetail", "ProductSupply", "productsupply"}
)  # fmt: skip
_RECORD_REFERENCE = frozenset({"RecordReference", "a001"})
_NOTIFICATION_TYPE = frozenset({"NotificationType", "a002"})
_DELETE_NOTIFICATION = "05"
_REJECTED_HEAD_BYTES = 1024

# The last '<' or '&' this close to the end of a decoded chunk may start a tag or an entity that the next
# chunk completes; the longest product closing tag with a namespace prefix and an entity name fit in it.
_LONGEST_TOKEN = 64
_PRODUCT_END = re.compile(r"</(?:[\w.-]+:)?[Pp]roduct\s*>")
# How every product closing tag ends: a literal that the regex engine finds fast, where trying the whole
# tag at every "</" of the text took as long as parsing it.
_PRODUCT_END_TAIL = re.compile(r"roduct\s*>")
# What XML 1.0 forbids: control characters other than tab, newline and carriage return; U+FFFE, U+FFFF.
_FORBIDDEN = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
_FORBIDDEN_CHARACTERS = re.compile(f"[{re.escape(_FORBIDDEN)}]")
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_LATIN_1_FALLBACK = "onix-latin-1-fallback"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_onix(stream: BinaryIO, *, source: str, location: str) -> Iterator[RawRecord | Rejection]:
    """Every product of an ONIX message (or of a bare ``<Product>`` file) as a RawRecord, in order.

    A file that is not XML, or whose root is not an ONIX message or product, yields one Rejection and
    nothing else. ``RawRecord.format`` is "onix3" or "onix21" by the root's ``release`` attribute, then
    its namespace, then whether the product has ONIX 3.0 blocks.
    """
    head = stream.read(_CHUNK_SIZE)
    products = _ProductParser(source, location, head[:_REJECTED_HEAD_BYTES])
    for piece in _pieces(_decoded(head, stream)):
        yield from products.feed(piece)
        if products.stopped:
            return
    yield from products.close()


class _XmlError(NamedTuple):
    message: str
    line: int
    column: int


class _ProductParser:
    """A recovering libxml2 push parser, and the products and rejections that come out of it.

    libxml2's recovery has ways of losing the rest of a file. A closing tag that does not match closes
    whatever element is open, so a damaged tag can close the message half-way through, or leave a damaged
    product open so that every later product is read into it; and a few errors (a damaged start tag)
    make it stop parsing altogether, silently. Each is noticed (the message's end event; a product's
    closing tag fed without the product ending), and a new parser takes over with the message's opening
    tag, so the products after the damage are still read.
    """

    def __init__(self, source: str, location: str, head: bytes) -> None:
        self._source = source
        self._location = location
        self._head = head
        self._parser = _new_parser()
        self._closing_tag = ""  # closes the opening tag given to a parser that took over
        self._lines_before = 0  # lines fed to the parsers before this one, to report true line numbers
        self._lines_fed = 0
        self._errors_seen = 0
        self._errors: list[_XmlError] = []  # not yet blamed on a product
        self._root: etree._Element | None = None
        self._position = 0
        self._message_closed = False
        self._unfinished = 0  # characters fed since the last product ended
        self._skipping = False  # inside an oversized product, which is not fed to any parser
        self.stopped = False

    def feed(self, text: str) -> Iterator[RawRecord | Rejection]:
        self._lines_fed += text.count("\n")
        if self._skipping:
            if _PRODUCT_END.search(text[-_LONGEST_TOKEN:]) is not None:
                self._skipping = False
                yield from self._take_over()
            return
        self._parser.feed(text)
        self._unfinished += len(text)
        self._collect_errors()
        products = self._position
        events = yield from self._events(truncated=False)
        if self.stopped:
            return
        if self._position > products:
            self._unfinished = 0  # a piece ends right after a product's closing tag
        elif self._unfinished > MAX_XML_RECORD_BYTES:
            yield self._oversized()
            return
        stuck = not events and _PRODUCT_END.search(text[-_LONGEST_TOKEN:]) is not None
        if stuck or self._message_closed:
            yield from self._take_over()

    def close(self) -> Iterator[RawRecord | Rejection]:
        """The end of the file: products it cut off, and whatever the whole file did wrong."""
        if self._skipping:
            return  # the file ends inside the oversized product, which is already rejected
        self._parser.feed(self._closing_tag)
        try:
            root: etree._Element | None = self._parser.close()
        except etree.XMLSyntaxError:
            root = None
        self._collect_errors()
        yield from self._events(truncated=True)
        if self.stopped:
            return
        root = self._root if self._root is not None else root
        if root is None or local_name(root) not in _ONIX_ROOTS:
            yield self._file_rejection(_not_onix_reason(root, self._errors))
        elif self._errors:
            yield self._file_rejection(_trailing_damage_reason(self._errors, self._position))

    def _events(self, *, truncated: bool) -> Generator[RawRecord | Rejection, None, int]:
        """Products that ended since the last call; returns how many elements (of any watched tag) did."""
        count = 0
        for _, element in self._parser.read_events():
            if not isinstance(element, etree._Element):
                continue
            count += 1
            if self._root is None:
                self._root = element.getroottree().getroot()
                if local_name(self._root) not in _ONIX_ROOTS:
                    self.stopped = True
                    yield self._file_rejection(_not_onix_reason(self._root, []))
                    return count
            if local_name(element) in _PRODUCT_NAMES:
                self._position += 1
                yield self._product(element, truncated=truncated)
            self._message_closed = self._message_closed or element.getparent() is None
            release(element)
        return count

    def _take_over(self) -> Iterator[Rejection]:
        """A fresh parser for what follows; damage not yet reported is reported now. When the parser
        gave up before any product, the root it had seen still decides whether this is ONIX."""
        if self._root is None:
            with contextlib.suppress(etree.XMLSyntaxError):
                self._root = self._parser.close()
            if self._root is not None and local_name(self._root) not in _ONIX_ROOTS:
                self.stopped = True
                yield self._file_rejection(_not_onix_reason(self._root, []))
                return
        if self._errors:
            reason = _trailing_damage_reason(self._errors, self._position)
            yield self._file_rejection(f"{reason}; reading resumed at the next product")
            self._errors = []
        self._parser = _new_parser()
        self._lines_before += self._lines_fed
        self._lines_fed = self._errors_seen = 0
        self._message_closed = False
        name = _wrapper_name(self._root)
        self._parser.feed(_opening_tag(name, self._root))
        self._closing_tag = f"</{name}>"

    def _oversized(self) -> Rejection:
        """The unfinished product is given up: it is rejected and the rest of it skipped, unparsed, up to
        the next product's end, where a new parser takes over."""
        self._position += 1
        self._errors = []
        self._unfinished = 0
        self._skipping = True
        reason = (
            f"no product ends within {MAX_XML_RECORD_BYTES:,} characters of the previous one, far more "
            "than a product holds; skipped to the next product"
        )
        return Rejection(self._source, self._location, self._position, None, reason, file_damaged=True)

    def _product(self, element: etree._Element, *, truncated: bool) -> RawRecord | Rejection:
        raw = etree.tostring(element, encoding="utf-8", with_tail=False)
        record_id = _child_text(element, _RECORD_REFERENCE)
        errors, self._errors = self._errors, []
        if errors:
            reason = _damage_reason(errors, truncated=truncated)
            return Rejection(
                self._source, self._location, self._position, record_id, reason, raw, file_damaged=True
            )
        return RawRecord(
            source=self._source,
            location=self._location,
            position=self._position,
            format=_release_of(element, self._root),
            payload=_detached(element),
            raw=raw,
            id_hint=record_id,
            deleted=_child_text(element, _NOTIFICATION_TYPE) == _DELETE_NOTIFICATION,
        )

    def _collect_errors(self) -> None:
        """Keep the errors (not warnings) the parser reported since the last call."""
        log = self._parser.feed_error_log
        new = [
            _XmlError(
                _EMBEDDED_LINE.sub("", entry.message.strip()), entry.line + self._lines_before, entry.column
            )
            for entry in log[self._errors_seen :]
            if entry.level >= _ERROR
        ]
        self._errors_seen = len(log)
        self._errors += new

    def _file_rejection(self, reason: str) -> Rejection:
        return Rejection(self._source, self._location, None, None, reason, self._head, file_damaged=True)


def _new_parser() -> etree.XMLPullParser:
    return etree.XMLPullParser(
        events=("end",),
        tag=_WATCHED_TAGS,
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )


def _wrapper_name(root: etree._Element | None) -> str:
    """The element a parser that takes over starts with: the message's own (with its prefix), or a
    message element when the file is a bare product (so that further products are not nested in it)."""
    if root is None or local_name(root) in _PRODUCT_NAMES:
        return "ONIXMessage"
    return qualified_name(root)


def _opening_tag(name: str, root: etree._Element | None) -> str:
    """``name``'s opening tag with the original root's namespaces and release."""
    if root is None:
        return f"<{name}>"
    version = root.get("release")
    return opening_tag(name, root.nsmap, {} if version is None else {"release": str(version)})


def _release_of(product: etree._Element, root: etree._Element | None) -> RecordFormat:
    root = product if root is None else root
    release = str(root.get("release") or "")
    namespace = etree.QName(root).namespace or ""
    if release.startswith("3") or "/onix/3." in namespace:
        return "onix3"
    if release.startswith("2") or "/onix/2." in namespace:
        return "onix21"
    return "onix3" if any(local_name(child) in _ONIX3_BLOCKS for child in product) else "onix21"


def _not_onix_reason(root: etree._Element | None, errors: list[_XmlError]) -> str:
    if root is None:
        detail = f": {_describe(errors[0])}" if errors else ""
        return f"not an XML file{detail}"
    return f"not an ONIX file: the root element is <{local_name(root)}>, not <ONIXMessage> or <Product>"


def _damage_reason(errors: list[_XmlError], *, truncated: bool) -> str:
    if truncated:
        return f"the file ends inside this product, which is cut off ({_describe(errors[-1])})"
    more = f" and {len(errors) - 1} more XML errors" if len(errors) > 1 else ""
    return f"the XML of this product is damaged: {_describe(errors[0])}{more}"


def _trailing_damage_reason(errors: list[_XmlError], products: int) -> str:
    after = f"after product {products}" if products else "before any product"
    return f"the XML is damaged {after}: {_describe(errors[0])}; what follows it may be missing"


def _describe(error: _XmlError) -> str:
    return f"{error.message} at line {error.line}, column {error.column}"


def _child_text(element: etree._Element, names: frozenset[str]) -> str | None:
    for child in element:
        if local_name(child) in names:
            text = (child.text or "").strip()
            return text or None
    return None


def _detached(product: etree._Element) -> etree._Element:
    """The product in a tree of its own, safe from the clearing of its document: its children moved
    under a new root of the same name, attributes and text, which declares every namespace in scope.

    lxml points each moved element at the new root's declaration of its namespace URI, so prefixes stay
    as written (descriptions' HTML is read by its tag names). When one URI has two prefixes in scope it
    could pick the other, so such a product is deep-copied instead, which keeps prefixes whatever the
    declarations but takes twice as long as moving; so is a product whose namespace URI is not a valid URI
    (damaged XML that the recovering parser kept), which lxml refuses to declare on a new element.
    """
    namespaces = product.nsmap
    if len(set(namespaces.values())) < len(namespaces):
        return copy.deepcopy(product)
    try:
        # lxml-stubs type nsmap arguments without the None key of a default namespace, which lxml accepts.
        moved = etree.Element(product.tag, nsmap=namespaces)  # type: ignore[arg-type]
    except ValueError:  # a namespace URI the recovering parser let through and lxml will not declare again
        return copy.deepcopy(product)
    moved.attrib.update(product.attrib)
    moved.text = product.text
    moved.extend(product)
    return moved


def _decoded(head: bytes, stream: BinaryIO) -> Iterator[str]:
    """The file as text, chunk by chunk, in the encoding :func:`_encoding` finds."""
    encoding = _encoding(head)
    errors = _LATIN_1_FALLBACK if encoding in ("utf-8", "utf-8-sig") else "replace"
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    chunk = head
    while chunk:
        yield decoder.decode(chunk)
        chunk = stream.read(_CHUNK_SIZE)
    yield decoder.decode(b"", final=True)


def _encoding(head: bytes) -> str:
    """The Python codec for a file starting with ``head``: BOM, then XML declaration, else UTF-8.

    A declaration is only believed when it names a codec Python knows and the bytes can be in it (one
    that says UTF-16 over plain ASCII bytes is wrong, and the bytes win).
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if head[:2] == b"<\x00":
        return "utf-16-le"
    if head[:2] == b"\x00<":
        return "utf-16-be"
    declared = _DECLARED_ENCODING.match(head.lstrip())
    if declared is None:
        return "utf-8"
    try:
        name = codecs.lookup(declared.group(1).decode("ascii")).name
    except LookupError:
        return "utf-8"
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def _latin_1_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are taken as ISO-8859-1 characters."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_LATIN_1_FALLBACK, _latin_1_fallback)


def _pieces(chunks: Iterable[str]) -> Iterator[str]:
    """The repaired text in pieces that each end right after a product's closing tag (the last piece
    ends where the file does), so that the parser's errors can be told apart product by product."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        cut = max(pending.rfind("<"), pending.rfind("&"))
        if cut < len(pending) - _LONGEST_TOKEN:
            cut = len(pending)
        yield from _split_after_products(_repair(pending[:cut]))
        pending = pending[cut:]
    yield from _split_after_products(_repair(pending))


def _split_after_products(text: str) -> Iterator[str]:
    """``text`` cut after each match of :data:`_PRODUCT_END`, found from the end of the tag: a match
    holds no '<' but its first, so it starts at the last '<' before its :data:`_PRODUCT_END_TAIL`."""
    start = 0
    for tail in _PRODUCT_END_TAIL.finditer(text):
        tag = text.rfind("<", start, tail.start())
        match = _PRODUCT_END.match(text, tag) if tag >= 0 else None
        if match is not None and match.end() == tail.end():
            yield text[start : match.end()]
            start = match.end()
    if start < len(text):
        yield text[start:]


def _repair(text: str) -> str:
    # Scanning for each character on its own is several times faster than the regular expression,
    # which is then left for the rare text that has one of them.
    if any(character in text for character in _FORBIDDEN):
        text = _FORBIDDEN_CHARACTERS.sub("", text)
    return _ENTITY.sub(_character_reference, text) if "&" in text else text


def _character_reference(match: re.Match[str]) -> str:
    """``&reg;`` → ``&#174;``; XML's own five entities and names HTML does not know are left alone."""
    name = match.group(1)
    characters = None if name in _XML_ENTITIES else html.entities.html5.get(f"{name};")
    if characters is None:
        return match.group()
    return "".join(f"&#{ord(character)};" for character in characters)
