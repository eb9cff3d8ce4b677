"""Progress of a long job: a live bar on a terminal, plain periodic log lines everywhere else.

A re-index of three million records runs for many minutes from cron, CI or the admin API as often as from
a cataloguer's terminal; a redrawn bar is unreadable in a log file, and silence looks like a hang.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType

from tqdm import tqdm

log = logging.getLogger("indexer.jobs.progress")


class Progress:
    """Counts one phase of a job; call :meth:`advance` per item, use as a context manager."""

    def __init__(self, phase: str, total: int | None = None, interval: float = 10.0, tty: bool | None = None):
        self.phase = phase
        self.total = total
        self.count = 0
        self.interval = interval
        self._started = time.monotonic()
        self._last_line = self._started
        use_bar = sys.stderr.isatty() if tty is None else tty
        self._bar = (
            tqdm(total=total, desc=phase, unit=" rec", file=sys.stderr, dynamic_ncols=True)
            if use_bar
            else None
        )

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.update(n)
            return
        now = time.monotonic()
        if now - self._last_line >= self.interval:
            self._last_line = now
            log.info("%s", self.line(now))

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
        if self.total and rate > 0:
            text += f", about {max(self.total - self.count, 0) / rate:,.0f} s left"
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
