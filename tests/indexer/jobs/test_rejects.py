"""The rejects file: one JSON line per rejection, keys in the documented order, raw bytes intact."""

from __future__ import annotations

import base64
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from indexer.jobs.rejects import rejection_to_dict, write_rejection
from indexer.read.readers.marc21 import read_marc21
from indexer.record import Rejection
from tests.conftest import REAL_DATA

KEYS = ["source", "file", "position", "record_id", "reason", "offset", "file_damaged", "raw_base64"]


def real_rejections() -> list[Rejection]:
    """What the ISO 2709 reader refuses in pymarc's deliberately broken file."""
    location = str(REAL_DATA / "pymarc/bad_records.mrc")
    with (REAL_DATA / "pymarc/bad_records.mrc").open("rb") as stream:
        return [
            item
            for item in read_marc21(stream, source="espoo", location=location)
            if isinstance(item, Rejection)
        ]


def test_each_rejection_is_one_json_line_with_its_raw_bytes() -> None:
    rejections = real_rejections()
    assert rejections
    stream = io.StringIO()
    for rejection in rejections:
        write_rejection(stream, rejection)

    lines = stream.getvalue().splitlines()
    assert len(lines) == len(rejections)
    for line, rejection in zip(lines, rejections, strict=True):
        entry = json.loads(line)
        assert list(entry) == KEYS
        assert entry["file"] == rejection.location
        assert entry["position"] == rejection.position
        assert entry["reason"] == rejection.reason
        assert base64.b64decode(entry["raw_base64"]) == rejection.raw


def test_without_raw_the_bytes_are_left_out() -> None:
    rejection = real_rejections()[0]
    assert list(rejection_to_dict(rejection, with_raw=False)) == KEYS[:-1]


@given(
    st.builds(
        Rejection,
        source=st.sampled_from(["espoo", "helsinki", "vantaa", "kauniainen"]),
        location=st.text(),
        position=st.none() | st.integers(min_value=1),
        record_id=st.none() | st.text(),
        reason=st.text(),
        raw=st.binary(),
    )
)
def test_any_rejection_survives_the_trip_through_a_json_line(rejection: Rejection) -> None:
    stream = io.StringIO()
    write_rejection(stream, rejection)
    entry = json.loads(stream.getvalue())
    assert stream.getvalue().count("\n") == 1
    assert (
        Rejection(
            entry["source"],
            entry["file"],
            entry["position"],
            entry["record_id"],
            entry["reason"],
            base64.b64decode(entry["raw_base64"]),
        )
        == rejection
    )
