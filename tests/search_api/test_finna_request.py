"""Reading a Finna request into ours, and the hierarchical values, without a cluster."""

from __future__ import annotations

import pytest

from search_api.facets import Condition
from search_api.finna.formats import BUILDINGS, FORMAT_PATHS, FORMATS, HIERARCHIES
from search_api.finna.records import DEFAULT_FIELDS, cleaned
from search_api.finna.request import (
    FACET_FIELDS,
    SORTS,
    FinnaError,
    Params,
    fields,
    finna_search,
    our_query,
    sort_order,
)
from search_api.labels import MATERIAL_TYPE, MUNICIPALITY


def _params(**values: str | list[str]) -> Params:
    pairs = [(n, v) for n, given in values.items() for v in ([given] if isinstance(given, str) else given)]
    return Params.of(pairs)


def test_every_material_type_and_municipality_has_its_node() -> None:
    assert set(FORMAT_PATHS) == set(MATERIAL_TYPE)
    assert set(BUILDINGS.paths) == set(MUNICIPALITY)
    assert {HIERARCHIES[name].facet for name in HIERARCHIES} == {FACET_FIELDS[name] for name in HIERARCHIES}


def test_nodes_are_written_as_finna_writes_them() -> None:
    assert FORMATS.codes("ebook") == ["0/Book/", "1/Book/eBook/"]
    assert BUILDINGS.codes("vantaa") == ["0/Helmet/", "1/Helmet/v/"]
    assert FORMATS.values_under("0/Book/") == ("ebook", "eaudiobook")
    assert FORMATS.values_under("1/Book/AudioBook/") == ("eaudiobook",)
    assert FORMATS.values_under("1/Book/*") == ("ebook", "eaudiobook")
    assert FORMATS.values_under("0/Image/") == ()
    assert BUILDINGS.values_under("0/Helmet/") == tuple(MUNICIPALITY)
    assert FORMATS.translated("1/Book/eBook/", "sv") == "E-bok"
    assert BUILDINGS.translated("0/Helmet/", "en") == "Helmet libraries"


def test_upper_nodes_count_their_works() -> None:
    (book,) = FORMATS.tree({"ebook": 5, "eaudiobook": 7}, total=12)
    assert (book["value"], book["count"]) == ("0/Book/", 12)
    assert [(c["value"], c["count"]) for c in book["children"]] == [
        ("1/Book/AudioBook/", 7),
        ("1/Book/eBook/", 5),
    ]
    (helmet,) = BUILDINGS.tree({"espoo": 5, "helsinki": 7}, total=9)  # works held by both count once
    assert helmet["count"] == 9


@pytest.mark.parametrize(
    ("lookfor", "search_type", "ours"),
    [
        ("kissa AND koira", None, "kissa koira"),
        ("kissa NOT koira", "AllFields", "kissa -koira"),
        ("kissa OR koira", "Title", "title:kissa OR title:koira"),
        ('"kirjaston kissa" -koira', "Author", 'author:"kirjaston kissa" -author:koira'),
        ("subject:kissat laine", "author", "subject:kissat author:laine"),
        ("(kissa OR koira) AND hiiri", None, "kissa OR koira hiiri"),
        ("2015-2020", "year", "year:2015-2020"),
    ],
)
def test_lookfor_in_our_syntax(lookfor: str, search_type: str | None, ours: str) -> None:
    assert our_query(lookfor, search_type) == ours


def test_sorts_by_name_or_prefix_else_relevance() -> None:
    assert [sort_order(option) for option, _ in SORTS] == [order for _, order in SORTS]
    assert sort_order("main_date_str asc") == "oldest"
    assert sort_order("title") == "title"
    assert sort_order("year desc") == "relevance"
    assert sort_order(None) == "relevance"


def test_the_field_list() -> None:
    assert fields(_params()) == list(DEFAULT_FIELDS)
    assert fields(_params(**{"field[]": ["title", "nosuch", "title", "year"]})) == ["title", "year"]
    assert fields(_params(field="title")) == []


def test_filters_become_conditions() -> None:
    search = finna_search(
        _params(
            **{
                "filter[]": [
                    "format:0/Book/", 'format:"0/Book/"', "-language:swe", "~building:1/Helmet/e/",
                    '~building:"1/Helmet/k/"', "finna.deduplication:1", "online_boolean:1",
                ]
            }
        )
    )  # fmt: skip
    assert search.filters.conditions == [
        Condition("material_type", ("ebook", "eaudiobook")),
        Condition("language", ("swe",), negated=True),
        Condition("municipality", ("espoo", "kauniainen")),
    ]
    assert search.applied == {
        "format": {"0/Book/"},
        "building": {"1/Helmet/e/", "1/Helmet/k/"},
        "online_boolean": {"1"},
    }


def test_limits_and_pages() -> None:
    assert finna_search(_params()).limit == 20
    zero = finna_search(_params(limit="0"))
    assert (zero.limit, zero.request.page_size) == (0, 1)
    assert finna_search(_params(limit="50", page="1000")).request.page == 200  # the last page of 10,000
    with pytest.raises(FinnaError, match="Invalid limit"):
        finna_search(_params(limit="1e2"))


def test_the_query_string_wins_over_the_form() -> None:
    params = Params.of([("limit", "5")], [("limit", "7"), ("lookfor", "kissa")])
    assert (params.last("limit"), params.last("lookfor")) == ("5", "kissa")


def test_values_are_cleaned_as_finna_cleans_them() -> None:
    value = {"a": None, "b": "", "c": False, "d": True, "e": [], "f": [[], "x", None], "g": {"h": ""}}
    assert cleaned(value) == {"d": 1, "e": [], "f": ["x"], "g": {}}
