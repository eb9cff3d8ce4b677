"""The OpenSearch description with its suggestions, and the Atom feed of a search, read by what reads
them: the XML by lxml, the feed by ``feedparser`` (PyPI), which says when a feed is not well-formed Atom."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import feedparser
from fastapi.testclient import TestClient
from lxml import etree

from tests.search_api.conftest import CatalogueFacts

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_the_search_page_links_the_opensearch_description(api: TestClient) -> None:
    page = etree.HTML(api.get("/").text)
    (link,) = page.xpath('//head/link[@rel="search"]')
    assert link.get("type") == "application/opensearchdescription+xml"
    answer = api.get(link.get("href"))
    assert answer.headers["content-type"] == "application/opensearchdescription+xml"
    description = etree.fromstring(answer.content)
    assert description.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert len(description.findtext(f"{OPENSEARCH}ShortName")) <= 16
    templates = {url.get("type"): url.get("template") for url in description.iter(f"{OPENSEARCH}Url")}
    assert templates["text/html"] == "http://testserver/?q={searchTerms}"
    for kind in ("application/x-suggestions+json", "application/atom+xml"):
        assert templates[kind].startswith("http://testserver/v1/")


def test_suggestions_in_the_opensearch_format(api: TestClient) -> None:
    description = etree.fromstring(api.get("/opensearch.xml").content)
    (template,) = [
        url.get("template")
        for url in description.iter(f"{OPENSEARCH}Url")
        if url.get("type") == "application/x-suggestions+json"
    ]
    answer = api.get(template.replace("{searchTerms}", "kis").removeprefix("http://testserver"))
    assert answer.headers["content-type"] == "application/x-suggestions+json"
    typed, completions = answer.json()
    own = api.get("/v1/suggest", params={"q": "kis"}).json()["suggestions"]
    assert typed == "kis"
    assert completions == list(dict.fromkeys(suggestion["text"] for suggestion in own))
    assert "Kissa ja koira" in completions


def test_a_search_as_an_atom_feed(api: TestClient, facts: CatalogueFacts) -> None:
    params = [("filter", "municipality:espoo"), ("filter", "language:fin"), ("sort", "newest")]
    answer = api.get("/v1/search.atom", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/atom+xml"
    feed = feedparser.parse(answer.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    expected = facts.matching({"municipality": {"espoo"}, "language": {"fin"}})
    assert feed.feed["opensearch_totalresults"] == str(len(expected))
    search = api.get("/v1/search", params=[*params, ("facets", "")]).json()
    assert [entry.title for entry in feed.entries] == [
        hit["title"] + (f" : {hit['subtitle']}" if hit["subtitle"] else "") for hit in search["hits"]
    ]
    for entry, hit in zip(feed.entries, search["hits"], strict=True):
        assert entry.link == f"http://testserver/?record={hit['id']}"
        assert entry.id == entry.link
        assert [author.name for author in entry.get("authors", [])] == [
            c["name"] for c in hit["contributors"]
        ]
    alternate = next(link.href for link in feed.feed.links if link.rel == "alternate")
    assert parse_qs(urlsplit(alternate).query) == {
        "filter": ["municipality:espoo", "language:fin"],
        "sort": ["newest"],
    }


def test_a_feed_that_finds_nothing_is_still_a_feed(api: TestClient) -> None:
    feed = feedparser.parse(api.get("/v1/search.atom", params={"q": "qwxzvv", "lang": "sv"}).content)
    assert not feed.bozo
    assert feed.entries == []
    assert feed.feed.title == "Helmet e-bibliotek: qwxzvv"


def test_a_feed_refuses_what_the_search_refuses(api: TestClient) -> None:
    assert api.get("/v1/search.atom", params={"filter": "shelf:3"}).status_code == 422
    assert api.get("/v1/search.atom", params={"cursor": "abc"}).status_code == 422
