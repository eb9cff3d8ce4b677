"""What the MARC normaliser remembers between records must never change what it makes of a record.

Subject fields, name fields, recurring values and link hosts are read once per distinct value and
remembered; these tests hold that to giving the same result as reading afresh, in any order, and to
keeping apart what must stay apart (the same name in a music recording and in a book).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

import pymarc
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.normalise.marc import normalise_marc
from indexer.normalise.marc_material import _host
from indexer.read.readers.marc21 import read_marc21
from indexer.read.readers.marcxml import read_marcxml
from indexer.read.readers.sierra import read_sierra_json
from indexer.record import NormalisedRecord, RawRecord, Rejection
from tests.conftest import REAL_DATA

HELMET_MUSIC_CD = REAL_DATA / "helmet-marcxml/curated/2452306.xml"


def raw_records(path: Path) -> list[RawRecord]:
    reader = {".json": read_sierra_json, ".xml": read_marcxml}.get(path.suffix, read_marc21)
    if "marcxml" in path.parts:
        reader = read_marcxml
    with path.open("rb") as stream:
        return [
            item for item in reader(stream, source="espoo", location=path.name) if isinstance(item, RawRecord)
        ]


def real_marc_records() -> list[RawRecord]:
    paths = sorted(
        path
        for path in REAL_DATA.rglob("*")
        if path.is_file()
        and (
            path.suffix in {".mrc", ".dat", ".marc"}
            or {"iso2709", "helmet-sierra-json", "helmet-marcxml"} & set(path.parts)
        )
    )
    return [raw for path in paths for raw in raw_records(path)]


def outcome(raw: RawRecord) -> object:
    result = normalise_marc(raw)
    return result.to_dict() if isinstance(result, NormalisedRecord) else (result.record_id, result.reason)


def test_every_real_record_normalises_the_same_in_any_order() -> None:
    records = real_marc_records()
    forwards = [outcome(raw) for raw in records]
    backwards = [outcome(raw) for raw in reversed(records)]
    assert forwards == backwards[::-1]
    assert sum(isinstance(result, dict) for result in forwards) > 800


def with_record_type(raw: RawRecord, record_type: str) -> RawRecord:
    record: pymarc.Record = raw.payload
    leader = str(record.leader)
    copy = pymarc.Record(leader=leader[:6] + record_type + leader[7:], fields=list(record.fields))
    copy.leader = pymarc.Leader(leader[:6] + record_type + leader[7:])
    return dataclasses.replace(raw, payload=copy)


def roles_of(raw: RawRecord, name: str) -> list[str]:
    result = normalise_marc(raw)
    assert isinstance(result, NormalisedRecord)
    return [person.role for person in result.contributors if person.name == name]


def test_the_same_name_field_is_a_performer_only_in_a_music_recording() -> None:
    (music,) = raw_records(HELMET_MUSIC_CD)
    book = with_record_type(music, "a")
    for _ in range(2):  # either may be read first: what is remembered of one must not leak to the other
        assert roles_of(music, "Minneman, Marco") == ["performer"]  # "rummut" (drums) is an instrument
        assert roles_of(book, "Minneman, Marco") == ["contributor"]


def test_the_same_subject_terms_under_another_indicator_keep_their_own_vocabulary() -> None:
    (music,) = raw_records(HELMET_MUSIC_CD)
    record: pymarc.Record = music.payload
    heading = [pymarc.Subfield("a", "Rock music")]
    lcsh = pymarc.Field("650", pymarc.Indicators(" ", "0"), heading)
    mesh = pymarc.Field("650", pymarc.Indicators(" ", "2"), heading)
    found = []
    for field in (lcsh, mesh, lcsh):
        copy = pymarc.Record(leader=str(record.leader), fields=[*record.fields, field])
        result = normalise_marc(dataclasses.replace(music, payload=copy))
        assert not isinstance(result, Rejection)
        found.append([(s.vocabulary, s.language) for s in result.subjects if s.term == "Rock music"])
    assert found == [[("lcsh", "eng")], [("mesh", "eng")], [("lcsh", "eng")]]


def host_by_urlsplit(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""


# Links built from the pieces urlsplit treats specially: schemes it does and does not accept, missing or
# doubled slashes, user info, bracketed hosts, ports, and the characters it strips or removes.
links = st.tuples(
    st.sampled_from(["", " ", "\x01", "\t"]),
    st.sampled_from(["http", "HTTPS", "ftp", "1x", "", "a b", "ht\ttp", "mailto"]),
    st.sampled_from(["://", ":/", ":", "//", ":\t//", "", ":://"]),
    st.sampled_from(["", "user@", "user:pw@", "@", "a@b@", "x/y@"]),
    st.sampled_from(
        ["www.ellibslibrary.com", "Ellibs.COM", "[::1]", "[::1", "::1]", "", "a.b", "ä.fi", "ho\nst"]
    ),
    st.sampled_from(["", ":8080", ":x", ":"]),
    st.sampled_from(["", "/", "/helmet/1", "?q=a.b", "#x", "?a/b", "\\x", "/c?d#e"]),
    st.sampled_from(["", " ", "\n"]),
).map("".join)


@settings(max_examples=1500)
@given(links | st.text(max_size=40))
def test_link_hosts_are_what_urlsplit_says(url: str) -> None:
    assert _host(url) == host_by_urlsplit(url)
