"""The warnings evaluation set is well-formed, and bench/warnings_eval.py scores it right (no spaCy)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.warnings_eval import (
    AO3_WARNINGS,
    DATA,
    NO_WARNINGS,
    SEVERITIES,
    SPLITS,
    TRIGGER_LABELS,
    DataError,
    Passage,
    ao3_agreement,
    check_evidence,
    label_counts,
    load_passages,
    load_works,
    macro_f1,
    micro_f1,
    predict,
    run_passages,
    severity_agreement,
)
from ficscope.model import CATEGORIES, Chapter, Finding, Span
from ficscope.readers import read_work

ROOT = Path(__file__).resolve().parents[2]
PASSAGE_KEYS = {"id", "split", "text", "triggers", "ao3", "why"}
WORK_KEYS = {"file", "split", "rating", "categories", "ao3", "triggers"}
# A sentence ends at . ! or ? (and any closing quote) before a space and a capital or an opening quote.
_SENTENCE_END = re.compile(r"[.!?]+[\"\u201d')]*(?=\s+[\"\u201c(A-Z]|\s*$)")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in (DATA / "passages.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    return load_passages()


# ---------------------------------------------------------------- the passages


def test_every_passage_line_is_an_object_with_exactly_the_documented_fields(rows: list[dict]) -> None:
    assert all(set(row) == PASSAGE_KEYS for row in rows)
    assert all(isinstance(row["triggers"], dict) and isinstance(row["ao3"], list) for row in rows)


def test_passage_ids_and_texts_are_unique(rows: list[dict]) -> None:
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["text"] for row in rows}) == len(rows)


def test_labels_severities_and_ao3_warnings_are_spelled_as_the_contract_spells_them(rows: list[dict]) -> None:
    for row in rows:
        assert set(row["triggers"]) <= set(TRIGGER_LABELS), row["id"]
        assert set(row["triggers"].values()) <= set(SEVERITIES), row["id"]
        assert set(row["ao3"]) <= set(AO3_WARNINGS), row["id"]
        assert NO_WARNINGS not in row["ao3"], "an empty list stands for No Archive Warnings Apply"


def test_the_loader_accepts_the_whole_set(passages: list[Passage]) -> None:
    assert len(passages) >= 240


def test_every_passage_is_two_to_eight_sentences(passages: list[Passage]) -> None:
    lengths = {p.id: len(_SENTENCE_END.findall(p.text)) for p in passages}
    assert {pid: n for pid, n in lengths.items() if not 2 <= n <= 8} == {}


def test_every_label_has_three_positives_and_one_in_each_split(passages: list[Passage]) -> None:
    per_split = {split: Counter(label for p in passages if p.split == split for label in p.triggers) for split in SPLITS}
    for label in TRIGGER_LABELS:
        assert per_split["dev"][label] + per_split["heldout"][label] >= 3, label
        assert per_split["dev"][label] >= 1 and per_split["heldout"][label] >= 1, label


def test_every_ao3_warning_appears_in_each_split(passages: list[Passage]) -> None:
    for split in SPLITS:
        assert {w for p in passages if p.split == split for w in p.ao3} == set(AO3_WARNINGS), split


def test_at_least_forty_passages_have_no_trigger_and_both_splits_have_some(passages: list[Passage]) -> None:
    negatives = [p for p in passages if not p.triggers]
    assert len(negatives) >= 40
    assert {p.split for p in negatives} == set(SPLITS)
    assert all(not p.ao3 for p in negatives)


def test_the_splits_are_about_half_each(passages: list[Passage]) -> None:
    dev = sum(p.split == "dev" for p in passages)
    assert 0.4 <= dev / len(passages) <= 0.6


def test_passages_follow_the_annotation_rules_in_the_readme(passages: list[Passage]) -> None:
    """The implications README.md states, so a later annotator stays consistent."""
    implies = [
        ("misogyny", "sexism"),
        ("kidnapping", "abduction"),
        ("child-abuse", "abuse"),
        ("childbirth", "pregnancy"),
        ("miscarriages", "pregnancy"),
        ("abortion", "pregnancy"),
    ]
    for p in passages:
        t = p.triggers
        for label, needed in implies:
            if label in t:
                assert needed in t, (p.id, label, needed)
        assert ("Graphic Depictions Of Violence" in p.ao3) == (t.get("violence") == "graphic"), p.id
        if "Major Character Death" in p.ao3:
            assert "death" in t, p.id
        assert ("Rape/Non-Con" in p.ao3) == (t.get("sexual-assault") in ("depicted", "graphic")), p.id
        if "Underage Sex" in p.ao3:
            assert "underage" in t, p.id
        if "underage" in t:
            assert t["underage"] == "referenced" and "pornographic-content" not in t, p.id
        assert t.get("pregnancy") != "graphic", p.id


# ---------------------------------------------------------------- the works


@pytest.fixture(scope="module")
def work_rows() -> list[dict]:
    return [json.loads(line) for line in (DATA / "works.jsonl").read_text(encoding="utf-8").splitlines()]


def test_there_are_sixteen_works_or_more_in_both_splits(work_rows: list[dict]) -> None:
    assert len(work_rows) >= 16
    assert all(set(row) == WORK_KEYS for row in work_rows)
    assert len({row["file"] for row in work_rows}) == len(work_rows)
    splits = Counter(row["split"] for row in work_rows)
    assert set(splits) == set(SPLITS) and min(splits.values()) >= len(work_rows) * 0.4


def test_work_gold_ratings_categories_and_labels_are_valid_values() -> None:
    works = load_works()
    assert {w.rating for w in works} == {"General Audiences", "Teen And Up Audiences", "Mature", "Explicit"}
    assert set().union(*(w.categories for w in works)) <= set(CATEGORIES)
    assert {c for w in works for c in w.categories} >= {"Gen", "M/M", "F/M", "F/F", "Multi"}
    for split in SPLITS:
        assert len({w.rating for w in works if w.split == split}) == 4, split


def test_work_files_exist_decode_and_read_as_pasted_text(work_rows: list[dict]) -> None:
    for row in work_rows:
        path = DATA / "works" / row["file"]
        text = path.read_bytes().decode("utf-8")
        assert not re.search(r"(?im)^\s*(rating|archive warnings?|category|categories)\s*:", text), row["file"]
        work = read_work(path)
        words = sum(len(chapter.text.split()) for chapter in work.chapters)
        assert work.title and 300 <= words <= 1200, (row["file"], words)
    listed = {row["file"] for row in work_rows}
    assert {p.name for p in (DATA / "works").iterdir()} == listed


# ---------------------------------------------------------------- the loader


def _write(tmp_path: Path, row: dict) -> Path:
    path = tmp_path / "passages.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


GOOD = {"id": "x1", "split": "dev", "text": "A. B.", "triggers": {"violence": "depicted"}, "ao3": [], "why": "w"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ao3": ["Graphic Depictions of Violence"]}, "spelled"),
        ({"triggers": {"violent": "depicted"}}, "32 trigger labels"),
        ({"triggers": {"violence": "shown"}}, "severity"),
        ({"split": "test"}, "split"),
    ],
)
def test_the_loader_names_the_line_and_the_mistake(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(DataError, match=message) as caught:
        load_passages(_write(tmp_path, {**GOOD, **change}))
    assert "passages.jsonl:1" in str(caught.value)


# ---------------------------------------------------------------- the scoring


def _finding(label: str, severity: str = "depicted", confidence: float = 0.9, scheme: str = "trigger") -> Finding:
    return Finding(scheme, label, severity, confidence, [Span(1, 0, 1, "A")])  # type: ignore[arg-type]


GOLD = [
    {"violence": "graphic", "blood": "graphic"},
    {"death": "referenced"},
    {},
    {"pregnancy": "depicted", "childbirth": "depicted"},
]


def test_perfect_predictions_score_one() -> None:
    pairs = list(zip(GOLD, GOLD))
    counts = label_counts(pairs)
    assert macro_f1(counts) == 1.0 and micro_f1(counts) == 1.0
    assert severity_agreement(pairs) == (5, 5)


def test_predicting_nothing_scores_zero() -> None:
    pairs = [(gold, {}) for gold in GOLD]
    counts = label_counts(pairs)
    assert macro_f1(counts) == 0.0 and micro_f1(counts) == 0.0
    assert counts["violence"].support == 1 and counts["violence"].predicted == 0
    assert severity_agreement(pairs) == (0, 0)


def test_a_hand_worked_example() -> None:
    predicted = [
        {"violence": "depicted"},  # blood missed; violence right with the wrong severity
        {"death": "referenced", "dying": "referenced"},  # dying is a false positive
        {"violence": "depicted"},  # a false positive on a clean passage
        {"pregnancy": "depicted", "childbirth": "depicted"},
    ]
    pairs = list(zip(GOLD, predicted))
    counts = label_counts(pairs)
    assert (counts["violence"].tp, counts["violence"].fp, counts["violence"].fn) == (1, 1, 0)
    assert counts["violence"].prf() == pytest.approx((0.5, 1.0, 2 / 3))
    assert counts["blood"].prf() == (0.0, 0.0, 0.0)
    # in play: violence 2/3, blood 0, death 1, dying 0, pregnancy 1, childbirth 1; the other 26 are skipped
    assert macro_f1(counts) == pytest.approx((2 / 3 + 0 + 1 + 0 + 1 + 1) / 6)
    # pooled: tp 4 (violence, death, pregnancy, childbirth), fp 2 (violence, dying), fn 1 (blood)
    assert micro_f1(counts) == pytest.approx(2 * 4 / (2 * 4 + 2 + 1))
    assert severity_agreement(pairs) == (3, 4)


def test_labels_outside_the_32_are_not_scored() -> None:
    counts = label_counts([({"violence": "depicted"}, {"violence": "depicted", "gore": "graphic"})])
    assert "gore" not in counts and micro_f1(counts) == 1.0


def test_predict_drops_low_confidence_findings_and_keeps_the_most_severe() -> None:
    findings = [
        _finding("violence", "referenced", 0.9),
        _finding("violence", "graphic", 0.6),
        _finding("blood", "depicted", 0.2),
        _finding(NO_WARNINGS, "referenced", 0.9, "ao3"),
        _finding("Major Character Death", "depicted", 0.8, "ao3"),
    ]
    assert predict(findings).triggers == {"violence": "graphic", "blood": "depicted"}
    high = predict(findings, min_confidence=0.7)
    assert high.triggers == {"violence": "referenced"}
    assert high.ao3 == frozenset({"Major Character Death"})
    assert len(high.kept) == 3


def test_ao3_empty_gold_means_no_archive_warnings_apply() -> None:
    pairs = [
        (frozenset(), frozenset()),
        (frozenset(), frozenset({NO_WARNINGS})),
        (frozenset({"Rape/Non-Con"}), frozenset({"Rape/Non-Con"})),
        (frozenset({"Major Character Death"}), frozenset({"Major Character Death", "Graphic Depictions Of Violence"})),
        (frozenset({"Underage Sex"}), frozenset()),
    ]
    exact, total, per_warning = ao3_agreement(pairs)
    assert (exact, total) == (3, 5)
    assert per_warning["Major Character Death"].prf()[:2] == (1.0, 1.0)
    assert per_warning["Graphic Depictions Of Violence"].fp == 1
    assert per_warning["Underage Sex"].fn == 1
    assert NO_WARNINGS not in per_warning


def test_evidence_must_exist_and_be_the_text_at_its_offsets() -> None:
    chapters = [Chapter(number=1, text="He hit him. Blood ran.")]
    good = Finding("trigger", "violence", "depicted", 0.9, [Span(1, 0, 11, "He hit him.")])
    shifted = Finding("trigger", "blood", "depicted", 0.9, [Span(1, 11, 22, "Blood ran.")])
    nowhere = Finding("trigger", "blood", "depicted", 0.9, [Span(2, 0, 5, "Blood")])
    bare = Finding("trigger", "death", "referenced", 0.1, [])
    none_apply = Finding("ao3", NO_WARNINGS, "referenced", 1.0, [])
    check = check_evidence([good, shifted, nowhere, bare, none_apply], chapters)
    assert (check.missing, check.mismatched) == (1, 2)
    assert check_evidence([good, none_apply], chapters).examples == []


class _FakeAnalysis:
    def __init__(self, warnings: list[Finding]) -> None:
        self.warnings = warnings


def test_run_passages_reads_each_passage_as_a_one_chapter_work() -> None:
    passages = [
        Passage("a", "dev", "He hit him.", {"violence": "depicted"}, frozenset(), "w"),
        Passage("b", "dev", "A quiet day.", {}, frozenset(), "w"),
    ]

    def analyze(work):  # a detector that flags "hit" with the sentence as evidence
        text = work.chapters[0].text
        if "hit" not in text:
            return _FakeAnalysis([])
        return _FakeAnalysis([Finding("trigger", "violence", "depicted", 0.8, [Span(1, 0, len(text), text)])])

    results = run_passages(passages, analyze, 0.0)
    assert [r.predicted.triggers for r in results] == [{"violence": "depicted"}, {}]
    assert all(r.evidence.missing == r.evidence.mismatched == 0 for r in results)
    assert results[0].chapters[0].number == 1


def test_the_scorer_imports_without_spacy() -> None:
    code = "import sys, bench.warnings_eval; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
