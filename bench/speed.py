"""End-to-end speed: a 100,000-word work through every stage, on one core.

    .venv/bin/python bench/speed.py [--words 100000] [--file PATH]

The work is generated (``--words`` of pasted text) or, with ``--file``, a real one in any
format ficscope reads, such as a PDNC novel (../shared/data/pdnc/Emma/novel_text.txt).
Prints seconds per stage, total seconds, seconds per 100,000 words, words per second and
peak RSS. Targets: at most 15 s per 100,000 words and at most 500 MB peak (BookNLP's small
model: 3.6 minutes for a 99,000-token novel).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target says
ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from generate import pasted_work  # noqa: E402

from ficscope.pipeline import Doc, default_pipeline, to_analysis  # noqa: E402
from ficscope.readers import read_bytes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000, help="words of generated text (without --file)")
    parser.add_argument("--file", type=Path, help="a real work to time instead of a generated one")
    args = parser.parse_args()
    if args.file is not None and not args.file.is_file():
        sys.exit(f"{args.file}: no such file")
    data = args.file.read_bytes() if args.file is not None else pasted_work(args.words).encode("utf-8")
    pipeline = default_pipeline()
    started = time.perf_counter()
    work = read_bytes(data, args.file.name if args.file is not None else "generated.txt")
    timings = [("read", time.perf_counter() - started)]
    doc = Doc(work)
    for stage in pipeline.stages:
        t = time.perf_counter()
        stage.run(doc)
        timings.append((stage.name, time.perf_counter() - t))
    analysis = to_analysis(doc)
    total = time.perf_counter() - started
    for name, seconds in timings:
        print(f"  {name:<14} {seconds:7.2f} s")
    parsed = getattr(doc.parser, "tokens_parsed", 0)
    print(
        f"{analysis.stats.words:,} words, {len(analysis.quotes):,} quotes, {len(analysis.characters)} characters, "
        f"{parsed:,} tokens parsed by spaCy"
    )
    words = max(1, analysis.stats.words)
    print(f"total {total:.2f} s  ({total * 100_000 / words:.2f} s per 100,000 words, {words / total:,.0f} words/s)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
