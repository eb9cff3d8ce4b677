"""Comparing two catalogues as sorted streams: added, removed, changed per municipality and source."""

from __future__ import annotations

from indexer.store.catalogue_counts import Scope
from indexer.store.catalogue_diff import Changes, Entry, as_report, differences

ESPOO: Scope = ("municipality", "espoo")
VANTAA: Scope = ("municipality", "vantaa")


def _entry(key: str, digest: str | None, *scopes: Scope) -> Entry:
    return Entry((key,), scopes, digest)


def test_added_removed_changed_and_unchanged() -> None:
    live = [_entry("a", "1", ESPOO), _entry("b", "2", ESPOO), _entry("d", "4", VANTAA)]
    new = [_entry("b", "2", ESPOO), _entry("c", "3", VANTAA), _entry("d", "5", VANTAA)]
    assert differences(live, new) == {
        ESPOO: Changes(removed=1, unchanged=1),
        VANTAA: Changes(added=1, changed=1),
    }


def test_a_work_that_gained_a_municipality_counts_as_changed_for_both() -> None:
    live = [_entry("w", "1", ESPOO)]
    new = [_entry("w", "2", ESPOO, VANTAA)]
    assert differences(live, new) == {ESPOO: Changes(changed=1), VANTAA: Changes(changed=1)}


def test_documents_without_a_digest_cannot_be_compared() -> None:
    assert differences([_entry("a", None, ESPOO)], [_entry("a", "1", ESPOO)]) == {ESPOO: Changes(unknown=1)}


def test_one_side_empty() -> None:
    entries = [_entry(key, key, ESPOO) for key in "abc"]
    assert differences([], entries) == {ESPOO: Changes(added=3)}
    assert differences(entries, []) == {ESPOO: Changes(removed=3)}


def test_the_report_is_grouped_by_kind_of_scope() -> None:
    report = as_report({"records": {ESPOO: Changes(added=1), ("source", "espoo-sierra"): Changes(removed=2)}})
    assert report == {
        "records": {
            "municipality": {"espoo": {"added": 1, "removed": 0, "changed": 0, "unchanged": 0, "unknown": 0}},
            "source": {
                "espoo-sierra": {"added": 0, "removed": 2, "changed": 0, "unchanged": 0, "unknown": 0}
            },
        }
    }
