"""Pronouns and epithets resolved by the coreference stage against LitBank's coreference layer.

    .venv/bin/python bench/coref_litbank.py [--split test|dev] [--jobs 2]

Each LitBank excerpt (bench/litbank.py rebuilds its text) is one chapter. The characters
stage finds its characters and name mentions (``characters.find`` with a spaCy
``Parser``, as bench/characters_litbank.py runs it), the quotes stage its quotations, and
``coref.resolve_chapter`` resolves every third-person pronoun (he, him, his, himself,
she, her, hers, herself) and every epithet ("the young man": ``coref.epithets``).

A predicted character *is* the gold coref cluster that most of its name mentions
overlap (a plurality). A gold pronoun is a mention of LitBank's coreference layer whose
whole text is one of those pronouns, a gold epithet one whose whole text is an epithet;
it is *of a named character* when its cluster is some predicted character's cluster.
Scores over the split, for pronouns and for epithets apart, counts summed:

- **accuracy**: of those of named characters, the share resolved to the character whose cluster
  is the pronoun's. A pronoun left unresolved is wrong.
- **precision**: of the pronouns of LitBank's layer resolved to a character, the share
  resolved to the right one (a link to anyone for a pronoun of no named character is
  wrong).
- **wrongly linked**: of gold pronouns whose cluster is no predicted character's (an
  unnamed man, a character the stage missed), the share resolved to some character.
- the same two for a **baseline**, the nearest character whose gender agrees (else the
  nearest), so the model's gain over the rule can be read.

A pronoun or epithet the stage finds where LitBank's layer has no mention of that exact
span is not scored.

This is not the CoNLL coreference score LitBank's papers report (MUC, B3, CEAF over all
mentions): only pronouns are scored, and only as links to named characters.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.litbank import LitbankDoc, LitbankMissing, documents  # noqa: E402
from ficscope import knowledge  # noqa: E402
from ficscope.model import Chapter, Character, Mention  # noqa: E402
from ficscope.stages import characters, coref, quotes, speech_tags  # noqa: E402
from ficscope.stages.nlp import Parser  # noqa: E402


@dataclass(slots=True)
class Resolved:
    """One excerpt's characters, mentions and quotes, with the gold cluster of each
    character and of each gold pronoun."""

    chapter: Chapter
    characters: list[Character]
    mentions: list[Mention]
    quotes: list
    cluster_of: dict[str, int]  # character -> gold cluster
    gold: dict[tuple[int, int], int]  # a gold pronoun's or epithet's span -> its cluster


def prepare(doc: LitbankDoc, parser: Parser | None = None) -> Resolved:
    chapter = Chapter(number=1, text=doc.text)
    found, mentions = characters.find([chapter], parser=parser or Parser())
    spans = sorted((span.start, span.end, cluster) for cluster, items in doc.clusters.items() for span in items)
    votes: dict[str, Counter[int]] = {}
    for mention in mentions:
        for start, end, cluster in spans:
            if start >= mention.end:
                break
            if end > mention.start:
                votes.setdefault(mention.character, Counter())[cluster] += 1
    cluster_of = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    pronoun_words = knowledge.pronoun_genders()
    epithet = speech_tags.description_pattern()
    gold = {
        (span.start, span.end): cluster
        for cluster, items in doc.clusters.items()
        for span in items
        if span.text.lower() in pronoun_words or ((m := epithet.fullmatch(span.text)) and m.group("det").lower() == "the")
    }
    return Resolved(chapter, found, mentions, quotes.find(chapter), cluster_of, gold)


def nearest_agreeing(pronoun: coref.Pronoun, options: Sequence[coref.Candidate]) -> int:
    """The baseline: the nearest candidate whose gender agrees, else the nearest."""
    index = coref.FEATURES.index("gender_agrees")
    return next((i for i, c in enumerate(options) if c.features[index]), 0)


def tally(item: Resolved, choose: Callable | None = None, nominal: bool = False) -> tuple[int, int, int, int, int]:
    """For pronouns (or with ``nominal`` epithets): (right, of named characters, wrongly
    linked, of no named character, links made)."""
    resolved = coref.resolve_chapter(item.chapter, item.mentions, item.characters, item.quotes, choose=choose)
    clusters = set(item.cluster_of.values())
    pronoun_words = knowledge.pronoun_genders()
    right = total = linked = other = made = 0
    for (start, end), cluster in item.gold.items():
        if (item.chapter.text[start:end].lower() not in pronoun_words) != nominal:
            continue
        guess = resolved.get((1, start))
        made += guess is not None
        if cluster in clusters:
            total += 1
            right += guess is not None and item.cluster_of.get(guess) == cluster
        else:
            other += 1
            linked += guess is not None
    return right, total, linked, other, made


def _score(doc: LitbankDoc) -> list[tuple[int, ...]]:
    """Model and baseline, for pronouns then for epithets."""
    item = prepare(doc)
    return [tally(item, choose, nominal) for nominal in (False, True) for choose in (None, nearest_agreeing)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    try:
        docs = documents(args.split)
    except LitbankMissing as error:
        print(f"LitBank not found: {error}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(_score, docs))
    else:
        results = [_score(doc) for doc in docs]
    print(f"LitBank {args.split}: {len(docs)} excerpts, third-person pronouns against the coreference layer")
    rows = (("pronouns, model (coref.json)", 0), ("pronouns, nearest agreeing", 1), ("epithets, model (coref.json)", 2), ("epithets, nearest agreeing", 3))
    for label, index in rows:
        right, total, linked, other, made = (sum(r[index][k] for r in results) for k in range(5))
        print(
            f"{label:30} accuracy {100 * right / max(1, total):5.1f}%  ({right}/{total} of named characters)"
            f"   precision {100 * right / max(1, made):5.1f}%  ({right}/{made} links)"
            f"   wrongly linked {100 * linked / max(1, other):5.1f}%  ({linked}/{other} of no named character)"
        )
    print(f"time {time.perf_counter() - started:.1f}s ({args.jobs} process{'es' if args.jobs > 1 else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
