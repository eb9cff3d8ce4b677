"""Where a search's time goes in Elasticsearch: per facet, per part of the request, per result-set size.

    python -m bench.search_cost --prefix bench-3000000 [--requests 200] [--seed 11]

The seeded query mix of :mod:`bench.search_bench` (1–4 title words, 0–3 filters, every facet), each query
sent one at a time (concurrency 1, nothing else asked of the node meanwhile) in several variants, every one
with ``request_cache=false`` so that each figure is the work itself, not a cache hit:

- the one request a search could be (hits and every facet, the filters as ``post_filter``, the total from
  the facets' :data:`~search_api.facets.WITHIN_SELECTION`);
- the two the API now sends side by side (:class:`search_api.query.SearchPlan`): the page without counting
  every match, and the facets with the exact total (``size`` 0), and their sum;
- the page with the total counted, and matching alone (``size`` 0, counted, no aggregation);
- each facet alone (``size`` 0, that one aggregation).

Elasticsearch's own ``took`` is reported (milliseconds spent in the cluster, without the HTTP round trip),
as p50 and mean per variant, and the one request's mean per result-set size (how many works the words
match), so that one sees which facets and which kinds of query are worth making cheaper.
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from typing import Any

import httpx

from bench.search_bench import query_mix
from catalogue.es import cluster_url
from catalogue.settings import Settings
from search_api.facets import FACETS, WITHIN_SELECTION, parse_filters
from search_api.models import SearchRequest
from search_api.query import SearchPlan, build_search
from search_api.query_syntax import parse

SIZE_CLASSES = ((1_000, "< 1,000"), (10_000, "1,000–9,999"), (100_000, "10,000–99,999"), (None, "≥ 100,000"))


def variants(plan: SearchPlan) -> dict[str, dict[str, Any]]:
    """The search's two requests, the one request they could be, and parts of them timed alone."""
    assert plan.facets is not None
    aggs = plan.facets["aggs"]
    query = plan.facets["query"]
    selection = aggs[WITHIN_SELECTION]["filter"]
    one = {**plan.hits, "query": query, "post_filter": selection, "aggs": aggs, "track_total_hits": False}
    parts = {
        "one request": one,
        "hits, total not counted": plan.hits,
        "facets and total": plan.facets,
        "hits, total counted": {**plan.hits, "track_total_hits": True},
        "matching, counted": {"query": query, "size": 0, "track_total_hits": True},
    }
    shared = aggs[WITHIN_SELECTION].get("aggs", {})
    for name in FACETS:
        alone = (
            {name: aggs[name]}
            if name in aggs
            else {"within": {"filter": selection, "aggs": {name: shared[name]}}}
        )
        parts[f"facet {name}"] = {"query": query, "size": 0, "track_total_hits": False, "aggs": alone}
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
            request = SearchRequest(q=params["q"], filter=params["filter"])
            plan = build_search(request, parse(request.q), parse_filters(request.filter))
            for name, variant in variants(plan).items():
                answer = client.post(url, params={"request_cache": "false"}, json=variant).json()
                took[name].append(answer["took"])
                if name == "one request":
                    matched = answer["aggregations"][WITHIN_SELECTION]["doc_count"]
                    by_size[size_class(matched)].append(answer["took"])
            took["hits + facets (sum)"].append(
                took["hits, total not counted"][-1] + took["facets and total"][-1]
            )
    print(
        f"{len(mix)} searches on {settings.works_alias}: Elasticsearch's took (ms), one at a time, no cache"
    )
    print(f"{'part':<26} {'p50':>6} {'mean':>6} {'of one request':>15}")
    whole = statistics.fmean(took["one request"])
    for name, values in took.items():
        mean = statistics.fmean(values)
        print(f"{name:<26} {statistics.median(values):>6.1f} {mean:>6.1f} {mean / whole:>14.0%}")
    print(f"{'works matched':<24} {'searches':>8} {'mean took':>10}")
    for _, label in SIZE_CLASSES:
        values = by_size.get(label, [])
        if values:
            print(f"{label:<24} {len(values):>8} {statistics.fmean(values):>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
