"""Quote detection and speaker attribution against LitBank's gold quotations.

    .venv/bin/python bench/quotes_litbank.py [--split dev|test] [--paragraphs quote|sentence]
        [--min-confidence 0.5] [--jobs 2] [--verbose]

Each LitBank excerpt (see bench/litbank.py for how its text is rebuilt) becomes a
one-chapter ``Work`` and goes through ``ficscope.analyze_work``, the default pipeline. If
that pipeline has no quotes stage yet, quotes come from ``ficscope.stages.quotes.find``
and the output says so.

Scores, micro-averaged over the split:

- detection, exact: a predicted quote matches a gold one when their spans are equal after
  stripping quotation marks and whitespace from both ends (marks in or out both count);
- detection, overlap: a predicted quote is right when it shares a character with a gold
  quote, a gold quote is found when a prediction shares a character with it;
- speakers: for each gold quote found (overlap), the prediction sharing most characters
  with it carries the predicted speaker; it is right when its words equal, contain or are
  contained in the words of the gold speaker's name or of a mention in the speaker's
  coref cluster (words, not substrings: "he" must not match "Stephen"; pronoun mentions
  are skipped). Reported over found gold quotes and over all gold quotes.

Only predictions the quotes stage holds for dialogue with confidence ``>= --min-confidence``
count (0.5 by default: below that it says "probably a title or a scare quote"). That
confidence is taken from ``quotes.find`` itself (pure and fast), because the speakers
stage rewrites ``Quote.confidence`` as its own attribution confidence (0.0 when it finds
no speaker), which would otherwise drop every unattributed quote here.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import ficscope  # noqa: E402
from bench.litbank import LitbankDoc, LitbankMissing, documents  # noqa: E402
from ficscope.model import Chapter, Quote, Work  # noqa: E402
from ficscope.stages import quotes as quotes_stage  # noqa: E402

BOOKNLP = {"small": 86.4, "big": 89.9}  # speaker attribution on LitBank, as BookNLP reports it
_MARKS = "\"'\u201c\u201d\u2018\u2019`\u00ab\u00bb\u2014\u2013- \t\n"
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_PRONOUNS = set(
    "i me my mine myself you your yours yourself he him his himself she her hers herself it its itself "
    "we us our ours ourselves they them their theirs themselves thee thou thy one who whom".split()
)
_ARTICLES = {"the", "a", "an"}


@dataclass(slots=True)
class DocScore:
    name: str
    gold: int
    predicted: int
    exact: int  # predicted quotes equal to a gold one (marks and spaces stripped)
    predicted_overlapping: int
    gold_overlapped: int
    gold_with_speaker: int
    speaker_found: int  # gold quotes with a speaker that a prediction overlaps
    speaker_right: int
    characters: int


def pipeline_has_quotes() -> bool:
    return "quotes" in ficscope.default_pipeline().available


def predict(doc: LitbankDoc, use_pipeline: bool) -> list[Quote]:
    """The quotes ficscope finds, each with the quotes stage's own dialogue confidence."""
    work = Work(title=doc.name, source_format="text", chapters=[Chapter(number=1, text=doc.text)])
    found = quotes_stage.find(work.chapters[0])
    if not use_pipeline:
        return found
    dialogue = {(q.start, q.end): q.confidence for q in found}
    return [
        replace(q, confidence=dialogue.get((q.start, q.end), q.confidence))
        for q in ficscope.analyze_work(work).quotes
    ]


def core(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without quotation marks and whitespace at either end."""
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and text[end - 1] in _MARKS:
        end -= 1
    return start, end


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text)) - _ARTICLES


def speaker_matches(predicted: str | None, names: Iterable[str]) -> bool:
    if not predicted:
        return False
    said = _words(predicted)
    if not said:
        return False
    for name in names:
        words = _words(name)
        if not words or words <= _PRONOUNS:
            continue
        if said <= words or words <= said:
            return True
    return False


def score(doc: LitbankDoc, predicted: list[Quote], min_confidence: float) -> DocScore:
    kept = [q for q in predicted if q.confidence >= min_confidence]
    pred_spans = [core(doc.text, q.start, q.end) for q in kept]
    gold_spans = [core(doc.text, g.start, g.end) for g in doc.quotes]
    remaining = list(gold_spans)
    exact = 0
    for span in pred_spans:
        if span in remaining:
            remaining.remove(span)
            exact += 1

    def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
        return max(0, min(a[1], b[1]) - max(a[0], b[0]))

    predicted_overlapping = sum(1 for p in pred_spans if any(overlap(p, g) for g in gold_spans))
    gold_overlapped = 0
    speaker_found = speaker_right = gold_with_speaker = 0
    for gold, span in zip(doc.quotes, gold_spans):
        best = max(range(len(kept)), key=lambda k: overlap(pred_spans[k], span), default=None)
        found = best is not None and overlap(pred_spans[best], span) > 0
        gold_overlapped += found
        if gold.speaker is None:
            continue
        gold_with_speaker += 1
        if found:
            speaker_found += 1
            speaker_right += speaker_matches(kept[best].speaker, gold.speaker_names)
    return DocScore(
        name=doc.name,
        gold=len(doc.quotes),
        predicted=len(kept),
        exact=exact,
        predicted_overlapping=predicted_overlapping,
        gold_overlapped=gold_overlapped,
        gold_with_speaker=gold_with_speaker,
        speaker_found=speaker_found,
        speaker_right=speaker_right,
        characters=len(doc.text),
    )


def prf(right_predicted: int, predicted: int, right_gold: int, gold: int) -> tuple[float, float, float]:
    p = right_predicted / predicted if predicted else 0.0
    r = right_gold / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _percent(x: float) -> str:
    return f"{100 * x:5.1f}"


def _run_one(args: tuple[LitbankDoc, bool, float]) -> DocScore:
    doc, use_pipeline, min_confidence = args
    return score(doc, predict(doc, use_pipeline), min_confidence)


def evaluate(docs: list[LitbankDoc], use_pipeline: bool, min_confidence: float, jobs: int) -> list[DocScore]:
    work = [(doc, use_pipeline, min_confidence) for doc in docs]
    if jobs <= 1:
        return [_run_one(w) for w in work]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_run_one, work, chunksize=2))


def report(scores: list[DocScore], verbose: bool) -> None:
    if verbose:
        print(f"{'document':<44} {'gold':>5} {'pred':>5} {'exactF1':>7} {'ovlpF1':>7} {'spk/fnd':>8}")
        for s in scores:
            exact_f = prf(s.exact, s.predicted, s.exact, s.gold)[2]
            overlap_f = prf(s.predicted_overlapping, s.predicted, s.gold_overlapped, s.gold)[2]
            spk = f"{s.speaker_right}/{s.speaker_found}" if s.speaker_found else "-"
            print(f"{s.name[:44]:<44} {s.gold:5d} {s.predicted:5d} {_percent(exact_f):>7} {_percent(overlap_f):>7} {spk:>8}")
        print()
    gold = sum(s.gold for s in scores)
    predicted = sum(s.predicted for s in scores)
    exact = sum(s.exact for s in scores)
    p, r, f = prf(exact, predicted, exact, gold)
    op, orr, of = prf(sum(s.predicted_overlapping for s in scores), predicted, sum(s.gold_overlapped for s in scores), gold)
    with_speaker = sum(s.gold_with_speaker for s in scores)
    found = sum(s.speaker_found for s in scores)
    right = sum(s.speaker_right for s in scores)
    print(f"documents {len(scores)}, gold quotes {gold}, predicted quotes {predicted}")
    print(f"detection, exact    P {_percent(p)}  R {_percent(r)}  F1 {_percent(f)}")
    print(f"detection, overlap  P {_percent(op)}  R {_percent(orr)}  F1 {_percent(of)}")
    over_found = right / found if found else 0.0
    over_all = right / with_speaker if with_speaker else 0.0
    print(
        f"speaker accuracy    {_percent(over_found)} over the {found} gold quotes found, "
        f"{_percent(over_all)} over all {with_speaker}"
    )
    print(f"BookNLP (reported)  {BOOKNLP['small']} small / {BOOKNLP['big']} big (speaker attribution on LitBank)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--paragraphs", choices=("quote", "sentence"), default="quote")
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--verbose", "-v", action="store_true", help="a line per document")
    args = parser.parse_args(argv)
    try:
        docs = documents(args.split, paragraphs=args.paragraphs)
    except LitbankMissing as error:
        print(error, file=sys.stderr)
        return 2
    use_pipeline = pipeline_has_quotes()
    print(f"LitBank {args.split} split: {len(docs)} documents, paragraphs={args.paragraphs}, min confidence {args.min_confidence}")
    if use_pipeline:
        print("quotes from ficscope.analyze_work (the default pipeline)")
    else:
        print("quotes from ficscope.stages.quotes.find: the default pipeline has no quotes stage yet, so no speakers")
    started = time.perf_counter()
    scores = evaluate(docs, use_pipeline, args.min_confidence, args.jobs)
    elapsed = time.perf_counter() - started
    report(scores, args.verbose)
    chars = sum(s.characters for s in scores)
    print(f"time {elapsed:.1f}s for {chars:,} characters ({args.jobs} process{'es' if args.jobs > 1 else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
