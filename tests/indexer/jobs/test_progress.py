"""Progress of a phase: log lines, and the figures a job record shows (done, total, rate, time left)."""

from __future__ import annotations

from typing import Any

from indexer.jobs.progress import Progress


def test_a_phase_reports_at_its_start_every_interval_and_at_its_end() -> None:
    reports: list[tuple[str, dict[str, Any]]] = []
    with Progress(
        "reading records", total=10, interval=0.0, tty=False, report=lambda *r: reports.append(r)
    ) as p:
        p.advance(4)
        p.advance(6)
    phases = {phase for phase, _ in reports}
    figures = [figures for _, figures in reports]
    assert phases == {"reading records"}
    assert [f["done"] for f in figures] == [0, 4, 10, 10]
    assert [f["finished"] for f in figures] == [False, False, False, True]
    assert figures[1]["total"] == 10 and figures[1]["rate_per_s"] > 0 and figures[1]["eta_s"] is not None
    assert figures[-1]["eta_s"] is None


def test_without_a_total_there_is_no_time_left() -> None:
    reports: list[dict[str, Any]] = []
    with Progress("applying changes", interval=0.0, tty=False, report=lambda _, f: reports.append(f)) as p:
        p.advance(3)
    assert reports[1]["eta_s"] is None and reports[1]["total"] is None


def test_a_failed_phase_is_not_reported_finished() -> None:
    reports: list[dict[str, Any]] = []
    try:
        with Progress("merging works", total=5, tty=False, report=lambda _, f: reports.append(f)):
            raise RuntimeError("the cluster went away")
    except RuntimeError:
        pass
    assert not any(f["finished"] for f in reports)
