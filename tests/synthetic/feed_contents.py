"""Reading generated feeds back with independent parsers (pymarc, lxml), to check what was written."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

import pymarc
from lxml import etree

from synthetic.feeds import Feed
from synthetic.marc import MARC21_SLIM_NAMESPACE
from synthetic.oaipmh import OAI_NAMESPACE
from synthetic.onix import NAMESPACES, Release

MARC = f"{{{MARC21_SLIM_NAMESPACE}}}"
OAI = f"{{{OAI_NAMESPACE}}}"


def files_of(feed: Feed) -> list[Path]:
    return sorted(feed.path.iterdir()) if feed.path.is_dir() else [feed.path]


def marcxml_records(source: str | IO[bytes]) -> list[pymarc.Record]:
    """pymarc's own MARCXML parser (it has no type hints)."""
    records: list[pymarc.Record] = pymarc.parse_xml_to_array(source)  # type: ignore[no-untyped-call]
    return records


def marc_records(feed: Feed) -> list[pymarc.Record | None]:
    """Every record of a MARC feed as pymarc reads it (None where pymarc cannot decode one)."""
    if feed.format == "marc21":
        with feed.path.open("rb") as stream:
            return list(pymarc.MARCReader(stream, to_unicode=True, force_utf8=True))
    if feed.format == "marcxml":
        return list(marcxml_records(str(feed.path)))
    # pymarc would also turn the OAI-PMH <record> of a deleted header into an empty MARC record, so the
    # MARC records are picked out of the pages by namespace first.
    return [
        marcxml_records(io.BytesIO(etree.tostring(record)))[0]
        for page in files_of(feed)
        for record in etree.parse(str(page)).getroot().iter(f"{MARC}record")
    ]


def oai_items(feed: Feed) -> list[etree._Element]:
    """The OAI-PMH ``<record>`` items of all pages, deleted ones included."""
    return [item for page in files_of(feed) for item in etree.parse(str(page)).getroot().iter(f"{OAI}record")]


def onix_products(feed: Feed) -> list[etree._Element]:
    release: Release = "3.0" if feed.format == "onix3" else "2.1"
    root = etree.parse(str(feed.path)).getroot()
    return list(root.iter(f"{{{NAMESPACES[release]}}}Product"))


def child(element: etree._Element, path: str) -> etree._Element:
    """The element at ``path`` below ``element``, which must be there."""
    found = element.find(path)
    assert found is not None, f"no {path} in <{element.tag}>"
    return found


def onix_text(product: etree._Element, path: str) -> list[str]:
    """The texts at ``path`` (element names separated by '/', any namespace) below ``product``."""
    query = "/".join(f"*[local-name()='{name}']" for name in path.split("/"))
    found: list[Any] = product.xpath(f"{query}/text()")  # type: ignore[assignment]  # a node-set query
    return [str(text) for text in found]


def standard_numbers(feed: Feed) -> list[tuple[str, str]]:
    """(kind, compact value) of every ISBN, ISSN, ISMN and EAN the feed carries, one per record."""
    found: list[tuple[str, str]] = []
    if feed.format in ("onix3", "onix21"):
        for product in onix_products(feed):
            for identifier in product.iterchildren("{*}ProductIdentifier"):
                if onix_text(identifier, "ProductIDType") == ["15"]:
                    found.append(("isbn", onix_text(identifier, "IDValue")[0]))
        return found
    tags = {"020": "isbn", "022": "issn", "024": "ean"}
    for record in marc_records(feed):
        if record is None:
            continue
        for field in record.get_fields("020", "022", "024"):
            kind = "ismn" if field.tag == "024" and field.indicator1 == "2" else tags[field.tag]
            found.append((kind, field["a"].replace("-", "")))
    return found
