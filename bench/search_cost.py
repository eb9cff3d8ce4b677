"""Where a search's time goes in Elasticsearch: per facet, per part of the request, per result-set size.

    python -m bench.search_cost --prefix bench-3000000 [--requests 200] [--seed 11]

The seeded query mix of :mod:`bench.search_bench` (1–4 title words, 0–3 filters, every facet), each query
sent one at a time (concurrency 1, nothing else asked of the node meanwhile) in several variants, every one
with ``request_cache=false`` so that each figure is the work itself, not a cache hit:

- the search as the API sends it (hits, total, every facet);
- its hits alone (no aggregations), and matching alone (``size`` 0, no aggregations, total counted);
- each facet alone (``size`` 0, that one aggregation).

Elasticsearch's own ``took`` is reported (milliseconds spent in the cluster, without the HTTP round trip),
as p50 and mean per variant, and the whole search's mean per result-set size (how many works the words
match), so that one sees which facets and which kinds of query are worth making cheaper.
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from typing import Any

import httpx

from bench.search_bench import es_requests, query_mix
from catalogue.es import cluster_url
from catalogue.settings import Settings
from search_api.facets import FACETS

SIZE_CLASSES = ((1_000, "< 1,000"), (10_000, "1,000–9,999"), (100_000, "10,000–99,999"), (None, "≥ 100,000"))


def variants(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The request as the API sends it, and the parts of it timed alone."""
    aggs = body.get("aggs", {})
    plain = {key: value for key, value in body.items() if key not in ("aggs", "suggest")}
    matching = {"query": body["query"], "size": 0, "track_total_hits": True}
    parts = {"whole search": body, "hits alone": plain, "matching alone": matching}
    for name in FACETS:
        if name in aggs:
            parts[f"facet {name}"] = {"query": body["query"], "size": 0, "aggs": {name: aggs[name]}}
    return parts


def size_class(total: int) -> str:
    return next(label for bound, label in SIZE_CLASSES if bound is None or total < bound)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True, help="HELMET_INDEX_PREFIX of the index to query")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    settings = Settings(index_prefix=args.prefix)
    es_url = cluster_url(settings, start_local=True)
    mix = query_mix(es_url, settings.works_alias, args.requests, args.seed)
    took: dict[str, list[int]] = defaultdict(list)
    by_size: dict[str, list[int]] = defaultdict(list)
    with httpx.Client(timeout=60) as client:
        url = f"{es_url}/{settings.works_alias}/_search"
        for params in mix:
            for body in es_requests(params):
                for name, variant in variants(body).items():
                    answer = client.post(url, params={"request_cache": "false"}, json=variant).json()
                    took[name].append(answer["took"])
                    if name == "whole search":
                        by_size[size_class(answer["hits"]["total"]["value"])].append(answer["took"])
    print(
        f"{len(mix)} searches on {settings.works_alias}: Elasticsearch's took (ms), one at a time, no cache"
    )
    print(f"{'part':<24} {'p50':>6} {'mean':>6} {'share of whole':>15}")
    whole = statistics.fmean(took["whole search"])
    for name, values in took.items():
        mean = statistics.fmean(values)
        print(f"{name:<24} {statistics.median(values):>6.1f} {mean:>6.1f} {mean / whole:>14.0%}")
    print(f"{'works matched':<24} {'searches':>8} {'mean took':>10}")
    for _, label in SIZE_CLASSES:
        values = by_size.get(label, [])
        if values:
            print(f"{label:<24} {len(values):>8} {statistics.fmean(values):>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
