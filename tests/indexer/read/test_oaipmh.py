"""OAI-PMH harvesting against a real provider on 127.0.0.1 (tests/oai_provider.py), no mocked client."""

from __future__ import annotations

import socket
from collections.abc import Generator

import pymarc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from indexer.read.locations import HttpOptions
from indexer.read.oaipmh import OaiItem, OaiPmhError, list_records, local_identifier
from indexer.record import DeleteEvent, RawRecord, Rejection
from tests.conftest import REAL_DATA
from tests.indexer.conftest import FileServer
from tests.oai_provider import DAY_GRANULARITY, OaiProvider, OaiRecord, running

QUICK = HttpOptions(connect_timeout=2, read_timeout=5, attempts=2, backoff=0)


def drain(feed: Generator[OaiItem, None, str | None]) -> tuple[list[OaiItem], str | None]:
    items: list[OaiItem] = []
    while True:
        try:
            items.append(next(feed))
        except StopIteration as finished:
            return items, finished.value


def first_list_request(provider: OaiProvider) -> dict[str, str]:
    return next(request for request in provider.requests if request.get("verb") == "ListRecords")


def test_a_full_harvest_reads_every_record_across_pages(oai_endpoint: str, oai_provider: OaiProvider) -> None:
    items, checkpoint = drain(list_records(oai_endpoint, source="helsinki", http=QUICK))

    raw = [item for item in items if isinstance(item, RawRecord)]
    assert len(raw) == 10
    assert len([item for item in items if isinstance(item, DeleteEvent)]) == 2
    assert [item.position for item in raw] == list(range(1, 11))
    expected_ids = [record.identifier.rsplit(":", 1)[1] for record in oai_provider.records[:10]]
    assert [item.id_hint for item in raw] == expected_ids
    assert all(isinstance(item.payload, pymarc.Record) for item in raw)
    assert {(item.source, item.format, item.location) for item in raw} == {
        ("helsinki", "marcxml", oai_endpoint)
    }
    assert all(etree.QName(etree.fromstring(item.raw)).localname == "record" for item in raw)
    assert checkpoint == "2024-02-01T00:00:00Z"
    pages = [request for request in oai_provider.requests if request.get("verb") == "ListRecords"]
    assert len(pages) == 4
    assert all("resumptionToken" in page for page in pages[1:])


def test_the_marc_payload_is_the_record_the_provider_served(oai_endpoint: str) -> None:
    items, _ = drain(list_records(oai_endpoint, source="espoo", http=QUICK))
    first = items[0]
    assert isinstance(first, RawRecord)
    served = etree.fromstring((REAL_DATA / "helmet-marcxml/curated/1769634.xml").read_bytes())
    title = served.find("{http://www.loc.gov/MARC21/slim}datafield[@tag='245']/*[@code='a']")
    assert title is not None
    assert first.payload["245"]["a"] == title.text


def test_deleted_headers_become_delete_events(oai_endpoint: str, oai_provider: OaiProvider) -> None:
    items, _ = drain(list_records(oai_endpoint, source="vantaa", http=QUICK))
    deleted_ids = [record.identifier.rsplit(":", 1)[1] for record in oai_provider.records[10:]]
    assert items[10:] == [DeleteEvent("vantaa", source_id, "marcxml") for source_id in deleted_ids]


def test_an_incremental_harvest_asks_from_the_datestamp_and_gets_only_newer_records(
    oai_endpoint: str, oai_provider: OaiProvider
) -> None:
    items, checkpoint = drain(
        list_records(oai_endpoint, source="espoo", since="2024-01-09T00:00:00Z", http=QUICK)
    )

    assert len(items) == 4  # curated days 9 and 10, deletions on days 20 and 21
    assert [type(item) for item in items] == [RawRecord, RawRecord, DeleteEvent, DeleteEvent]
    assert first_list_request(oai_provider)["from"] == "2024-01-09T00:00:00Z"
    assert checkpoint == oai_provider.response_date


def test_from_is_cut_to_a_day_for_a_repository_with_day_granularity(
    oai_endpoint: str, oai_provider: OaiProvider
) -> None:
    oai_provider.granularity = DAY_GRANULARITY
    items, _ = drain(list_records(oai_endpoint, source="espoo", since="2024-01-10T13:45:00Z", http=QUICK))

    assert len(items) == 3
    assert first_list_request(oai_provider)["from"] == "2024-01-10"


def test_no_records_match_is_nothing_new_rather_than_an_error(oai_endpoint: str) -> None:
    items, checkpoint = drain(
        list_records(oai_endpoint, source="espoo", since="2030-01-01T00:00:00Z", http=QUICK)
    )
    assert items == []
    assert checkpoint is None


def test_an_unknown_metadata_prefix_is_explained(oai_endpoint: str) -> None:
    with pytest.raises(OaiPmhError, match="does not offer metadataPrefix 'oai_dc'"):
        drain(list_records(oai_endpoint, source="espoo", metadata_prefix="oai_dc", http=QUICK))


def test_a_bad_argument_is_explained_with_the_request(oai_endpoint: str) -> None:
    with pytest.raises(OaiPmhError, match=r"refused the request \(metadataPrefix=marc21, from=last week\)"):
        drain(list_records(oai_endpoint, source="espoo", since="last week", http=QUICK))


def test_a_set_on_a_repository_without_sets_is_explained(oai_endpoint: str) -> None:
    with pytest.raises(OaiPmhError, match="has no sets, but set 'ebooks' was asked for"):
        drain(list_records(oai_endpoint, source="espoo", set_spec="ebooks", http=QUICK))


def test_a_set_limits_the_harvest(oai_provider: OaiProvider) -> None:
    oai_provider.records[3].sets = ("ebooks",)
    with running(oai_provider) as endpoint:
        items, _ = drain(list_records(endpoint, source="espoo", set_spec="ebooks", http=QUICK))
    assert [item.id_hint for item in items if isinstance(item, RawRecord)] == [
        oai_provider.records[3].identifier.rsplit(":", 1)[1]
    ]


def test_an_expired_resumption_token_stops_the_harvest_after_the_first_page(
    oai_endpoint: str, oai_provider: OaiProvider
) -> None:
    oai_provider.tokens_expire = True
    feed = list_records(oai_endpoint, source="espoo", http=QUICK)
    read: list[OaiItem] = []
    with pytest.raises(OaiPmhError, match=r"stopped after 3 records: .*resumption token"):
        read.extend(feed)
    assert len(read) == 3


def test_an_http_500_mid_harvest_keeps_what_was_read_and_reports_the_failure(
    oai_endpoint: str, oai_provider: OaiProvider
) -> None:
    oai_provider.fail_page = 2
    feed = list_records(oai_endpoint, source="espoo", http=QUICK)
    read: list[OaiItem] = []
    with pytest.raises(
        OaiPmhError, match="harvest stopped after 3 records: HTTP 500 Internal Server Error"
    ) as error:
        read.extend(feed)
    assert len(read) == 3
    assert error.value.location == oai_endpoint
    second_page = [request for request in oai_provider.requests if "resumptionToken" in request]
    assert len(second_page) == QUICK.attempts  # retried before giving up


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(OaiPmhError, match="cannot connect"):
        drain(list_records(f"http://127.0.0.1:{port}/oai", source="espoo", http=QUICK))


@pytest.mark.parametrize(
    ("url_path", "found"),
    [
        ("files/marc4j/summerland.xml", "<collection>"),
        ("files/natlibfi/marc-record-serializers/iso2709/erroneous", "text that is not XML"),
        ("empty/marc4j/summerland.xml", "text that is not XML"),
    ],
)
def test_an_answer_that_is_not_oai_pmh_is_a_clear_error(
    file_server: FileServer, url_path: str, found: str
) -> None:
    with pytest.raises(OaiPmhError, match=f"the answer is not an OAI-PMH document but {found}"):
        drain(list_records(f"{file_server.base_url}/{url_path}", source="espoo", http=QUICK))


def test_metadata_that_is_not_marcxml_is_rejected_and_the_harvest_goes_on(oai_provider: OaiProvider) -> None:
    # Aleph's legacy oai_marc schema, as old Finnish repositories still serve it.
    legacy = REAL_DATA / "natlibfi/marc-record-serializers/oai-marcxml/2RecordsFrom"
    first_document = etree.fromstring(legacy.read_bytes(), etree.XMLParser(recover=True))
    oai_provider.records[1] = OaiRecord(
        "oai:aleph:000108333", "2024-01-02T08:00:00Z", etree.tostring(first_document)
    )
    oai_provider.records[2] = OaiRecord("oai:aleph:empty", "2024-01-03T08:00:00Z", b"")
    with running(oai_provider) as endpoint:
        items, _ = drain(list_records(endpoint, source="espoo", http=QUICK))

    assert len(items) == 12
    wrong_schema, empty = items[1], items[2]
    assert isinstance(wrong_schema, Rejection)
    assert wrong_schema.record_id == "000108333"
    assert wrong_schema.reason.startswith("the metadata is <oai_marc> in ")
    assert "not a MARCXML record" in wrong_schema.reason
    assert wrong_schema.raw.startswith(b"<oai_marc")
    assert isinstance(empty, Rejection)
    assert empty.reason == "OAI-PMH record without metadata"


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("oai:helmet.fi:2364053", "2364053"),
        ("oai:helmet.fi:b:12", "b:12"),
        ("2364053", "2364053"),
        ("urn:nbn:fi:123", "urn:nbn:fi:123"),
        ("oai:helmet.fi:", "oai:helmet.fi:"),
    ],
)
def test_the_local_identifier_is_what_follows_the_repository(identifier: str, expected: str) -> None:
    assert local_identifier(identifier) == expected


@given(
    repository=st.from_regex(r"[a-z0-9.-]+", fullmatch=True).filter(bool),
    local=st.text(min_size=1),
)
def test_an_oai_identifier_always_yields_its_local_part(repository: str, local: str) -> None:
    assert local_identifier(f"oai:{repository}:{local}") == local
