from __future__ import annotations

from collections.abc import Generator

from indexer.jobs.returning import Returning


def _counted(n: int) -> Generator[int, None, str]:
    yield from range(n)
    return f"{n} done"


def test_items_and_the_return_value() -> None:
    wrapped = Returning(_counted(3))
    assert wrapped.value is None
    assert list(wrapped) == [0, 1, 2]
    assert wrapped.value == "3 done"


def test_no_value_before_the_generator_ends() -> None:
    wrapped = Returning(_counted(3))
    for item in wrapped:
        if item == 1:
            break
    assert wrapped.value is None
