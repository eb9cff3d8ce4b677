from __future__ import annotations

import io
import json
from typing import Any

import pymarc
from hypothesis import given
from hypothesis import strategies as st

from indexer.read.readers.sierra import read_sierra_json
from indexer.record import RawRecord, Rejection
from tests.conftest import REAL_DATA

SIERRA = REAL_DATA / "natlibfi/helmet-sierra-json/transform"


def bibs(case: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((SIERRA / case / "input.json").read_bytes())
    return loaded


def read_json(document: Any) -> list[RawRecord | Rejection]:
    data = json.dumps(document).encode()
    return list(read_sierra_json(io.BytesIO(data), source="helsinki", location="bibs.json"))


def only_records(results: list[RawRecord | Rejection]) -> list[RawRecord]:
    assert all(isinstance(result, RawRecord) for result in results)
    return [result for result in results if isinstance(result, RawRecord)]


def test_ebook_bib_becomes_a_marc_record_with_its_material_code() -> None:
    ebook, _ = only_records(read_json(bibs("02")))
    record = ebook.payload
    assert isinstance(record, pymarc.Record)
    assert str(record.leader) == "00000nam  22000004c 4500"
    assert record["001"].data == "9789511331353"
    assert record["245"].get_subfields("a", "c") == [
        "Minun tarinani /",
        "Michelle Obama ; suomentanut Ilkka Rekiaro.",
    ]
    assert record["100"].indicators == ("1", " ")
    assert record["998"]["d"] == "z"
    assert (ebook.format, ebook.position, ebook.id_hint) == ("sierra_json", 1, "9789511331353")


def test_control_fields_and_field_count_survive() -> None:
    (bib,) = bibs("07")
    (result,) = only_records(read_json([bib]))
    marc_fields = [field for field in bib["varFields"] if "marcTag" in field]
    assert len(result.payload.fields) == len(marc_fields) + 1  # and the 998 with the material code
    assert result.payload["008"].data == "      s2017    fi ||||||||| |||| | fin||nim4c "
    assert result.payload["998"]["d"] == "t"


def test_missing_001_falls_back_to_the_bib_id() -> None:
    (bib,) = bibs("05")
    (result,) = only_records(read_json([bib]))
    assert "001" not in result.payload
    assert result.id_hint == bib["id"] == "2318039"


def test_api_page_with_entries_and_a_single_bib_are_read_alike() -> None:
    page = only_records(read_json({"total": 2, "entries": bibs("20")}))
    listed = only_records(read_json(bibs("20")))
    single = only_records(read_json(bibs("20")[1]))
    assert [result.id_hint for result in page] == [result.id_hint for result in listed]
    assert single[0].payload.as_json() == listed[1].payload.as_json()


def test_raw_is_the_bib_as_json() -> None:
    (result,) = only_records(read_json(bibs("07")))
    assert json.loads(result.raw) == bibs("07")[0]


def test_a_bib_without_var_fields_is_rejected_and_the_rest_read() -> None:
    results = read_json([{"id": "123", "deletedDate": "2020-01-01"}, *bibs("01"), "not a bib"])
    assert [type(result) for result in results] == [Rejection, RawRecord, RawRecord, Rejection]
    first = results[0]
    assert isinstance(first, Rejection)
    assert (first.position, first.record_id, first.reason) == (
        1,
        "123",
        "not a Sierra bib: it has no varFields list",
    )


def test_non_marc_var_fields_are_left_out() -> None:
    (bib,) = bibs("07")
    bib["varFields"].append({"fieldTag": "x", "content": "staff note without a MARC tag"})
    (result,) = only_records(read_json([bib]))
    assert all("staff note" not in field.value() for field in result.payload.fields)


def test_invalid_json_is_one_rejection() -> None:
    results = list(read_sierra_json(io.BytesIO(b'[{"id": '), source="espoo", location="x.json"))
    assert [type(result) for result in results] == [Rejection]


def test_json_of_another_shape_is_one_rejection() -> None:
    (result,) = read_json({"something": "else"})
    assert isinstance(result, Rejection)
    assert "neither" in result.reason


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_any_json_never_raises(document: Any) -> None:
    assert all(isinstance(result, RawRecord | Rejection) for result in read_json(document))


@given(
    st.dictionaries(
        st.sampled_from(["marcTag", "ind1", "ind2", "content", "subfields", "fieldTag"]), json_values
    )
)
def test_odd_var_fields_never_raise(var_field: dict[str, Any]) -> None:
    (bib,) = bibs("07")
    bib["varFields"].append(var_field)
    assert all(isinstance(result, RawRecord | Rejection) for result in read_json([bib]))
