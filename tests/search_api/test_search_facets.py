"""Facets of ``/v1/search`` on the fixture catalogue, checked against counts made in plain Python.

Multi-select as a library catalogue needs it: values of one facet are OR-ed, different facets AND-ed, and
a facet's counts ignore its own selection, so that choosing Espoo leaves Helsinki's count where it was.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.record import MATERIAL_TYPES, MUNICIPALITIES, Audience
from search_api.facets import FACETS
from tests.search_api.conftest import CatalogueFacts, Selection


def _search(api: TestClient, **params: Any) -> dict[str, Any]:
    answer = api.get("/v1/search", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _counts(body: dict[str, Any], facet: str) -> list[tuple[str, int]]:
    return [(value["value"], value["count"]) for value in body["facets"][facet]]


def _filters(selection: Selection) -> list[str]:
    return [f"{facet}:{value}" for facet, values in selection.items() for value in sorted(values)]


@pytest.mark.parametrize("facet", [name for name, spec in FACETS.items() if spec.kind == "terms"])
def test_each_facet_counts_what_the_records_hold(api: TestClient, facts: CatalogueFacts, facet: str) -> None:
    body = _search(api)
    assert body["total"] == len(facts.works) == 51
    assert _counts(body, facet) == facts.top(facet, FACETS[facet].size)


def test_the_year_facet_counts_every_year_in_order(api: TestClient, facts: CatalogueFacts) -> None:
    expected = sorted(facts.counts("year").items(), key=lambda item: int(item[0]))
    assert _counts(_search(api), "year") == expected


def test_a_query_narrows_every_facet(api: TestClient) -> None:
    body = _search(api, q="kirjasto")
    assert body["total"] == 4
    assert _counts(body, "municipality") == [("helsinki", 2), ("vantaa", 2), ("espoo", 1), ("kauniainen", 1)]
    assert _counts(body, "material_type") == [("ebook", 2), ("eaudiobook", 1), ("other", 1)]


def test_selecting_espoo_keeps_the_other_municipalities_counts(
    api: TestClient, facts: CatalogueFacts
) -> None:
    everything = _search(api)
    espoo = _search(api, filter="municipality:espoo")
    assert espoo["total"] == len(facts.matching({"municipality": {"espoo"}})) == 13
    assert _counts(espoo, "municipality") == _counts(everything, "municipality")
    assert dict(_counts(espoo, "municipality"))["helsinki"] == facts.counts("municipality")["helsinki"]
    assert {value["value"]: value["selected"] for value in espoo["facets"]["municipality"]} == {
        "espoo": True,
        "helsinki": False,
        "vantaa": False,
        "kauniainen": False,
    }
    assert _counts(espoo, "material_type") == facts.top("material_type", 10, {"municipality": {"espoo"}})
    assert {hit["id"] for hit in _search(api, filter="municipality:espoo", page_size=100)["hits"]} == {
        work.id for work in facts.matching({"municipality": {"espoo"}})
    }


def test_values_of_one_facet_are_or_ed(api: TestClient, facts: CatalogueFacts) -> None:
    selection = {"municipality": {"espoo", "kauniainen"}}
    body = _search(api, filter=_filters(selection), page_size=100)
    assert body["total"] == len(facts.matching(selection)) == 25
    assert body["total"] > max(
        len(facts.matching({"municipality": {name}})) for name in ("espoo", "kauniainen")
    )
    assert {value["value"] for value in body["facets"]["municipality"] if value["selected"]} == {
        "espoo",
        "kauniainen",
    }


def test_different_facets_are_and_ed_and_each_ignores_only_its_own_selection(
    api: TestClient, facts: CatalogueFacts
) -> None:
    selection = {"municipality": {"espoo", "vantaa"}, "material_type": {"ebook"}, "language": {"fin"}}
    body = _search(api, filter=_filters(selection), page_size=100)
    assert body["total"] == len(facts.matching(selection)) == 8
    assert {hit["id"] for hit in body["hits"]} == {work.id for work in facts.matching(selection)}
    for facet in FACETS:
        if FACETS[facet].kind == "terms":
            expected = dict(facts.top(facet, FACETS[facet].size, selection))
            expected |= {value: facts.counts(facet, selection)[value] for value in selection.get(facet, ())}
            assert dict(_counts(body, facet)) == expected, facet


def test_a_selected_value_outside_the_top_values_still_appears(
    api: TestClient, facts: CatalogueFacts
) -> None:
    size = FACETS["subject"].size
    ranked = facts.top("subject", len(facts.counts("subject")))
    outside, count = ranked[-1]
    assert outside not in dict(ranked[:size])
    body = _search(api, filter=f"subject:{outside}")
    assert body["total"] == count
    values = body["facets"]["subject"]
    assert len(values) == size + 1
    assert values[-1] == {"value": outside, "label": outside, "count": count, "selected": True}
    assert [value["value"] for value in values[:size]] == [value for value, _ in ranked[:size]]


def test_a_selected_value_no_work_has_shows_with_count_zero(api: TestClient) -> None:
    body = _search(api, filter=["municipality:espoo", "publisher:Nobody"])
    assert body["total"] == 0
    assert {"value": "Nobody", "label": "Nobody", "count": 0, "selected": True} in body["facets"]["publisher"]


def test_year_ranges_select_years_and_the_year_facet_ignores_them(
    api: TestClient, facts: CatalogueFacts
) -> None:
    body = _search(api, filter="year:2015..2020", page_size=100)
    in_range = [work for work in facts.works if work.best.year is not None and 2015 <= work.best.year <= 2020]
    # 27: the Helmet CD 2452306 (008 Date1 2012, 260 $c [2020]) files under 2012, as its 008 says (issue 17)
    assert body["total"] == len(in_range) == 27
    assert _counts(body, "year") == _counts(_search(api), "year")
    assert {value["value"] for value in body["facets"]["year"] if value["selected"]} == {
        str(year) for year in range(2015, 2021) if str(year) in facts.counts("year")
    }
    open_ended = _search(api, filter="year:..2010")
    assert open_ended["total"] == sum(
        work.best.year is not None and work.best.year <= 2010 for work in facts.works
    )


def test_closed_vocabularies_are_those_the_indexer_writes() -> None:
    """A filter outside them is refused; so they must hold every value a work can have."""
    assert FACETS["municipality"].values == MUNICIPALITIES
    assert FACETS["material_type"].values == MATERIAL_TYPES
    assert FACETS["audience"].values == get_args(Audience)
    closed = {name for name, spec in FACETS.items() if spec.values}
    assert closed == {"municipality", "material_type", "audience"}  # language codes, subjects… are open


def test_a_closed_vocabulary_value_may_be_written_in_capitals(api: TestClient, facts: CatalogueFacts) -> None:
    body = _search(api, filter=["municipality:Espoo", "material_type:EBOOK"], facets="municipality")
    assert body["total"] == len(facts.matching({"municipality": {"espoo"}, "material_type": {"ebook"}})) > 0
    assert [value["value"] for value in body["facets"]["municipality"] if value["selected"]] == ["espoo"]


def test_labels_follow_the_language_of_the_request(api: TestClient) -> None:
    body = _search(api, lang="sv", facets=["municipality", "material_type", "language", "audience"])
    assert set(body["facets"]) == {"municipality", "material_type", "language", "audience"}
    labels = {value["value"]: value["label"] for facet in body["facets"].values() for value in facet}
    assert labels["helsinki"] == "Helsingfors"
    assert labels["eaudiobook"] == "E-ljudbok"
    assert labels["fin"] == "finska"
    assert labels["children"] == "Barn"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    municipalities=st.sets(st.sampled_from(MUNICIPALITIES)),
    materials=st.sets(st.sampled_from(MATERIAL_TYPES)),
    audiences=st.sets(st.sampled_from(["children", "youth", "adult"])),
)
def test_any_selection_counts_as_the_records_say(
    api: TestClient,
    facts: CatalogueFacts,
    municipalities: set[str],
    materials: set[str],
    audiences: set[str],
) -> None:
    selection = {"municipality": municipalities, "material_type": materials, "audience": audiences}
    body = _search(api, filter=_filters(selection), facets=list(selection))
    assert body["total"] == len(facts.matching(selection))
    for facet in selection:
        expected = {value: count for value, count in facts.counts(facet, selection).items()}
        shown = {value: count for value, count in _counts(body, facet) if count}
        assert shown == expected, facet


def test_without_the_facets_parameter_every_facet_is_counted(api: TestClient) -> None:
    assert set(_search(api, q="kissa")["facets"]) == set(FACETS)


def test_an_empty_facets_parameter_asks_for_results_only(api: TestClient) -> None:
    body = _search(api, q="kissa", facets="")
    assert body["facets"] == {}
    assert body["total"] == 2


def test_empty_names_among_the_facets_are_ignored(api: TestClient) -> None:
    assert set(_search(api, q="kissa", facets=["", "year"])["facets"]) == {"year"}
