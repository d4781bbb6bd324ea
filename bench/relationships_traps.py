"""Relationships on short written passages built to trap a co-occurrence rule.

    .venv/bin/python bench/relationships_traps.py --split dev|heldout [--cases]

Each line of ``bench/data/relationships/<split>.jsonl`` is a passage (kinship, romance,
coercion, "Alec and Izzy watched Magnus kiss a stranger", parents and children, siblings
hugging, an enemy pinning someone, pet names between friends...) with its cast (names,
aliases, pronouns) and the pairs it makes, each with its kind; every other pair of the
cast is expected to be no relationship a reader would tag. The held-out half was written
first and is frozen by its SHA-256 below: it is never tuned on. The dev half is.

The passage runs through the default pipeline's stages with the cast given in place of
the characters stage, so speakers, quotes and the parse are ficscope's own.

- Per kind, precision and recall of (pair, kind): ficscope's *shown* relationships, and
  for "antagonistic" every antagonistic relationship (they are never shown).
- **Relatives shown as romantic**: a pair the passage makes family, with no romance
  between them, shown as romantic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DATA = ROOT / "bench" / "data" / "relationships"
HELDOUT_SHA256 = "2f88650c7ee32ac892533159051826449f72de1ed1dd65ffc85c11a4fedb8cb5"
KINDS = ("romantic", "platonic", "family", "antagonistic")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    cast: tuple[tuple[str, str | None, tuple[str, ...]], ...]  # name, pronoun, aliases
    pairs: frozenset[tuple[frozenset[str], str]]  # (members, kind)
    kin_romance: frozenset[frozenset[str]]  # relatives the passage shows in romance


def load(split: str) -> list[Case]:
    path = DATA / f"{split}.jsonl"
    raw = path.read_bytes()
    if split == "heldout" and hashlib.sha256(raw).hexdigest() != HELDOUT_SHA256:
        raise SystemExit(f"{path}: the held-out set has changed; it is frozen by its SHA-256")
    cases = []
    for line in raw.decode("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        cases.append(
            Case(
                row["id"],
                row["text"],
                tuple((c["name"], c.get("gender"), tuple(c.get("aliases", ()))) for c in row["cast"]),
                frozenset((frozenset(p["members"]), p["kind"]) for p in row["pairs"]),
                frozenset(frozenset(p["members"]) for p in row["pairs"] if p.get("kin")),
            )
        )
    return cases


def found_for(case: Case) -> list[Any]:
    """ficscope's relationships for one passage, the cast given."""
    from ficscope.model import Chapter, Character, Mention, Work
    from ficscope.pipeline import Inputs, Pipeline, Stage
    from ficscope.stages import nlp, pov, quotes, relationships, speakers, structure

    def cast(doc: Inputs) -> dict[str, object]:
        text = doc.work.chapters[0].text
        characters, mentions = [], []
        for name, gender, aliases in case.cast:
            pattern = r"\b(?:" + "|".join(re.escape(n) for n in sorted((name, *aliases), key=len, reverse=True)) + r")\b"
            found = [Mention(1, m.start(), m.end(), m.group(0), name) for m in re.finditer(pattern, text)]
            characters.append(Character(name, list(aliases), len(found), gender=gender))
            mentions += found
        mentions.sort(key=lambda m: m.start)
        return {"characters": characters, "mentions": mentions, "antecedents": {(m.chapter, m.start): m.character for m in mentions}}

    stages = [
        structure.STAGE,
        quotes.STAGE,
        nlp.STAGE,
        Stage(name="cast", reads=("work",), assigns=("characters", "mentions", "antecedents"), compute=cast),
        speakers.STAGE,
        pov.STAGE,
        relationships.STAGE,
    ]
    work = Work(title=case.id, source_format="text", chapters=[Chapter(1, case.text)])
    return Pipeline(stages).run(work).relationships


def predicted(relationships: list[Any]) -> set[tuple[frozenset[str], str]]:
    return {
        (frozenset(r.members), r.kind) for r in relationships if r.shown or r.kind == "antagonistic"
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout"), required=True)
    parser.add_argument("--cases", action="store_true", help="list each passage's wrong and missed pairs")
    args = parser.parse_args(argv)
    cases = load(args.split)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    relatives_romantic = 0
    right_cases = 0
    for case in cases:
        found = found_for(case)
        guess = predicted(found)
        gold = set(case.pairs)
        for members, kind in guess:
            (tp if (members, kind) in gold else fp)[kind] += 1
        for members, kind in gold - guess:
            fn[kind] += 1
        family = {members for members, kind in gold if kind == "family"}
        relatives_romantic += sum(1 for members, kind in guess if kind == "romantic" and members in family)
        kin_wrong = [r for r in found if frozenset(r.members) in case.kin_romance and not r.kin]
        right_cases += guess == gold and not kin_wrong
        if args.cases and (guess != gold or kin_wrong):
            print(f"{case.id}: {case.text[:90]}")
            for members, kind in sorted(guess - gold, key=str):
                print(f"    wrong   {' & '.join(sorted(members))} {kind}")
            for members, kind in sorted(gold - guess, key=str):
                print(f"    missed  {' & '.join(sorted(members))} {kind}")
            for r in kin_wrong:
                print(f"    not marked kin  {r.tag}")
    print(f"split {args.split}: {len(cases)} passages, {right_cases} entirely right")
    print(f"{'kind':<13} {'P':>6} {'R':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind in KINDS:
        p = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else float("nan")
        r = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else float("nan")
        print(f"{kind:<13} {p:6.2f} {r:6.2f} {tp[kind]:4d} {fp[kind]:4d} {fn[kind]:4d}")
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'all':<13} {total_tp / max(1, total_tp + total_fp):6.2f} {total_tp / max(1, total_tp + total_fn):6.2f} {total_tp:4d} {total_fp:4d} {total_fn:4d}")
    print(f"relatives shown as romantic without romance between them: {relatives_romantic}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
