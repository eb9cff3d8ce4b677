"""What the store does when part of the cluster is away, without a cluster: a stand-in client answers as
Elasticsearch does while a node is lost (200 with failed shards, 503 ``search_phase_execution_exception``),
and the store must retry, then answer whole or refuse with a 503 a person understands, within the request
timeout. The same on real nodes: ``tests/search_api/test_cluster_faults.py``."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig, ObjectApiResponse
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import ApiError, BadRequestError

from search_api import catalogue_store
from search_api.catalogue_store import RETRY_PAUSES_S, CatalogueStore
from search_api.errors import PARTIAL_ANSWER, SearchUnavailable

WHOLE = {"_shards": {"total": 3, "successful": 3, "skipped": 0, "failed": 0}, "hits": {"hits": []}}
PARTIAL = {"_shards": {"total": 3, "successful": 2, "skipped": 0, "failed": 1}, "hits": {"hits": []}}


def _meta(status: int) -> ApiResponseMeta:
    return ApiResponseMeta(status, "1.1", HttpHeaders(), 0.01, NodeConfig("http", "127.0.0.1", 9200))


def _api_error(status: int, kind: str) -> ApiError:
    meta = _meta(status)
    error_class = BadRequestError if status == 400 else ApiError
    return error_class(kind, meta=meta, body={"error": {"type": kind}, "status": status})


SHARDS_LOST = _api_error(503, "search_phase_execution_exception")


class ScriptedClient:
    """Answers each search with the next item of ``script`` (an exception is raised); records when.

    ``msearch`` answers as Elasticsearch does: a search's own error (an :class:`ApiError`: shards away, a
    bad query, a full queue) is an item of its 200 answer, with the status that search alone would have had;
    a connection error is raised."""

    def __init__(self, *script: Any, delay: float = 0.0) -> None:
        self.script: Iterator[Any] = iter(script)
        self.calls: list[float] = []
        self.delay = delay

    async def _next(self) -> Any:
        self.calls.append(time.monotonic())
        await asyncio.sleep(self.delay)
        return next(self.script)

    async def count(self, **_: Any) -> Any:
        answer = await self._next()
        if isinstance(answer, Exception):
            raise answer
        return ObjectApiResponse(body=answer, meta=_meta(200))

    async def msearch(self, searches: list[dict[str, Any]], **_: Any) -> Any:
        answer = await self._next()
        if isinstance(answer, ApiError):
            answer = answer.body
        elif isinstance(answer, Exception):
            raise answer
        return ObjectApiResponse(body={"responses": [answer] * (len(searches) // 2)}, meta=_meta(200))


def own_loop(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test on an event loop of its own, in a thread: once the browser tests' session-long
    Playwright (its sync API) is running, the main thread already has a running loop, and pytest-asyncio's
    would refuse to start there."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, test(*args, **kwargs)).result()

    return run


def _store(client: ScriptedClient, timeout: float = 3.0) -> tuple[CatalogueStore, list[str | None]]:
    errors: list[str | None] = []
    store = CatalogueStore(
        client,  # type: ignore[arg-type]
        "catalogue-works",
        "catalogue-records",
        "catalogue-jobs",
        observe=lambda _operation, _seconds, error: errors.append(error),
        timeout=timeout,
    )
    return store, errors


@pytest.mark.parametrize("first", [PARTIAL, SHARDS_LOST], ids=["partial", "503"])
@own_loop
async def test_a_search_that_lost_shards_is_retried_and_answered_whole(first: Any) -> None:
    client = ScriptedClient(first, WHOLE)
    store, errors = _store(client)
    assert await store.search({"query": {"match_all": {}}}) == WHOLE
    assert len(client.calls) == 2
    assert client.calls[1] - client.calls[0] >= RETRY_PAUSES_S[0]
    assert errors == ["partial" if first is PARTIAL else "http_503", None]  # /metrics sees each attempt


@own_loop
async def test_a_partial_answer_is_never_served() -> None:
    """Still partial after every retry: a 503 saying part of the catalogue is away, not fewer works."""
    client = ScriptedClient(PARTIAL, PARTIAL, PARTIAL)
    store, _ = _store(client)
    with pytest.raises(SearchUnavailable) as refused:
        await store.search({"query": {"match_all": {}}})
    assert str(refused.value) == PARTIAL_ANSWER
    assert "part of the catalogue" in PARTIAL_ANSWER and "try again" in PARTIAL_ANSWER
    assert len(client.calls) == len(RETRY_PAUSES_S) + 1


@own_loop
async def test_counts_are_retried_too() -> None:
    client = ScriptedClient(PARTIAL, {"count": 7, "_shards": WHOLE["_shards"]})
    store, _ = _store(client)
    assert await store.count({"query": {"match_all": {}}}) == 7


@own_loop
async def test_retries_stay_within_the_request_timeout() -> None:
    """Each attempt takes 0.3 s and fails: with a timeout of 1 s there is no time for a third attempt."""
    client = ScriptedClient(SHARDS_LOST, SHARDS_LOST, SHARDS_LOST, delay=0.3)
    store, _ = _store(client, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="part of the catalogue"):
        await store.search({})
    assert len(client.calls) == 2
    assert time.monotonic() - started < 1.0


@own_loop
async def test_an_attempt_that_outlasts_the_request_timeout_is_a_timely_503() -> None:
    client = ScriptedClient(WHOLE, delay=5.0)
    store, errors = _store(client, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="did not answer in time"):
        await store.search({})
    assert time.monotonic() - started < 0.8
    assert errors == ["TimeoutError"]


@pytest.mark.parametrize(
    "error",
    [
        _api_error(400, "parsing_exception"),
        _api_error(429, "es_rejected_execution_exception"),
        TransportConnectionError("connection refused"),
    ],
    ids=["bad request", "too busy", "unreachable"],
)
@own_loop
async def test_what_a_retry_cannot_mend_is_not_retried(error: Exception) -> None:
    """A bad request stays bad; 429 asks for less load, not more; an unreachable cluster was already tried
    on every node by the client."""
    client = ScriptedClient(error, WHOLE)
    store, _ = _store(client)
    with pytest.raises((SearchUnavailable, BadRequestError)):
        await store.search({})
    assert len(client.calls) == 1


def test_the_pauses_fit_in_the_default_timeout() -> None:
    """Both retries and three quick attempts fit in HELMET_API_REQUEST_TIMEOUT's default of 3 s."""
    assert sum(RETRY_PAUSES_S) + 3 * catalogue_store.MIN_ATTEMPT_S < 3.0
