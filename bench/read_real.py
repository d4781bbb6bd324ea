"""Read every real file in ../shared/data/real-works and print what each reader made of it.

    .venv/bin/python bench/read_real.py [--data ../shared/data/real-works] [--long-line-mb 20]

One row a file: format, title, chapters, words counted, words the file declares, and
seconds to read it (or the reason it was refused). Then a single line of --long-line-mb
megabytes of prose is read against the same prose in lines, to show the readers stay
linear in line length (--long-line-mb 0 skips it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ficscope.errors import FicscopeError  # noqa: E402
from ficscope.readers import DEFAULT_MAX_BYTES, read_bytes, read_work  # noqa: E402
from ficscope.wordcount import count_words  # noqa: E402

SENTENCE = "The lamp on the harbour wall burned all night, and Mara kept it lit. "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data" / "real-works")
    parser.add_argument("--long-line-mb", type=float, default=20.0, help="size of the long-line check in MB (0 skips it)")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"{args.data}: no such directory (the real-works data set)")
    files = sorted(path for path in args.data.rglob("*") if path.is_file() and path.suffix.lower() in {".html", ".epub", ".mobi", ".azw3", ".pdf", ".txt"})
    print(f"{'file':58} {'format':15} {'title':34} {'ch':>3} {'words':>7} {'declared':>8} {'s':>6}")
    for path in files:
        start = time.perf_counter()
        try:
            work = read_work(path)
        except FicscopeError as exc:
            print(f"{str(path.relative_to(args.data)):58} refused: {exc.message} [{exc.code}] ({time.perf_counter() - start:.2f} s)")
            continue
        seconds = time.perf_counter() - start
        words = sum(count_words(chapter.text) for chapter in work.chapters)
        declared = work.declared_words if work.declared_words is not None else "-"
        print(
            f"{str(path.relative_to(args.data)):58} {work.source_format:15} {(work.title or '-')[:34]:34} "
            f"{len(work.chapters):>3} {words:>7} {declared:>8} {seconds:>6.2f}"
        )
    if args.long_line_mb > 0:
        long_line(args.long_line_mb)


def long_line(megabytes: float) -> None:
    repeats = int(megabytes * 1024 * 1024 / len(SENTENCE))
    limit = max(DEFAULT_MAX_BYTES, int(megabytes * 1024 * 1024 * 2))
    for label, text in (("one line", SENTENCE * repeats), ("in lines", (SENTENCE.strip() + "\n") * repeats)):
        start = time.perf_counter()
        work = read_bytes(text.encode(), f"{label}.txt", max_bytes=limit)
        print(f"{megabytes:.0f} MB {label}: {time.perf_counter() - start:.2f} s, {sum(count_words(c.text) for c in work.chapters)} words")


if __name__ == "__main__":
    main()
