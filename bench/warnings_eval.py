"""Content warnings, ratings and categories against the hand-written set in bench/data/warnings.

    .venv/bin/python bench/warnings_eval.py [--split heldout|dev] [--min-confidence 0.0]
        [--errors] [--no-works] [--no-real-works] [--data bench/data/warnings] [--real-works DIR]

The held-out split is ``heldout-v2.jsonl``, written before the dev half and frozen: its
SHA-256 is ``HELDOUT_SHA256`` below, and a held-out file with any other checksum is refused.
The dev split is ``dev-v2.jsonl`` plus every passage of the first set, ``passages.jsonl``
(whatever split its rows name). ``--errors`` is refused on the held-out split.

Each passage becomes a one-chapter ``Work`` and goes through
``ficscope.analyze_work``; each work file of ``works.jsonl`` is read with
``ficscope.readers.read_work`` first. Only findings with confidence ``>= --min-confidence``
count. bench/data/warnings/README.md says how the gold labels were decided.

Scores over the chosen split:

- **Trigger labels** (PAN 2023's 32), a multi-label decision per passage: a label is
  predicted when some ``trigger`` finding carries it. Per label: support (gold
  passages), P, R, F1. Macro-F1 is the mean F1 over the labels that have gold passages or
  predictions in the split (all 32 on this set); micro-F1 pools the counts of all labels.
  PAN 2023's figures are printed apart, labelled as other data: they come from its own
  test set of real AO3 works and are not comparable with this set of short passages.
- **Confidence**: of the trigger findings at confidence 0.9 or more (``SHOWN``), the share
  the gold labels hold: a confidence of 0.9 should be right nine times in ten.
- **Severity**, over the true-positive labels: right when the predicted severity equals the
  gold one. A label found several times takes its most severe finding.
- **AO3 warnings**: a passage is right when its set of predicted ``ao3`` labels equals the
  gold set. An empty gold set means "No Archive Warnings Apply", and a predicted "No
  Archive Warnings Apply" is left out before comparing, so predicting nothing is right
  there. Per warning: P, R and the share of passages decided right, each beside the
  do-nothing baseline (predicting no warning: P and R 0, right on every passage without it).
- **Real works** (``../shared/data/real-works``, read with ``ficscope.readers.read_work``):
  per work, the rating the author declared against the suggested one (exact, within one
  step of General < Teen < Mature < Explicit) and the Archive Warnings declared against
  those found (missed: declared, not found; undeclared: found, not declared). Files that
  hold no readable work or declare no rating are skipped; a work saved several ways is
  scored once.
- **Evidence**: every finding except "No Archive Warnings Apply" must carry evidence, and
  each span's text must equal the chapter text at its offsets. Counted over all findings,
  whatever their confidence; both counts must be 0.
- **Works**: rating accuracy, category accuracy (the set of categories must be equal), and
  AO3 warning accuracy as for passages.

``--errors`` prints, for each passage or work with a mistake, gold against predicted and
the evidence behind each predicted label: for tuning on dev, never on heldout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from ficscope.model import ARCHIVE_WARNINGS, CATEGORIES, RATINGS, Chapter, Finding, Work  # noqa: E402

DATA = ROOT / "bench" / "data" / "warnings"
SPLITS = ("dev", "heldout")
TRIGGER_LABELS = (
    "pornographic-content", "violence", "death", "sexual-assault", "abuse", "blood", "suicide",
    "pregnancy", "child-abuse", "incest", "underage", "homophobia", "self-harm", "dying",
    "kidnapping", "mental-illness", "dissection", "eating-disorders", "abduction", "body-hatred",
    "childbirth", "racism", "sexism", "miscarriages", "transphobia", "abortion", "fat-phobia",
    "animal-death", "ableism", "classism", "misogyny", "animal-cruelty",
)  # fmt: skip
SEVERITIES = ("referenced", "depicted", "graphic")  # least to most severe
NO_WARNINGS = "No Archive Warnings Apply"
# The four warnings a work can carry; the other two answers say that none applies or that none is given.
AO3_WARNINGS = tuple(w for w in ARCHIVE_WARNINGS if w not in (NO_WARNINGS, "Creator Chose Not To Use Archive Warnings"))
GOLD_RATINGS = tuple(r for r in RATINGS if r != "Not Rated")
PAN_2023 = {"tf-idf baseline": (0.25, 0.72), "best fine-tuned": (0.37, 0.74)}  # (macro-F1, micro-F1)
HELDOUT_FILE = "heldout-v2.jsonl"
DEV_FILES = ("dev-v2.jsonl", "passages.jsonl")
# The held-out file is frozen: a file with any other checksum is not the set the figures were measured on.
HELDOUT_SHA256 = "5b46ba390b08d20563a4d3c97f6b662e0a1f335d819106b945c7839244aa3208"
REAL_WORKS = ROOT.parent / "shared" / "data" / "real-works"
SHOWN = 0.9  # the confidence at which a finding is meant to be right nine times in ten


class DataError(ValueError):
    """A line of the evaluation set that does not follow its format."""


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    split: str
    text: str
    triggers: Mapping[str, str]  # label -> severity
    ao3: frozenset[str]
    why: str


@dataclass(frozen=True, slots=True)
class WorkGold:
    file: str
    split: str
    rating: str
    categories: frozenset[str]
    ao3: frozenset[str]
    triggers: Mapping[str, str]


@dataclass(slots=True)
class Predicted:
    """What the findings of one passage or work say, once low-confidence ones are dropped."""

    triggers: dict[str, str] = field(default_factory=dict)  # label -> most severe severity
    ao3: frozenset[str] = frozenset()
    kept: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    def prf(self) -> tuple[float, float, float]:
        return prf(self.tp, self.fp, self.fn)


@dataclass(slots=True)
class EvidenceCheck:
    missing: int = 0  # findings that need evidence and have none
    mismatched: int = 0  # evidence spans whose text is not the chapter text at their offsets
    examples: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- loading


def _check_triggers(triggers: object, where: str) -> dict[str, str]:
    if not isinstance(triggers, dict):
        raise DataError(f"{where}: triggers must be an object")
    for label, severity in triggers.items():
        if label not in TRIGGER_LABELS:
            raise DataError(f"{where}: {label!r} is not one of the 32 trigger labels")
        if severity not in SEVERITIES:
            raise DataError(f"{where}: severity {severity!r} of {label!r} is not one of {', '.join(SEVERITIES)}")
    return dict(triggers)


def _check_ao3(ao3: object, where: str) -> frozenset[str]:
    if not isinstance(ao3, list):
        raise DataError(f"{where}: ao3 must be a list")
    for label in ao3:
        if label not in AO3_WARNINGS:
            raise DataError(f"{where}: {label!r} is not an AO3 warning spelled as AO3 spells it")
    return frozenset(ao3)


def _rows(path: Path) -> Iterable[tuple[str, dict]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise DataError(f"{where}: not a JSON object")
        if row.get("split") not in SPLITS:
            raise DataError(f"{where}: split must be one of {', '.join(SPLITS)}")
        yield where, row


def load_passages(path: Path = DATA / "passages.jsonl", split: str | None = None) -> list[Passage]:
    passages: list[Passage] = []
    seen: set[str] = set()
    for where, row in _rows(path):
        pid, text = row.get("id"), row.get("text")
        if not isinstance(pid, str) or not pid or pid in seen:
            raise DataError(f"{where}: id missing or repeated ({pid!r})")
        if not isinstance(text, str) or not text.strip():
            raise DataError(f"{where}: text missing")
        seen.add(pid)
        passage = Passage(
            id=pid,
            split=row["split"],
            text=text,
            triggers=_check_triggers(row.get("triggers"), where),
            ao3=_check_ao3(row.get("ao3"), where),
            why=str(row.get("why", "")),
        )
        if split is None or passage.split == split:
            passages.append(passage)
    return passages


def load_works(path: Path = DATA / "works.jsonl", split: str | None = None) -> list[WorkGold]:
    works: list[WorkGold] = []
    for where, row in _rows(path):
        rating, categories = row.get("rating"), row.get("categories")
        if rating not in GOLD_RATINGS:
            raise DataError(f"{where}: rating {rating!r} is not one of AO3's four ratings")
        if not isinstance(categories, list) or not categories or not set(categories) <= set(CATEGORIES):
            raise DataError(f"{where}: categories must be a non-empty list of {', '.join(CATEGORIES)}")
        work = WorkGold(
            file=str(row.get("file")),
            split=row["split"],
            rating=rating,
            categories=frozenset(categories),
            ao3=_check_ao3(row.get("ao3"), where),
            triggers=_check_triggers(row.get("triggers"), where),
        )
        if split is None or work.split == split:
            works.append(work)
    return works


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_frozen(path: Path, expected: str = HELDOUT_SHA256) -> None:
    """Refuse a held-out file that is not byte for byte the frozen one."""
    actual = sha256_of(path)
    if actual != expected:
        raise DataError(f"{path.name}: SHA-256 {actual[:12]}... is not the frozen {expected[:12]}...; the held-out set must not change")


def load_split(data: Path, split: str) -> list[Passage]:
    """The passages of a split: the frozen held-out file, or the dev files (all their rows)."""
    if split == "heldout":
        check_frozen(data / HELDOUT_FILE)
        return load_passages(data / HELDOUT_FILE)
    passages: list[Passage] = []
    seen: set[str] = set()
    for name in DEV_FILES:
        for passage in load_passages(data / name):
            if passage.id in seen:
                raise DataError(f"{name}: id {passage.id!r} is repeated across the dev files")
            seen.add(passage.id)
            passages.append(passage)
    return passages


# ---------------------------------------------------------------- scoring (pure)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def most_severe(severities: Iterable[str]) -> str:
    return max(severities, key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else -1)


def predict(findings: Iterable[Finding], min_confidence: float = 0.0) -> Predicted:
    """The labels, severities and AO3 warnings of the findings at or above ``min_confidence``."""
    kept = [f for f in findings if f.confidence >= min_confidence]
    by_label: dict[str, list[str]] = {}
    for finding in kept:
        if finding.scheme == "trigger":
            by_label.setdefault(finding.label, []).append(finding.severity)
    ao3 = frozenset(f.label for f in kept if f.scheme == "ao3" and f.label != NO_WARNINGS)
    return Predicted({label: most_severe(s) for label, s in by_label.items()}, ao3, kept)


def label_counts(
    pairs: Iterable[tuple[Mapping[str, str], Mapping[str, str]]], labels: Sequence[str] = TRIGGER_LABELS
) -> dict[str, Counts]:
    """Per label, passage-level TP/FP/FN over (gold, predicted) label maps; other labels are ignored."""
    counts = {label: Counts() for label in labels}
    for gold, predicted in pairs:
        for label, c in counts.items():
            g, p = label in gold, label in predicted
            c.tp += g and p
            c.fp += p and not g
            c.fn += g and not p
    return counts


def macro_f1(counts: Mapping[str, Counts]) -> float:
    """Mean F1 over the labels with gold support or predictions (a label absent from both is skipped)."""
    in_play = [c for c in counts.values() if c.support or c.predicted]
    return sum(c.prf()[2] for c in in_play) / len(in_play) if in_play else 0.0


def shown_precision(pairs: Iterable[tuple[Mapping[str, str], Sequence[Finding]]], threshold: float = SHOWN) -> tuple[int, int]:
    """Trigger findings at ``threshold`` or more that the gold labels hold, and how many there are."""
    shown = [(gold, f) for gold, findings in pairs for f in findings if f.scheme == "trigger" and f.confidence >= threshold]
    return sum(f.label in gold for gold, f in shown), len(shown)


def micro_f1(counts: Mapping[str, Counts]) -> float:
    return prf(sum(c.tp for c in counts.values()), sum(c.fp for c in counts.values()), sum(c.fn for c in counts.values()))[2]


def severity_agreement(pairs: Iterable[tuple[Mapping[str, str], Mapping[str, str]]]) -> tuple[int, int]:
    """(right, total) severities over the labels both gold and predicted."""
    right = total = 0
    for gold, predicted in pairs:
        for label in gold.keys() & predicted.keys():
            total += 1
            right += gold[label] == predicted[label]
    return right, total


def ao3_agreement(pairs: Iterable[tuple[frozenset[str], frozenset[str]]]) -> tuple[int, int, dict[str, Counts]]:
    """(exact matches, total, per-warning counts); "No Archive Warnings Apply" never counts."""
    pairs = [(gold - {NO_WARNINGS}, predicted - {NO_WARNINGS}) for gold, predicted in pairs]
    exact = sum(gold == predicted for gold, predicted in pairs)
    maps = [(dict.fromkeys(g, ""), dict.fromkeys(p, "")) for g, p in pairs]
    return exact, len(pairs), label_counts(maps, AO3_WARNINGS)


def ao3_baseline(pairs: Iterable[tuple[frozenset[str], frozenset[str]]]) -> dict[str, tuple[Counts, int, int]]:
    """Per warning: (counts, passages decided right, right when predicting nothing), out of len(pairs)."""
    pairs = [(gold - {NO_WARNINGS}, predicted - {NO_WARNINGS}) for gold, predicted in pairs]
    counts = label_counts([(dict.fromkeys(g, ""), dict.fromkeys(p, "")) for g, p in pairs], AO3_WARNINGS)
    return {
        w: (counts[w], sum((w in g) == (w in p) for g, p in pairs), sum(w not in g for g, _ in pairs))
        for w in AO3_WARNINGS
    }


RATING_ORDER = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")


def rating_steps(declared: str | None, suggested: str | None) -> int | None:
    """How many steps apart two ratings are on General < Teen < Mature < Explicit; None if either is off that scale."""
    if declared not in RATING_ORDER or suggested not in RATING_ORDER:
        return None
    return abs(RATING_ORDER.index(declared) - RATING_ORDER.index(suggested))


def warnings_diff(declared: Iterable[str], found: Iterable[str]) -> tuple[list[str], list[str]] | None:
    """(missed, undeclared) Archive Warnings; None when the author chose not to use warnings."""
    declared = set(declared)
    if "Creator Chose Not To Use Archive Warnings" in declared:
        return None
    declared &= set(AO3_WARNINGS)
    found = set(found) & set(AO3_WARNINGS)
    return sorted(declared - found), sorted(found - declared)


def check_evidence(findings: Iterable[Finding], chapters: Sequence[Chapter]) -> EvidenceCheck:
    """Findings without evidence, and evidence spans that are not the chapter text at their offsets."""
    texts = {chapter.number: chapter.text for chapter in chapters}
    check = EvidenceCheck()
    for finding in findings:
        if finding.scheme == "ao3" and finding.label == NO_WARNINGS:
            continue
        if not finding.evidence:
            check.missing += 1
            check.examples.append(f"no evidence: {finding.scheme} {finding.label}")
        for span in finding.evidence:
            text = texts.get(span.chapter)
            if text is None or not 0 <= span.start <= span.end <= len(text) or text[span.start : span.end] != span.text:
                check.mismatched += 1
                check.examples.append(f"span ({span.chapter}, {span.start}, {span.end}) is not {span.text!r}")
    return check


# ---------------------------------------------------------------- running ficscope


Analyze = Callable[[Work], object]  # returns something with .warnings (and .rating, .categories for works)


@dataclass(slots=True)
class PassageResult:
    passage: Passage
    predicted: Predicted
    evidence: EvidenceCheck
    chapters: list[Chapter]


@dataclass(slots=True)
class WorkResult:
    gold: WorkGold
    predicted: Predicted
    evidence: EvidenceCheck
    rating: str | None
    categories: frozenset[str]


def passage_work(passage: Passage) -> Work:
    return Work(title=passage.id, source_format="text", chapters=[Chapter(number=1, text=passage.text)])


def run_passages(passages: Sequence[Passage], analyze: Analyze, min_confidence: float) -> list[PassageResult]:
    results = []
    for passage in passages:
        work = passage_work(passage)
        findings = list(analyze(work).warnings)  # type: ignore[attr-defined]
        results.append(
            PassageResult(passage, predict(findings, min_confidence), check_evidence(findings, work.chapters), work.chapters)
        )
    return results


def run_works(
    works: Sequence[WorkGold], analyze: Analyze, read: Callable[[Path], Work], min_confidence: float, folder: Path
) -> list[WorkResult]:
    results = []
    for gold in works:
        work = read(folder / gold.file)
        analysis = analyze(work)
        findings = list(analysis.warnings)  # type: ignore[attr-defined]
        results.append(
            WorkResult(
                gold,
                predict(findings, min_confidence),
                check_evidence(findings, work.chapters),
                analysis.rating,  # type: ignore[attr-defined]
                frozenset(analysis.categories),  # type: ignore[attr-defined]
            )
        )
    return results


@dataclass(slots=True)
class RealWorkResult:
    name: str  # the file, relative to the real-works folder
    declared_rating: str | None
    suggested_rating: str | None
    declared_warnings: list[str]
    found_warnings: frozenset[str]


def real_work_files(folder: Path) -> list[Path]:
    """The saved pages and HTML downloads under ``folder`` (one format per download folder)."""
    return sorted(p for p in folder.rglob("*.html") if p.is_file())


def run_real_works(
    folder: Path, analyze: Analyze, read: Callable[[Path], Work], min_confidence: float
) -> list[RealWorkResult]:
    from ficscope.errors import FicscopeError

    results: list[RealWorkResult] = []
    seen: set[tuple] = set()
    for path in real_work_files(folder):
        try:
            work = read(path)
        except FicscopeError:
            continue  # a page that holds no readable work (locked, deleted, a listing)
        key = (work.title, tuple(work.authors), work.chapters[0].text[:500] if work.chapters else "")
        if not work.declared.rating or key in seen:
            continue
        seen.add(key)
        analysis = analyze(work)
        predicted = predict(analysis.warnings, min_confidence)  # type: ignore[attr-defined]
        results.append(
            RealWorkResult(
                str(path.relative_to(folder)),
                work.declared.rating,
                analysis.rating,  # type: ignore[attr-defined]
                list(work.declared.warnings),
                predicted.ao3,
            )
        )
    return results


# ---------------------------------------------------------------- presenting


def _f(x: float) -> str:
    return f"{x:5.3f}"


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({_f(right / total if total else 0.0)})"


def _print_evidence(results: Sequence[PassageResult] | Sequence[WorkResult]) -> None:
    missing = sum(r.evidence.missing for r in results)
    mismatched = sum(r.evidence.mismatched for r in results)
    print(f"findings without evidence {missing}; evidence spans not matching the text {mismatched} (both must be 0)")


def _labels(triggers: Mapping[str, str]) -> str:
    return ", ".join(f"{label}:{triggers[label]}" for label in sorted(triggers)) or "-"


def _warnings(ao3: frozenset[str]) -> str:
    return ", ".join(sorted(ao3)) or NO_WARNINGS


def report_passages(results: Sequence[PassageResult]) -> None:
    pairs = [(r.passage.triggers, r.predicted.triggers) for r in results]
    counts = label_counts(pairs)
    print(f"{'label':<22} {'support':>7} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for label, c in counts.items():
        p, r, f = c.prf()
        print(f"{label:<22} {c.support:7d} {c.predicted:5d} {_f(p):>6} {_f(r):>6} {_f(f):>6}")
    unknown = sorted({label for _, predicted in pairs for label in predicted} - set(TRIGGER_LABELS))
    if unknown:
        print(f"predicted labels outside the 32 (not scored): {', '.join(unknown)}")
    print(f"\nmacro-F1 {_f(macro_f1(counts))}   micro-F1 {_f(micro_f1(counts))}")
    print(f"severity             {_share(*severity_agreement(pairs))} true-positive labels with the gold severity")
    right, shown = shown_precision((r.passage.triggers, r.predicted.kept) for r in results)
    print(f"confidence >= {SHOWN}     {_share(right, shown)} trigger findings that the gold labels hold")
    ao3_pairs = [(r.passage.ao3, r.predicted.ao3) for r in results]
    exact, n, _ = ao3_agreement(ao3_pairs)
    baseline = sum(not r.passage.ao3 for r in results)
    print(f"AO3 warnings         {_share(exact, n)} passages with the exact gold set; do-nothing baseline {_share(baseline, n)}")
    print(f"  {'warning':<32} {'support':>7} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}  {'right':>9}  do-nothing: P, R, right")
    for warning, (c, right, nothing) in ao3_baseline(ao3_pairs).items():
        p, r, f = c.prf()
        print(
            f"  {warning:<32} {c.support:7d} {c.predicted:5d} {_f(p):>6} {_f(r):>6} {_f(f):>6}  {right:4d}/{n:<4d}"
            f"  0.000, 0.000, {nothing}/{n}"
        )
    _print_evidence(results)


def report_works(results: Sequence[WorkResult]) -> None:
    n = len(results)
    exact, _, _ = ao3_agreement((r.gold.ao3, r.predicted.ao3) for r in results)
    print(f"\nworks: {n}")
    print(f"rating               {_share(sum(r.rating == r.gold.rating for r in results), n)}")
    print(f"categories           {_share(sum(r.categories == r.gold.categories for r in results), n)} exact sets")
    print(f"AO3 warnings         {_share(exact, n)} exact sets")
    _print_evidence(results)


def report_real_works(results: Sequence[RealWorkResult]) -> None:
    print(f"\nreal works ({len(results)}): declared by their authors against what ficscope suggests")
    print(f"  {'work':<52} {'declared rating':<22} {'suggested':<22} {'steps':>5}  warnings missed | undeclared")
    exact = within = rated = 0
    missed_total = undeclared_total = compared = 0
    for r in results:
        steps = rating_steps(r.declared_rating, r.suggested_rating)
        if steps is not None:
            rated += 1
            exact += steps == 0
            within += steps <= 1
        diff = warnings_diff(r.declared_warnings, r.found_warnings)
        if diff is None:
            said = "author chose not to use warnings"
        else:
            compared += 1
            missed_total += len(diff[0])
            undeclared_total += len(diff[1])
            said = f"{', '.join(diff[0]) or '-'} | {', '.join(diff[1]) or '-'}"
        print(
            f"  {r.name[-52:]:<52} {r.declared_rating or '-':<22} {r.suggested_rating or '-':<22} "
            f"{'-' if steps is None else steps:>5}  {said}"
        )
    print(f"rating               exact {_share(exact, rated)}; within one step {_share(within, rated)}")
    print(
        f"Archive Warnings     over {compared} works that use them: {missed_total} declared and not found, "
        f"{undeclared_total} found and not declared"
    )


def print_pan_context() -> None:
    pan = "; ".join(f"{name} macro-F1 {m:.2f}, micro-F1 {u:.2f}" for name, (m, u) in PAN_2023.items())
    print(f"\nother data (PAN 2023 test set), not comparable: {pan}")


def _evidence_lines(predicted: Predicted) -> list[str]:
    lines = []
    for finding in predicted.kept:
        for span in finding.evidence:
            where = f"ch{span.chapter} {span.start}-{span.end}"
            said = f"{finding.scheme}:{finding.label} {finding.severity} {finding.confidence:.2f}"
            lines.append(f"    {said}  {where}  {' '.join(span.text.split())}")
    return lines  # findings without evidence show up in the EvidenceCheck examples


def print_passage_errors(results: Sequence[PassageResult]) -> None:
    print("\nerrors")
    for r in results:
        gold, predicted = r.passage.triggers, r.predicted.triggers
        if gold == predicted and r.passage.ao3 == r.predicted.ao3 and not r.evidence.examples:
            continue
        print(f"{r.passage.id} ({r.passage.why})")
        print(f"  gold      {_labels(gold)}  |  {_warnings(r.passage.ao3)}")
        print(f"  predicted {_labels(predicted)}  |  {_warnings(r.predicted.ao3)}")
        missed, extra = sorted(gold.keys() - predicted.keys()), sorted(predicted.keys() - gold.keys())
        severity = sorted(label for label in gold.keys() & predicted.keys() if gold[label] != predicted[label])
        print(f"  missed {', '.join(missed) or '-'}; extra {', '.join(extra) or '-'}; severity {', '.join(severity) or '-'}")
        print(f"  text: {r.passage.text}")
        for line in _evidence_lines(r.predicted) + [f"    {e}" for e in r.evidence.examples]:
            print(line)


def print_work_errors(results: Sequence[WorkResult]) -> None:
    for r in results:
        wrong = []
        if r.rating != r.gold.rating:
            wrong.append(f"rating {r.gold.rating} / predicted {r.rating}")
        if r.categories != r.gold.categories:
            wrong.append(f"categories {sorted(r.gold.categories)} / predicted {sorted(r.categories)}")
        if r.gold.ao3 != r.predicted.ao3:
            wrong.append(f"AO3 {_warnings(r.gold.ao3)} / predicted {_warnings(r.predicted.ao3)}")
        if not wrong and not r.evidence.examples:
            continue
        print(f"{r.gold.file}: {'; '.join(wrong)}")
        print(f"  triggers gold      {_labels(r.gold.triggers)}")
        print(f"  triggers predicted {_labels(r.predicted.triggers)}")
        for line in _evidence_lines(r.predicted) + [f"    {e}" for e in r.evidence.examples]:
            print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, default="heldout")
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--errors", action="store_true", help="print each passage and work with a mistake (dev only)")
    parser.add_argument("--no-works", action="store_true", help="leave out the hand-written whole works")
    parser.add_argument("--no-real-works", action="store_true", help="leave out the real AO3 works")
    parser.add_argument("--data", type=Path, default=DATA, help="the folder holding the passage files, works.jsonl and works/")
    parser.add_argument("--real-works", type=Path, default=REAL_WORKS, help="the folder of real AO3 files")
    args = parser.parse_args(argv)
    if args.errors and args.split == "heldout":
        print("--errors is for the dev split: the held-out set is not read while tuning", file=sys.stderr)
        return 2

    import ficscope
    from ficscope.readers import read_work

    try:
        passages = load_split(args.data, args.split)
        works = [] if args.no_works else load_works(args.data / "works.jsonl", args.split)
    except (OSError, DataError) as error:
        print(error, file=sys.stderr)
        return 2
    negatives = sum(not p.triggers for p in passages)
    print(
        f"warnings set, {args.split} split: {len(passages)} passages ({negatives} without triggers), "
        f"{len(works)} works; min confidence {args.min_confidence}"
    )
    started = time.perf_counter()
    passage_results = run_passages(passages, ficscope.analyze_work, args.min_confidence)
    work_results = run_works(works, ficscope.analyze_work, read_work, args.min_confidence, args.data / "works")
    real_results = []
    if not args.no_real_works and args.real_works.is_dir():
        real_results = run_real_works(args.real_works, ficscope.analyze_work, read_work, args.min_confidence)
    elapsed = time.perf_counter() - started
    findings = sum(len(r.predicted.kept) for r in passage_results)
    if not findings:
        print("no findings at all: the pipeline has no warnings stage yet, or it found nothing")
    print()
    report_passages(passage_results)
    if works:
        report_works(work_results)
    if real_results:
        report_real_works(real_results)
    elif not args.no_real_works:
        print(f"\nreal works: none read from {args.real_works}")
    print_pan_context()
    if args.errors:
        print_passage_errors(passage_results)
        print_work_errors(work_results)
    print(f"\ntime {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
