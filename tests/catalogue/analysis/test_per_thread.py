"""One instance per thread, built once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from catalogue.analysis.per_thread import PerThread


def test_a_thread_gets_the_same_instance_every_time_and_other_threads_their_own() -> None:
    per_thread = PerThread(object)
    threads = 4
    barrier = Barrier(threads)

    def instances_seen() -> tuple[int, int]:
        first = per_thread.get()
        barrier.wait()  # all threads alive at once, so none can reuse another's thread-local slot
        return id(first), id(per_thread.get())

    with ThreadPoolExecutor(max_workers=threads) as pool:
        seen = list(pool.map(lambda _: instances_seen(), range(threads)))
    assert all(first == again for first, again in seen)
    assert len({first for first, _ in seen}) == threads
