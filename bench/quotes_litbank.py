"""Quote detection and speaker attribution against LitBank's gold quotations.

    .venv/bin/python bench/quotes_litbank.py [--split dev|test] [--paragraphs quote|sentence]
        [--min-confidence 0.5] [--jobs 2] [--verbose] [--rules-only]

Each LitBank excerpt (see bench/litbank.py for how its text is rebuilt) becomes a
one-chapter ``Work`` and goes through ``ficscope.analyze_work``, the default pipeline. If
that pipeline has no quotes stage yet, quotes come from ``ficscope.stages.quotes.find``
and the output says so.

Scores, micro-averaged over the split:

- detection, exact: a predicted quote matches a gold one when their spans are equal after
  stripping quotation marks and whitespace from both ends (marks in or out both count);
- detection, overlap: a predicted quote is right when it shares a character with a gold
  quote, a gold quote is found when a prediction shares a character with it;
- speakers, strict: for each gold quote found (overlap), the prediction sharing most
  characters with it carries the predicted speaker; it is right when it names the gold
  character by the rule of bench/speaker_match.py: one of that character's names (the
  speaker id's name and the cluster's mentions) and nobody else's, or a capitalised word
  of them no other person in the text is called by ("Verloc" is no match while there are
  a Mr. and a Mrs. Verloc). Reported over found gold quotes and over all gold quotes,
  with the share of found quotes given no speaker. This is the figure to set beside
  BookNLP's. The same rule on the gold quotation spans themselves (the speakers stage
  given LitBank's quotes instead of its own; bench/gold_speakers.py) is BookNLP's measure.
- speakers, lenient (printed under its own label only): right when the predicted words
  equal, contain or are contained in the words of any name or mention of the gold cluster.

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
from bench.gold_speakers import attribute_spans, rules_only  # noqa: E402
from bench.litbank import GoldQuote, LitbankDoc, LitbankMissing, documents  # noqa: E402
from bench.speaker_match import _PRONOUNS, Cast, words  # noqa: E402
from ficscope.model import Chapter, Quote, Work  # noqa: E402
from ficscope.stages import quotes as quotes_stage  # noqa: E402
from ficscope.stages.speakers import NARRATOR  # noqa: E402

BOOKNLP = {"small": 86.4, "big": 89.9}  # speaker attribution on LitBank, as BookNLP reports it
_MARKS = "\"'\u201c\u201d\u2018\u2019`\u00ab\u00bb\u2014\u2013- \t\n"
_NARRATOR_IDS = {"i", "narrator", "the narrator"}


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
    speaker_right: int  # strict rule
    speaker_lenient: int  # the old lenient rule
    speaker_unattributed: int  # gold quotes with a speaker found but given none
    gold_right: int  # strict, speakers given the gold quotation spans
    gold_unattributed: int
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


def lenient_match(predicted: str | None, names: Iterable[str]) -> bool:
    """The old, lenient rule: the predicted words equal, contain or are contained in the
    words of any name or mention of the gold cluster ("Verloc" is right for Mrs. Verloc)."""
    if not predicted:
        return False
    said = set(words(predicted))
    if not said:
        return False
    for name in names:
        form = set(words(name))
        if form and not form <= _PRONOUNS and (said <= form or form <= said):
            return True
    return False


def gold_key(quote: GoldQuote) -> str:
    return f"cluster {quote.cluster}" if quote.cluster is not None else f"speaker {quote.speaker}"


def cast_of(doc: LitbankDoc) -> Cast:
    """Every speaker's names (the id's name and its cluster's mentions) beside every
    other person named in the text, so that a word two of them share matches neither.
    A speaker LitBank calls "I" or "narrator" is also "the narrator", ficscope's name
    for a first-person narrator nobody names."""
    names: dict[str, set[str]] = {}
    for entity in doc.entities:
        key = f"cluster {entity.cluster}" if entity.cluster is not None else f"entity {entity.text}"
        names.setdefault(key, set()).add(entity.text)
    for quote in doc.quotes:
        if quote.speaker is None:
            continue
        forms = names.setdefault(gold_key(quote), set())
        forms.update(quote.speaker_names)
        if quote.speaker_names and quote.speaker_names[0].lower() in _NARRATOR_IDS:
            forms.add(NARRATOR)
    return Cast(names, capitalised_only=True)


def score(doc: LitbankDoc, predicted: list[Quote], min_confidence: float, on_gold: dict[int, str | None] | None = None) -> DocScore:
    """``on_gold``: the speaker ficscope gives each gold quote (by start offset) when
    given the gold spans."""
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
    speaker_found = speaker_right = speaker_lenient = unattributed = gold_with_speaker = 0
    cast = cast_of(doc)
    gold_right = gold_unattributed = 0
    for gold, span in zip(doc.quotes, gold_spans):
        best = max(range(len(kept)), key=lambda k: overlap(pred_spans[k], span), default=None)
        found = best is not None and overlap(pred_spans[best], span) > 0
        gold_overlapped += found
        if gold.speaker is None:
            continue
        gold_with_speaker += 1
        if on_gold is not None:
            given = on_gold.get(gold.start)
            gold_right += cast.matches(given, gold_key(gold))
            gold_unattributed += given is None
        if found:
            speaker_found += 1
            predicted_speaker = kept[best].speaker
            speaker_right += cast.matches(predicted_speaker, gold_key(gold))
            speaker_lenient += lenient_match(predicted_speaker, gold.speaker_names)
            unattributed += predicted_speaker is None
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
        speaker_lenient=speaker_lenient,
        speaker_unattributed=unattributed,
        gold_right=gold_right,
        gold_unattributed=gold_unattributed,
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
    on_gold = None
    if use_pipeline:
        work = Work(title=doc.name, source_format="text", chapters=[Chapter(number=1, text=doc.text)])
        on_gold = attribute_spans(work, [(g.start, g.end) for g in doc.quotes])
    return score(doc, predict(doc, use_pipeline), min_confidence, on_gold)


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
    lenient = sum(s.speaker_lenient for s in scores)
    unattributed = sum(s.speaker_unattributed for s in scores)
    print(f"documents {len(scores)}, gold quotes {gold}, predicted quotes {predicted}")
    print(f"detection, exact    P {_percent(p)}  R {_percent(r)}  F1 {_percent(f)}")
    print(f"detection, overlap  P {_percent(op)}  R {_percent(orr)}  F1 {_percent(of)}")
    over_found = right / found if found else 0.0
    over_all = right / with_speaker if with_speaker else 0.0
    gold_right = sum(s.gold_right for s in scores)
    gold_unattributed = sum(s.gold_unattributed for s in scores)
    print(
        f"speaker, strict     {_percent(gold_right / with_speaker if with_speaker else 0.0)} on the {with_speaker} gold quotations "
        f"(unattributed {_percent(gold_unattributed / with_speaker if with_speaker else 0.0)})"
    )
    print(
        f"speaker, strict     {_percent(over_found)} over the {found} gold quotes found, "
        f"{_percent(over_all)} over all {with_speaker} (end to end)"
    )
    print(f"  unattributed      {_percent(unattributed / found if found else 0.0)} of the gold quotes found")
    print(f"BookNLP (reported)  {BOOKNLP['small']} small / {BOOKNLP['big']} big (speaker of gold quotations, comparable with strict)")
    print(
        f"speaker, lenient    {_percent(lenient / found if found else 0.0)} over the found "
        "(a name word shared with any mention of the gold cluster; not comparable with BookNLP)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--paragraphs", choices=("quote", "sentence"), default="quote")
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--verbose", "-v", action="store_true", help="a line per document")
    parser.add_argument("--rules-only", action="store_true", help="without the speaker model: the rules' own figures")
    args = parser.parse_args(argv)
    if args.rules_only:
        rules_only()
    try:
        docs = documents(args.split, paragraphs=args.paragraphs)
    except LitbankMissing as error:
        print(error, file=sys.stderr)
        return 2
    use_pipeline = pipeline_has_quotes()
    print(
        f"LitBank {args.split} split: {len(docs)} documents, paragraphs={args.paragraphs}, min confidence {args.min_confidence}, "
        f"{'rules only' if args.rules_only else 'speaker model'}"
    )
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
