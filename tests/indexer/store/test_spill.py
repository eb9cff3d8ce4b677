"""Spill files group a rebuild's records by work key exactly as the records index holds them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.record import NormalisedRecord
from indexer.store import spill
from indexer.store.record_store import StoredRecord
from indexer.store.spill import PARTITIONS, SpillWriter, partition_groups, partition_of, spill_files
from indexer.works.merge import record_ref, work_key
from tests.conftest import REAL_DATA
from tests.indexer.curated import curated_record

CURATED = sorted(path.name for path in (REAL_DATA / "helmet-marcxml" / "curated").glob("*.xml"))


def _spill(writer: SpillWriter, record: NormalisedRecord) -> None:
    key, reason = work_key(record)
    writer.add(key, reason, record_ref(record), record.to_dict())


def _all_groups(directory: Path, kept: dict[str, StoredRecord | None] | None = None) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for partition in range(PARTITIONS):
        for key, reason, records in partition_groups(directory, partition, kept or {}):
            assert partition_of(key) == partition and key not in groups
            assert reason == work_key(records[0])[1]
            groups[key] = sorted(record_ref(record) for record in records)
    return groups


def test_records_of_one_work_from_several_writers_are_grouped_together(tmp_path: Path) -> None:
    """Each municipality's task writes its own files; a work held by several meets in one group."""
    records = {
        municipality: [curated_record(name, municipality) for name in CURATED]
        for municipality in ("espoo", "helsinki")
    }
    for municipality, batch in records.items():
        with SpillWriter(tmp_path, municipality) as writer:
            for record in batch:
                _spill(writer, record)

    groups = _all_groups(tmp_path)

    expected: dict[str, list[str]] = {}
    for record in records["espoo"] + records["helsinki"]:
        expected.setdefault(work_key(record)[0], []).append(record_ref(record))
    assert groups == {key: sorted(refs) for key, refs in expected.items()}
    assert all(len(refs) == 2 for refs in groups.values())


def test_keys_that_share_a_hash_stay_apart_and_records_come_in_id_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partitions are sorted by a 64-bit hash of the key; were two keys ever to share one, the records are
    still told apart by their keys when read."""
    monkeypatch.setattr(spill, "_key_hash", lambda key: 7)
    records = [curated_record(name, municipality) for name in CURATED for municipality in ("vantaa", "espoo")]
    with SpillWriter(tmp_path, "all") as writer:
        for record in records:
            _spill(writer, record)
    expected: dict[str, list[str]] = {}
    for record in records:
        expected.setdefault(work_key(record)[0], []).append(record_ref(record))
    for partition in range(PARTITIONS):
        for key, _, found in spill.partition_groups(tmp_path, partition, {}):
            assert [record_ref(record) for record in found] == sorted(expected.pop(key))
    assert not expected


def test_records_come_back_equal_to_what_was_spilled(tmp_path: Path) -> None:
    record = curated_record(CURATED[0])
    with SpillWriter(tmp_path, "espoo") as writer:
        _spill(writer, record)
    key = work_key(record)[0]
    ((found_key, _, (found,)),) = list(partition_groups(tmp_path, partition_of(key), {}))
    assert (found_key, found) == (key, record)


def test_kept_versions_override_the_files(tmp_path: Path) -> None:
    """A record id sent twice under different keys counts once, under the key the index kept; a record
    the index refused is left out of its work."""
    first, second, other = (curated_record(name) for name in CURATED[:3])
    moved = replace(first, title="Aivan toinen nimeke", identifiers=replace(first.identifiers, isbn=[]))
    with SpillWriter(tmp_path, "a") as writer:
        for record in (first, second, other):
            _spill(writer, record)
    with SpillWriter(tmp_path, "b") as writer:
        _spill(writer, moved)
    moved_key, moved_reason = work_key(moved)
    assert moved_key != work_key(first)[0]
    kept: dict[str, StoredRecord | None] = {
        record_ref(first): StoredRecord(moved_key, moved_reason, moved.to_dict()),
        record_ref(second): None,
    }

    groups = _all_groups(tmp_path, kept)

    assert groups == {moved_key: [record_ref(first)], work_key(other)[0]: [record_ref(other)]}
    ((_, _, (found,)),) = [
        g for g in partition_groups(tmp_path, partition_of(moved_key), kept) if g[0] == moved_key
    ]
    assert found.title == "Aivan toinen nimeke"


def test_partitions_spread_the_keys() -> None:
    keys = [f"isbn:97895{number:08d}" for number in range(3200)]
    counts = Counter(partition_of(key) for key in keys)
    assert set(counts) == set(range(PARTITIONS))
    assert max(counts.values()) < 2 * len(keys) / PARTITIONS


def test_a_jobs_spill_files_are_removed_with_those_a_killed_job_left(tmp_path: Path) -> None:
    """A catalogue's leftovers go; another catalogue's running job sharing the state directory keeps its."""
    spill_root = tmp_path / "spill"
    with SpillWriter(spill_root / "catalogue" / "killed-job", "x") as writer:
        _spill(writer, curated_record(CURATED[0]))
    with SpillWriter(spill_root / "other" / "running-job", "x") as writer:
        _spill(writer, curated_record(CURATED[0]))
    with spill_files(tmp_path, "catalogue", "this-job") as directory:
        assert not (spill_root / "catalogue" / "killed-job").exists()
        with SpillWriter(directory, "x") as writer:
            _spill(writer, curated_record(CURATED[0]))
        assert [path.name for path in (spill_root / "catalogue").iterdir()] == ["this-job"]
    assert list((spill_root / "catalogue").iterdir()) == []
    assert list((spill_root / "other" / "running-job").iterdir())
