"""Start-up cost: how much of the first analysis is ficscope's own and how much is spaCy's.

    .venv/bin/python bench/startup.py [--words 900]

In one fresh process: import ficscope; load the spaCy model (spaCy's share: importing
spacy and reading the model); analyse a generated work (cold: knowledge files read,
packs and cue patterns compiled); analyse a second work of the same size (warm).
ficscope's own start-up is the import plus the cold run's excess over the warm run.
Target: ficscope's own share under 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=900)
    args = parser.parse_args()
    from generate import pasted_work

    cold_text, warm_text = pasted_work(args.words, seed=7), pasted_work(args.words, seed=8)

    started = time.perf_counter()
    import ficscope
    from ficscope.stages import nlp

    imported = time.perf_counter()
    nlp.load()
    spacy_loaded = time.perf_counter()
    ficscope.analyze_work(ficscope.read_bytes(cold_text.encode("utf-8"), "cold.txt"))
    cold_done = time.perf_counter()
    ficscope.analyze_work(ficscope.read_bytes(warm_text.encode("utf-8"), "warm.txt"))
    warm_done = time.perf_counter()

    import_s = imported - started
    spacy_s = spacy_loaded - imported
    cold_s = cold_done - spacy_loaded
    warm_s = warm_done - cold_done
    own = import_s + max(0.0, cold_s - warm_s)
    print(f"  import ficscope      {import_s:6.2f} s")
    print(f"  spaCy model load     {spacy_s:6.2f} s")
    print(f"  first analysis       {cold_s:6.2f} s  ({args.words:,} words, knowledge cold)")
    print(f"  second analysis      {warm_s:6.2f} s  (knowledge warm)")
    print(f"ficscope's own start-up {own:.2f} s, spaCy's {spacy_s:.2f} s, total {warm_done - started:.2f} s")


if __name__ == "__main__":
    main()
