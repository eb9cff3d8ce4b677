"""The harvest state file: round trip, other sources kept, atomic replacement, refusing a corrupt file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.read.harvest_state import STATE_FILE_NAME, HarvestStateError, last_harvest, remember_harvest


def test_a_source_never_harvested_has_no_datestamp(tmp_path: Path) -> None:
    assert last_harvest(tmp_path / "state", "espoo") is None


def test_a_remembered_datestamp_is_read_back_and_other_sources_are_kept(tmp_path: Path) -> None:
    remember_harvest(tmp_path / "state", "espoo", "2024-02-01T00:00:00Z")
    remember_harvest(tmp_path / "state", "helsinki-oai", "2024-02-02T00:00:00Z")
    remember_harvest(tmp_path / "state", "espoo", "2024-03-01T00:00:00Z")

    assert last_harvest(tmp_path / "state", "espoo") == "2024-03-01T00:00:00Z"
    assert last_harvest(tmp_path / "state", "helsinki-oai") == "2024-02-02T00:00:00Z"
    assert json.loads((tmp_path / "state" / STATE_FILE_NAME).read_text(encoding="utf-8")) == {
        "espoo": "2024-03-01T00:00:00Z",
        "helsinki-oai": "2024-02-02T00:00:00Z",
    }
    assert [path.name for path in (tmp_path / "state").iterdir()] == [STATE_FILE_NAME]


def test_a_failed_write_leaves_the_previous_state_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_harvest(tmp_path, "espoo", "2024-02-01T00:00:00Z")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        remember_harvest(tmp_path, "espoo", "2024-03-01T00:00:00Z")

    assert last_harvest(tmp_path, "espoo") == "2024-02-01T00:00:00Z"
    assert [path.name for path in tmp_path.iterdir()] == [STATE_FILE_NAME]


@pytest.mark.parametrize("content", ['{"espoo": "2024-02-01', '["espoo"]', '{"espoo": 20240201}'])
def test_a_corrupt_state_file_is_refused_rather_than_reset(tmp_path: Path, content: str) -> None:
    (tmp_path / STATE_FILE_NAME).write_text(content, encoding="utf-8")
    with pytest.raises(HarvestStateError, match="fix or remove it"):
        last_harvest(tmp_path, "espoo")
    with pytest.raises(HarvestStateError):
        remember_harvest(tmp_path, "espoo", "2024-03-01T00:00:00Z")
    assert (tmp_path / STATE_FILE_NAME).read_text(encoding="utf-8") == content


@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=5))
def test_any_set_of_sources_round_trips(datestamps: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        for source_id, datestamp in datestamps.items():
            remember_harvest(Path(directory), source_id, datestamp)
        assert {source_id: last_harvest(Path(directory), source_id) for source_id in datestamps} == datestamps
