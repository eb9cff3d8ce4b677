"""Iterate a generator with a ``for`` loop and still get what it returns.

Several steps hand on items one at a time *and* a final value (the harvest's OAI-PMH checkpoint, which
must be stored only after everything read was indexed). A ``for`` loop drops a generator's return value;
wrapping it here keeps it, so no step needs its own ``next``/``StopIteration`` loop.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Returning(Generic[T, R]):
    """``for item in (wrapped := Returning(gen)): …`` then ``wrapped.value`` is what ``gen`` returned."""

    def __init__(self, generator: Generator[T, None, R]) -> None:
        self._generator = generator
        self.value: R | None = None

    def __iter__(self) -> Iterator[T]:
        self.value = yield from self._generator
