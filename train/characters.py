"""Fit the person model shipped in src/ficscope/knowledge/models/characters.json, and
the word counts in src/ficscope/knowledge/names/word_frequencies.tsv it reads.

    .venv/bin/python train/characters.py [--check]

Data: PDNC's train novels only (``../shared/data/pdnc``, SPLIT.tsv); the dev novels are
only scored. LitBank is not fitted on (bench/characters_litbank.py checks the result).

1. Word counts: how often each word is written in lower case over the train novels'
   texts, kept when at least ``MIN_WORD_COUNT``; the ``english_word`` feature reads them.
2. Rows: each train novel is read with ``ficscope.read_work`` as the bench reads it;
   ``characters.gather`` lists its candidate names with their features
   (``characters_features.FEATURES``). A name form with at least ``MIN_MENTIONS``
   occurrences is a row; it is a person (label 1) when, compared as
   bench/characters_pdnc.py compares names, it is a name or alias of exactly one member
   of the novel's cast (``character_info.csv``), and 0 otherwise (a place, a word, a
   surname of a whole family, someone who never speaks).
3. A logistic regression (L2 penalty, full-batch gradient descent with Adam from zero
   weights, no randomness, novels in name order) is fitted on the rows. Two thresholds
   of ``THRESHOLDS`` are chosen on train: for names with ``person_model.FREQUENT`` or
   more mentions (the characters bench/characters_pdnc.py scores for precision) the one
   with the best F0.5, precision weighed above recall; for rarer names (all of a short
   work's) the one with the best F1.

Writes the weights, ``characters.provenance.json`` (data, split, figures) and the word
counts; ``--check`` fits and compares with the committed files instead of writing.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.characters_pdnc import DATA, PdncMissing, form, members_of, read_cast, split_novels, Listed  # noqa: E402
from train._outputs import MODELS, check_wanted, write_or_check  # noqa: E402
from ficscope import read_work  # noqa: E402
from ficscope.stages import characters, person_model  # noqa: E402
from ficscope.stages.characters_features import FEATURES  # noqa: E402

KNOWLEDGE = ROOT / "src" / "ficscope" / "knowledge"
MODEL_FILE = MODELS / "characters.json"
PROVENANCE_FILE = MODELS / "characters.provenance.json"
WORDS_FILE = KNOWLEDGE / "names" / "word_frequencies.tsv"
MIN_WORD_COUNT = 3
MIN_MENTIONS = 2
L2 = 0.001
STEPS = 4000
LEARNING_RATE = 0.05
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.81, 0.05))
_LOWER = re.compile(r"\b[a-z][a-z'\u2019-]+\b")
WORDS_HEADER = (
    "# word_frequencies.tsv: how often each word is written in lower case in PDNC's train\n"
    "# novels (Project Gutenberg texts; see ../shared/data/pdnc/README.md), kept when at least\n"
    "# {min} times. Written by train/characters.py; do not edit by hand.\n"
    "# Format: word<TAB>count, '#' starts a comment.\n"
)


def word_counts(texts: list[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.replace("\u2019", "'") for w in _LOWER.findall(text))
    return {w: c for w, c in sorted(counts.items()) if c >= MIN_WORD_COUNT and "#" not in w}


def words_text(counts: dict[str, int]) -> str:
    return WORDS_HEADER.format(min=MIN_WORD_COUNT) + "".join(f"{w}\t{c}\n" for w, c in counts.items())


def rows(novel: str, frequencies: dict[str, int]) -> tuple[list[str], list[list[float]], list[float], list[int]]:
    """A novel's candidate forms, their features, labels and occurrence counts."""
    work = read_work(DATA / novel / "novel_text.txt")
    seen = characters.gather(work.chapters, frequencies=frequencies)
    cast = read_cast(DATA / novel / "character_info.csv")
    counts = Counter(occ.name for occ in seen.found)
    names, table, labels, sizes = [], [], [], []
    for name, values in sorted(seen.table.items()):
        if counts[name] < MIN_MENTIONS:
            continue
        listed = Listed(name, frozenset({form(name)}), counts[name])
        names.append(name)
        table.append(values)
        labels.append(float(len(members_of(listed, cast)) == 1))
        sizes.append(counts[name])
    return names, table, labels, sizes


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    weights = np.zeros(x.shape[1])
    m = np.zeros_like(weights)
    v = np.zeros_like(weights)
    penalty = np.ones_like(weights)
    penalty[0] = 0.0  # the bias is not penalised
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ weights)))
        grad = x.T @ (p - y) / len(y) + L2 * penalty * weights
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        weights -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return np.round(weights, 6)


def scores(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    kept = p >= threshold
    right = float((kept & (y == 1)).sum())
    precision = right / kept.sum() if kept.sum() else 0.0
    recall = right / (y == 1).sum() if (y == 1).sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f_half = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
    accuracy = float((kept == (y == 1)).mean()) if len(y) else 0.0
    return {k: round(100 * v, 1) for k, v in (("precision", precision), ("recall", recall), ("f1", f1), ("f0.5", f_half), ("accuracy", accuracy))}


def main(argv: list[str] | None = None) -> int:
    check = check_wanted(__doc__, argv)
    started = time.perf_counter()
    try:
        train, dev = split_novels("train"), split_novels("dev")
    except PdncMissing as error:
        print(error, file=sys.stderr)
        return 2
    frequencies = word_counts([(DATA / n / "novel_text.txt").read_text(encoding="utf-8") for n in train])
    data = {n: rows(n, frequencies) for n in (*train, *dev)}

    def stack(novels: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x = np.array([v for n in novels for v in data[n][1]], dtype=np.float64)
        y = np.array([v for n in novels for v in data[n][2]], dtype=np.float64)
        sizes = np.array([v for n in novels for v in data[n][3]])
        return x, y, sizes

    x, y, sizes = stack(train)
    weights = fit(x, y)

    def probabilities(x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ weights)))

    frequent = sizes >= person_model.FREQUENT
    threshold = max(THRESHOLDS, key=lambda t: (scores(probabilities(x[frequent]), y[frequent], t)["f0.5"], -t))
    rare = ~frequent
    threshold_rare = max(THRESHOLDS, key=lambda t: (scores(probabilities(x[rare]), y[rare], t)["f0.5"], -t))
    figures: dict[str, dict[str, float]] = {}
    for label, novels in (("train (fitted)", train), ("dev (held out)", dev)):
        xs, ys, sizes = stack(novels)
        big = sizes >= person_model.FREQUENT
        figures[f"{label}, forms with {MIN_MENTIONS}-{person_model.FREQUENT - 1} mentions"] = scores(
            probabilities(xs[~big]), ys[~big], threshold_rare
        )
        figures[f"{label}, forms with >= {person_model.FREQUENT} mentions"] = scores(probabilities(xs[big]), ys[big], threshold)
    model = {
        "format": person_model.FORMAT,
        "version": person_model.FORMAT_VERSION,
        "kind": "logistic regression over a candidate name's features: is it one person of the cast",
        "threshold": float(threshold),
        "threshold_rare": float(threshold_rare),
        "weights": {f: float(w) for f, w in zip(FEATURES, weights)},
    }
    provenance = {
        "model": "characters.json",
        "command": ".venv/bin/python train/characters.py",
        "data": "PDNC (Vishnubhotla, Hammond & Hirst, LREC 2022), ../shared/data/pdnc; each novel's cast with aliases",
        "split": {"train": train, "dev (scored only)": dev},
        "training": {
            "rows": int(len(y)),
            "people": int(y.sum()),
            "min_mentions": MIN_MENTIONS,
            "l2": L2,
            "steps": STEPS,
            "learning_rate": LEARNING_RATE,
            "word_frequencies": f"names/word_frequencies.tsv: {len(frequencies)} words, train novels only",
        },
        "percent_per_name_form_at_threshold": figures,
        "note": "per name form, labelled by the cast; bench/characters_pdnc.py and bench/characters_litbank.py "
        "give the per-character figures",
    }
    for key, value in figures.items():
        print(f"{key:<45} " + "  ".join(f"{k} {v:5.1f}" for k, v in value.items()))
    print(f"thresholds {threshold} (rare names {threshold_rare}); weights: " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, weights)))
    model_text = json.dumps(model, indent=2, sort_keys=True) + "\n"
    outputs = {MODEL_FILE: model_text, PROVENANCE_FILE: json.dumps(provenance, indent=2) + "\n", WORDS_FILE: words_text(frequencies)}
    return write_or_check(outputs, check, started)


if __name__ == "__main__":
    raise SystemExit(main())
