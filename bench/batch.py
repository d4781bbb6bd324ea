"""Batch throughput: a generated collection through 1 and 2 local workers and a Dask LocalCluster.

    .venv/bin/python bench/batch.py [--works 200] [--seed 1] [--sink library|jsonl] [--keep DIR]

Writes ``--works`` generated works (lengths log-normal around a 3,000-word median, see
``collection.py``) to a temporary directory at run time, then runs the same batch
through each backend into a fresh output and prints works per minute, words per
second, the 2-worker speed-up (target: at least 1.8x on 2 cores), the peak resident
memory of a worker, and the Dask cluster's overhead against the local pool with the
same number of workers (target: under 10% at this size).

Start-up is measured apart: the local pool forks its workers from a server that has
loaded the pipeline once, and each of the cluster's workers loads it before the run,
so the figures are the steady rate a long batch runs at. The cluster runs twice: with
Dask's defaults, and with the workers' profiler and monitors quietened (QUIET_WORKERS).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from collection import MAX_WORDS, MEDIAN_WORDS, MIN_WORDS, SIGMA, write_collection  # noqa: E402

from ficscope.batch import BatchResult, run_batch  # noqa: E402


# Cluster settings for CPU-bound tasks: the workers' stack-sampling profiler (every 10 ms)
# and their monitors otherwise take a few per cent of each core.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.tick.interval": "200ms",
}


@dataclass
class Run:
    name: str
    workers: int
    seconds: float
    parent_cpu: float  # this process: the single writer (and, for a LocalCluster, its scheduler)
    result: BatchResult

    @property
    def works_per_minute(self) -> float:
        return self.result.analysed / self.seconds * 60

    @property
    def words_per_second(self) -> float:
        return self.result.words / self.seconds


def timed(name: str, size: int, works: Path, out: Path, sink: str, **options: object) -> Run:
    target = {"db": out / f"{name}.sqlite"} if sink == "library" else {"out": out / f"{name}.jsonl"}
    started, cpu = time.perf_counter(), time.process_time()
    result = run_batch([works], **target, **options)  # type: ignore[arg-type]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if result.failures or result.interrupted:
        raise SystemExit(f"{name}: {len(result.failures)} failures, interrupted={result.interrupted}")
    return Run(name, size, seconds, cpu, result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sink", choices=["library", "jsonl"], default="library")
    parser.add_argument("--keep", type=Path, help="write the works and outputs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        works, warmup, out = base / "works", base / "warmup", base / "out"
        out.mkdir(parents=True, exist_ok=True)
        specs = write_collection(works, args.works, seed=args.seed)
        write_collection(warmup, 2, seed=args.seed + 1, sizes=[500, 500])
        lengths = [s.words for s in specs]
        print(
            f"{len(specs)} generated works, {sum(lengths):,} words: log-normal lengths (median {MEDIAN_WORDS:,},"
            f" sigma {SIGMA}, {MIN_WORDS:,}-{MAX_WORDS:,}); drawn: median {statistics.median(lengths):,.0f},"
            f" mean {statistics.mean(lengths):,.0f}, max {max(lengths):,}"
        )
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start; results into a {args.sink}")

        started = time.perf_counter()
        run_batch([warmup], out=out / "warmup.jsonl", workers=1)
        print(f"local start-up (pipeline and model loaded once, in the forkserver): {time.perf_counter() - started:.1f} s")
        runs = [timed("local-1", 1, works, out, args.sink, workers=1), timed("local-2", 2, works, out, args.sink, workers=2)]

        import dask
        from distributed import Client, LocalCluster

        rss: dict[str, int] = {}
        for name, config in (("dask-2", {}), ("dask-2q", QUIET_WORKERS)):
            with dask.config.set(config), LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=40
            ) as cluster:
                with Client(cluster.scheduler_address) as client:
                    started = time.perf_counter()
                    client.run(importlib.import_module, "ficscope.batch._warm")  # every worker loads the model
                    print(f"{name} start-up (pipeline and model loaded in each worker): {time.perf_counter() - started:.1f} s")
                    runs.append(timed(name, 2, works, out, args.sink, scheduler=cluster.scheduler_address))
                    rss.update(client.run(lambda: __import__("psutil").Process().memory_info().rss))

        print()
        print(
            f"{'run':<8} {'workers':>7} {'seconds':>8} {'works/min':>10} {'words/s':>9} {'peak RSS/worker':>16}"
            f" {'CPU-ms/work':>12} {'busy':>6} {'parent CPU-ms/work':>19}"
        )
        for run in runs:
            cpu = run.result.worker_cpu_seconds
            print(
                f"{run.name:<8} {run.workers:>7} {run.seconds:>8.1f} {run.works_per_minute:>10,.0f}"
                f" {run.words_per_second:>9,.0f} {run.result.peak_worker_rss_kb / 1024:>13,.0f} MB"
                f" {cpu / run.result.analysed * 1000:>12,.0f} {cpu / (run.seconds * run.workers):>6.0%}"
                f" {run.parent_cpu / run.result.analysed * 1000:>19,.1f}"
            )
        print("CPU-ms/work: the workers' CPU time per work; busy: their CPU time over their wall time (well under 100%:")
        print("  they waited, on the parent or on other work on the machine); parent: the single writer (and a LocalCluster's scheduler)")
        one, two, dask_default, dask_quiet = runs
        speedup = two.words_per_second / one.words_per_second
        per_work = one.result.worker_cpu_seconds / one.result.analysed
        print()
        print(f"2 workers / 1 worker: {speedup:.2f}x (target >= 1.8x)")
        for run in (dask_default, dask_quiet):
            cost = run.result.worker_cpu_seconds / two.result.worker_cpu_seconds - 1
            print(
                f"{run.name} against local-2 (same workers): wall time {run.seconds / two.seconds - 1:+.1%},"
                f" worker CPU per work {cost:+.1%} (target < 10%)"
            )
        print("  dask-2q: workers' statistical profiler off and their monitors once a second (see QUIET_WORKERS)")
        print(f"Dask workers' resident memory after the runs: {', '.join(f'{v / 2**20:,.0f} MB' for v in rss.values())}")
        print(
            f"per work: {per_work:.3f} CPU-seconds for {one.result.words / one.result.analysed:,.0f} words on average"
            f" ({one.result.words / one.result.worker_cpu_seconds:,.0f} words per CPU-second)"
        )
        print(f"load average {os.getloadavg()[0]:.2f} at the end (2 cores: above ~2.5 other work was competing)")


if __name__ == "__main__":
    main()
