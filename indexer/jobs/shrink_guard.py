"""The check that keeps a broken export from emptying part of the live catalogue.

A feed that lost most of its records overnight is far more often a truncated export than a weeded
catalogue. Checking only the total misses it when the feed is one of several (Kauniainen cut to a tenth of
its records is 9.5 % of the joint catalogue), so every figure is checked on its own: the catalogue, each
municipality and each source, records and works alike. Any of them that shrinks by more than
:data:`SHRINK_LIMIT` stops the job unless it is forced, and a forced job records what it overrode.

Small figures are exempt below :data:`MIN_LOSS`: a source of eight records that loses two has shrunk by a
quarter, and that is a cataloguer's weeding, not a broken export.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.store.catalogue_counts import Scope, Tally

SHRINK_LIMIT = 0.10
"""The largest share of a figure that may go in one job without ``--force``."""
MIN_LOSS = 10
"""Fewer records or works lost than this never count as shrinking, whatever the share."""


@dataclass(frozen=True, slots=True)
class Shrinkage:
    scope: Scope
    what: str  # "records" or "works"
    before: int
    after: int

    def __str__(self) -> str:
        kind, name = self.scope
        where = "the catalogue" if kind == "catalogue" else f"{kind} {name}"
        share = 100 * (self.before - self.after) / self.before
        return f"{where}: {self.what} {self.before} → {self.after} ({share:.0f} % fewer than the live index)"


def shrinkages(live: dict[Scope, Tally], new: dict[Scope, Tally]) -> list[Shrinkage]:
    """Every figure of ``live`` that ``new`` cuts by more than the limit, the largest share lost first."""
    found = []
    for scope, before in live.items():
        after = new.get(scope, Tally())
        for what in ("records", "works"):
            was, now = getattr(before, what), getattr(after, what)
            if was - now >= MIN_LOSS and now < (1 - SHRINK_LIMIT) * was:
                found.append(Shrinkage(scope, what, was, now))
    return sorted(found, key=lambda shrinkage: (shrinkage.after / shrinkage.before, shrinkage.scope))


def refusal(found: list[Shrinkage], action: str = "swap", kept: str = "the live index was kept") -> str:
    """Why a job refused to ``action``, with the numbers, and what to do about it."""
    return (
        f"refused to {action}: the catalogue would be more than {SHRINK_LIMIT:.0%} smaller than the live "
        f"index in {len(found)} place{'s' if len(found) > 1 else ''}: "
        + "; ".join(map(str, found))
        + ". A feed that shrank this much is more likely a broken export than a weeded catalogue, so "
        + f"{kept}. Check the sources; if the catalogue really is smaller, run again with --force (it will "
        "name what it overrides)."
    )
