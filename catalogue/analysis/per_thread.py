"""One instance of an expensive, non-thread-safe object per thread.

ICU's BreakIterator, Transliterator and Collator and PyStemmer's stemmers keep state between calls and
must not be shared by threads, yet creating them is far too slow to do per call (a compound transliterator
takes milliseconds to build). More than one thread does analyse: in a re-index each worker builds work
documents in its bulk loader's producer thread (``indexer/store/prefetch.py``), an update builds them in
the job's own thread, and the API analyses queries on its event loop's thread (the browser tests run an
API in a thread of their own), so each thread lazily builds its own instance, once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerThread(Generic[T]):
    """Builds ``factory()`` the first time a thread asks for it and hands that thread the same one after."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._local = threading.local()

    def get(self) -> T:
        try:
            instance: T = self._local.instance
        except AttributeError:
            instance = self._factory()
            self._local.instance = instance
        return instance
