"""The API's only door to Elasticsearch: runs requests built by the query module, maps failures to 503.

On a cluster of several nodes a node may die, or be restarted, at any moment. The client moves a request
to another node when one refuses connections (``catalogue.es.async_client``); what a node cannot fix by
itself is a shard none of whose copies answers for a moment, until the master promotes a replica. Then
Elasticsearch either answers 200 with ``_shards.failed`` (a partial answer: some works missing, facet counts
too low) or 503 ``search_phase_execution_exception``. Both are retried here after a short pause, within
the request timeout, and when still not answered whole they are a 503 saying so: a partial answer is never
served as if it were the catalogue.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import (
    ApiError,
    AsyncElasticsearch,
    AuthenticationException,
    AuthorizationException,
    BadRequestError,
    NotFoundError,
)
from elasticsearch.exceptions import HTTP_EXCEPTIONS

from catalogue.analysis import analysis_signature
from catalogue.job_records import LOCK_ID, as_seen_now
from search_api.errors import PARTIAL_ANSWER, SearchUnavailable, unavailable_message
from search_api.models import Health
from search_api.query import FOREIGN_CURSOR, BadCursor, build_jobs_listing, build_source_records

# Refused credentials (401) or privileges (403) are for the operator to fix; to a caller, search is away.
# TimeoutError: the request timeout ran out across attempts (the client's own timeout is per attempt).
_UNAVAILABLE = (
    TransportConnectionError,
    ConnectionTimeout,
    TimeoutError,
    AuthenticationException,
    AuthorizationException,
)
Observer = Callable[[str, float, str | None], None]
"""Told of every Elasticsearch call of the routes: operation, seconds, the kind of error or None."""

RETRY_PAUSES_S = (0.2, 0.6)
"""Pauses before the second and third attempt of a read whose shards did not all answer: a replica is
promoted within a second or two of its primary's node leaving, so two quick retries cover most of the gap
without holding a person's request for long."""
MIN_ATTEMPT_S = 0.3
"""A retry is not started with less than this left of the request timeout: it could not finish."""
_SHARDS_AWAY = frozenset({502, 503, 504})
"""Elasticsearch's answers when shard copies cannot be reached (``search_phase_execution_exception``,
``no_shard_available_action_exception``): another attempt a moment later may find them."""


class PartialAnswer(Exception):
    """Elasticsearch answered 200 but some shards failed: the hits and counts lack part of the catalogue."""


def _refuse_partial(answer: Any) -> None:
    body = getattr(answer, "body", answer)
    shards = body.get("_shards") if isinstance(body, dict) else None
    if isinstance(shards, dict) and shards.get("failed", 0) > 0:
        raise PartialAnswer(f"{shards['failed']} of {shards.get('total')} shards failed")


def _worth_retrying(error: SearchUnavailable) -> bool:
    cause = error.__cause__
    if isinstance(cause, PartialAnswer):
        return True
    return isinstance(cause, ApiError) and cause.meta.status in _SHARDS_AWAY


class CatalogueStore:
    def __init__(
        self,
        es: AsyncElasticsearch,
        alias: str,
        records_alias: str,
        jobs_index: str,
        observe: Observer | None = None,
        timeout: float = 3.0,
    ) -> None:
        self.es = es
        self._observe = observe
        self._timeout = timeout  # seconds a read may take, its retries included (HELMET_API_REQUEST_TIMEOUT)
        self.alias = alias
        self.records_alias = records_alias
        self.jobs_index = jobs_index

    async def work(self, work_id: str) -> dict[str, Any] | None:
        """The stored work, or None when there is no work with that id."""
        try:
            answer = await self._read("get_work", lambda: self.es.get(index=self.alias, id=work_id))
        except NotFoundError as error:
            if error.meta.status == 404 and "index_not_found" in str(error.body):
                raise SearchUnavailable(unavailable_message(error)) from error
            return None
        source: dict[str, Any] = answer["_source"]
        return source

    @contextmanager
    def _calling(self, operation: str) -> Iterator[None]:
        """Time one Elasticsearch call (for ``/metrics``), and make the cluster's own trouble a 503 with
        Retry-After, never a 500: a node that cannot be reached, and answers such as 503
        ``search_phase_execution_exception`` (a shard whose node died: red until a replica is promoted or
        the node is back) or 429 (its queues are full)."""
        started, error_kind = time.perf_counter(), None
        try:
            yield
        except _UNAVAILABLE as error:
            error_kind = type(error).__name__
            raise SearchUnavailable(unavailable_message(error)) from error
        except PartialAnswer as error:
            error_kind = "partial"
            raise SearchUnavailable(PARTIAL_ANSWER) from error
        except ApiError as error:
            error_kind = f"http_{error.meta.status}"
            if error.meta.status == 429 or error.meta.status >= 500:
                raise SearchUnavailable(unavailable_message(error)) from error
            raise
        finally:
            if self._observe is not None:
                self._observe(operation, time.perf_counter() - started, error_kind)

    async def _read(self, operation: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """One read of the catalogue, answered whole or not at all, within the request timeout.

        A partial answer, or Elasticsearch's 502/503/504 for shards it cannot reach, is tried again after
        :data:`RETRY_PAUSES_S` while time is left; anything else (a bad request, a missing index, a cluster
        that cannot be reached at all: the client has already tried every node) is not worth repeating."""
        deadline = time.monotonic() + self._timeout
        pauses = iter(RETRY_PAUSES_S)
        while True:
            try:
                with self._calling(operation):
                    async with asyncio.timeout(deadline - time.monotonic()):
                        answer = await call()
                    _refuse_partial(answer)
                return answer
            except SearchUnavailable as error:
                pause = next(pauses, None)
                if pause is None or not _worth_retrying(error):
                    raise
                if time.monotonic() + pause + MIN_ATTEMPT_S > deadline:
                    raise
                await asyncio.sleep(pause)

    def is_works_index(self, name: str) -> bool:
        """Whether ``name`` is one of this catalogue's concrete works indices, ``<alias>-v<n>-<timestamp>``.

        Cursors come back from clients and name the index they page through; only these may be searched,
        so that an edited cursor cannot aim a search at the records, the jobs, or another catalogue.
        """
        return re.fullmatch(rf"{re.escape(self.alias)}-v\d+-\d+", name) is not None

    async def search(self, body: dict[str, Any], index: str | None = None) -> dict[str, Any]:
        return (await self.search_together([body], index))[0]

    async def search_together(
        self, bodies: list[dict[str, Any]], index: str | None = None
    ) -> list[dict[str, Any]]:
        """The answers of several searches (a search's hits and its facets, see
        :class:`search_api.query.SearchPlan`), in order, asked in one ``_msearch`` request: Elasticsearch
        runs them side by side, and the API writes one request and reads one answer instead of one per
        search, which on the loaded two-core machine the service is measured on is a good part of its own
        CPU per search (bench/RESULTS.md). A search that fails fails all, with the error its own request
        would have had."""
        target = index or self.alias
        searches = [part for body in bodies for part in ({"index": target}, body)]
        try:
            answers: list[dict[str, Any]] = await self._read("search", lambda: self._msearch(searches))
        except NotFoundError as error:
            raise SearchUnavailable(unavailable_message(error)) from error
        except BadRequestError as error:
            if any("search_after" in body for body in bodies):  # values from a client's cursor that do
                raise BadCursor(FOREIGN_CURSOR) from error  # not fit its sort
            raise
        return answers

    async def source_records(self, work_keys: list[str]) -> list[list[dict[str, Any]]]:
        """The normalised source records of each work (by its merge key), in one request."""
        if not work_keys:
            return []
        bodies = [build_source_records(key) for key in work_keys]
        answers = await self.search_together(bodies, index=self.records_alias)
        return [[hit["_source"]["record"] for hit in answer["hits"]["hits"]] for answer in answers]

    async def _msearch(self, searches: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = await self.es.msearch(searches=searches)
        responses: list[dict[str, Any]] = answer["responses"]
        for response in responses:
            if "error" in response:
                status = int(response.get("status", 500))
                error = response["error"]
                message = str(error.get("type", error) if isinstance(error, dict) else error)
                meta = dataclasses.replace(answer.meta, status=status)
                raise HTTP_EXCEPTIONS.get(status, ApiError)(message=message, meta=meta, body=response)
            _refuse_partial(response)
        return responses

    async def count(self, body: dict[str, Any]) -> int:
        """How many works the ``query`` of ``body`` (:func:`search_api.query.build_count`) matches."""
        try:
            answer = await self._read("count", lambda: self.es.count(index=self.alias, body=body))
        except NotFoundError as error:
            raise SearchUnavailable(unavailable_message(error)) from error
        return int(answer["count"])

    async def jobs(self, limit: int) -> list[dict[str, Any]]:
        """The newest job records, each as it stands now (:func:`catalogue.job_records.as_seen_now`)."""
        try:
            answer = await self.search(build_jobs_listing(limit), index=self.jobs_index)
        except SearchUnavailable as error:
            if isinstance(error.__cause__, NotFoundError):
                return []  # no job has ever run
            raise
        lock = await self._document(LOCK_ID)
        return [as_seen_now({"id": hit["_id"], **hit["_source"]}, lock) for hit in answer["hits"]["hits"]]

    async def job(self, job_id: str) -> dict[str, Any] | None:
        """One job record as it stands now: a running job whose process died shows as failed."""
        record = await self._document(job_id)
        if record is None or record.get("kind") == "lock":
            return None
        return as_seen_now({"id": job_id, **record}, await self._document(LOCK_ID))

    async def _document(self, doc_id: str) -> dict[str, Any] | None:
        try:
            answer = await self.es.get(index=self.jobs_index, id=doc_id)
        except NotFoundError:
            return None
        except (*_UNAVAILABLE, ApiError) as error:  # e.g. 503 while the jobs index is being created
            raise SearchUnavailable(unavailable_message(error)) from error
        return dict(answer["_source"])

    async def index_created(self, index: str) -> datetime | None:
        """When ``index`` was created (its ``index.creation_date``), for the live index's age."""
        with self._calling("index_settings"):
            answer = await self.es.indices.get_settings(index=index, name="index.creation_date")
        millis = answer.body.get(index, {}).get("settings", {}).get("index", {}).get("creation_date")
        return datetime.fromtimestamp(int(millis) / 1000, UTC) if millis is not None else None

    async def health(self) -> Health:
        """Is the cluster reachable, and is the live index whole? Judged by the live index's own health, not
        the cluster's: another index without a node (another catalogue's, a half-built one) is not this
        service's trouble, while a live shard without a node is, even on an otherwise green cluster."""
        try:
            cluster = await self.es.cluster.health(timeout="2s")
        except (*_UNAVAILABLE, ApiError) as error:
            return self._unreachable(error)
        try:
            aliases = await self.es.indices.get_alias(name=self.alias)
            live = await self.es.cluster.health(index=self.alias, timeout="2s")
        except NotFoundError:
            return Health(
                status="unavailable",
                elasticsearch=str(cluster["status"]),
                alias=self.alias,
                message=f"The index alias '{self.alias}' does not exist: the catalogue is not indexed yet.",
            )
        except (*_UNAVAILABLE, ApiError) as error:
            return self._unreachable(error)
        index = next(iter(aliases.body), None)
        if live["status"] == "red":
            return Health(
                status="unavailable",
                elasticsearch=str(cluster["status"]),
                alias=self.alias,
                index=index,
                message=f"The live index {index} has shards that no node holds (a node is down): searches "
                "fail until it is back or a replica takes over.",
            )
        try:
            count = await self.es.count(index=self.alias)
            mappings = await self.es.indices.get_mapping(index=self.alias)
        except (*_UNAVAILABLE, ApiError) as error:
            return self._unreachable(error)
        meta = mappings.body.get(index, {}).get("mappings", {}).get("_meta", {}) if index else {}
        own = analysis_signature()
        # An index from before a stemmer was recorded was analysed by an older version of that language's
        # analysis: "not recorded" differs from every stemmer's name.
        recorded = {name: meta.get(name, "not recorded") for name in own} if meta.keys() & own else None
        mismatch = analysis_mismatch(recorded, own)
        return Health(
            status="degraded" if mismatch else "ok",
            elasticsearch=str(cluster["status"]),
            alias=self.alias,
            index=index,
            documents=int(count["count"]),
            analysis=recorded,
            message=mismatch,
        )

    def _unreachable(self, error: Exception) -> Health:
        return Health(
            status="unavailable",
            elasticsearch="unreachable",
            alias=self.alias,
            message=unavailable_message(error),
        )


def analysis_mismatch(recorded: dict[str, str] | None, own: dict[str, str]) -> str | None:
    """Why queries analysed as ``own`` miss words of an index analysed as ``recorded``, or None."""
    if recorded is None:
        return None
    differing = [
        f"{name}: index {recorded[name]!r}, this service {own[name]!r}"
        for name in recorded
        if recorded[name] != own[name]
    ]
    if not differing:
        return None
    return (
        "The live index was analysed differently from how this service analyses queries ("
        + "; ".join(differing)
        + "), so inflected words are partly missed. Install Voikko (libvoikko1, voikko-fi) and the Swedish "
        "Hunspell dictionary (hunspell-sv) where they are missing, or re-index with the same setup as the "
        "search service."
    )
