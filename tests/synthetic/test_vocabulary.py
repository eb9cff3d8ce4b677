"""The authority ids in the vocabulary are the ones real Finnish records attach to the same labels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from synthetic import vocabulary
from synthetic.showcase import SHOWCASE
from synthetic.vocabulary import Genre, Topic

# (label, $2 vocabulary, $0 id) as real records write them.
Link = tuple[str, str, str]
_YSO_ID = re.compile(r"/onto/yso/(p\d+)$")
_SLM_ID = re.compile(r":slm:(s\d+)$")
_ALEPH_SUBFIELD = re.compile(r"\$\$(.)([^$]*)")


@pytest.fixture(scope="module")
def real_links(real_data: Path) -> set[Link]:
    return set(_aleph_links(real_data / "natlibfi/marc-record-serializers/aleph-sequential/load-test")) | set(
        _marcxml_links(real_data)
    )


def _aleph_links(path: Path) -> Iterator[Link]:
    """From Aleph sequential lines: ``000763350 650 7 L $$asanomalehdet$$2yso/fin$$0http://…/p2421``."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line[10:11] == "6":
            yield from _links(_ALEPH_SUBFIELD.findall(line[18:]))


def _marcxml_links(real_data: Path) -> Iterator[Link]:
    """From every XML file, whatever its name (some fixtures have none)."""
    for path in real_data.rglob("*"):
        if not path.is_file() or not path.read_bytes()[:512].lstrip().startswith(b"<"):
            continue
        for _, field in etree.iterparse(str(path), tag="{*}datafield", recover=True):
            if (field.get("tag") or "").startswith("6"):
                yield from _links([(sub.get("code") or "", sub.text or "") for sub in field])
            field.clear()


def _links(subfields: list[tuple[str, str]]) -> Iterator[Link]:
    values: dict[str, list[str]] = {}
    for code, value in subfields:
        values.setdefault(code, []).append(value)
    for label in values.get("a", [])[:1]:
        for vocabulary_name in values.get("2", [])[:1]:
            for uri in values.get("0", []):
                found = _YSO_ID.search(uri) or _SLM_ID.search(uri)
                if found:
                    yield label.rstrip("."), vocabulary_name, found.group(1)


ALL_TOPICS: list[Topic] = [
    *vocabulary.FICTION_TOPICS,
    *vocabulary.NONFICTION_TOPICS,
    *vocabulary.POPULAR_MUSIC_TOPICS,
    *vocabulary.ART_MUSIC_TOPICS,
    vocabulary.SCORE_TOPIC,
    *vocabulary.MAGAZINE_TOPICS,
    *vocabulary.COURSE_TOPICS,
    *vocabulary.PLACES,
]
ALL_GENRES: list[Genre] = [
    *vocabulary.FICTION_GENRES,
    *vocabulary.MUSIC_GENRES,
    vocabulary.FICTION,
    vocabulary.TRANSLATIONS,
    vocabulary.CHILDRENS_BOOKS,
    vocabulary.ART_MUSIC,
]


@pytest.mark.parametrize(
    "topic", [topic for topic in ALL_TOPICS if topic.yso_id], ids=lambda topic: topic.fin
)
def test_every_yso_id_is_the_one_real_records_give_both_labels(topic: Topic, real_links: set[Link]) -> None:
    assert (topic.fin, "yso/fin", topic.yso_id) in real_links
    assert (topic.swe, "yso/swe", topic.yso_id) in real_links


@pytest.mark.parametrize(
    "genre", [genre for genre in ALL_GENRES if genre.slm_id], ids=lambda genre: genre.fin
)
def test_every_slm_id_is_the_one_real_records_give_its_labels(genre: Genre, real_links: set[Link]) -> None:
    assert (genre.fin, "slm/fin", genre.slm_id) in real_links
    swedish_labels = {
        label for label, name, found in real_links if name == "slm/swe" and found == genre.slm_id
    }
    assert not swedish_labels or genre.swe in swedish_labels


def test_a_label_has_one_id_whichever_list_it_is_in() -> None:
    ids: dict[str, set[str | None]] = {}
    for topic in ALL_TOPICS:
        ids.setdefault(topic.fin, set()).add(topic.yso_id)
    assert {label: found for label, found in ids.items() if len(found) > 1} == {}


def test_the_showcase_has_a_work_in_every_language_and_of_every_kind() -> None:
    assert {showcase.work.language for showcase in SHOWCASE} == set(vocabulary.LANGUAGES)
    assert {showcase.work.kind for showcase in SHOWCASE} == {
        "ebook",
        "eaudiobook",
        "recording",
        "score",
        "course",
    }


def test_every_ykl_class_the_generator_uses_has_a_caption() -> None:
    used = {
        vocabulary.FINNISH_FICTION_CLASS,
        vocabulary.FICTION_CLASS,
        vocabulary.BIOGRAPHY_CLASS,
        vocabulary.MUSIC_CLASS,
        vocabulary.POP_ROCK_CLASS,
        *vocabulary.NONFICTION_CLASSES,
        *vocabulary.MAGAZINE_CLASSES,
    }
    assert used <= set(vocabulary.YKL)
