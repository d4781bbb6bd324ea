"""How each analysis stage grows with the text: 25k to 400k words of real prose, and one line.

    .venv/bin/python bench/growth.py [--sizes 25000,50000,100000,200000,400000] [--single 100000,200000]

Texts are PDNC novels (``../shared/data/pdnc``, read as bench/pdnc.py reads them, never
copied) joined in name order and cut at a word boundary. Each text runs in a fresh
process, read as a pasted work, through every stage of ``default_pipeline()`` after a
short warm-up analysis (so loading spaCy and the knowledge files is not counted). Prints
CPU seconds per stage (the process's own, so other work on the machine does not count), the ratio time(2n)/time(n) between successive sizes (linear growth
is 2.0; above 2.3 is worse than linear), and the peak RSS of the process. The
``--single`` sizes are run again as one line (every newline made a space) beside the
same text in lines: a step that scans lines or searches back over the text shows there.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pdnc import data_dir, split_table  # noqa: E402

SIZES = (25_000, 50_000, 100_000, 200_000, 400_000)
SINGLE = (100_000, 200_000)
WARM_UP_WORDS = 2_000
WORSE_THAN_LINEAR = 2.3


def prose(words: int) -> str:
    """The first ``words`` words of the PDNC novels joined in name order, lines kept."""
    root = data_dir()
    parts: list[str] = []
    count = 0
    for row in sorted(split_table(root), key=lambda r: r["novel"]):
        text = (root / row["novel"] / "novel_text.txt").read_text(encoding="utf-8")
        parts.append(text)
        count += len(text.split())
        if count >= words:
            break
    if count < words:
        raise SystemExit(f"the PDNC novels hold only {count:,} words, fewer than {words:,}")
    joined = "\n\n".join(parts)
    return _cut(joined, words)


def _cut(text: str, words: int) -> str:
    """``text`` up to the end of its ``words``-th word."""
    seen = 0
    in_word = False
    for index, char in enumerate(text):
        if char.isspace():
            if in_word:
                seen += 1
                if seen == words:
                    return text[:index]
            in_word = False
        else:
            in_word = True
    return text


def measure(words: int, single_line: bool) -> dict[str, object]:
    """Stage timings and peak RSS for one text, in this process."""
    from ficscope.pipeline import Doc, default_pipeline
    from ficscope.readers import read_bytes

    text = prose(words)
    if single_line:
        text = " ".join(text.splitlines())
    pipeline = default_pipeline()
    warm = Doc(read_bytes(_cut(text, WARM_UP_WORDS).encode("utf-8"), "warm-up.txt"))
    for stage in pipeline.stages:
        stage.run(warm)
    started = time.process_time()
    doc = Doc(read_bytes(text.encode("utf-8"), "growth.txt"))
    timings = {"read": time.process_time() - started}
    for stage in pipeline.stages:
        started = time.process_time()
        stage.run(doc)
        timings[stage.name] = time.process_time() - started
    return {
        "words": words,
        "single_line": single_line,
        "seconds": timings,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def in_child(words: int, single_line: bool) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", str(words)] + (["--one-line"] if single_line else [])
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ), check=False)
    if done.returncode != 0:
        raise SystemExit(f"{words:,} words{' on one line' if single_line else ''}: failed\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def table(rows: list[dict[str, object]], ratios: bool) -> None:
    stages = list(rows[0]["seconds"])  # type: ignore[arg-type]
    header = f"{'stage':<14}" + "".join(f"{_label(row):>12}" for row in rows)
    if ratios:
        header += "".join(f"{'x' + _label(b, short=True):>9}" for b in rows[1:])
    print(header)
    for stage in [*stages, "total"]:
        values = [_seconds(row, stage) for row in rows]
        line = f"{stage:<14}" + "".join(f"{v:>12.2f}" for v in values)
        if ratios:
            line += "".join(f"{_ratio(a, b, before, after):>9}" for (a, b), (before, after) in _pairs(values, rows))
        print(line)
    print(f"{'peak RSS MB':<14}" + "".join(f"{row['peak_mb']:>12.0f}" for row in rows))


def _pairs(values: list[float], rows: list[dict[str, object]]) -> list[tuple[tuple[float, float], tuple[int, int]]]:
    return [
        ((values[i], values[i + 1]), (int(rows[i]["words"]), int(rows[i + 1]["words"])))  # type: ignore[call-overload]
        for i in range(len(values) - 1)
    ]


def _ratio(a: float, b: float, before: int, after: int) -> str:
    if a < 0.2:  # too short to time a ratio from
        return "-"
    # Scaled to a doubling, so sizes that are not exactly twice apart compare.
    per_doubling = (b / a) ** (1 / math.log2(after / before))
    flag = "!" if per_doubling > WORSE_THAN_LINEAR else " "
    return f"{per_doubling:.2f}{flag}"


def _seconds(row: dict[str, object], stage: str) -> float:
    seconds: dict[str, float] = row["seconds"]  # type: ignore[assignment]
    return sum(seconds.values()) if stage == "total" else seconds[stage]


def _label(row: dict[str, object], short: bool = False) -> str:
    words = int(row["words"])  # type: ignore[call-overload]
    name = f"{words // 1000}k"
    if row["single_line"]:
        return name + ("1" if short else " 1 line")
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=SIZES, help="Word counts, comma-separated.")
    parser.add_argument("--single", type=_sizes, default=SINGLE, help="Word counts also run as one line.")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-line", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.one_line)))
        return
    grown = [in_child(words, False) for words in args.sizes]
    print("In lines; xN: time(2n)/time(n) per doubling, ! above", WORSE_THAN_LINEAR)
    table(grown, ratios=True)
    if args.single:
        print()
        print("One line against the same text in lines")
        by_size = {int(row["words"]): row for row in grown}  # type: ignore[call-overload]
        rows: list[dict[str, object]] = []
        for words in args.single:
            rows += [by_size.get(words) or in_child(words, False), in_child(words, True)]
        table(rows, ratios=False)


if __name__ == "__main__":
    main()
