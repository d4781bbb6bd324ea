"""Speaker attribution against PDNC's gold quotations in full novels.

    .venv/bin/python bench/quotes_pdnc.py [--split dev|train] [--novel NAME] [--jobs 2] [--verbose] [--rules-only]

Each novel (see bench/pdnc.py) becomes a one-chapter ``Work``. Two runs:

- **gold quotations**: the stages before ``speakers`` run as usual, then the speakers
  stage attributes PDNC's own quotation spans (each sub-span a quote); a quotation's
  prediction is the first speaker any of its sub-spans gets.
- **end to end**: the default pipeline, ficscope's own quote detection included; a gold
  quotation's prediction is the speaker of the detected quote sharing most characters
  with it (none when no detected quote overlaps it).

A prediction is right when it names the gold character by the strict rule of
bench/speaker_match.py (one of that character's names or aliases, or a word of them no
other cast member's names contain; a first-person novel's narrator, whoever speaks most
lines tagged "I ...", is also "the narrator"). Accuracy is over all gold quotations, overall and
by PDNC quote type (Explicit: a named speaker in the tag; Anaphoric: a pronoun or
description; Implicit: no tag); "unattributed" is the share given no speaker; "addressee" is
the share of quotations with gold addressees whose predicted addressee names one of them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from bisect import bisect_right
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.gold_speakers import attributed_spans, rules_only  # noqa: E402
from bench.pdnc import QUOTE_TYPES, Novel, PdncMissing, novels  # noqa: E402
from ficscope.model import Chapter, Quote, Work  # noqa: E402
from ficscope.pipeline import default_pipeline  # noqa: E402

MODES = ("gold", "end-to-end")


@dataclass(slots=True)
class Tally:
    """Counts for one novel and one mode, by quote type."""

    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    unattributed: Counter[str] = field(default_factory=Counter)
    # Quotations whose gold lists addressees, and those whose predicted addressee is one.
    addressed: int = 0
    addressee_right: int = 0

    def add(self, other: Tally) -> None:
        self.total.update(other.total)
        self.right.update(other.right)
        self.unattributed.update(other.unattributed)
        self.addressed += other.addressed
        self.addressee_right += other.addressee_right


def _work(novel: Novel) -> Work:
    return Work(title=novel.name, source_format="text", chapters=[Chapter(number=1, text=novel.text)])


_OPEN = "\"'\u201c\u2018`"
_CLOSE = "\"'\u201d\u2019"


def with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A PDNC span (the words only) widened to the quotation marks around it, as
    ficscope's own quotes are."""
    if start > 0 and text[start - 1] in _OPEN:
        start -= 1
    if end < len(text) and text[end] in _CLOSE:
        end += 1
    return start, end


Prediction = tuple["str | None", "str | None"]  # speaker, addressee


def predict_gold(novel: Novel) -> list[Prediction]:
    """The speaker and addressee ficscope gives each gold quotation when told where the
    quotations are (those of its first sub-span that has a speaker)."""
    spans = [(qi, *with_marks(novel.text, s, e)) for qi, q in enumerate(novel.quotations) for s, e in q.spans]
    by_start = attributed_spans(_work(novel), [(s, e) for _, s, e in spans])
    predicted: list[Prediction] = [(None, None)] * len(novel.quotations)
    for qi, s, _ in spans:
        quote = by_start.get(s)
        if predicted[qi][0] is None and quote is not None:
            predicted[qi] = (quote.speaker, quote.addressee)
    return predicted


def predict_end_to_end(novel: Novel) -> list[Prediction]:
    """The speaker and addressee of the detected quote that overlaps each gold quotation most."""
    analysis = default_pipeline()(_work(novel))
    found = sorted(analysis.quotes, key=lambda q: q.start)
    starts = [q.start for q in found]
    predicted: list[Prediction] = []
    for gold in novel.quotations:
        overlap: Counter[int] = Counter()
        for s, e in gold.spans:
            i = max(0, bisect_right(starts, s) - 1)
            while i < len(found) and found[i].start < e:
                shared = min(e, found[i].end) - max(s, found[i].start)
                if shared > 0:
                    overlap[i] += shared
                i += 1
        best = max(overlap, key=lambda k: (overlap[k], -k), default=None)
        predicted.append((found[best].speaker, found[best].addressee) if best is not None else (None, None))
    return predicted


def tally(novel: Novel, predicted: list[Prediction]) -> Tally:
    cast = novel.scoring_cast()
    result = Tally()
    for gold, (speaker, addressee) in zip(novel.quotations, predicted):
        result.total[gold.quote_type] += 1
        result.right[gold.quote_type] += cast.matches(speaker, gold.speaker)
        result.unattributed[gold.quote_type] += speaker is None
        if gold.addressees:
            result.addressed += 1
            result.addressee_right += any(cast.matches(addressee, a) for a in gold.addressees)
    return result


def run_novel(novel: Novel) -> tuple[str, dict[str, Tally], float]:
    started = time.perf_counter()
    scores = {"gold": tally(novel, predict_gold(novel)), "end-to-end": tally(novel, predict_end_to_end(novel))}
    return novel.name, scores, time.perf_counter() - started


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}" if total else "    -"


def line(label: str, t: Tally) -> str:
    total, right = sum(t.total.values()), sum(t.right.values())
    by_type = "  ".join(f"{kind} {_pct(t.right[kind], t.total[kind])}" for kind in QUOTE_TYPES)
    return (
        f"{label:<28} {total:6d}  accuracy {_pct(right, total)}  {by_type}  unattributed {_pct(sum(t.unattributed.values()), total)}"
        f"  addressee {_pct(t.addressee_right, t.addressed)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--novel", help="only this novel (its folder name)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--verbose", "-v", action="store_true", help="a line per novel")
    parser.add_argument("--rules-only", action="store_true", help="without the speaker model: the rules' own figures")
    args = parser.parse_args(argv)
    if args.rules_only:
        rules_only()
    try:
        chosen = novels(args.split, only=args.novel)
    except PdncMissing as error:
        print(error, file=sys.stderr)
        return 2
    if not chosen:
        print(f"PDNC {args.split} split has no novel {args.novel!r}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.jobs <= 1:
        results = [run_novel(n) for n in chosen]
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(run_novel, chosen))
    elapsed = time.perf_counter() - started
    print(
        f"PDNC {args.split} split: {len(chosen)} novels, {sum(len(n.quotations) for n in chosen)} gold quotations; "
        f"strict speaker rule; {'rules only' if args.rules_only else 'speaker model'}"
    )
    for mode in MODES:
        overall = Tally()
        print(f"\n{mode}")
        for name, scores, seconds in results:
            overall.add(scores[mode])
            if args.verbose:
                print(line(f"  {name[:26]}", scores[mode]))
        print(line("  all", overall))
    print(f"\ntime {elapsed:.1f}s ({args.jobs} process{'es' if args.jobs > 1 else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
