"""Per-client request rate limits: a token bucket per client, in memory, as ASGI middleware.

``HELMET_RATE_LIMIT="30/second;600/minute"`` gives each client a bucket of 30 tokens refilled at 30 per
second and one of 600 refilled at 600 per minute; a request takes a token from each, and is answered 429
with ``Retry-After`` when one is empty. So short bursts (search-as-you-type, a page with several requests)
pass, and a steady stream is held to the slower rate.

The client is the peer address of the request; behind a reverse proxy, ``ProxyHeadersMiddleware`` (wired in
``app``) has already replaced it by the address ``X-Forwarded-For`` names, but only for requests that come
from a configured trusted proxy, so that nobody can pick a fresh identity per request by sending the header.

Memory stays bounded however many addresses call: a bucket left alone long enough to be full again is the
same as no bucket, so idle buckets are dropped (oldest first, in O(1) per request), and beyond
``MAX_CLIENTS`` active ones the least recently seen goes. The ``limits`` library was tried and not taken:
its in-memory storage sweeps every key on a timer every 10 ms (the asyncio variant with a thread hop per
key), work that grows with the number of clients on every tick. Limits are per process: with several
workers each counts its own requests.
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_CLIENTS = 100_000
UNLIMITED_PATHS = frozenset({"/health", "/metrics"})  # monitoring must never be refused
_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
_CLOCK_NOISE = 1e-9  # a bucket refilled to 0.99999999999 tokens by float arithmetic holds one
_RATE = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(second|minute|hour)s?\s*$")


@dataclass(frozen=True, slots=True)
class Rate:
    """``amount`` requests per ``period`` seconds (also the bucket's size: the burst allowed)."""

    amount: int
    period: float
    text: str

    @property
    def per_second(self) -> float:
        return self.amount / self.period


def parse_rates(text: str) -> list[Rate]:
    """``"30/second;600/minute"`` → two rates; empty or ``"0"`` → none (no limit).

    Raises ``ValueError`` naming the setting and the part that is not understood.
    """
    if text.strip() in ("", "0"):
        return []
    rates = []
    for part in text.split(";"):
        match = _RATE.match(part)
        if match is None or int(match.group(1)) == 0:
            raise ValueError(
                f"HELMET_RATE_LIMIT: '{part.strip()}' is not a rate like '30/second' or '600 per minute' "
                "(N greater than 0; units second, minute, hour; several joined by ';'; empty: no limit)"
            )
        amount, unit = int(match.group(1)), match.group(2)
        rates.append(Rate(amount, _PERIODS[unit], f"{amount} per {unit}"))
    return rates


class RateLimiter:
    """Token buckets per client for a set of rates. Not thread-safe: it lives on one event loop."""

    def __init__(
        self,
        rates: list[Rate],
        max_clients: int = MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rates = rates
        self.max_clients = max_clients
        self.clock = clock
        self._refilled_after = max(rate.period for rate in rates)  # an idle bucket is full by then
        self._buckets: OrderedDict[str, tuple[list[float], float]] = OrderedDict()  # least recent first

    def __len__(self) -> int:
        return len(self._buckets)

    def acquire(self, client: str) -> float:
        """Take one request's tokens for ``client``: 0 if allowed, else the seconds until it would be."""
        now = self.clock()
        state = self._buckets.pop(client, None)
        if state is None:
            tokens = [float(rate.amount) for rate in self.rates]
        else:
            held, last = state
            tokens = [
                min(rate.amount, level + (now - last) * rate.per_second)
                for rate, level in zip(self.rates, held, strict=True)
            ]
        wait = max(
            ((1 - level) / rate.per_second for rate, level in zip(self.rates, tokens, strict=True)),
            default=0.0,
        )
        if wait <= _CLOCK_NOISE:
            wait = 0.0
            tokens = [level - 1 for level in tokens]
        self._buckets[client] = (tokens, now)
        self._evict(now)
        return wait

    def _evict(self, now: float) -> None:
        while self._buckets:
            _, last = next(iter(self._buckets.values()))
            if now - last < self._refilled_after and len(self._buckets) <= self.max_clients:
                return
            self._buckets.popitem(last=False)


class RateLimitMiddleware:
    """Answers 429 with ``Retry-After`` and a sentence saying why, before the request reaches a route."""

    def __init__(
        self, app: ASGIApp, limiter: RateLimiter, on_refusal: Callable[[], None] | None = None
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.on_refusal = on_refusal
        self.description = " and ".join(rate.text for rate in limiter.rates)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.limiter.acquire(client[0] if client else "unknown")
        if wait == 0:
            await self.app(scope, receive, send)
            return
        seconds = math.ceil(wait)
        if self.on_refusal is not None:
            self.on_refusal()
        response = JSONResponse(
            status_code=429,
            content={
                "detail": f"Too many requests: each client may make {self.description}. "
                f"Please try again in {seconds} s."
            },
            headers={"Retry-After": str(seconds)},
        )
        await response(scope, receive, send)
