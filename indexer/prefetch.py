"""Produce items in a background thread while the consumer waits on the network.

The client's bulk helper is synchronous: it builds a chunk, sends it, and waits for Elasticsearch to
index it before building the next. Meanwhile the indexer's own work (reading, normalising, analysing) sits
idle, and while the indexer works, Elasticsearch does. Running the producer in a thread overlaps the two:
the GIL is released while the consumer waits on its socket, so on two cores the pipeline's CPU time and
Elasticsearch's indexing time add up much less.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetched(items: Iterable[T], depth: int = 1000) -> Iterator[T]:
    """``items``, produced up to ``depth`` ahead in a thread; the producer's exceptions re-raised here.

    One bulk chunk ahead is enough to keep both sides busy; more only holds documents in memory (each worker
    of a re-index has its own buffer).

    If the consumer stops early (an error while sending), the producer is told to stop at its next item.
    """
    buffer: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                buffer.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the consumer, which raises it
            put(_Failed(error))
            return
        put(_DONE)

    producer = threading.Thread(target=produce, name="prefetch", daemon=True)
    producer.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        producer.join()
