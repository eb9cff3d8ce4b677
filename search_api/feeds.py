"""Two conventions of library catalogues, written as XML: an OpenSearch description (a browser adds the
catalogue as a search engine, with suggestions as the user types) and an Atom feed of a search (a feed
reader subscribes to "new Swedish e-books in Espoo").

Every URL in them is absolute, built on the base URL the request came to (behind a proxy, the one the
proxy forwarded), since a browser or a feed reader keeps them apart from any page. The feed's entries link
to the search page's record view (``/?record=<id>``), where people read a record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import orjson
from lxml import etree

from search_api.labels import UiLanguage, label

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
SITE_NAME: dict[UiLanguage, str] = {
    "fi": "Helmet-e-kirjasto",
    "sv": "Helmet e-bibliotek",
    "en": "Helmet e-library",
}
SHORT_NAME = "Helmet-kirjasto"  # OpenSearch allows 16 characters
DESCRIPTION = "Espoon, Helsingin, Vantaan ja Kauniaisten e-kirjaston aineistot"
SUGGESTIONS_TYPE = "application/x-suggestions+json"
ATOM_TYPE = "application/atom+xml"


def _default_namespace(uri: str) -> dict[str, str]:
    """``{None: uri}``: lxml's key for the default namespace, which lxml-stubs types as ``str`` only."""
    return {None: uri}  # type: ignore[dict-item]


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _child(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def opensearch_description(base: str) -> bytes:
    """The catalogue as a browser's search engine: results on the search page, suggestions from
    ``/v1/suggest`` in the OpenSearch suggestions format, and the same search as an Atom feed."""
    root = etree.Element(f"{{{OPENSEARCH}}}OpenSearchDescription", nsmap=_default_namespace(OPENSEARCH))
    for tag, text in (("ShortName", SHORT_NAME), ("Description", DESCRIPTION), ("InputEncoding", "UTF-8")):
        _child(root, f"{{{OPENSEARCH}}}{tag}", text)
    _child(root, f"{{{OPENSEARCH}}}Image", f"{base}/static/icons/ebook.svg", type="image/svg+xml")
    for kind, template in (
        ("text/html", f"{base}/?q={{searchTerms}}"),
        (SUGGESTIONS_TYPE, f"{base}/v1/suggest?format=opensearch&q={{searchTerms}}"),
        (ATOM_TYPE, f"{base}/v1/search.atom?q={{searchTerms}}"),
    ):
        _child(root, f"{{{OPENSEARCH}}}Url", type=kind, method="get", template=template)
    _child(root, f"{{{OPENSEARCH}}}Url", type="application/opensearchdescription+xml", rel="self",
           template=f"{base}/opensearch.xml")  # fmt: skip
    return _xml(root)


def atom_feed(
    hits: list[dict[str, Any]],
    total: int,
    *,
    base: str,
    self_url: str,
    page_query: list[tuple[str, str]],
    updated: datetime,
    lang: UiLanguage,
) -> bytes:
    """A search's page of works (``hits``: display documents) as an Atom feed.

    ``self_url`` is the feed's own URL, also its id (the same search is the same feed); ``page_query``
    the search page's parameters for the same search (its ``alternate`` link); ``updated`` when the
    catalogue the answer comes from was indexed, the last time any entry can have changed."""
    a = f"{{{ATOM}}}"
    feed = etree.Element(f"{a}feed", nsmap={**_default_namespace(ATOM), "opensearch": OPENSEARCH})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    query = dict(page_query).get("q") or "*"
    _child(feed, f"{a}title", f"{SITE_NAME[lang]}: {query}")
    _child(feed, f"{a}id", self_url)
    _child(feed, f"{a}updated", updated.isoformat())
    _child(feed, f"{a}link", rel="self", type=ATOM_TYPE, href=self_url)
    _child(feed, f"{a}link", rel="alternate", type="text/html", href=f"{base}/?{urlencode(page_query)}")
    author = _child(feed, f"{a}author")
    _child(author, f"{a}name", SITE_NAME[lang])
    _child(feed, f"{{{OPENSEARCH}}}totalResults", str(total))
    for display in hits:
        _entry(feed, display, base, updated, lang)
    return _xml(feed)


def _entry(
    feed: etree._Element, display: dict[str, Any], base: str, updated: datetime, lang: UiLanguage
) -> None:
    a = f"{{{ATOM}}}"
    page = f"{base}/?{urlencode({'record': display['id']})}"
    entry = _child(feed, f"{a}entry")
    title = display["title"] + (f" : {display['subtitle']}" if display.get("subtitle") else "")
    _child(entry, f"{a}title", title)
    _child(entry, f"{a}id", page)
    _child(entry, f"{a}updated", updated.isoformat())
    _child(entry, f"{a}link", rel="alternate", type="text/html", href=page)
    for contributor in display.get("contributors", []):
        author = _child(entry, f"{a}author")
        _child(author, f"{a}name", contributor["name"])
    material = display["material_type"]
    _child(entry, f"{a}category", term=material, label=label("material_type", material, lang))
    if display.get("description"):
        _child(entry, f"{a}summary", display["description"])


def opensearch_suggestions(typed: str, suggestions: list[dict[str, Any]]) -> bytes:
    """``/v1/suggest``'s answer in the OpenSearch suggestions format: ``[typed, [completion, …]]``."""
    return orjson.dumps([typed, list(dict.fromkeys(suggestion["text"] for suggestion in suggestions))])
