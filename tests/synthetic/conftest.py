"""Generated catalogues shared by the tests of one session: generating them is the expensive part."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthetic.corpus import write_corpus
from synthetic.feeds import Feed, FeedFormat
from synthetic.samples import write_samples

CORPUS_RECORDS = 4000
CORPUS_SEED = 7
CORPUS_FORMATS: tuple[FeedFormat, ...] = ("marc21", "marcxml", "onix3", "oai")
CORPUS_SHARED = 0.35


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Feed]:
    """A small corpus with every kind of feed: espoo ISO 2709, helsinki MARCXML, vantaa ONIX 3.0,
    kauniainen OAI-PMH pages."""
    return write_corpus(
        tmp_path_factory.mktemp("corpus"),
        CORPUS_RECORDS,
        seed=CORPUS_SEED,
        formats=CORPUS_FORMATS,
        shared_share=CORPUS_SHARED,
    )


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> list[Feed]:
    return write_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="session")
def samples_dir(samples: list[Feed]) -> Path:
    return samples[0].path.parent.parent
