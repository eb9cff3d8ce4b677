"""Search latency benchmark: the API against the very same Elasticsearch requests sent straight to the node.

    python -m bench.search_bench --prefix bench-1000000 [--requests 400] [--concurrency 1 4 16]

Needs an index built under ``--prefix`` (e.g. by ``python -m bench.index_bench --records 1000000 --keep``).
A fixed, seeded mix of queries is drawn from the index itself (1–4 title words, 0–3 filters, all facets).
For each concurrency the mix is replayed (a) through the API (uvicorn in its own process, HTTP on
loopback) and (b) as the Elasticsearch requests the API would make, sent with the same HTTP client straight
to the node: the baseline. Printed: p50/p95 of both and the ratio of the p50s; then ``/v1/suggest`` p95.
Targets of the issue, at concurrency 4: API p95 < 100 ms and API p50 ≤ 1.2 × direct p50; suggest p95 < 30 ms.
Beside the latencies, the CPU time the API process spent per request (user + system): unlike the
latencies it hardly depends on what else runs on the machine, and every millisecond of it is one the node,
on the same cores, does not get.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from typing import Any

import httpx
import psutil

from bench.api_process import running_api
from catalogue.es import cluster_url
from catalogue.settings import Settings
from search_api.facets import parse_filters
from search_api.models import SearchRequest
from search_api.query import build_search
from search_api.query_syntax import parse

API_PORT = 8765
NDJSON = {"content-type": "application/x-ndjson"}
TARGET_P95_MS = 100.0
TARGET_RATIO = 1.2
TARGET_SUGGEST_P95_MS = 30.0


def query_mix(es_url: str, alias: str, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` API parameter sets drawn from real documents of the index (seeded)."""
    rng = random.Random(seed)
    sample = httpx.post(
        f"{es_url}/{alias}/_search",
        json={
            "size": 500,
            "query": {"function_score": {"random_score": {"seed": seed, "field": "_seq_no"}}},
            "_source": ["display.title", "municipality", "material_type", "language", "year"],
        },
        timeout=60,
    ).json()["hits"]["hits"]
    mix = []
    for _ in range(count):
        doc = rng.choice(sample)["_source"]
        words = [w for w in doc["display"]["title"].split() if len(w) > 2] or doc["display"]["title"].split()
        q = " ".join(rng.sample(words, min(len(words), rng.randint(1, 4))))
        filters = []
        for name in rng.sample(["municipality", "material_type", "language", "year"], rng.randint(0, 3)):
            if name == "year" and doc.get("year"):
                filters.append(f"year:{doc['year'] - 5}..{doc['year'] + 5}")
            elif doc.get(name):
                value = doc[name] if isinstance(doc[name], str) else rng.choice(doc[name])
                filters.append(f"{name}:{value}")
        mix.append({"q": q, "filter": filters})
    return mix


def es_requests(params: dict[str, Any], page: int = 1) -> tuple[str | None, list[dict[str, Any]]]:
    """(index or None for the alias, the request bodies) the API sends, side by side, for a search with
    ``params``."""
    request = SearchRequest(q=params["q"], filter=params["filter"], page=page)
    plan = build_search(request, parse(request.q), parse_filters(request.filter))
    return plan.index, [plan.hits] if plan.facets is None else [plan.hits, plan.facets]


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


Request = tuple[str, str, Any]
"""``("GET", url, params)``: one API request; ``("POST", url, [bodies])``: the bodies as one ``_msearch``
to ``url`` (as the API sends a search's hits and facets, :meth:`CatalogueStore.search_together`)."""


def msearch_body(bodies: list[dict[str, Any]]) -> bytes:
    """Newline-delimited JSON of ``_msearch``: an empty header (the index is the URL's) before each body."""
    return b"".join(b"{}\n" + json.dumps(body).encode() + b"\n" for body in bodies)


async def replay(requests: list[Request], concurrency: int) -> list[float]:
    """Latencies (ms) of the requests, ``concurrency`` at a time."""
    latencies: list[float] = []
    queue: asyncio.Queue[Request] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=2 * concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                method, url, payload = queue.get_nowait()
                started = time.perf_counter()
                if method == "GET":
                    response = await client.get(url, params=payload)
                else:
                    response = await client.post(url, content=payload, headers=NDJSON)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200 or b'"error":{' in response.content:  # a failed search
                    raise SystemExit(f"{url} answered {response.status_code}: {response.text[:300]}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def clear_request_cache(es_url: str, alias: str) -> None:
    """Empty the shard request cache, so that a pass over the mix measures searches made for the first
    time, not the previous pass's answers."""
    httpx.post(f"{es_url}/{alias}/_cache/clear", params={"request": "true"}, timeout=60).raise_for_status()


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True, help="HELMET_INDEX_PREFIX of the index to query")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    settings = Settings(index_prefix=args.prefix)
    es_url = cluster_url(settings, start_local=True)
    with running_api(es_url, args.prefix, API_PORT) as (api_url, api):
        api_process = psutil.Process(api.pid)
        mix = query_mix(es_url, settings.works_alias, args.requests, args.seed)

        def requests(page: int) -> tuple[list[Request], list[Request]]:
            via_api = [("GET", f"{api_url}/v1/search", {**params, "page": page}) for params in mix]
            direct = []
            for params in mix:
                index, bodies = es_requests(params, page)
                url = f"{es_url}/{index or settings.works_alias}/_msearch"
                direct.append(("POST", url, msearch_body(bodies)))
            return via_api, direct

        via_api, direct = requests(1)
        asyncio.run(replay(via_api[-50:], 4))  # warm up both sides on queries the passes end with
        asyncio.run(replay(direct[-50:], 4))
        failed = False
        print(
            f"{'concurrency':>11} {'API p50':>8} {'API p95':>8} {'ES p50':>8} {'ES p95':>8} {'p50 ratio':>9}"
            f" {'API CPU/request':>15}"
        )
        for concurrency in args.concurrency:
            clear_request_cache(es_url, settings.works_alias)
            cpu_before = cpu_seconds(api_process)
            api_ms = asyncio.run(replay(via_api, concurrency))
            api_cpu_ms = (cpu_seconds(api_process) - cpu_before) * 1000 / len(via_api)
            clear_request_cache(es_url, settings.works_alias)
            es_ms = asyncio.run(replay(direct, concurrency))
            a50, a95 = percentile(api_ms, 0.5), percentile(api_ms, 0.95)
            e50, e95 = percentile(es_ms, 0.5), percentile(es_ms, 0.95)
            print(
                f"{concurrency:>11} {a50:>8.1f} {a95:>8.1f} {e50:>8.1f} {e95:>8.1f} {a50 / e50:>9.2f}"
                f" {api_cpu_ms:>12.2f} ms"
            )
            failed |= concurrency == 4 and (a50 / e50 > TARGET_RATIO or a95 > TARGET_P95_MS)
        # Page 2 of every search just made at concurrency 4 (page 1 fills the cache first, as a reader's
        # first page does): what the request cache spares.
        clear_request_cache(es_url, settings.works_alias)
        asyncio.run(replay(via_api, 4))
        page_two = asyncio.run(replay(requests(2)[0], 4))
        p50, p95 = percentile(page_two, 0.5), percentile(page_two, 0.95)
        print(f"page 2 (concurrency 4): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        rng = random.Random(args.seed)
        prefixes = [params["q"].split()[0][: rng.randint(2, 5)] for params in mix if params["q"]]
        cpu_before = cpu_seconds(api_process)
        suggest_ms = asyncio.run(replay([("GET", f"{api_url}/v1/suggest", {"q": p}) for p in prefixes], 4))
        suggest_cpu_ms = (cpu_seconds(api_process) - cpu_before) * 1000 / len(prefixes)
        s95 = percentile(suggest_ms, 0.95)
        print(
            f"suggest p50 {percentile(suggest_ms, 0.5):.1f} ms, p95 {s95:.1f} ms (concurrency 4), "
            f"API CPU {suggest_cpu_ms:.2f} ms per request"
        )
        failed |= s95 > TARGET_SUGGEST_P95_MS
        print("targets:", "missed" if failed else "met")
        return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
