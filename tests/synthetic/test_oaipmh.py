from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from indexer.read.formats import detect_format
from indexer.read.oaipmh import local_identifier
from indexer.read.readers.marcxml import read_marcxml
from indexer.record import RawRecord
from synthetic.cataloguing import marc_record
from synthetic.feeds import SENT
from synthetic.oaipmh import OAI_NAMESPACE, OaiPagesWriter, page_name
from synthetic.works import Holding, WorkFactory, holdings
from tests.synthetic.feed_contents import child

OAI = f"{{{OAI_NAMESPACE}}}"
PAGE_SIZE = 10


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Holding]]:
    """25 records, every seventh a deletion: three pages."""
    rng = random.Random(51)
    factory = WorkFactory(rng)
    made = [holdings(rng, factory.next_work(), ["vantaa"], deleted=index % 7 == 3)[0] for index in range(25)]
    directory = tmp_path_factory.mktemp("oai")
    with OaiPagesWriter(
        directory,
        base_url="https://oai.example.org/vantaa",
        repository="vantaa.example.org",
        set_spec="elibrary",
        response_date=SENT,
        page_size=PAGE_SIZE,
    ) as writer:
        for holding in made:
            writer.write(
                holding.record_id, holding.updated, None if holding.deleted else marc_record(holding)
            )
    return directory, made


def pages(directory: Path) -> list[etree._Element]:
    return [etree.parse(str(path)).getroot() for path in sorted(directory.iterdir())]


def test_records_are_split_into_pages(written: tuple[Path, list[Holding]]) -> None:
    directory, _ = written
    assert sorted(path.name for path in directory.iterdir()) == [page_name(number) for number in (1, 2, 3)]
    counts = [len(page.findall(f"{OAI}ListRecords/{OAI}record")) for page in pages(directory)]
    assert counts == [10, 10, 5]


def test_resumption_tokens_chain_the_pages_and_the_last_one_is_empty(
    written: tuple[Path, list[Holding]],
) -> None:
    directory, made = written
    roots = pages(directory)
    tokens = [root.find(f"{OAI}ListRecords/{OAI}resumptionToken") for root in roots]
    assert child(roots[0], f"{OAI}request").get("metadataPrefix") == "marc21"
    for token, following in zip(tokens, roots[1:], strict=False):
        assert token is not None and token.text
        assert child(following, f"{OAI}request").get("resumptionToken") == token.text
    last = tokens[-1]
    assert last is not None and not last.text
    assert last.get("completeListSize") == str(len(made))
    assert [token.get("cursor") for token in tokens if token is not None] == ["0", "10", "20"]


def test_deleted_records_are_headers_alone(written: tuple[Path, list[Holding]]) -> None:
    directory, made = written
    items = [item for root in pages(directory) for item in root.iter(f"{OAI}record")]
    deleted = [item for item in items if child(item, f"{OAI}header").get("status") == "deleted"]
    assert len(deleted) == sum(holding.deleted for holding in made) > 0
    assert all(item.find(f"{OAI}metadata") is None for item in deleted)
    identifiers = [local_identifier(item.findtext(f"{OAI}header/{OAI}identifier") or "") for item in items]
    assert identifiers == [holding.record_id for holding in made]


def test_the_harvester_reads_every_page_as_marcxml(written: tuple[Path, list[Holding]]) -> None:
    directory, made = written
    read: list[RawRecord] = []
    for path in sorted(directory.iterdir()):
        assert detect_format(path.read_bytes()[:8192]) == "marcxml"
        with path.open("rb") as stream:
            read += [
                item
                for item in read_marcxml(stream, source="vantaa", location=str(path))
                if isinstance(item, RawRecord)
            ]
    assert [record.id_hint for record in read] == [
        holding.record_id for holding in made if not holding.deleted
    ]
