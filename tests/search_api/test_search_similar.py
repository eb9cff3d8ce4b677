"""Similar works are chosen by shared subjects, authors, series and title words, never by function words."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.query import build_similar
from tests.search_api.conftest import CatalogueFacts


def _similar(api: TestClient, work_id: str) -> list[str]:
    answer = api.get(f"/v1/records/{work_id}/similar", params={"size": 50})
    assert answer.status_code == 200, answer.text
    return [hit["title"] for hit in answer.json()["similar"]]


@pytest.mark.parametrize(
    ("title", "unrelated"),
    [
        # The two share the title word "ja" and nothing else: no subject, author or series.
        ("Käyttäjä ja kone", "Kissa ja koira"),
        ("Kissa ja koira", "Käyttäjä ja kone"),
        ("Käyttäjä ja kone", "Hobitti, eli, Sinne ja takaisin"),
    ],
)
def test_works_sharing_only_stop_words_are_not_similar(
    api: TestClient, facts: CatalogueFacts, title: str, unrelated: str
) -> None:
    assert unrelated not in _similar(api, facts.work(title).id)


def test_works_sharing_content_words_still_are(api: TestClient, facts: CatalogueFacts) -> None:
    assert {"Kirjaston kissa", "Koiran kesä"} <= set(_similar(api, facts.work("Kissa ja koira").id))


def test_the_stop_words_of_finnish_swedish_and_english_are_given_to_more_like_this() -> None:
    stop_words = set(build_similar("some-id", 10)["query"]["more_like_this"]["stop_words"])
    assert {"ja", "och", "the"} <= stop_words
