from __future__ import annotations

import pytest

from indexer.normalise.marc_contributors import contributors
from indexer.normalise.marc_fields import index_fields
from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.record import RawRecord
from tests.conftest import REAL_DATA

AUTHOR_RELATORS = "vufind/tests/data/author_relators.mrc"


def people_in(name: str, position: int = 1) -> list[tuple[str, str]]:
    path = REAL_DATA / name
    reader = read_marcxml if path.suffix == ".xml" else read_marc21
    with path.open("rb") as stream:
        raws = [
            result
            for result in reader(stream, source="espoo", location=name)
            if isinstance(result, RawRecord)
        ]
    return [(person.name, person.role) for person in contributors(index_fields(raws[position - 1].payload))]


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (  # German terms and abbreviations with codes; an unknown relator is a contributor
            1,
            [("Wilson, Horace H.", "translator"), ("Jośī, Kanhaiyālāla", "editor"), ("Vyāsa", "contributor")],
        ),
        (  # a main entry without relators is the author; corporate added entries are contributors
            3,
            [
                ("Shakespeare, William", "author"),
                ("Habicht, Werner", "editor"),
                ("Ahrens, Rüdiger", "editor"),
                ("Deutsche Shakespeare-Gesellschaft", "contributor"),
                ("Deutsche Shakespeare-Gesellschaft West", "contributor"),
            ],
        ),
        (  # the same person in two fields keeps both roles; $e and $4 that disagree give both
            7,
            [
                ("Carlyle, Thomas", "author"),
                ("Second Author, Wrong Relatorterm", "author"),
                ("Different, Relator", "contributor"),
                ("Double, Secondary Author", "translator"),
                ("Double, Secondary Author", "editor"),
                ("Conflicting, Relators", "editor"),
                ("Conflicting, Relators", "author"),
            ],
        ),
        (  # terms only, with case and punctuation ("Author.", "Creator")
            8,
            [
                ("Carlyle, Thomas", "author"),
                ("Second Author, Wrong Relatorterm", "author"),
                ("Different, Relator", "contributor"),
                ("Double, Secondary Author", "translator"),
                ("Double, Secondary Author", "editor"),
                ("Conflicting, Relators", "author"),
            ],
        ),
        (9, [("Hell, Joseph", "editor"), ("Hell, Joseph", "translator")]),  # two roles in one field
        (  # codes only; a main entry whose relators are all unknown is a contributor
            10,
            [
                ("Author, Primary", "author"),
                ("Corporate, Primary", "contributor"),
                ("Author, Secondary", "editor"),
                ("Corporate, Secondary", "contributor"),
            ],
        ),
    ],
)
def test_relators_of_vufind_test_records(position: int, expected: list[tuple[str, str]]) -> None:
    assert people_in(AUTHOR_RELATORS, position) == expected


def test_meeting_name_keeps_its_date_and_place() -> None:
    assert people_in("vufind/tests/data/authoritybibs.mrc", 6)[0] == (
        "Conference on the Inland Waters of Ireland (1992 Dublin)",
        "author",
    )


def test_instrument_as_relator_makes_a_performer_in_a_music_recording() -> None:
    assert people_in("helmet-marcxml/curated/2452306.xml")[2:4] == [
        ("Holzman, Adam", "performer"),  # $e kosketinsoittimet (keyboards)
        ("Minneman, Marco", "performer"),  # $e rummut (drums)
    ]


def test_unknown_relators_outside_music_are_contributors() -> None:
    film = people_in("helmet-marcxml/curated/2564382.xml")
    assert ("Szabó, Ferenc", "contributor") in film  # näyttelijä (actor)
    assert ("Ratniece, Santa", "composer") in film


def test_name_title_entries_name_the_authors_of_contained_works() -> None:
    # 700 $i "Sisältää (teos):" $a Puškin, Aleksandr. $t …: the author of a work the book contains.
    assert people_in("helmet-marcxml/curated/2371438.xml") == [
        ("Puškin, Aleksandr", "author"),
        ("Ahava, Juho", "translator"),
        ("Sassi", "translator"),
        ("Puškin, Aleksandr", "contained_work_author"),
    ]
