"""Indexing benchmark: our whole pipeline against raw bulk indexing of the very same documents.

    python -m bench.index_bench --records 100000 [--records 1000000] [--seed 7]

For each size, in one run and against the same Elasticsearch node:

1. a synthetic corpus is generated (``synthetic.corpus``, seeded; reused when already there);
2. **pipeline**: ``python -m indexer reindex`` reads, normalises, stores, merges, analyses and indexes it
   (a separate process, so its peak memory can be measured on its own);
3. **baseline**: the works it produced are exported, then bulk-loaded again through the Python client's
   ``streaming_bulk`` into a fresh index with the same mapping and load settings — the cheapest way to get
   those same documents into Elasticsearch.

Printed: records/s of the pipeline, documents/s of the baseline, the ratio of their durations
(baseline time / pipeline time: 1.0 would mean the pipeline costs nothing beyond bulk indexing), and the
pipeline's peak RSS. The targets of the issue (≥ 2,000 records/s, ratio ≥ 0.6, < 500 MiB) are checked.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from catalogue.es import cluster_url
from catalogue.settings import PROJECT_ROOT, Settings
from indexer.index import create_build_index, finish_build, live_index
from indexer.record import MUNICIPALITIES
from indexer.record_store import PAGE_SIZE

OUT = PROJECT_ROOT / "bench" / "out"
TARGET_RATE = 2000.0
TARGET_RATIO = 0.6
TARGET_RSS_MIB = 500.0
ROW = "{:>9} {:>9} {:>10} {:>8} {:>10} {:>8} {:>6} {:>8}"


def corpus(records: int, seed: int) -> Path:
    folder = OUT / f"corpus-{records}-{seed}"
    if not (folder / ".complete").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "synthetic.corpus",
                "--records",
                str(records),
                "--out",
                str(folder),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        (folder / ".complete").touch()
    return folder


def sources_file(folder: Path) -> Path:
    path = folder / "sources.toml"
    tables = [
        f'[[source]]\nid = "{m}"\nmunicipality = "{m}"\nlocation = "{folder / m}"\n'
        for m in MUNICIPALITIES
        if (folder / m).is_dir()
    ]
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


def run_pipeline(url: str, prefix: str, sources: Path) -> tuple[float, dict[str, Any], float]:
    """(seconds, job summary, peak RSS MiB) of ``python -m indexer reindex`` in its own process."""
    env = {
        **os.environ,
        "HELMET_ELASTICSEARCH_URL": url,
        "HELMET_INDEX_PREFIX": prefix,
        "HELMET_SOURCES_FILE": str(sources),
        "HELMET_STATE_DIR": str(OUT / "state"),
    }
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "indexer", "reindex", "--force", "--keep", "1"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"pipeline failed:\n{result.stderr[-3000:]}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, json.loads(result.stdout.strip().splitlines()[-1]), peak_kib / 1024


def export_documents(es: Elasticsearch, index: str, path: Path) -> int:
    """The pipeline's works, as they were indexed, one JSON object per line (not timed)."""
    count = 0
    pit = es.open_point_in_time(index=index, keep_alive="5m")["id"]
    after: list[Any] | None = None
    with path.open("w", encoding="utf-8") as out:
        while True:
            answer = es.search(
                pit={"id": pit, "keep_alive": "5m"}, size=PAGE_SIZE, sort=["_shard_doc"], search_after=after
            )
            hits = answer["hits"]["hits"]
            for hit in hits:
                out.write(
                    json.dumps({"_id": hit["_id"], "_source": hit["_source"]}, ensure_ascii=False) + "\n"
                )
            count += len(hits)
            if len(hits) < PAGE_SIZE:
                break
            after = hits[-1]["sort"]
    es.close_point_in_time(id=pit)
    return count


def _actions(path: Path, index: str) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            document = json.loads(line)
            yield {"_index": index, "_id": document["_id"], "_source": document["_source"]}


def run_baseline(es: Elasticsearch, prefix: str, documents: Path) -> float:
    """Seconds to bulk-load the exported documents into a fresh index set up as the pipeline's was."""
    alias = f"{prefix}-baseline-works"
    index = create_build_index(es, alias, "works")
    started = time.perf_counter()
    for ok, item in streaming_bulk(es, _actions(documents, index), chunk_size=1000, raise_on_error=False):
        if not ok:
            raise SystemExit(f"baseline document refused: {item}")
    finish_build(es, index, "works")
    seconds = time.perf_counter() - started
    es.indices.delete(index=index)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records", type=int, action="append", help="corpus size (repeatable); default 100000"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the built index (for bench.search_bench)")
    args = parser.parse_args()
    settings = Settings()
    url = cluster_url(settings, start_local=True)
    es = Elasticsearch(url, request_timeout=300)
    OUT.mkdir(parents=True, exist_ok=True)
    failed = False
    print(ROW.format("records", "works", "pipeline s", "rec/s", "baseline s", "doc/s", "ratio", "RSS MiB"))
    for size in args.records or [100_000]:
        folder = corpus(size, args.seed)
        prefix = f"bench-{size}"
        seconds, summary, rss = run_pipeline(url, prefix, sources_file(folder))
        works_index = live_index(es, f"{prefix}-works")
        assert works_index is not None
        documents = OUT / f"documents-{size}.jsonl"
        works = export_documents(es, works_index, documents)
        baseline = run_baseline(es, prefix, documents)
        rate, ratio = summary["read"] / seconds, baseline / seconds
        figures = (
            f"{seconds:.1f}",
            f"{rate:.0f}",
            f"{baseline:.1f}",
            f"{works / baseline:.0f}",
            f"{ratio:.2f}",
        )
        print(ROW.format(summary["read"], works, *figures, f"{rss:.0f}"))
        failed |= rate < TARGET_RATE or ratio < TARGET_RATIO or rss > TARGET_RSS_MIB
        if not args.keep:
            for name in es.indices.get(index=f"{prefix}-*"):
                es.indices.delete(index=name)
        documents.unlink()
    targets = f"≥ {TARGET_RATE:.0f} records/s, ratio ≥ {TARGET_RATIO}, peak RSS < {TARGET_RSS_MIB:.0f} MiB"
    print(f"targets ({targets}):", "missed" if failed else "met")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
