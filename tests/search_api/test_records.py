"""Record detail (each municipality's holding, the source records, why they were merged), similar works."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.search_api.conftest import CatalogueFacts


def _get(api: TestClient, path: str, **params: Any) -> dict[str, Any]:
    answer = api.get(path, params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_work_every_municipality_holds(api: TestClient, facts: CatalogueFacts) -> None:
    work = facts.work("Kesäyön unelma")
    detail = _get(api, f"/v1/records/{work.id}")
    assert detail["id"] == work.id
    assert detail["title"] == "Kesäyön unelma"
    assert detail["contributors"] == [
        {"name": "Helin, Sari", "role": "author", "romanised": None},
        {"name": "Nenonen, Meri", "role": "narrator", "romanised": None},
    ]
    assert detail["holdings"] == [
        {
            "municipality": municipality,
            "municipality_label": label,
            "source_id": source_id,
            "url": f"https://www.ellibslibrary.com/{municipality}/book/9789529900107",
        }
        for municipality, label, source_id in [
            ("espoo", "Espoo", "9910010"),
            ("helsinki", "Helsinki", "9920010"),
            ("vantaa", "Vantaa", "9930010"),
            ("kauniainen", "Kauniainen", "9940010"),
        ]
    ]
    assert detail["merge"] == {"key": "isbn:9789529900107", "reason": "isbn", "records": 4}
    assert detail["identifiers"]["isbn"] == ["9789529900107"]
    assert detail["description"] == "Kaksi ihmistä kohtaa juhannuksena saaristossa."
    assert detail["material_type_label"] == "E-äänikirja"
    assert detail["language_labels"] == ["suomi"]


def test_source_records_are_the_normalised_records_merged(api: TestClient, facts: CatalogueFacts) -> None:
    for title in ("Kesäyön unelma", "Taikatalvi", "Kirjastokortti kaikille", "Majakka"):
        work = facts.work(title)
        detail = _get(api, f"/v1/records/{work.id}")
        expected = sorted(
            (record.to_dict() for record in work.records), key=lambda r: (r["source"], r["source_id"])
        )
        assert detail["source_records"] == expected, title


@pytest.mark.parametrize(
    ("title", "merge", "municipalities"),
    [
        ("Taikatalvi", {"key": "isbn:9789510040102", "reason": "isbn", "records": 2}, ["espoo", "helsinki"]),
        ("Tiede", {"key": "issn:1234-5679", "reason": "issn", "records": 2}, ["helsinki", "vantaa"]),
        (
            "Kirjastokortti kaikille",
            {
                "key": "title:kirjastokortti kaikille|korhonen pekka|2019|ebook",
                "reason": "title+author+year+type",
                "records": 2,
            },
            ["helsinki", "kauniainen"],
        ),
        ("Majakka", {"key": "isbn:9789529900114", "reason": "single record", "records": 1}, ["vantaa"]),
    ],
)
def test_the_merge_reason_says_which_key_matched(
    api: TestClient, facts: CatalogueFacts, title: str, merge: dict[str, Any], municipalities: list[str]
) -> None:
    detail = _get(api, f"/v1/records/{facts.work(title).id}")
    assert detail["merge"] == merge
    assert [holding["municipality"] for holding in detail["holdings"]] == municipalities


def test_labels_follow_the_language_of_the_request(api: TestClient, facts: CatalogueFacts) -> None:
    detail = _get(api, f"/v1/records/{facts.work('Kesäyön unelma').id}", lang="sv")
    assert detail["material_type_label"] == "E-ljudbok"
    assert detail["language_labels"] == ["finska"]
    assert [holding["municipality_label"] for holding in detail["holdings"]] == [
        "Esbo",
        "Helsingfors",
        "Vanda",
        "Grankulla",
    ]


@pytest.mark.parametrize("path", ["/v1/records/{id}", "/v1/records/{id}/similar"])
def test_an_unknown_id_is_a_404_that_says_so(api: TestClient, path: str) -> None:
    answer = api.get(path.format(id="0123456789abcdef0123"))
    assert answer.status_code == 404
    assert answer.json()["detail"] == (
        "There is no record with id '0123456789abcdef0123'. It may have been removed from the catalogue."
    )


def test_an_id_longer_than_any_work_id_is_a_422(api: TestClient) -> None:
    answer = api.get("/v1/records/" + "a" * 65)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("work_id:")


def _similar(api: TestClient, work_id: str, **params: Any) -> list[str]:
    body = _get(api, f"/v1/records/{work_id}/similar", **params)
    assert body["id"] == work_id
    return [hit["title"] for hit in body["similar"]]


def test_similar_works_share_authors_or_subjects(api: TestClient, facts: CatalogueFacts) -> None:
    similar = _similar(api, facts.work("Kesäyön unelma").id)
    assert similar[0] == "Elämää tehosekoittimessa ja muita kirjoituksia"  # same author and narrator
    assert "Koiran kesä" in similar  # the subject kesä
    cats_and_dogs = _similar(api, facts.work("Kissa ja koira").id)
    assert cats_and_dogs[:2] == ["Kirjaston kissa", "Koiran kesä"]  # the subjects kissat, koirat


def test_similar_works_never_include_the_work_itself(api: TestClient, facts: CatalogueFacts) -> None:
    for work in facts.works:
        body = _get(api, f"/v1/records/{work.id}/similar", size=50)
        assert work.id not in [hit["id"] for hit in body["similar"]], work.best.title


@pytest.mark.parametrize("size", [1, 3])
def test_similar_returns_at_most_size_works(api: TestClient, facts: CatalogueFacts, size: int) -> None:
    assert len(_similar(api, facts.work("Kesäyön unelma").id, size=size)) == size


def test_similar_size_is_bounded(api: TestClient, facts: CatalogueFacts) -> None:
    answer = api.get(f"/v1/records/{facts.work('Majakka').id}/similar", params={"size": 51})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("size:")
