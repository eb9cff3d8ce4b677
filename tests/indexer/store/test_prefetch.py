from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from indexer.store.prefetch import prefetched


def test_items_arrive_in_order_from_another_thread() -> None:
    producers: set[str] = set()

    def numbers() -> Iterator[int]:
        for n in range(10_007):  # not a whole number of batches: the last, short one arrives too
            producers.add(threading.current_thread().name)
            yield n

    assert list(prefetched(numbers(), depth=10)) == list(range(10_007))
    assert producers == {"prefetch"}


def test_a_producer_error_reaches_the_consumer_after_the_items_before_it() -> None:
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("feed broke")

    seen = []
    with pytest.raises(ValueError, match="feed broke"):
        for item in prefetched(failing()):
            seen.append(item)
    assert seen == [1, 2]


def test_a_consumer_that_stops_early_stops_the_producer() -> None:
    produced = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    for item in prefetched(endless(), depth=5):
        if item == 3:
            break
    count = len(produced)
    assert count < 20
    assert len(produced) == count, "the producer thread has ended"
