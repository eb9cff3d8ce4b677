"""Progress of a long job: a live bar on a terminal, plain periodic log lines everywhere else.

A re-index of three million records runs for many minutes from cron, CI or the admin API as often as from
a cataloguer's terminal; a redrawn bar is unreadable in a log file, and silence looks like a hang.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from tqdm import tqdm

log = logging.getLogger("indexer.jobs.progress")

Report = Callable[[str, dict[str, Any]], None]
"""Where a phase's figures go besides the log (a job record): called with the phase and
:meth:`Progress.snapshot` at the start, every ``interval`` seconds and at the end."""


class Progress:
    """Counts one phase of a job; call :meth:`advance` per item, use as a context manager."""

    def __init__(
        self,
        phase: str,
        total: int | None = None,
        interval: float = 10.0,
        tty: bool | None = None,
        report: Report | None = None,
    ):
        self.phase = phase
        self.total = total
        self.count = 0
        self.interval = interval
        self._report = report
        self._started = time.monotonic()
        self._last_line = self._started
        use_bar = sys.stderr.isatty() if tty is None else tty
        self._bar = (
            tqdm(total=total, desc=phase, unit=" rec", file=sys.stderr, dynamic_ncols=True)
            if use_bar
            else None
        )
        if report is not None:
            report(phase, self.snapshot(self._started))

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.update(n)
        now = time.monotonic()
        if now - self._last_line >= self.interval:
            self._last_line = now
            if self._bar is None:
                log.info("%s", self.line(now))
            if self._report is not None:
                self._report(self.phase, self.snapshot(now))

    def snapshot(self, now: float | None = None, *, finished: bool = False) -> dict[str, Any]:
        """What a job record shows of this phase: done, total, rate and the time left (when it is known)."""
        rate = self.rate(now)
        left = None if finished else self._left(rate)
        return {
            "done": self.count,
            "total": self.total,
            "rate_per_s": round(rate, 1),
            "eta_s": None if left is None else round(left),
            "finished": finished,
            "updated": datetime.now(UTC).isoformat(),
        }

    def _left(self, rate: float) -> float | None:
        if not self.total or rate <= 0:
            return None
        return max(self.total - self.count, 0) / rate

    def rate(self, now: float | None = None) -> float:
        elapsed = (now or time.monotonic()) - self._started
        return self.count / elapsed if elapsed > 0 else 0.0

    def line(self, now: float | None = None) -> str:
        """``phase: 12,000 of 50,000 records, 2,400/s, about 16 s left`` (ETA only with a known total)."""
        rate = self.rate(now)
        text = (
            f"{self.phase}: {self.count:,}"
            + (f" of {self.total:,}" if self.total else "")
            + f" records, {rate:,.0f}/s"
        )
        left = self._left(rate)
        if left is not None:
            text += f", about {left:,.0f} s left"
        return text

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.close()
        else:
            log.info("%s (done)", self.line())
        if self._report is not None and kind is None:
            self._report(self.phase, self.snapshot(finished=True))
