"""Produce items in a background thread while the consumer waits on the network.

The client's bulk helper is synchronous: it builds a chunk, sends it, and waits for Elasticsearch to
index it before building the next. Meanwhile the indexer's own work (reading, normalising, analysing) sits
idle, and while the indexer works, Elasticsearch does. Running the producer in a thread overlaps the two:
the GIL is released while the consumer waits on its socket, so on two cores the pipeline's CPU time and
Elasticsearch's indexing time add up much less.

Items cross between the threads in batches: a queue hand-over costs a lock and a wake-up, and one per
document doubled the client side's CPU per document (measured: 37 µs against 19 µs for the bulk helper
alone, on the works of the 20,000-record corpus).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
BATCH = 100
_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetched(items: Iterable[T], depth: int = 1000) -> Iterator[T]:
    """``items``, produced up to about ``depth`` ahead in a thread; the producer's exceptions re-raised here.

    One bulk chunk ahead is enough to keep both sides busy; more only holds documents in memory (each worker
    of a re-index has its own buffer).

    If the consumer stops early (an error while sending), the producer is told to stop at its next batch.
    """
    batch = min(BATCH, depth)
    buffer: queue.Queue[object] = queue.Queue(maxsize=max(1, depth // batch))
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
        pending: list[T] = []
        try:
            for item in items:
                pending.append(item)
                if len(pending) == batch:
                    if not put(pending):
                        return
                    pending = []
        except BaseException as error:  # handed to the consumer, which raises it after the items before it
            if not pending or put(pending):
                put(_Failed(error))
            return
        if not pending or put(pending):
            put(_DONE)

    producer = threading.Thread(target=produce, name="prefetch", daemon=True)
    producer.start()
    try:
        while True:
            got = buffer.get()
            if got is _DONE:
                return
            if isinstance(got, _Failed):
                raise got.error
            yield from got  # type: ignore[misc]
    finally:
        stop.set()
        producer.join()
