"""Characters ficscope lists in whole novels against PDNC's casts.

    .venv/bin/python bench/characters_pdnc.py [--split dev|train] [--novel NAME] [--min-mentions 5]
        [--worst 10] [--jobs 2]

Each novel of the split (``../shared/data/pdnc/SPLIT.tsv``) is read from its
``novel_text.txt`` with ``ficscope.read_work`` and analysed with the default pipeline, as
a user's file would be. Its cast is ``character_info.csv``: each member's main name and
aliases, and a category (major, intermediate, minor).

A name *form* is case-folded, with curly apostrophes made straight, full stops dropped
("Mr. Knightley" = "mr knightley") and spaces collapsed. A listed character *matches* a
cast member when one of its forms (name or alias) is one of that member's forms.

- **Precision**: of the characters ficscope lists with at least ``--min-mentions``
  mentions, the share that match exactly one cast member. A character matching none
  (a place, a word, a name the cast lacks) or several (one surname for a whole family)
  is wrong. PDNC's casts hold the people who speak or are spoken to, so a real person
  who never does ("Mr. Perry" in Emma) counts as wrong too. A second line gives the
  same share over named characters only, leaving out the unnamed people the speakers
  stage lists ("the old lady").
- **Recall**: of the major and intermediate cast members, the share that some listed
  character (any number of mentions) matches as its one cast member.
- **Split**: cast members that more than one listed character matches, each as its only
  member (the same person listed twice); counted, not scored.

No novel here belongs to a fandom, so a character a fandom pack named is counted and
shown as wrong on its own line.

``--worst`` lists, over the split, the listed characters with most mentions that match no
cast member, and those that match several, so the characters stage can be worked on.
"""

from __future__ import annotations

import argparse
import ast
import csv
import os
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DATA = ROOT.parent / "shared" / "data" / "pdnc"
SCORED = ("major", "intermediate")


class PdncMissing(Exception):
    pass


@dataclass(frozen=True, slots=True)
class CastMember:
    name: str
    forms: frozenset[str]
    category: str


@dataclass(frozen=True, slots=True)
class Listed:
    name: str
    forms: frozenset[str]
    mentions: int
    named: bool = True  # False for someone the text never names ("the girl")
    fandom: str | None = None  # the fandom pack that named it, if any


@dataclass(slots=True)
class NovelScore:
    novel: str
    listed: int = 0  # listed characters with >= min mentions
    exact: int = 0  # of those, matching exactly one cast member
    named_listed: int = 0  # the same two counts over named characters only
    named_exact: int = 0
    none: list[Listed] = field(default_factory=list)  # matching no cast member
    several: list[tuple[Listed, list[str]]] = field(default_factory=list)
    cast: int = 0  # major and intermediate cast members
    found: int = 0
    missed: list[str] = field(default_factory=list)
    splits: int = 0
    pack_named: list[str] = field(default_factory=list)  # characters a fandom pack named


def form(text: str) -> str:
    """A name as a comparable form: case-folded, no full stops, straight apostrophes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace(".", " ")
    return " ".join(text.split()).casefold()


def forms(names: Iterable[str]) -> frozenset[str]:
    return frozenset(f for f in (form(n) for n in names) if f)


def read_cast(path: Path) -> list[CastMember]:
    """A novel's ``character_info.csv`` as cast members; a bad file raises ValueError naming it."""
    cast = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                aliases = ast.literal_eval(row["Aliases"]) if row["Aliases"].strip() else set()
                name, category = row["Main Name"], row["Category"].strip().lower()
            except (KeyError, ValueError, SyntaxError) as error:
                raise ValueError(f"{path}: unreadable cast row {row!r}: {error}") from None
            cast.append(CastMember(name, forms([name, *aliases]), category))
    return cast


def members_of(character: Listed, cast: Sequence[CastMember]) -> list[int]:
    """Indexes of the cast members one of whose forms the character has."""
    return [i for i, member in enumerate(cast) if character.forms & member.forms]


def score_novel(novel: str, listed: Sequence[Listed], cast: Sequence[CastMember], min_mentions: int = 5) -> NovelScore:
    result = NovelScore(novel)
    sole: dict[int, int] = {}  # cast index -> listed characters having it as their only member
    for character in listed:
        if character.fandom:
            result.pack_named.append(f"{character.name} ({character.fandom})")
        members = members_of(character, cast)
        if len(members) == 1:
            sole[members[0]] = sole.get(members[0], 0) + 1
        if character.mentions < min_mentions:
            continue
        result.listed += 1
        result.named_listed += character.named
        if len(members) == 1:
            result.exact += 1
            result.named_exact += character.named
        elif not members:
            result.none.append(character)
        else:
            result.several.append((character, [cast[i].name for i in members]))
    for i, member in enumerate(cast):
        if member.category not in SCORED:
            continue
        result.cast += 1
        if i in sole:
            result.found += 1
        else:
            result.missed.append(member.name)
    result.splits = sum(1 for n in sole.values() if n > 1)
    return result


def split_novels(split: str, data: Path = DATA) -> list[str]:
    table = data / "SPLIT.tsv"
    if not table.is_file():
        raise PdncMissing(f"{table}: PDNC is not there (expected ../shared/data/pdnc beside the repository)")
    with table.open(encoding="utf-8", newline="") as handle:
        return [row["novel"] for row in csv.DictReader(handle, delimiter="\t") if row["split"] == split]


def listed_characters(novel: str, data: Path = DATA) -> list[Listed]:
    from ficscope import analyze

    analysis = analyze(data / novel / "novel_text.txt")
    return [Listed(c.name, forms([c.name, *c.aliases]), c.mentions, c.named, c.fandom) for c in analysis.characters]


def _run_one(job: tuple[str, int]) -> NovelScore:
    novel, min_mentions = job
    cast = read_cast(DATA / novel / "character_info.csv")
    return score_novel(novel, listed_characters(novel), cast, min_mentions)


def _percent(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}" if total else "  n/a"


def report(scores: Sequence[NovelScore], min_mentions: int, worst: int) -> None:
    print(f"{'novel':<30} {'listed':>6} {'exact':>5} {'none':>4} {'sev':>4} {'P%':>5}   {'cast':>4} {'found':>5} {'R%':>5} {'split':>5}")
    for s in scores:
        print(
            f"{s.novel:<30} {s.listed:6d} {s.exact:5d} {len(s.none):4d} {len(s.several):4d} {_percent(s.exact, s.listed)}   "
            f"{s.cast:4d} {s.found:5d} {_percent(s.found, s.cast)} {s.splits:5d}"
        )
    listed = sum(s.listed for s in scores)
    exact = sum(s.exact for s in scores)
    cast = sum(s.cast for s in scores)
    found = sum(s.found for s in scores)
    print()
    print(f"precision (listed with >= {min_mentions} mentions that are exactly one cast member): {_percent(exact, listed)}%  ({exact}/{listed})")
    named, named_exact = sum(s.named_listed for s in scores), sum(s.named_exact for s in scores)
    print(f"  over named characters only (not \"the girl\"):                     {_percent(named_exact, named)}%  ({named_exact}/{named})")
    print(f"recall (major and intermediate cast members found):                    {_percent(found, cast)}%  ({found}/{cast})")
    print(f"cast members listed more than once: {sum(s.splits for s in scores)}")
    packed = [f"{name} [{s.novel}]" for s in scores for name in s.pack_named]
    print(f"characters named by a fandom pack (no novel here is fan fiction): {len(packed)}"
          + (f": {', '.join(packed[:10])}" if packed else ""))
    if worst:
        nones = sorted(((c, s.novel) for s in scores for c in s.none), key=lambda x: -x[0].mentions)
        print(f"\nworst offenders, matching no cast member (of {len(nones)}):")
        for c, novel in nones[:worst]:
            print(f"  {c.mentions:5d}  {c.name!r}  [{novel}]")
        severals = sorted(((c, m, s.novel) for s in scores for c, m in s.several), key=lambda x: -x[0].mentions)
        print(f"matching several cast members (of {len(severals)}):")
        for c, members, novel in severals[:worst]:
            print(f"  {c.mentions:5d}  {c.name!r} = {', '.join(members)}  [{novel}]")
        print("major and intermediate cast members missed:")
        for s in scores:
            if s.missed:
                print(f"  {s.novel}: {', '.join(s.missed)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--novel", action="append", help="only this novel (repeatable)")
    parser.add_argument("--min-mentions", type=int, default=5)
    parser.add_argument("--worst", type=int, default=10, help="offenders to list (0: none)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    try:
        novels = split_novels(args.split)
    except PdncMissing as error:
        print(error, file=sys.stderr)
        return 2
    if args.novel:
        unknown = sorted(set(args.novel) - set(novels))
        if unknown:
            print(f"{', '.join(unknown)}: not a {args.split} novel of {DATA / 'SPLIT.tsv'}", file=sys.stderr)
            return 2
        novels = [n for n in novels if n in args.novel]
    print(f"PDNC {args.split} split: {len(novels)} novels, default pipeline over novel_text.txt")
    started = time.perf_counter()
    jobs = [(n, args.min_mentions) for n in novels]
    try:
        if args.jobs <= 1:
            scores = [_run_one(j) for j in jobs]
        else:
            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                scores = list(pool.map(_run_one, jobs))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    report(scores, args.min_mentions, args.worst)
    print(f"time {time.perf_counter() - started:.1f}s ({args.jobs} process{'es' if args.jobs > 1 else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
