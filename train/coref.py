"""Fit the pronoun model shipped in src/ficscope/knowledge/models/coref.json.

    .venv/bin/python train/coref.py [--check]

Data: LitBank's dev texts (``../shared/data/litbank``, SPLIT.tsv: 80 dev, 20 test); the
test texts are only scored. Each text is prepared as bench/coref_litbank.py prepares it
(the characters stage's characters and name mentions, the quotes stage's quotations,
each character's gold coref cluster by its name mentions).

Rows: ``coref.resolve_chapter`` walks each text; at every pronoun and epithet of
LitBank's coreference layer (the same span), its candidates (``coref.candidates``) are a group: the candidate of its cluster is
the right one when the cluster is a character's, ``coref.NOBODY`` when it is not. The walk goes on as if the
pronoun had been resolved right (groups without a right candidate are left out). A
conditional logit (train/speakers.py's ``fit``: L2 penalty, full-batch gradient descent
with Adam from zero weights, no randomness, texts in name order) is fitted on the
pronouns' groups, and another on the epithets'.

Writes the weights and ``coref.provenance.json`` (data, split, figures from
bench/coref_litbank.py on both splits); ``--check`` fits and compares with the committed
files instead of writing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.coref_litbank import Resolved, nearest_agreeing, prepare, tally  # noqa: E402
from bench.litbank import LitbankMissing, documents  # noqa: E402
from train._outputs import write_or_check  # noqa: E402
from ficscope.stages import coref  # noqa: E402
from ficscope.stages.nlp import Parser  # noqa: E402
from train import speakers as logit  # noqa: E402

MODELS = ROOT / "src" / "ficscope" / "knowledge" / "models"
MODEL_FILE = MODELS / "coref.json"
PROVENANCE_FILE = MODELS / "coref.provenance.json"


def groups(item: Resolved) -> dict[bool, list[tuple[list[tuple[float, ...]], int]]]:
    """Each scorable pronoun's (False) and epithet's (True) candidate features and the
    index of the right one."""
    found: dict[bool, list[tuple[list[tuple[float, ...]], int]]] = {False: [], True: []}
    named = set(item.cluster_of.values())

    def teacher(pronoun: coref.Pronoun, options: list[coref.Candidate]) -> int | None:
        cluster = item.gold.get((pronoun.start, pronoun.end))
        if cluster is None:
            return None
        if cluster in named:
            right = [i for i, c in enumerate(options) if c.character and item.cluster_of.get(c.character) == cluster]
        else:
            right = [len(options) - 1]  # nobody of the characters
        if not right:
            return None
        found[pronoun.nominal].append(([c.features for c in options], right[0]))
        return right[0]

    coref.resolve_chapter(item.chapter, item.mentions, item.characters, item.quotes, model=coref.CorefModel(()), choose=teacher)
    return found


def stack(rows: list[tuple[list[tuple[float, ...]], int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    x, group, label = [], [], []
    for g, (options, right) in enumerate(rows):
        for i, values in enumerate(options):
            x.append(values)
            group.append(g)
            label.append(1.0 if i == right else 0.0)
    return np.array(x, dtype=np.float64), np.array(group), np.array(label), len(rows)


def figures(items: list[Resolved], model: coref.CorefModel) -> dict[str, float]:
    def choose_with(m: coref.CorefModel):
        return lambda pronoun, options: max(range(len(options)), key=lambda i: m.score(options[i].features, pronoun.nominal))

    result: dict[str, float] = {}
    for kind, nominal in (("pronoun", False), ("epithet", True)):
        for label, choose in (("model", choose_with(model)), ("baseline_nearest_agreeing", nearest_agreeing)):
            counts = [tally(item, choose, nominal) for item in items]
            right, total, linked, other, made = (sum(c[k] for c in counts) for k in range(5))
            result[f"{kind}_{label}_accuracy_percent"] = round(100 * right / max(1, total), 1)
            result[f"{kind}_{label}_precision_percent"] = round(100 * right / max(1, made), 1)
            result[f"{kind}_{label}_wrongly_linked_percent"] = round(100 * linked / max(1, other), 1)
            result[f"{kind}s_of_named_characters"] = total
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fit and compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        dev, test = documents("dev"), documents("test")
    except LitbankMissing as error:
        print(error, file=sys.stderr)
        return 2
    spacy = Parser()
    dev_items = [prepare(doc, spacy) for doc in sorted(dev, key=lambda d: d.name)]
    test_items = [prepare(doc, spacy) for doc in sorted(test, key=lambda d: d.name)]
    rows: dict[bool, list[tuple[list[tuple[float, ...]], int]]] = {False: [], True: []}
    for item in dev_items:
        for nominal, found in groups(item).items():
            rows[nominal].extend(found)
    fitted = {nominal: logit.fit(*stack(found)) for nominal, found in rows.items()}
    model = coref.CorefModel(*(tuple(float(w) for w in fitted[nominal]) for nominal in (False, True)))
    scored = {"dev (fitted)": figures(dev_items, model), "test (held out)": figures(test_items, model)}
    data = {
        "format": coref.FORMAT,
        "version": coref.FORMAT_VERSION,
        "kind": "conditional logit over a pronoun's candidate characters",
        "weights": dict(zip(coref.FEATURES, model.weights)),
        "nominal_weights": dict(zip(coref.FEATURES, model.nominal_weights)),
    }
    provenance = {
        "model": "coref.json",
        "command": ".venv/bin/python train/coref.py",
        "data": "LitBank (Bamman et al.), ../shared/data/litbank: coreference layer, pronoun mentions of named characters",
        "split": {"fitted": "dev (80 texts)", "scored only": "test (20 texts)"},
        "training": {
            "pronoun_groups": len(rows[False]),
            "epithet_groups": len(rows[True]),
            "l2": logit.L2,
            "steps": logit.STEPS,
            "learning_rate": logit.LEARNING_RATE,
        },
        "figures": scored,
        "note": "bench/coref_litbank.py prints the same figures; they score pronoun links to named characters, "
        "not LitBank's CoNLL coreference metrics",
    }
    for key, value in scored.items():
        print(f"{key:<16} " + "  ".join(f"{k} {v}" for k, v in value.items()))
    print("pronoun weights: " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(coref.FEATURES, model.weights)))
    print("epithet weights: " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(coref.FEATURES, model.nominal_weights)))
    outputs = {MODEL_FILE: json.dumps(data, indent=2, sort_keys=True) + "\n", PROVENANCE_FILE: json.dumps(provenance, indent=2) + "\n"}
    return write_or_check(outputs, args.check, started)


if __name__ == "__main__":
    raise SystemExit(main())
