from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from indexer.record import MUNICIPALITIES
from synthetic.showcase import SHOWCASE
from synthetic.works import KINDS, Credit, Kind, WorkFactory, WorkOverrides, holder_count, holdings


def test_the_same_seed_makes_the_same_works() -> None:
    first, second = WorkFactory(random.Random(3)), WorkFactory(random.Random(3))
    assert [first.next_work() for _ in range(300)] == [second.next_work() for _ in range(300)]


def test_a_factory_makes_only_the_kinds_it_is_given() -> None:
    factory = WorkFactory(random.Random(4), kinds=["ebook", "eaudiobook"])
    assert {factory.next_work().kind for _ in range(300)} == {"ebook", "eaudiobook"}


def test_every_kind_is_made_and_every_work_is_numbered_afresh() -> None:
    factory = WorkFactory(random.Random(5))
    works = [factory.next_work() for _ in range(2000)]
    assert {work.kind for work in works} == set(KINDS)
    numbers = [work.number for work in works if work.number is not None]
    assert len(set(numbers)) == len(numbers)
    assert [work.serial for work in works] == list(range(1, 2001))


def test_some_works_have_no_standard_number_and_courses_never_have_one() -> None:
    factory = WorkFactory(random.Random(6))
    works = [factory.next_work() for _ in range(2000)]
    assert any(work.number is None for work in works if work.kind == "ebook")
    assert all(work.number is None for work in works if work.kind == "course")


@given(st.integers(0, 2**32), st.floats(0, 1), st.integers(1, 4))
def test_a_work_is_held_by_one_to_four_of_the_available_municipalities(
    seed: int, share: float, available: int
) -> None:
    assert 1 <= holder_count(random.Random(seed), share, available) <= available


def test_the_share_of_shared_works_is_as_asked() -> None:
    rng = random.Random(7)
    shared = sum(holder_count(rng, 0.35, 4) > 1 for _ in range(20000)) / 20000
    assert 0.33 < shared < 0.37


def test_holdings_share_the_work_and_its_number_but_each_has_its_own_record_and_link() -> None:
    rng = random.Random(8)
    factory = WorkFactory(rng, kinds=["ebook"])
    work = next(work for work in iter(factory.next_work, None) if work.number is not None and work.subtitle)
    made = holdings(rng, work, MUNICIPALITIES)
    assert [holding.municipality for holding in made] == list(MUNICIPALITIES)
    assert {holding.work for holding in made} == {work}
    assert len({holding.record_id for holding in made}) == 4
    assert [holding.record_id[0] for holding in made] == ["1", "2", "3", "4"]
    assert made[0].subtitle == work.subtitle  # the first holder catalogues the work in full
    assert made[0].isbd_punctuation


def test_holdings_vary_the_way_real_catalogues_do() -> None:
    rng = random.Random(9)
    factory = WorkFactory(rng, kinds=["ebook"])
    made = [holding for _ in range(400) for holding in holdings(rng, factory.next_work(), MUNICIPALITIES)[1:]]
    assert any(holding.subtitle is None and holding.work.subtitle for holding in made)
    assert any(holding.extra_topic is not None for holding in made)
    assert any(holding.vendor != holding.work.vendor for holding in made)
    assert any(not holding.isbd_punctuation for holding in made)
    assert {holding.hyphenated_number for holding in made} == {True, False}


def test_a_written_work_keeps_what_was_written_and_gets_the_rest() -> None:
    factory = WorkFactory(random.Random(10))
    overrides = WorkOverrides(
        "ebook",
        "fin",
        "Rikos ja rangaistus",
        (Credit("Dostojevski, Fjodor", "author"), Credit("Kallio, Sanna", "translator")),
        original_language="rus",
        original_title="Преступление и наказание",
    )
    work = factory.written(overrides)
    assert (work.title, work.credits, work.language) == (overrides.title, overrides.credits, "fin")
    assert (work.original_language, work.original_title) == ("rus", "Преступление и наказание")
    assert work.number is not None and work.number.kind == "isbn"
    assert "käännökset" in {genre.fin for genre in work.genres}
    assert work.description


def test_an_unnumbered_written_work_has_no_number() -> None:
    factory = WorkFactory(random.Random(11))
    overrides = WorkOverrides(
        "ebook", "som", "Jacayl iyo nabad", (Credit("Warsame, Hodan", "author"),), unnumbered=True
    )
    assert factory.written(overrides).number is None


def test_every_showcase_work_can_be_made() -> None:
    factory = WorkFactory(random.Random(12))
    kinds: set[Kind] = set()
    for showcase in SHOWCASE:
        work = factory.written(showcase.work)
        assert work.title == showcase.work.title
        kinds.add(work.kind)
    assert kinds == {"ebook", "eaudiobook", "recording", "score", "course"}
