"""The shrink guard: every figure of the catalogue checked on its own, with the numbers in the refusal."""

from __future__ import annotations

from indexer.jobs.shrink_guard import MIN_LOSS, Shrinkage, refusal, shrinkages
from indexer.store.catalogue_counts import CATALOGUE, Tally

# The sample catalogue's figures, as count_catalogue gives them (records, works).
LIVE = {
    CATALOGUE: Tally(2173, 1269),
    ("municipality", "espoo"): Tally(587, 560),
    ("municipality", "helsinki"): Tally(470, 452),
    ("municipality", "vantaa"): Tally(711, 690),
    ("municipality", "kauniainen"): Tally(405, 399),
    ("source", "espoo"): Tally(587, 560),
    ("source", "helsinki"): Tally(470, 452),
    ("source", "vantaa"): Tally(711, 690),
    ("source", "kauniainen"): Tally(405, 399),
}


def test_a_municipality_cut_to_a_tenth_is_caught_though_the_total_barely_moves() -> None:
    new = dict(LIVE)
    new[CATALOGUE] = Tally(2173 - 366, 1269 - 110)  # -17 % of records, -8.7 % of works
    new["municipality", "kauniainen"] = Tally(39, 38)
    new["source", "kauniainen"] = Tally(39, 38)
    found = shrinkages(LIVE, new)
    assert [(s.scope, s.what) for s in found] == [  # the largest share lost first
        (("municipality", "kauniainen"), "works"),
        (("source", "kauniainen"), "works"),
        (("municipality", "kauniainen"), "records"),
        (("source", "kauniainen"), "records"),
        (CATALOGUE, "records"),
    ]
    assert str(found[2]) == "municipality kauniainen: records 405 → 39 (90 % fewer than the live index)"


def test_a_source_that_vanished_is_a_shrinkage_of_all_it_held() -> None:
    new = {scope: tally for scope, tally in LIVE.items() if scope != ("source", "vantaa")}
    assert Shrinkage(("source", "vantaa"), "records", 711, 0) in shrinkages(LIVE, new)


def test_growth_and_small_losses_are_not_shrinkage() -> None:
    new = dict(LIVE)
    new["municipality", "espoo"] = Tally(900, 800)
    small = {("source", "tiny"): Tally(MIN_LOSS + 1, MIN_LOSS + 1)}
    assert shrinkages(LIVE, new) == []
    assert shrinkages(small, {("source", "tiny"): Tally(2, 2)}) == []  # 9 lost: a cataloguer's weeding
    assert shrinkages(small, {("source", "tiny"): Tally(1, 1)}) != []  # 10 lost: counted


def test_exactly_the_limit_is_allowed() -> None:
    assert shrinkages({CATALOGUE: Tally(1000, 1000)}, {CATALOGUE: Tally(900, 900)}) == []
    assert shrinkages({CATALOGUE: Tally(1000, 1000)}, {CATALOGUE: Tally(899, 900)}) != []


def test_the_refusal_names_every_figure_and_the_way_out() -> None:
    message = refusal([Shrinkage(("municipality", "kauniainen"), "works", 399, 38)])
    assert "municipality kauniainen: works 399 → 38 (90 % fewer than the live index)" in message
    assert "in 1 place:" in message and "run again with --force" in message
