"""Fit the speaker model shipped in src/ficscope/knowledge/models/speakers.json.

    .venv/bin/python train/speakers.py [--cache /tmp/ficscope-speakers] [--check]

Data: PDNC's train novels only (``../shared/data/pdnc``, SPLIT.tsv; never the dev
novels, which are only scored). LitBank's SPLIT.tsv has no train part (dev and test
only), so nothing of LitBank is fitted on. For each novel, the stages before
``speakers`` run on its text; the rules of the speakers stage then attribute PDNC's gold
quotation spans, and ``speaker_model.candidates`` lists each quote's candidates with
their features. A candidate is right when it names the gold speaker by the strict rule
of bench/speaker_match.py. A conditional logit (softmax over each quote's candidates,
L2 penalty) is fitted by full-batch gradient descent from zero weights: no randomness,
inputs sorted by novel name, so the same data and code give the same file. Writes the
weights and ``speakers.provenance.json`` (data, split, figures, command) beside them;
``--check`` fits and compares with the committed file instead of writing.

The stages before ``speakers`` take a few seconds a novel; their output is cached in
``--cache`` (outside the repository), keyed by the novel and by ficscope's source.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.pdnc import Novel, PdncMissing, novels  # noqa: E402
from bench.quotes_pdnc import with_marks  # noqa: E402
from bench.speaker_match import Cast  # noqa: E402
from ficscope.model import Chapter, Quote, Work  # noqa: E402
from ficscope.pipeline import Doc, default_pipeline  # noqa: E402
from ficscope.stages import speaker_model, speakers  # noqa: E402

MODEL_DIR = ROOT / "src" / "ficscope" / "knowledge" / "models"
L2 = 0.01
STEPS = 3000
LEARNING_RATE = 0.1
MARGIN = 0.01
KEPT_CUES = ("cue narrator", "cue nominal")  # the rules' answer always stands after these (see below)
# Sources whose change leaves the stages before ``speakers`` as they were.
_NOT_UPSTREAM = {"speakers.py", "speaker_model.py", "speaker_names.py", "speech_tags.py", "speakers.json", "speakers.provenance.json"}


def _source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "ficscope").rglob("*")):
        if path.is_file() and path.name not in _NOT_UPSTREAM and path.suffix in (".py", ".txt", ".json"):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def upstream(novel: Novel, cache: Path) -> Doc:
    """The novel as a one-chapter document through every stage before ``speakers``."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{novel.name}-{_source_hash()}.pickle"
    if path.is_file():
        with open(path, "rb") as handle:
            return pickle.load(handle)
    doc = Doc(Work(title=novel.name, source_format="text", chapters=[Chapter(number=1, text=novel.text)]))
    for stage in default_pipeline().stages:
        if stage.name == "speakers":
            break
        stage.run(doc)
    doc.parser = type(doc.parser)()  # the parses made so far are not worth keeping
    partial = path.with_suffix(".partial")
    with open(partial, "wb") as handle:
        pickle.dump(doc, handle)
    partial.replace(path)
    return doc


def quote_table(novel: Novel, cache: Path) -> tuple[list[list[speaker_model.Candidate]], list[str], list[str]]:
    """Each gold sub-span's candidates, with its gold speaker and quote type."""
    doc = upstream(novel, cache)
    chapter = doc.work.chapters[0]
    spans = sorted({(*with_marks(novel.text, s, e), qi) for qi, q in enumerate(novel.quotations) for s, e in q.spans})
    seen: set[int] = set()
    quotes, golds, kinds = [], [], []
    for start, end, qi in spans:
        if start in seen:
            continue
        seen.add(start)
        quotes.append(Quote(chapter=1, start=start, end=end, text=novel.text[start:end], confidence=1.0))
        golds.append(novel.quotations[qi].speaker)
        kinds.append(novel.quotations[qi].quote_type)
    mentions = doc.mentions
    pov = speakers.chapter_pov(chapter, mentions, doc.layout)
    sections = speakers.pov_sections(chapter, quotes, mentions, doc.layout)
    _, view = speakers.rules(chapter, quotes, mentions, doc.characters, pov, sections)
    return speaker_model.candidates(view), golds, kinds


def design(tables: list[tuple[list[list[speaker_model.Candidate]], list[str], Cast]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Rows of candidate features, each row's quote number, each row's label; quotes
    with no right candidate are left out (nothing to learn from them)."""
    rows, groups, labels = [], [], []
    group = 0
    for table, golds, cast in tables:
        for options, gold in zip(table, golds):
            right = [cast.matches(c.name, gold) for c in options]
            if not any(right):
                continue
            for c, r in zip(options, right):
                rows.append(c.features)
                groups.append(group)
                labels.append(float(r))
            group += 1
    return np.array(rows, dtype=np.float64), np.array(groups), np.array(labels), group


def fit(x: np.ndarray, groups: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Conditional logit weights by gradient descent with Adam, from zero."""
    weights = np.zeros(x.shape[1])
    m = np.zeros_like(weights)
    v = np.zeros_like(weights)
    # Several right candidates in a quote share its target.
    target = labels / np.bincount(groups, weights=labels, minlength=count)[groups]
    for step in range(1, STEPS + 1):
        scores = x @ weights
        top = np.full(count, -np.inf)
        np.maximum.at(top, groups, scores)
        exps = np.exp(scores - top[groups])
        probs = exps / np.bincount(groups, weights=exps, minlength=count)[groups]
        grad = x.T @ (probs - target) / count + L2 * weights
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        weights -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return np.round(weights, 6)


def _rule_pick(options: list[speaker_model.Candidate]) -> tuple[str | None, str]:
    """The rules' speaker among the options and the cue that named them ("" for none)."""
    for c in options:
        if c.features[0]:
            cue = next((k for k, x in zip(speaker_model.RULE_CUES, c.features[1:]) if x), "")
            return c.name, cue
    return None, ""


def accuracy(
    model: speaker_model.Model | None, table: list[list[speaker_model.Candidate]], golds: list[str], kinds: list[str], cast: Cast, by_cue: bool = False
) -> dict[str, list[int]]:
    """Right and total per quote type (and "all"), or per rule cue with ``by_cue``: the
    model's choice after the cues it decides, elsewhere (or without a model) the rules'."""
    tally: dict[str, list[int]] = {}
    for options, gold, kind in zip(table, golds, kinds):
        pick, cue = _rule_pick(options)
        if model is not None and cue in model.decides:
            pick = model.choose(options)[0]
        for key in (f"cue {cue or 'none'}",) if by_cue else ("all", kind):
            right_total = tally.setdefault(key, [0, 0])
            right_total[0] += cast.matches(pick, gold)
            right_total[1] += 1
    return tally


def figures(tally: dict[str, list[int]]) -> dict[str, float]:
    return {k: round(100 * r / t, 1) for k, (r, t) in sorted(tally.items()) if t}


def _merge(into: dict[str, list[int]], more: dict[str, list[int]]) -> None:
    for k, (r, t) in more.items():
        into.setdefault(k, [0, 0])
        into[k][0] += r
        into[k][1] += t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ficscope-speakers"))
    parser.add_argument("--check", action="store_true", help="fit and compare with the committed model, write nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        train, dev = novels("train"), novels("dev")
    except PdncMissing as error:
        print(error, file=sys.stderr)
        return 2
    train_tables = [(*quote_table(n, args.cache), n.scoring_cast()) for n in train]
    dev_tables = [(*quote_table(n, args.cache), n.scoring_cast()) for n in dev]
    x, groups, labels, count = design([(t, g, c) for t, g, _, c in train_tables])
    weights = fit(x, groups, labels, count)
    # After which of the rules' cues the model beats the rules, measured on train.
    everywhere = speaker_model.Model(tuple(float(w) for w in weights), frozenset({"", *speaker_model.RULE_CUES}))
    rules_by_cue: dict[str, list[int]] = {}
    model_by_cue: dict[str, list[int]] = {}
    for table, golds, kinds, cast in train_tables:
        _merge(rules_by_cue, accuracy(None, table, golds, kinds, cast, by_cue=True))
        _merge(model_by_cue, accuracy(everywhere, table, golds, kinds, cast, by_cue=True))
    # A cue is handed to the model when it is right more often by MARGIN of those lines.
    # Never "narrator": no training novel has a first-person narrator PDNC names, so
    # there an "I said" is always a story within the story and the model learns to
    # distrust it, which is wrong for a first-person chapter. Never "nominal": PDNC
    # names unnamed speakers by its annotators' labels ("A Grey-headed Old Man"), which
    # the words of the text ("the old man") rarely equal, so training undervalues it.
    decides = sorted(
        key[4:].replace("none", "")
        for key, (right, total) in rules_by_cue.items()
        if key not in KEPT_CUES and model_by_cue[key][0] - right >= MARGIN * total
    )
    model = speaker_model.Model(everywhere.weights, frozenset(decides))
    results: dict[str, dict[str, float]] = {}
    for label, tables in (("train", train_tables), ("dev", dev_tables)):
        rules_tally: dict[str, list[int]] = {}
        model_tally: dict[str, list[int]] = {}
        for table, golds, kinds, cast in tables:
            _merge(rules_tally, accuracy(None, table, golds, kinds, cast))
            _merge(model_tally, accuracy(model, table, golds, kinds, cast))
        results[f"{label}_rules"] = figures(rules_tally)
        results[f"{label}_model"] = figures(model_tally)
    quotes_with_right = count
    all_quotes = sum(len(g) for _, g, _, _ in train_tables)
    weights_doc = {
        "format": "ficscope-speaker-model",
        "version": speaker_model.FORMAT_VERSION,
        "kind": "conditional logit over each quote's candidates",
        "weights": {f: float(w) for f, w in zip(speaker_model.FEATURES, weights)},
        "decides_after_cues": decides,
    }
    provenance = {
        "model": "speakers.json",
        "command": ".venv/bin/python train/speakers.py",
        "data": "PDNC (Vishnubhotla, Hammond & Hirst, LREC 2022), ../shared/data/pdnc; gold quotation spans",
        "split": {"train": [n.name for n in train], "dev (scored only)": [n.name for n in dev]},
        "training": {
            "quote_spans": all_quotes,
            "spans_with_a_right_candidate": quotes_with_right,
            "candidates": int(x.shape[0]),
            "l2": L2,
            "steps": STEPS,
            "learning_rate": LEARNING_RATE,
            "margin_to_hand_a_cue_to_the_model": MARGIN,
        },
        "accuracy_on_gold_spans_strict_percent": results,
        "train_by_rule_cue_percent": {"rules": figures(rules_by_cue), "model": figures(model_by_cue)},
        "note": "accuracy per gold quotation sub-span, strict rule of bench/speaker_match.py; "
        "bench/quotes_pdnc.py gives the per-quotation and end-to-end figures",
    }
    text = json.dumps(weights_doc, indent=2, sort_keys=True) + "\n"
    path = MODEL_DIR / "speakers.json"
    print("train by rule cue, rules / model:", {k: (figures(rules_by_cue)[k], figures(model_by_cue)[k]) for k in sorted(rules_by_cue)})
    print("model decides after cues:", decides)
    for key, value in results.items():
        print(f"{key:<12} " + "  ".join(f"{k} {v:5.1f}" for k, v in value.items()))
    if args.check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        print(f"{path}: {'identical' if same else 'DIFFERS from'} the fitted model")
        return 0 if same else 1
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (MODEL_DIR / "speakers.provenance.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path} and its provenance in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
