"""What people type finds what they mean, first: inflected Finnish, compounds, Swedish, missing accents,
romanised Cyrillic, typos, and the field and form a word matched in deciding the order."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.search_api.conftest import CatalogueFacts


def _search(api: TestClient, q: str) -> dict[str, Any]:
    answer = api.get("/v1/search", params={"q": q, "facets": "year", "page_size": 100})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _titles(api: TestClient, q: str) -> list[str]:
    return [hit["title"] for hit in _search(api, q)["hits"]]


@pytest.mark.parametrize(
    ("q", "top"),
    [
        ("kirjastossa", "Kirjaston kissa"),  # inessive → kirjasto
        ("koirien", "Koiran kesä"),  # plural genitive → koira
        ("kortti", "Kirjastokortti kaikille"),  # a part of a compound
        # Swedish Snowball stems böckerna and böcker alike, but nothing relates the umlaut plural to "bok":
        # "bok" finds "En bok om allt" only, which is all the analysis promises.
        ("böckerna", "Böckerna i mitt liv"),
        ("böcker", "Böckerna i mitt liv"),
        ("bok", "En bok om allt"),
        ("bockerna", "Böckerna i mitt liv"),
        ("kaytto", "Käyttäjä ja kone"),  # käyttö, typed without accents
        ("kayttaja", "Käyttäjä ja kone"),
        ("kayttajaa", "Käyttäjä ja kone"),  # inflected and typed without accents: käyttäjää
        ("kesayossa", "Kesäyön unelma"),  # kesäyössä: no exact, folded or fuzzy form meets kesäyön
        ("KÄYTTÄJÄ", "Käyttäjä ja kone"),
        ("Dostojevski", "Преступление и наказание"),  # the Finnish romanisation of Достоевский
        ("Dostoevsky", "Преступление и наказание"),  # the English one
        ("Достоевский", "Преступление и наказание"),
        ("9789529900107", "Kesäyön unelma"),  # an ISBN typed without a prefix
        ("978-952-99001-0-7", "Kesäyön unelma"),
        ("1234-5679", "Tiede"),  # an ISSN
    ],
)
def test_the_expected_work_comes_first(api: TestClient, q: str, top: str) -> None:
    assert _titles(api, q)[0] == top


def test_every_form_of_kirjasto_is_found(api: TestClient) -> None:
    expected = {"Kirjaston kissa", "Kirjasto keskellä kylää", "Kirjastokortti kaikille"}
    for q in ("kirjasto", "kirjaston", "kirjastossa", "kirjastoja"):
        assert expected <= set(_titles(api, q)), q


@pytest.mark.parametrize(
    ("q", "exact", "stemmed"),
    [
        ("kirjaston", "Kirjaston kissa", "Kirjasto keskellä kylää"),
        ("kirjasto", "Kirjasto keskellä kylää", "Kirjaston kissa"),
        ("koiran", "Koiran kesä", "Kissa ja koira"),
        ("koira", "Kissa ja koira", "Koiran kesä"),
    ],
)
def test_the_exact_form_outranks_a_stemmed_match(api: TestClient, q: str, exact: str, stemmed: str) -> None:
    titles = _titles(api, q)
    assert titles[0] == exact
    assert titles.index(exact) < titles.index(stemmed)


@pytest.mark.parametrize(
    ("q", "ranked"),
    [
        ("majakka", ["Majakka", "Saariston salaisuus"]),  # title and subject, then the description
        ("Virtanen", ["Majakka", "Saariston salaisuus"]),  # the author, then the description
        ("koirien", ["Koiran kesä", "Kissa ja koira", "Metsän väki"]),
    ],
)
def test_title_and_author_outrank_the_description(api: TestClient, q: str, ranked: list[str]) -> None:
    assert _titles(api, q) == ranked


def test_an_isbn_finds_its_work_first_even_among_words(api: TestClient, facts: CatalogueFacts) -> None:
    hits = _search(api, "9789529900107")["hits"]
    assert [hit["id"] for hit in hits] == [facts.work("Kesäyön unelma").id]


@pytest.mark.parametrize(
    ("q", "top", "suggestion"),
    [
        ("unelna", "Kesäyön unelma", "unelma"),
        ("majakla", "Majakka", "majakka"),
    ],
)
def test_a_one_letter_typo_is_found_by_the_fuzzy_fallback_and_corrected(
    api: TestClient, q: str, top: str, suggestion: str
) -> None:
    body = _search(api, q)
    assert body["fuzzy"] is True
    assert body["hits"][0]["title"] == top
    assert body["did_you_mean"] == suggestion


@pytest.mark.parametrize(
    ("q", "suggestion"),
    [
        ("kayttaj", "käyttäjä"),  # typed without accents, corrected as catalogued
        ("käyttäjx", "käyttäjä"),
        ("Kesäyön unelna", "kesäyön unelma"),  # the word spelt right stays as typed, accents and all
        ("kesayon unelna", "kesayon unelma"),
    ],
)
def test_the_correction_is_spelt_as_catalogued(api: TestClient, q: str, suggestion: str) -> None:
    assert _search(api, q)["did_you_mean"] == suggestion


def test_no_correction_is_offered_for_words_the_catalogue_has(api: TestClient) -> None:
    assert _search(api, "unelma")["did_you_mean"] is None
    assert _search(api, "majakka")["did_you_mean"] is None


def test_a_typo_never_outranks_an_exact_hit(api: TestClient) -> None:
    """Fuzzy matching is a second attempt only: ``koira`` is one letter from ``koiran`` but finds no
    more than its own matches."""
    assert "Koiran kesä" in _titles(api, "koira")
    assert _titles(api, "kissa") == ["Kirjaston kissa", "Kissa ja koira"]


@pytest.mark.parametrize(
    ("q", "field", "marked"),
    [
        ("kirjastossa", "title", "<mark>Kirjaston</mark> kissa"),
        ("kaytto", "subtitle", "tietokoneen <mark>käyttö</mark> arjessa"),
        ("Dostoevsky", "contributors", "<mark>Достоевский</mark>, Фёдор"),
        (
            "majakka",
            "description",
            "Vanha <mark>majakka</mark> ja sen vartija, jonka tarinan kertoo Virtanen.",
        ),
        ("Kissakirjat", "series", "<mark>Kissakirjat</mark>"),
        ("kesayossa", "title", "<mark>Kesäyön</mark> unelma"),  # through the restored kesäyössä
        # Found by the fuzzy attempt: the words within its edit distance are marked.
        ("unelna", "title", "Kesäyön <mark>unelma</mark>"),
        (
            "majakla",
            "description",
            "Vanha <mark>majakka</mark> ja sen vartija, jonka tarinan kertoo Virtanen.",
        ),
        ("majakla", "subjects", "<mark>majakat</mark>; meri"),
    ],
)
def test_the_words_that_matched_are_marked_as_written(
    api: TestClient, q: str, field: str, marked: str
) -> None:
    highlighted = [hit["highlight"].get(field) for hit in _search(api, q)["hits"]]
    assert marked in highlighted
