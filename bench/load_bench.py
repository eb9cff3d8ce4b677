"""Sustained load: mixed queries against the API for minutes, counting errors and watching its memory.

    python -m bench.load_bench --prefix bench-100000 [--duration 600] [--concurrency 4] [--workers 1]

Needs an index built under ``--prefix`` (e.g. by ``python -m bench.index_bench --records 100000 --keep``).
The API runs under uvicorn in its own process (rate limit off: this is one client on purpose) and is sent,
by ``--concurrency`` clients for ``--duration`` seconds, a seeded mix of what the website asks: searches
(the query mix of :mod:`bench.search_bench`: title words, filters, all facets), suggestions, whole records,
similar works and one facet's values. Printed: requests per second, p50/p95/p99 latency, errors (any
answer but 200, or no answer), and the API's resident memory (its processes together, with ``--workers``
several) after the warm-up and at the end.
Targets of the issue: no error; final RSS within 10 % of the RSS after warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import psutil

from bench.api_process import running_api
from bench.search_bench import percentile, query_mix
from catalogue.es import cluster_url
from catalogue.settings import Settings

API_PORT = 8766
MAX_RSS_GROWTH = 0.10
RSS_SAMPLE_S = 5.0
FACETS = ("subject", "author", "publisher", "language", "year")

Request = tuple[str, str, dict[str, Any]]  # (kind, path, params)


def request_mix(es_url: str, alias: str, count: int, seed: int) -> list[Request]:
    """``count`` requests: 70 % searches, 12 % suggestions, 10 % records, 4 % similar, 4 % facet values."""
    rng = random.Random(seed)
    searches = query_mix(es_url, alias, count, seed)
    ids = [
        hit["_id"]
        for hit in httpx.post(
            f"{es_url}/{alias}/_search",
            json={
                "size": 500,
                "_source": False,
                "query": {"function_score": {"random_score": {"seed": seed}}},
            },
            timeout=60,
        ).json()["hits"]["hits"]
    ]
    mix: list[Request] = []
    for params in searches:
        roll = rng.random()
        if roll < 0.70:
            mix.append(("search", "/v1/search", params))
        elif roll < 0.82 and params["q"]:
            mix.append(("suggest", "/v1/suggest", {"q": params["q"].split()[0][: rng.randint(2, 5)]}))
        elif roll < 0.92:
            mix.append(("record", f"/v1/records/{rng.choice(ids)}", {}))
        elif roll < 0.96:
            mix.append(("similar", f"/v1/records/{rng.choice(ids)}/similar", {}))
        else:
            mix.append(("facet", f"/v1/facets/{rng.choice(FACETS)}", {"q": params["q"], "page_size": 50}))
    return mix


def rss_mib(pid: int) -> float:
    """Resident set size of ``pid`` and its children (the worker processes of ``HELMET_API_WORKERS``) in
    MiB."""
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    per_kind: Counter[str] = field(default_factory=Counter)


async def replay_for(
    api_url: str, mix: list[Request], concurrency: int, seconds: float, tally: Tally
) -> None:
    """Send the mix round and round with ``concurrency`` clients until ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    cursor = iter(range(sys.maxsize))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=api_url, timeout=30, limits=limits) as client:

        async def worker() -> None:
            while time.monotonic() < deadline:
                kind, path, params = mix[next(cursor) % len(mix)]
                started = time.perf_counter()
                try:
                    response = await client.get(path, params=params)
                except httpx.HTTPError as error:
                    tally.errors[f"{kind}: {type(error).__name__}"] += 1
                    continue
                tally.latencies_ms.append((time.perf_counter() - started) * 1000)
                tally.per_kind[kind] += 1
                if response.status_code != 200:
                    tally.errors[f"{kind}: HTTP {response.status_code}"] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def sample_rss(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(rss_mib(pid))
        try:
            await asyncio.wait_for(stop.wait(), RSS_SAMPLE_S)
        except TimeoutError:
            continue


async def measure(api_url: str, pid: int, mix: list[Request], args: argparse.Namespace) -> int:
    warm = Tally()
    await replay_for(api_url, mix, args.concurrency, args.warmup, warm)
    rss_warm = rss_mib(pid)
    tally, samples, stop = Tally(), [rss_warm], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, samples, stop))
    started = time.monotonic()
    await replay_for(api_url, mix, args.concurrency, args.duration, tally)
    elapsed = time.monotonic() - started
    stop.set()
    await sampler
    rss_end = rss_mib(pid)
    done = len(tally.latencies_ms)
    growth = rss_end / rss_warm - 1
    print(
        f"duration {elapsed:.0f} s at concurrency {args.concurrency}: "
        f"{done:,} requests, {done / elapsed:.1f}/s"
    )
    print("  mix: " + ", ".join(f"{kind} {count:,}" for kind, count in tally.per_kind.most_common()))
    print(
        f"  latency ms: p50 {percentile(tally.latencies_ms, 0.5):.1f}, "
        f"p95 {percentile(tally.latencies_ms, 0.95):.1f}, p99 {percentile(tally.latencies_ms, 0.99):.1f}"
    )
    print(
        f"  errors: {sum(tally.errors.values())} {dict(tally.errors) or ''} "
        f"(warm-up: {sum(warm.errors.values())})"
    )
    print(
        f"  API RSS MiB: after warm-up {rss_warm:.1f}, end {rss_end:.1f} ({100 * growth:+.1f} %), "
        f"min {min(samples):.1f}, max {max(samples):.1f}"
    )
    failed = bool(tally.errors) or bool(warm.errors) or abs(growth) > MAX_RSS_GROWTH
    print("targets:", "missed" if failed else "met")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True, help="HELMET_INDEX_PREFIX of the index to query")
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds of load before measuring")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=2000, help="size of the mix replayed round and round")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--port", type=int, default=API_PORT)
    parser.add_argument("--workers", type=int, default=1, help="HELMET_API_WORKERS: API worker processes")
    args = parser.parse_args()
    settings = Settings(index_prefix=args.prefix)
    es_url = cluster_url(settings, start_local=True)
    with running_api(es_url, args.prefix, args.port, args.workers) as (api_url, api):
        mix = request_mix(es_url, settings.works_alias, args.requests, args.seed)
        return asyncio.run(measure(api_url, api.pid, mix, args))


if __name__ == "__main__":
    raise SystemExit(main())
