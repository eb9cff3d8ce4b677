"""Prometheus metrics of the API, the live catalogue and the indexer's jobs, served at ``/metrics``.

Every app has a registry of its own (tests start many apps in one process, and a registry refuses a second
metric of one name). Requests are labelled by their route's template (``/v1/records/{work_id}``), never by
the path a client sent, so that the number of series stays bounded whatever clients send.

Figures that live in Elasticsearch (the live index's size and age, the jobs) are read when Prometheus
scrapes, from the same store the routes use; a scrape while the cluster is away still answers, with the
figures it could not read left out and ``helmet_elasticsearch_up`` at 0.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0)
NO_ROUTE = "(no route)"  # refused before routing (rate limit) or no route matched: one label, not a path


class ApiMetrics:
    """The metrics one app keeps; the route, the middleware and the store record into it."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "helmet_http_requests", "HTTP requests answered.", ["route", "method", "status"], registry=r
        )
        self.latency = Histogram(
            "helmet_http_request_duration_seconds",
            "Time to answer a request.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.es_latency = Histogram(
            "helmet_elasticsearch_request_duration_seconds",
            "Time Elasticsearch took to answer the API, by operation.",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.es_errors = Counter(
            "helmet_elasticsearch_errors",
            "Elasticsearch calls of the API that failed, by operation and kind of error.",
            ["operation", "error"],
            registry=r,
        )
        self.rate_limited = Counter(
            "helmet_rate_limited_requests", "Requests refused with 429 by the per-client limit.", registry=r
        )
        self.es_up = Gauge(
            "helmet_elasticsearch_up", "1 when the cluster answered the last scrape.", registry=r
        )
        self.works = Gauge("helmet_catalogue_works", "Works in the live index.", registry=r)
        self.index_age = Gauge(
            "helmet_catalogue_index_age_seconds", "Seconds since the live index was created.", registry=r
        )
        self.job_succeeded = Gauge(
            "helmet_indexer_last_job_succeeded",
            "1 when the kind's last finished job succeeded.",
            ["kind"],
            registry=r,
        )
        self.job_finished = Gauge(
            "helmet_indexer_last_job_finished_timestamp_seconds",
            "When the kind's last job finished (Unix time).",
            ["kind"],
            registry=r,
        )
        self.job_rejected = Gauge(
            "helmet_indexer_last_job_rejected_records",
            "Records the kind's last finished job rejected.",
            ["kind"],
            registry=r,
        )
        self.job_running = Gauge(
            "helmet_indexer_job_running", "1 while a job of the kind runs.", ["kind"], registry=r
        )
        self.job_rate = Gauge(
            "helmet_indexer_job_records_per_second",
            "Records per second of the running job's current phase.",
            ["kind", "phase"],
            registry=r,
        )

    def observe_elasticsearch(self, operation: str, seconds: float, error: str | None) -> None:
        self.es_latency.labels(operation).observe(seconds)
        if error is not None:
            self.es_errors.labels(operation, error).inc()

    def record_catalogue(self, documents: int | None, created: datetime | None, reachable: bool) -> None:
        self.es_up.set(1 if reachable else 0)
        if documents is not None:
            self.works.set(documents)
        if created is not None:
            self.index_age.set(max(0.0, time.time() - created.timestamp()))

    def record_jobs(self, jobs: list[dict[str, Any]]) -> None:
        """The newest jobs, newest first, as the store gives them (dead ones already shown as failed)."""
        self.job_rate.clear()
        finished: set[str] = set()
        for kind in {job["kind"] for job in jobs}:
            self.job_running.labels(kind).set(0)
        for job in jobs:
            kind = job["kind"]
            if job["status"] == "running":
                self.job_running.labels(kind).set(1)
                progress = job.get("progress") or {}
                phase = progress.get("phase")
                if phase:
                    rate = progress.get("phases", {}).get(phase, {}).get("rate_per_s", 0)
                    self.job_rate.labels(kind, phase).set(rate)
            elif kind not in finished and job.get("finished"):
                finished.add(kind)
                self.job_succeeded.labels(kind).set(1 if job["status"] == "succeeded" else 0)
                self.job_finished.labels(kind).set(datetime.fromisoformat(job["finished"]).timestamp())
                self.job_rejected.labels(kind).set((job.get("summary") or {}).get("rejected", 0))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts and times every HTTP request by its route's template and its status."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers if the app raises before it starts a response

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = getattr(scope.get("route"), "path", NO_ROUTE)
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route, scope["method"]).observe(time.perf_counter() - started)
