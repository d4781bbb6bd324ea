"""Reading and structuring speed: a generated 500,000-word pasted work and a 200-chapter AO3 EPUB.

    .venv/bin/python bench/read_structure.py [--words 500000] [--chapters 200] [--repeat 3]

Prints words per second (best of --repeat) and peak memory for each. The target:
reading and structuring are never the slow part (well over a million words a second).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import pasted_work  # noqa: E402

from ficscope.pipeline import Pipeline  # noqa: E402
from ficscope.readers import read_bytes  # noqa: E402
from ficscope.stages import stats, structure  # noqa: E402
from tests.builders import ao3  # noqa: E402

def measure(label: str, data: bytes, name: str, repeat: int) -> None:
    pipeline = Pipeline([structure.STAGE, stats.STAGE])  # reading and structuring only
    best = float("inf")
    words = 0
    for _ in range(repeat):
        start = time.perf_counter()
        analysis = pipeline(read_bytes(data, name))
        best = min(best, time.perf_counter() - start)
        words = analysis.stats.words
    tracemalloc.start()
    pipeline(read_bytes(data, name))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<28} {len(data) / 1e6:6.1f} MB  {words:>9,} words  {best:6.3f} s  "
        f"{words / best / 1e6:5.2f} M words/s  peak traced {peak / 1e6:6.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--chapters", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    measure("pasted text", pasted_work(args.words).encode("utf-8"), "long.txt", args.repeat)
    epub = ao3.epub_download(ao3.long_work(chapters=args.chapters))
    measure(f"AO3 EPUB, {args.chapters} chapters", epub, "long.epub", args.repeat)
    html = ao3.html_download(ao3.long_work(chapters=args.chapters)).encode("utf-8")
    measure(f"AO3 HTML, {args.chapters} chapters", html, "long.html", args.repeat)
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
