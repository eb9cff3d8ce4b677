"""Indexing benchmark: our whole pipeline against raw bulk indexing of the very same documents.

    python -m bench.index_bench --records 100000 [--records 1000000] [--seed 7]

For each size, in one run and against the same Elasticsearch node:

1. a synthetic corpus is generated (``synthetic.corpus``, seeded; reused when already there);
2. **pipeline**: ``python -m indexer reindex`` reads, normalises, stores, merges, analyses and indexes it
   (a separate process, so its peak memory can be measured on its own);
3. **baseline**: the documents it wrote are exported — its works and its stored records, the two indices a
   rebuild writes — then bulk-loaded again through the Python client's ``streaming_bulk`` (one after the
   other, one thread, lines parsed with orjson) into fresh indices with the same mappings and load
   settings: the cheapest way to get those same documents into Elasticsearch.

Printed: records/s of the pipeline, the baseline's seconds for the works alone and for all its documents,
the ratios of the durations (baseline time / pipeline time: 1.0 would mean the pipeline costs nothing
beyond bulk indexing what it writes), the pipeline's peak memory (PSS summed over the indexer and its worker
processes), and the CPU seconds each side used, Elasticsearch's included (from the nodes stats API): on a
machine shared with other work, wall-clock figures suffer while CPU seconds stay comparable. The targets of
issue 16 (≥ 3,500 records/s, ratio ≥ 0.8, < 400 MiB) are checked against the ratio over all documents,
the "very same documents" the pipeline indexes; the works-only ratio (what earlier sessions reported) is
printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import psutil
from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from catalogue.es import cluster_url, sync_client
from catalogue.settings import PROJECT_ROOT, Settings
from indexer.record import MUNICIPALITIES
from indexer.store.index import create_build_index, finish_build, live_index
from indexer.store.record_store import PAGE_SIZE

OUT = PROJECT_ROOT / "bench" / "out"
TARGET_RATE = 3500.0
TARGET_RATIO = 0.8
TARGET_MEMORY_MIB = 400.0
ROW = "{:>9} {:>9} {:>10} {:>8} {:>10} {:>10} {:>11} {:>9} {:>8}"


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


@dataclass
class TreeUsage:
    """CPU seconds and peak memory of a process and all its descendants (``RUSAGE_CHILDREN`` counts a child
    only once it has been waited for, after the job). Memory is the sum of proportional set sizes: pages
    the forked workers share with the job are counted once, not once per process."""

    cpu: dict[int, float] = field(default_factory=dict)
    peak_memory: int = 0

    def sample(self, root: psutil.Process) -> None:
        total = 0
        for process in [root, *root.children(recursive=True)]:
            try:
                with process.oneshot():
                    times = process.cpu_times()
                    self.cpu[process.pid] = times.user + times.system
                    total += process.memory_full_info().pss
            except psutil.NoSuchProcess:
                continue
        self.peak_memory = max(self.peak_memory, total)


def cluster_cpu(es: Elasticsearch) -> float:
    """CPU seconds the cluster's nodes have used so far (from the nodes stats API, so any cluster works)."""
    nodes = es.nodes.stats(metric="process")["nodes"].values()
    return float(sum(node["process"]["cpu"]["total_in_millis"] for node in nodes)) / 1000


@dataclass
class Run:
    seconds: float
    summary: dict[str, Any]
    indexer_cpu: float
    cluster_cpu: float
    peak_memory_mib: float


def run_pipeline(es: Elasticsearch, url: str, prefix: str, sources: Path, workers: int | None) -> Run:
    """``python -m indexer reindex`` in its own process tree, timed, its CPU and memory sampled."""
    env = {
        **os.environ,
        "HELMET_ELASTICSEARCH_URL": url,
        "HELMET_INDEX_PREFIX": prefix,
        "HELMET_SOURCES_FILE": str(sources),
        "HELMET_STATE_DIR": str(OUT / "state"),
    }
    if workers is not None:
        env["HELMET_INDEX_WORKERS"] = str(workers)
    usage = TreeUsage()
    cpu_before = cluster_cpu(es)
    started = time.perf_counter()
    job = subprocess.Popen(
        [sys.executable, "-m", "indexer", "reindex", "--force", "--keep", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    root = psutil.Process(job.pid)
    while job.poll() is None:
        usage.sample(root)
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    stdout, stderr = job.communicate()
    if job.returncode != 0:
        raise SystemExit(f"pipeline failed:\n{stderr[-3000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    return Run(
        seconds, summary, sum(usage.cpu.values()), cluster_cpu(es) - cpu_before, usage.peak_memory / 2**20
    )


def export_documents(es: Elasticsearch, index: str, path: Path) -> int:
    """The documents of one of the pipeline's indices, as they were indexed, one JSON object per line (not
    timed)."""
    count = 0
    pit = es.open_point_in_time(index=index, keep_alive="5m")["id"]
    after: list[Any] | None = None
    with path.open("wb") as out:
        while True:
            answer = es.search(
                pit={"id": pit, "keep_alive": "5m"}, size=PAGE_SIZE, sort=["_shard_doc"], search_after=after
            )
            hits = answer["hits"]["hits"]
            for hit in hits:
                out.write(orjson.dumps({"_id": hit["_id"], "_source": hit["_source"]}) + b"\n")
            count += len(hits)
            if len(hits) < PAGE_SIZE:
                break
            after = hits[-1]["sort"]
    es.close_point_in_time(id=pit)
    return count


def _actions(path: Path, index: str) -> Iterator[dict[str, Any]]:
    with path.open("rb") as lines:
        for line in lines:
            document = orjson.loads(line)
            yield {"_index": index, "_id": document["_id"], "_source": document["_source"]}


def run_baseline(es: Elasticsearch, prefix: str, definition: str, documents: Path) -> Run:
    """Bulk-load one exported index into a fresh index set up as the pipeline's was (``definition``:
    ``works`` or ``records``)."""
    index = create_build_index(es, f"{prefix}-baseline-{definition}", definition)
    cpu_before, client_before = cluster_cpu(es), time.process_time()
    started = time.perf_counter()
    for ok, item in streaming_bulk(es, _actions(documents, index), chunk_size=1000, raise_on_error=False):
        if not ok:
            raise SystemExit(f"baseline document refused: {item}")
    finish_build(es, index, definition)
    seconds = time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    run = Run(seconds, {}, client_cpu, cluster_cpu(es) - cpu_before, 0.0)
    es.indices.delete(index=index)
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records", type=int, action="append", help="corpus size (repeatable); default 100000"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, help="HELMET_INDEX_WORKERS of the pipeline (default: its own)")
    parser.add_argument("--keep", action="store_true", help="keep the built index (for bench.search_bench)")
    args = parser.parse_args()
    settings = Settings()
    url = cluster_url(settings, start_local=True)
    # The project's client (credentials, TLS, orjson), with room for the slow exports of a big index.
    big_requests = {"elasticsearch_url": url, "elasticsearch_request_timeout": 300}
    es = sync_client(settings.model_copy(update=big_requests))
    OUT.mkdir(parents=True, exist_ok=True)
    failed = False
    heads = ("records", "works", "pipeline s", "rec/s", "baseline s", "(works s)", "ratio", "(works)", "MiB")
    print(ROW.format(*heads))
    cpu_lines = []
    for size in args.records or [100_000]:
        folder = corpus(size, args.seed)
        prefix = f"bench-{size}"
        pipeline = run_pipeline(es, url, prefix, sources_file(folder), args.workers)
        baselines: dict[str, Run] = {}
        exported: dict[str, int] = {}
        for definition in ("works", "records"):
            index = live_index(es, f"{prefix}-{definition}")
            assert index is not None
            documents = OUT / f"documents-{size}-{definition}.jsonl"
            exported[definition] = export_documents(es, index, documents)
            baselines[definition] = run_baseline(es, prefix, definition, documents)
            documents.unlink()
        works = exported["works"]
        read = pipeline.summary["read"]
        baseline_seconds = sum(run.seconds for run in baselines.values())
        rate, ratio = read / pipeline.seconds, baseline_seconds / pipeline.seconds
        figures = (
            f"{pipeline.seconds:.1f}",
            f"{rate:.0f}",
            f"{baseline_seconds:.1f}",
            f"{baselines['works'].seconds:.1f}",
            f"{ratio:.2f}",
            f"{baselines['works'].seconds / pipeline.seconds:.2f}",
        )
        print(ROW.format(read, works, *figures, f"{pipeline.peak_memory_mib:.0f}"))
        cpu_lines.append(
            f"{read:>9} records: CPU s pipeline {pipeline.indexer_cpu:.1f} + Elasticsearch "
            f"{pipeline.cluster_cpu:.1f}; baseline client "
            + " + ".join(f"{run.indexer_cpu:.1f} ({name})" for name, run in baselines.items())
            + ", Elasticsearch "
            + " + ".join(f"{run.cluster_cpu:.1f} ({name})" for name, run in baselines.items())
            + f"; load average {os.getloadavg()[0]:.1f}"
        )
        failed |= rate < TARGET_RATE or ratio < TARGET_RATIO or pipeline.peak_memory_mib > TARGET_MEMORY_MIB
        if not args.keep:
            for name in es.indices.get(index=f"{prefix}-*"):
                es.indices.delete(index=name)
    print("\n".join(cpu_lines))
    targets = (
        f"≥ {TARGET_RATE:.0f} records/s, ratio ≥ {TARGET_RATIO}, peak memory < {TARGET_MEMORY_MIB:.0f} MiB"
    )
    print(f"targets ({targets}):", "missed" if failed else "met")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
