"""Character finding and alias clustering against LitBank's coreference layer.

    .venv/bin/python bench/characters_litbank.py [--split dev|test] [--paragraphs quote|sentence]
        [--jobs 2] [--verbose] [--errors]

Each LitBank excerpt (see bench/litbank.py for how its text is rebuilt) goes through
``ficscope.stages.characters.find([Chapter(1, text)], parser=Parser())``. The gold
standard is LitBank's PER mentions that look like proper names (``LitbankDoc.entities``,
each with its coref cluster); pronouns and common nouns ("the old man") are not scored.

Scores, micro-averaged over the split (counts summed over documents, then divided):

1. **Characters.** Gold characters are the coref clusters with at least one proper-name
   PER mention. A predicted mention *belongs* to the cluster of the gold proper-name
   mention its span overlaps (the one it overlaps most, if several). A predicted
   character (the mentions ``find`` returns under one canonical name) *matches* the
   cluster most of its belonging mentions belong to (a plurality; ties go to the cluster
   it names first). It is *false* when none of its mentions overlaps a gold proper-name
   mention that has a cluster. When several predicted characters match one cluster, the
   one with most mentions in it keeps the match and every other is a *split*, counted
   as not matched. Precision = matched / predicted characters; recall = gold clusters
   matched / gold clusters. The "main" line keeps gold clusters with >= 3 proper-name
   mentions for recall, and predicted characters with >= 3 mentions for precision.
2. **Alias merges**, pairwise over name forms (a mention's text case-folded, a leading
   "the" dropped, curly apostrophes made straight). Predicted pairs: two distinct forms
   among one predicted character's mentions. Gold pairs: two distinct forms among one
   gold cluster's proper-name mentions, counting only forms that ``find`` also returned
   as mentions somewhere in the document, so this measures clustering, not detection.
   Because of that, finding fewer name forms can raise its recall; the "every gold
   form" line counts gold pairs over all forms of a cluster, found or not, and cannot
   be raised that way: read the two together.
   Precision/recall/F1 of predicted pairs against gold pairs; the extra "gold forms"
   precision counts only predicted pairs whose two forms are both gold forms, which
   leaves out pairs made bad by a false name ("Longitude I've") rather than a bad merge.
3. **Mentions.** A predicted mention is right when it overlaps a gold proper-name PER
   mention (with or without a cluster); a gold one is found when a prediction overlaps it.

The loader keeps a PER mention as a name only when every word but particles is
capitalised, so LitBank's "envious Miss Briggs" or "James Mortimer, M.R.C.S." is no
proper-name mention and a prediction of "Miss Briggs" there counts as false. The line
"false inside a gold PER mention" counts the false characters all of whose mentions lie
inside some LitBank PER mention, proper or not (many are such names, some are places
inside a long PER phrase: "the gentleman from South Carolina"); ``--errors`` marks them
``false*``. It is for reading the false count, and changes no score.

``--errors`` lists, per document, the false characters, splits, missed clusters and
wrong and missed merges, for working on the characters stage (use it on dev only).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.litbank import LitbankDoc, LitbankMissing, data_dir, documents, per_mentions  # noqa: E402
from ficscope.model import Chapter, Mention  # noqa: E402

MAIN_MIN = 3  # proper-name mentions that make a gold cluster a main character


class GoldMention(Protocol):
    start: int
    end: int
    text: str
    cluster: int | None


class PredictedMention(Protocol):
    start: int
    end: int
    text: str
    character: str


# --- scoring (pure, no LitBank or spaCy needed) -----------------------------------------


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def name_form(text: str) -> str:
    """A mention's text as a name form: case-folded, spaces collapsed, no leading "the"."""
    form = " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).casefold()
    return form[4:] if form.startswith("the ") else form


def align(predicted: Sequence[PredictedMention], gold: Sequence[GoldMention]) -> list[int | None]:
    """For each predicted mention, the index of the gold mention it overlaps most (None if none)."""
    ordered = sorted(range(len(gold)), key=lambda i: gold[i].start)
    starts = [gold[i].start for i in ordered]
    longest = max((g.end - g.start for g in gold), default=0)
    out: list[int | None] = []
    for p in predicted:
        best, best_key = None, (0, 0)
        # gold mentions starting before p.end and not ending before p.start
        lo = _bisect(starts, p.start - longest)
        hi = _bisect(starts, p.end)
        for i in ordered[lo:hi]:
            g = gold[i]
            shared = overlap(p.start, p.end, g.start, g.end)
            key = (shared, -(g.end - g.start))
            if shared and key > best_key:
                best, best_key = i, key
        out.append(best)
    return out


def _bisect(values: list[int], x: int) -> int:
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@dataclass(slots=True)
class CharacterScore:
    predicted: int = 0
    matched: int = 0
    splits: int = 0
    false: int = 0  # no mention overlaps a clustered gold proper-name mention
    gold: int = 0
    gold_matched: int = 0
    main_predicted: int = 0  # predicted characters with >= MAIN_MIN mentions
    main_predicted_matched: int = 0
    main_gold: int = 0  # gold clusters with >= MAIN_MIN proper-name mentions
    main_gold_matched: int = 0
    # for --errors: predicted name -> ("matched" | "split" | "false", cluster or None)
    status: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    missed: list[int] = field(default_factory=list)  # gold clusters no prediction matches


def group_characters(mentions: Iterable[PredictedMention], names: Iterable[str] = ()) -> dict[str, list[PredictedMention]]:
    """Predicted mentions by character, with characters that have no mentions kept (empty)."""
    groups: dict[str, list[PredictedMention]] = {name: [] for name in names}
    for m in mentions:
        groups.setdefault(m.character, []).append(m)
    return groups


def score_characters(
    predicted: Sequence[PredictedMention],
    gold: Sequence[GoldMention],
    names: Iterable[str] = (),
    main_min: int = MAIN_MIN,
) -> CharacterScore:
    """Predicted characters (mentions grouped by ``character``; ``names`` adds characters
    with no mentions) against gold clusters of proper-name mentions, as the module says."""
    aligned = align(predicted, gold)
    cluster_of = {id(m): gold[i].cluster if i is not None else None for m, i in zip(predicted, aligned)}
    gold_sizes = Counter(g.cluster for g in gold if g.cluster is not None)
    groups = group_characters(predicted, names)
    result = CharacterScore(predicted=len(groups), gold=len(gold_sizes))
    result.main_gold = sum(1 for n in gold_sizes.values() if n >= main_min)

    claims: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    for name, mentions in groups.items():
        votes: Counter[int] = Counter()
        first_seen: dict[int, int] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            cluster = cluster_of[id(m)]
            if cluster is not None:
                votes[cluster] += 1
                first_seen.setdefault(cluster, m.start)
        if not votes:
            result.status[name] = ("false", None)
            result.false += 1
            continue
        cluster = max(votes, key=lambda c: (votes[c], -first_seen[c]))
        start = min(m.start for m in mentions)
        claims[cluster].append((-votes[cluster], -len(mentions), start, name))
    for cluster, claimants in claims.items():
        claimants.sort()
        result.status[claimants[0][3]] = ("matched", cluster)
        for *_, name in claimants[1:]:
            result.status[name] = ("split", cluster)
    result.matched = len(claims)
    result.splits = sum(len(c) - 1 for c in claims.values())
    result.gold_matched = len(claims)
    result.main_gold_matched = sum(1 for c in claims if gold_sizes[c] >= main_min)
    result.missed = sorted(c for c in gold_sizes if c not in claims)
    for name, mentions in groups.items():
        if len(mentions) >= main_min:
            result.main_predicted += 1
            result.main_predicted_matched += result.status[name][0] == "matched"
    return result


Pair = frozenset[str]


@dataclass(slots=True)
class MergeScore:
    predicted: set[Pair] = field(default_factory=set)
    gold: set[Pair] = field(default_factory=set)
    gold_forms: set[str] = field(default_factory=set)  # every form of a clustered gold mention
    gold_all: set[Pair] = field(default_factory=set)  # gold pairs over every form, found or not

    @property
    def right(self) -> int:
        return len(self.predicted & self.gold)

    @property
    def predicted_among_gold_forms(self) -> set[Pair]:
        return {p for p in self.predicted if p <= self.gold_forms}


def _pairs(forms: Iterable[str]) -> set[Pair]:
    return {frozenset(p) for p in combinations(sorted(set(forms)), 2)}


def score_merges(predicted: Sequence[PredictedMention], gold: Sequence[GoldMention]) -> MergeScore:
    """Pairs of distinct name forms put together by ficscope and by LitBank's clusters."""
    found = {name_form(m.text) for m in predicted}
    by_character: dict[str, set[str]] = defaultdict(set)
    for m in predicted:
        by_character[m.character].add(name_form(m.text))
    by_cluster: dict[int, set[str]] = defaultdict(set)
    for g in gold:
        if g.cluster is not None:
            by_cluster[g.cluster].add(name_form(g.text))
    result = MergeScore()
    for forms in by_character.values():
        result.predicted |= _pairs(forms)
    for forms in by_cluster.values():
        result.gold |= _pairs(forms & found)
        result.gold_all |= _pairs(forms)
        result.gold_forms |= forms
    return result


def score_mentions(predicted: Sequence[PredictedMention], gold: Sequence[GoldMention]) -> tuple[int, int, int, int]:
    """(predicted mentions overlapping a gold one, predicted, gold mentions overlapped, gold)."""
    aligned = align(predicted, gold)
    hit = {i for i in aligned if i is not None}
    return sum(1 for i in aligned if i is not None), len(predicted), len(hit), len(gold)


def prf(right_predicted: int, predicted: int, right_gold: int, gold: int) -> tuple[float, float, float]:
    p = right_predicted / predicted if predicted else 0.0
    r = right_gold / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --- one document ---------------------------------------------------------------------


@dataclass(slots=True)
class DocScore:
    name: str
    characters: CharacterScore
    pairs_predicted: int
    pairs_gold: int
    pairs_right: int
    pairs_among_gold_forms: int
    pairs_right_among_gold_forms: int
    pairs_gold_all: int
    pairs_right_all: int
    mentions: tuple[int, int, int, int]
    chars: int
    false_inside_per: int = 0  # false characters whose mentions all lie inside a LitBank PER mention
    errors: list[str] = field(default_factory=list)


def per_spans(doc: LitbankDoc) -> list[tuple[int, int]]:
    """Every LitBank PER mention of ``doc`` as (start, end), names or not ("envious Miss Briggs")."""
    path = data_dir() / "entities" / "tsv" / f"{doc.name}_brat.tsv"
    return [doc.char_span(s, first, e, last) for s, first, e, last in sorted(per_mentions(path))]


def score(doc: LitbankDoc, mentions: Sequence[Mention], names: Iterable[str] = (), per: Sequence[tuple[int, int]] = ()) -> DocScore:
    """One document's scores; ``per`` (all PER spans, see ``per_spans``) only marks false characters."""
    gold = doc.entities
    characters = score_characters(mentions, gold, names)
    merges = score_merges(mentions, gold)
    among = merges.predicted_among_gold_forms
    result = DocScore(
        name=doc.name,
        characters=characters,
        pairs_predicted=len(merges.predicted),
        pairs_gold=len(merges.gold),
        pairs_right=merges.right,
        pairs_among_gold_forms=len(among),
        pairs_right_among_gold_forms=len(among & merges.gold),
        pairs_gold_all=len(merges.gold_all),
        pairs_right_all=len(merges.predicted & merges.gold_all),
        mentions=score_mentions(mentions, gold),
        chars=len(doc.text),
    )
    groups = group_characters(mentions, names)
    inside = {
        name
        for name, (status, _) in characters.status.items()
        if status == "false"
        and groups[name]
        and all(any(overlap(m.start, m.end, a, b) for a, b in per) for m in groups[name])
    }
    result.false_inside_per = len(inside)
    result.errors = _errors(doc, mentions, characters, merges, inside)
    return result


def _errors(
    doc: LitbankDoc, mentions: Sequence[Mention], characters: CharacterScore, merges: MergeScore, inside: set[str]
) -> list[str]:
    gold_names: dict[int, Counter[str]] = defaultdict(Counter)
    for g in doc.entities:
        if g.cluster is not None:
            gold_names[g.cluster][g.text] += 1

    def cluster_label(cluster: int | None) -> str:
        if cluster is None:
            return "-"
        names = gold_names.get(cluster)
        return f"#{cluster} {names.most_common(1)[0][0]!r}" if names else f"#{cluster}"

    forms_of: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        forms_of[m.character][m.text] += 1
    lines = []
    for name, (status, cluster) in characters.status.items():
        forms = ", ".join(f"{f}x{n}" for f, n in forms_of[name].most_common(4))
        if status == "false":
            lines.append(f"  false{'*' if name in inside else ' '}    {name!r} ({forms})")
        elif status == "split":
            lines.append(f"  split     {name!r} ({forms}) -> gold {cluster_label(cluster)}")
    for cluster in characters.missed:
        names = gold_names[cluster]
        lines.append(f"  missed    gold {cluster_label(cluster)} ({sum(names.values())} names: {', '.join(names)})")
    gold_home: dict[str, set[int]] = defaultdict(set)
    for g in doc.entities:
        if g.cluster is not None:
            gold_home[name_form(g.text)].add(g.cluster)
    for pair in sorted(merges.predicted - merges.gold, key=sorted):
        a, b = sorted(pair)
        where = " / ".join(",".join(str(c) for c in sorted(gold_home[f])) or "not gold" for f in (a, b))
        lines.append(f"  bad merge {a!r} + {b!r} (gold clusters {where})")
    for pair in sorted(merges.gold - merges.predicted, key=sorted):
        a, b = sorted(pair)
        lines.append(f"  no merge  {a!r} + {b!r}")
    return lines


def predict(doc: LitbankDoc) -> tuple[list[str], list[Mention]]:
    from ficscope.stages.characters import find
    from ficscope.stages.nlp import Parser

    characters, mentions = find([Chapter(number=1, text=doc.text)], parser=Parser())
    return [c.name for c in characters], mentions


def _run_one(doc: LitbankDoc) -> DocScore:
    names, mentions = predict(doc)
    return score(doc, mentions, names, per_spans(doc))


def evaluate(docs: list[LitbankDoc], jobs: int) -> list[DocScore]:
    if jobs <= 1:
        return [_run_one(d) for d in docs]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_run_one, docs, chunksize=2))


# --- report ---------------------------------------------------------------------------


def _percent(x: float) -> str:
    return f"{100 * x:5.1f}"


def report(scores: list[DocScore], verbose: bool, errors: bool) -> None:
    if verbose:
        print(
            f"{'document':<40} {'gold':>4} {'main':>4} {'pred':>4} {'match':>5} {'split':>5} {'false':>5} "
            f"{'charP':>5} {'charR':>5} {'mainR':>5} {'pairs':>7} {'mrgP':>5} {'mrgR':>5} {'ment P/R':>11}"
        )
        for s in scores:
            c = s.characters
            p, r, _ = prf(c.matched, c.predicted, c.gold_matched, c.gold)
            main_r = c.main_gold_matched / c.main_gold if c.main_gold else 0.0
            mp, mr, _ = prf(s.pairs_right, s.pairs_predicted, s.pairs_right, s.pairs_gold)
            np_, nr, _ = prf(s.mentions[0], s.mentions[1], s.mentions[2], s.mentions[3])
            print(
                f"{s.name[:40]:<40} {c.gold:4d} {c.main_gold:4d} {c.predicted:4d} {c.matched:5d} {c.splits:5d} {c.false:5d} "
                f"{_percent(p)} {_percent(r)} {_percent(main_r)} {s.pairs_right:>3}/{s.pairs_predicted:<3} "
                f"{_percent(mp)} {_percent(mr)} {_percent(np_)}/{_percent(nr)}"
            )
        print()
    if errors:
        for s in scores:
            if s.errors:
                print(s.name)
                print("\n".join(s.errors))
        print()

    def total(attr: str) -> int:
        return sum(getattr(s.characters, attr) for s in scores)

    predicted, matched, gold = total("predicted"), total("matched"), total("gold")
    p, r, f = prf(matched, predicted, total("gold_matched"), gold)
    mp, mr, mf = prf(total("main_predicted_matched"), total("main_predicted"), total("main_gold_matched"), total("main_gold"))
    print(
        f"documents {len(scores)}, gold characters {gold} ({total('main_gold')} main, >= {MAIN_MIN} names), "
        f"predicted characters {predicted} ({total('main_predicted')} with >= {MAIN_MIN} mentions)"
    )
    print(
        f"characters          P {_percent(p)}  R {_percent(r)}  F1 {_percent(f)}   "
        f"matched {matched}, splits {total('splits')}, false {total('false')}"
    )
    print(
        f"  false inside a gold PER mention {sum(s.false_inside_per for s in scores)} "
        f"(\"envious Miss Briggs\": not scored as a name; see the module docstring)"
    )
    print(f"main characters     P {_percent(mp)}  R {_percent(mr)}  F1 {_percent(mf)}")
    right = sum(s.pairs_right for s in scores)
    pairs_predicted = sum(s.pairs_predicted for s in scores)
    pairs_gold = sum(s.pairs_gold for s in scores)
    ap, ar, af = prf(right, pairs_predicted, right, pairs_gold)
    among = sum(s.pairs_among_gold_forms for s in scores)
    among_right = sum(s.pairs_right_among_gold_forms for s in scores)
    print(
        f"alias merges        P {_percent(ap)}  R {_percent(ar)}  F1 {_percent(af)}   "
        f"pairs: predicted {pairs_predicted}, gold {pairs_gold}, right {right}"
    )
    gp = among_right / among if among else 0.0
    print(f"  over gold forms   P {_percent(gp)}  ({among_right}/{among} predicted pairs of two gold name forms)")
    gold_all = sum(s.pairs_gold_all for s in scores)
    right_all = sum(s.pairs_right_all for s in scores)
    _, rall, fall = prf(right_all, pairs_predicted, right_all, gold_all)
    print(
        f"  every gold form   R {_percent(rall)}  F1 {_percent(fall)}   "
        f"(gold pairs {gold_all}, found or not: finding fewer names cannot raise it)"
    )
    m = [sum(s.mentions[i] for s in scores) for i in range(4)]
    np_, nr, nf = prf(*m)
    print(
        f"mentions, overlap   P {_percent(np_)}  R {_percent(nr)}  F1 {_percent(nf)}   "
        f"predicted {m[1]}, gold proper-name PER {m[3]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--paragraphs", choices=("quote", "sentence"), default="quote")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--verbose", "-v", action="store_true", help="a line per document")
    parser.add_argument("--errors", action="store_true", help="list each document's errors (for dev)")
    args = parser.parse_args(argv)
    try:
        docs = documents(args.split, paragraphs=args.paragraphs)
    except LitbankMissing as error:
        print(error, file=sys.stderr)
        return 2
    print(f"LitBank {args.split} split: {len(docs)} documents, paragraphs={args.paragraphs}")
    print("characters from ficscope.stages.characters.find with a spaCy Parser, one chapter per document")
    started = time.perf_counter()
    scores = evaluate(docs, args.jobs)
    elapsed = time.perf_counter() - started
    report(scores, args.verbose, args.errors)
    chars = sum(s.chars for s in scores)
    print(f"time {elapsed:.1f}s for {chars:,} characters ({args.jobs} process{'es' if args.jobs > 1 else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
