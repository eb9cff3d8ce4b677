"""The Finna API driven by a client nobody here wrote: ``finna-client`` from PyPI, unchanged, pointed at
the API serving the fixture catalogue from a live uvicorn (the package speaks ``requests`` to a URL, so it
needs a real server). Every call the package offers is made; the figures are checked against
:class:`CatalogueFacts`, counted without Elasticsearch."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from finna_client import FinnaClient, FinnaLanguage, FinnaSearchType, FinnaSortMethod

from catalogue.settings import Settings
from search_api.app import create_app
from tests.search_api.conftest import CatalogueFacts

BOOKS = {"ebook", "eaudiobook"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def finna(catalogue: Settings) -> Iterator[FinnaClient]:
    port = _free_port()
    config = uvicorn.Config(create_app(catalogue), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield FinnaClient(api_base=f"http://127.0.0.1:{port}/api/v1/")
    server.should_exit = True
    thread.join(timeout=10)


def _ids(answer: dict[str, Any]) -> list[str]:
    return [record["id"] for record in answer.get("records", [])]


def test_a_search_without_arguments_returns_the_default_fields(
    finna: FinnaClient, facts: CatalogueFacts
) -> None:
    answer = finna.search()
    assert answer["status"] == "OK"
    assert answer["resultCount"] == len(facts.works)
    assert len(answer["records"]) == 20
    for record in answer["records"]:
        assert {"id", "title", "formats", "buildings"} <= set(record)
        assert set(record) <= {
            "buildings", "formats", "id", "images", "languages", "nonPresenterAuthors", "onlineUrls",
            "presenters", "series", "subjects", "title", "urls",
        }  # fmt: skip


def test_filters_as_the_client_writes_them(finna: FinnaClient, facts: CatalogueFacts) -> None:
    books = [w for w in facts.works if w.best.material_type in BOOKS]
    assert finna.search(filters=["format:0/Book/"], limit=0)["resultCount"] == len(books)
    espoo_books = [w for w in books if "espoo" in w.municipalities]
    answer = finna.search(filters=["format:0/Book/", 'building:"1/Helmet/e/"'], limit=100)
    assert sorted(_ids(answer)) == sorted(w.id for w in espoo_books)
    either = finna.search(filters=["~building:1/Helmet/e/", "~building:1/Helmet/k/"], limit=0)
    assert either["resultCount"] == len(facts.matching({"municipality": {"espoo", "kauniainen"}}))
    without = finna.search(filters=["-building:1/Helmet/h/"], limit=0)
    assert without["resultCount"] == len([w for w in facts.works if "helsinki" not in w.municipalities])
    swedish = finna.search(filters=["language:swe"], limit=0)
    assert swedish["resultCount"] == len(facts.matching({"language": {"swe"}}))
    assert finna.search(filters=["online_boolean:1"], limit=0)["resultCount"] == len(facts.works)


def test_facets_count_what_the_catalogue_holds(finna: FinnaClient, facts: CatalogueFacts) -> None:
    answer = finna.search(facets=["building", "format", "language"], limit=0)
    assert "records" not in answer
    (helmet,) = answer["facets"]["building"]
    assert (helmet["value"], helmet["count"]) == ("0/Helmet/", len(facts.works))
    by_building = {child["value"]: child["count"] for child in helmet["children"]}
    municipalities = facts.counts("municipality")
    assert by_building == {
        f"1/Helmet/{letter}/": municipalities[name]
        for name, letter in (("espoo", "e"), ("helsinki", "h"), ("vantaa", "v"), ("kauniainen", "k"))
        if municipalities[name]
    }
    book = next(item for item in answer["facets"]["format"] if item["value"] == "0/Book/")
    types = facts.counts("material_type")
    assert book["count"] == types["ebook"] + types["eaudiobook"]
    assert {c["value"]: c["count"] for c in book["children"]} == {
        "1/Book/eBook/": types["ebook"],
        "1/Book/AudioBook/": types["eaudiobook"],
    }
    languages = {item["value"]: item["count"] for item in answer["facets"]["language"]}
    assert languages == dict(facts.counts("language"))


def test_the_clients_facet_filters_are_ignored_and_the_api_s_own_prune(finna: FinnaClient) -> None:
    ignored = finna.search(facets=["building"], facetFilters=["building:^1/Helmet/e/"], limit=0)
    assert len(ignored["facets"]["building"][0]["children"]) == 4  # the client's misspelt name
    pruned = finna.search(facets=["building"], limit=0, **{"facetFilter[]": ["building:^1/Helmet/e/"]})
    (helmet,) = pruned["facets"]["building"]
    assert helmet["value"] == "0/Helmet/"  # kept as an ancestor
    assert [child["value"] for child in helmet["children"]] == ["1/Helmet/e/"]


@pytest.mark.parametrize("sort", list(FinnaSortMethod))
def test_every_sort_of_the_client_is_served(
    finna: FinnaClient, facts: CatalogueFacts, sort: FinnaSortMethod
) -> None:
    answer = finna.search(sort=sort, fields=["id", "year", "title"], limit=100)
    assert sorted(_ids(answer)) == sorted(work.id for work in facts.works)
    years = [int(record["year"]) for record in answer["records"] if "year" in record]
    if sort is FinnaSortMethod.main_date_str_asc:
        assert years == sorted(years)
    if sort in (FinnaSortMethod.main_date_str_desc, FinnaSortMethod.last_indexed_desc_id_asc):
        assert years == sorted(years, reverse=True)


def test_oldest_first_by_author_as_in_the_clients_example(finna: FinnaClient, facts: CatalogueFacts) -> None:
    work = facts.work("Kirjaston kissa")
    answer = finna.search(
        "Laine", search_type=FinnaSearchType.Author, fields=["title", "id", "year"],
        filters=["format:0/Book/"], sort=FinnaSortMethod.main_date_str_asc, limit=5,
    )  # fmt: skip
    assert work.id in _ids(answer)
    assert all(set(record) <= {"title", "id", "year"} for record in answer["records"])
    assert (
        finna.search("Laine", search_type=FinnaSearchType.Title, limit=0)["resultCount"]
        < answer["resultCount"]
    )


@pytest.mark.parametrize("search_type", list(FinnaSearchType))
def test_every_search_type_of_the_client_is_served(finna: FinnaClient, search_type: FinnaSearchType) -> None:
    answer = finna.search("kissa", search_type=search_type, limit=1)
    assert answer["status"] == "OK"


@pytest.mark.parametrize(
    ("lng", "espoo"),
    [(FinnaLanguage.fi, "Espoo"), (FinnaLanguage.sv, "Esbo"), (FinnaLanguage.en_gb, "Espoo")],
)
def test_translated_values_follow_the_language(finna: FinnaClient, lng: FinnaLanguage, espoo: str) -> None:
    answer = finna.search(filters=["building:1/Helmet/e/"], fields=["buildings"], lng=lng, limit=1)
    assert {"value": "1/Helmet/e/", "translated": espoo} in answer["records"][0]["buildings"]


def test_pages_follow_each_other(finna: FinnaClient) -> None:
    first, second = (finna.search(sort=FinnaSortMethod.title, page=page, limit=5) for page in (1, 2))
    both = finna.search(sort=FinnaSortMethod.title, page=1, limit=10)
    assert _ids(first) + _ids(second) == _ids(both)


def test_one_record_and_many(finna: FinnaClient, facts: CatalogueFacts) -> None:
    work = facts.work("Kesäyön unelma")
    record = finna.get_record(work.id)
    assert record["id"] == work.id
    assert record["presenters"]["presenters"] == [{"name": "Nenonen, Meri", "role": "nrt"}]
    assert record["nonPresenterAuthors"] == [{"name": "Helin, Sari", "role": "aut"}]
    assert finna.get_record(work.id, fields=["year"], lng=FinnaLanguage.sv) == {"year": str(work.best.year)}
    with pytest.raises(ValueError, match="Error loading record"):
        finna.get_record("no-such-record")
    others = [facts.work(title).id for title in ("Taikatalvi", "Majakka")]
    records = finna.get_records([*others, "no-such-record"], fields=["id", "title"], lng=FinnaLanguage.en_gb)
    assert [record["id"] for record in records] == others
    assert finna.get_records(["no-such-record"]) == []
