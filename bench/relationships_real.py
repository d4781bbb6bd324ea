"""Relationships ficscope finds against those real works declare in their prefaces.

    .venv/bin/python bench/relationships_real.py [--pairs] [--misses] [DIR ...]

Every file under ``../shared/data/real-works`` and ``../shared/samples`` (or the DIRs
given) is read with ``ficscope.read_work``; files that are no readable work (deleted,
locked or interstitial pages, formats ficscope does not read) are counted and skipped.
Several files hold one work (the same work saved as HTML and EPUB, with and without the
site skin, or its chapters' pages): files that declare the same relationship tags, or
declare none and share title and authors, count once, as the one with most words; the
files left out are named. Each work goes through the default pipeline.

A declared tag "A/B" (also "A♥B") is a romantic pair, "A & B" (also "A♦B") a platonic
one. Tags of three or more members ("A/B/C", a whole team) are counted apart and not
scored. A leading "past " and a
trailing fandom disambiguator ("Solas (Dragon Age)") are dropped, and of "Fen'Harel |
Solas" the last name is kept. A found member *is* a declared member when, case-folded,
the words of one name are all words of the other ("Bakugou" and "Bakugou Katsuki").

- **Recall, right kind**: declared pairs ficscope shows with the same two members and
  the declared kind (romantic for "/", platonic or family for "&"); a pair found with
  another kind is counted as *wrong kind*.
- **Undeclared**: relationships ficscope shows whose two members are no declared pair,
  per work, and their average over works.

Only the relationships ficscope *shows* are scored, members read from their tags as a
reader sees them; antagonistic pairs are never a tag. Two more figures say how far
that is from what the text allows: declared pairs found with the right kind among every
relationship in the JSON, shown or not, and declared pairs whose two members are both
among the characters found at all.

``--misses`` says, for each declared pair not found with the right kind, why: (a) a
member is no character ficscope found (named which), (b) found with another kind, (c) in
the JSON but not shown (its score below the cut), (d) both are characters and no
evidence links them.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DIRS = (ROOT.parent / "shared" / "data" / "real-works", ROOT.parent / "shared" / "samples")
SKIP = {"README.md", ".source"}
_DISAMBIGUATOR = re.compile(r"\s*\([^()]*\)\s*$")
ROMANTIC_SEPARATORS = ("/", "\u2665")  # ♥
PLATONIC_SEPARATORS = (" & ", "\u2666")  # ♦
SAME_KIND = {"romantic": {"romantic"}, "platonic": {"platonic", "family"}}


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    kind: str  # "romantic" or "platonic" (declared), or ficscope's kind (found)


@dataclass(slots=True)
class WorkScore:
    work: str
    declared: int = 0
    right: int = 0
    wrong_kind: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    undeclared: list[str] = field(default_factory=list)


def member_name(raw: str) -> str:
    name = raw.strip()
    if name.lower().startswith("past "):
        name = name[5:]
    name = name.split("|")[-1].strip()
    return _DISAMBIGUATOR.sub("", name).strip()


def declared_pairs(tags: Iterable[str]) -> tuple[list[Pair], int]:
    """The pairs a work's two-member relationship tags name, with their kinds, once each;
    and how many tags name three or more members."""
    groups = 0
    pairs: dict[frozenset[str], Pair] = {}
    for tag in tags:
        for kind, separators in (("romantic", ROMANTIC_SEPARATORS), ("platonic", PLATONIC_SEPARATORS)):
            pattern = "|".join(re.escape(s) for s in separators)
            parts = [member_name(p) for p in re.split(pattern, tag)]
            if len(parts) > 1:
                break
        else:
            continue
        members = [p for p in parts if p]
        if len(members) > 2:
            groups += 1
            continue
        key = frozenset(m.casefold() for m in members)
        if len(key) == 2 and key not in pairs:
            pairs[key] = Pair(members[0], members[1], kind)
    return list(pairs.values()), groups


def same_person(declared: str, found: str) -> bool:
    d, f = set(declared.casefold().split()), set(found.casefold().split())
    return bool(d and f) and (d <= f or f <= d)


def same_pair(declared: Pair, found: Pair) -> bool:
    return (same_person(declared.a, found.a) and same_person(declared.b, found.b)) or (
        same_person(declared.a, found.b) and same_person(declared.b, found.a)
    )


def _label(pair: Pair) -> str:
    return f"{pair.a}{'/' if pair.kind == 'romantic' else ' & '}{pair.b}" + ("" if pair.kind in SAME_KIND else f" ({pair.kind})")


def score_work(work: str, declared: Sequence[Pair], found: Sequence[Pair]) -> WorkScore:
    result = WorkScore(work, declared=len(declared))
    for pair in declared:
        matches = [f for f in found if same_pair(pair, f)]
        if any(f.kind in SAME_KIND[pair.kind] for f in matches):
            result.right += 1
        elif matches:
            result.wrong_kind.append(f"{_label(pair)} found as {matches[0].kind}")
        else:
            result.missed.append(_label(pair))
    result.undeclared = [_label(f) for f in found if not any(same_pair(d, f) for d in declared)]
    return result


def tag_members(tag: str) -> list[str]:
    """The members a shown tag names, as a reader sees them ("A/B", "A & B"), read as
    declared members are (a fandom disambiguator dropped)."""
    return [member_name(p) for p in re.split(r"/| & ", tag) if p.strip()]


def found_pairs(relationships: Iterable[object], *, every: bool = False) -> list[Pair]:
    """ficscope's shown relationships as pairs, members as their tags spell them (a
    relationship of n members gives every pair); with ``every``, the hidden ones too.
    Antagonistic pairs are never a suggested tag."""
    out = []
    for r in relationships:
        if r.kind == "antagonistic" or not (every or getattr(r, "shown", True)):  # type: ignore[attr-defined]
            continue
        members = tag_members(r.tag) if len(tag_members(r.tag)) == len(r.members) else list(r.members)  # type: ignore[attr-defined]
        out.extend(Pair(a, b, r.kind) for a, b in combinations(members, 2))  # type: ignore[attr-defined]
    return out


def _unfound(pair: Pair, characters: Iterable[object]) -> list[str]:
    """The members of a declared pair that are no character ficscope found (by any of their names)."""
    names = [[c.name, *c.aliases] for c in characters]  # type: ignore[attr-defined]
    return [member for member in (pair.a, pair.b) if not any(any(same_person(member, n) for n in forms) for forms in names)]


def _named_in(pair: Pair, characters: Iterable[object]) -> bool:
    """Both members of a declared pair are characters ficscope found (by any of their names)."""
    return not _unfound(pair, characters)


def _in_text(member: str, text: str) -> str:
    """Whether a declared member's name is written in the text at all."""
    words = [w for w in re.findall(r"[\w'-]+", member) if len(w) > 2]
    found = sum(len(re.findall(rf"\b{re.escape(w)}\b", text, re.I)) for w in words)
    return f"(its words written {found} times)" if found else "(not in the text)"


def miss_causes(declared: Sequence[Pair], relationships: Sequence[object], characters: Sequence[object], text: str = "") -> list[str]:
    """Why each declared pair is not shown with the right kind: (a) a member is no
    character (and whether its name is in the text), (b) shown with another kind, (c) in
    the JSON but not shown, (d) no evidence."""
    shown = found_pairs(relationships)
    causes = []
    for pair in declared:
        if any(same_pair(pair, f) and f.kind in SAME_KIND[pair.kind] for f in shown):
            continue
        label = _label(pair)
        wrong = [f for f in shown if same_pair(pair, f)]
        hidden = [r for r in relationships if any(same_pair(pair, f) for f in _every_reading(r))]
        unfound = _unfound(pair, characters)
        if wrong:
            causes.append(f"(b) {label}: shown as {wrong[0].kind}")
        elif hidden:
            r = hidden[0]
            causes.append(f"(c) {label}: in the JSON as {r.kind}, score {r.score}, not shown")  # type: ignore[attr-defined]
        elif unfound:
            said = "; ".join(f"{m!r} {_in_text(m, text)}" for m in unfound)
            causes.append(f"(a) {label}: no character {said}")
        else:
            causes.append(f"(d) {label}: both are characters, no evidence links them")
    return causes


def _every_reading(relationship: object) -> list[Pair]:
    """A relationship's pairs whatever its kind, shown or not, members read from its tag."""
    members = tag_members(relationship.tag)  # type: ignore[attr-defined]
    if len(members) != len(relationship.members):  # type: ignore[attr-defined]
        members = list(relationship.members)  # type: ignore[attr-defined]
    return [Pair(a, b, relationship.kind) for a, b in combinations(members, 2)]  # type: ignore[attr-defined]


def read_works(dirs: Sequence[Path]) -> tuple[list[tuple[str, object]], list[str]]:
    """(label, Work) once per work, and the files left out, with why."""
    from ficscope import FicscopeError, read_work

    best: dict[tuple[str, ...], tuple[int, str, object]] = {}
    skipped = []
    for directory in dirs:
        for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.name not in SKIP):
            label = str(path.relative_to(directory.parent))
            try:
                work = read_work(path)
            except FicscopeError as error:
                skipped.append(f"{label}: {type(error).__name__}")
                continue
            words = sum(len(c.text.split()) for c in work.chapters)
            rels = tuple(work.declared.relationships)
            key = ("declared", *rels) if rels else ("title", work.title or label, *work.authors)
            if key in best:
                kept = best[key] if best[key][0] >= words else (words, label, work)
                dropped = label if kept[1] != label else best[key][1]
                skipped.append(f"{dropped}: the same work as {kept[1]}")
                best[key] = kept
            else:
                best[key] = (words, label, work)
    return [(label, work) for _, label, work in sorted(best.values(), key=lambda x: x[1])], skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="folders of works (default: real-works and samples)")
    parser.add_argument("--pairs", action="store_true", help="list missed, wrong-kind and undeclared pairs per work")
    parser.add_argument("--misses", action="store_true", help="say why each declared pair is missed: (a) no character, (b) kind, (c) not shown, (d) no evidence")
    args = parser.parse_args(argv)
    dirs = args.dirs or [d for d in DIRS if d.is_dir()]
    missing = [d for d in dirs if not d.is_dir()]
    if missing or not dirs:
        print(f"{missing[0] if missing else DIRS[0]}: no such folder of works", file=sys.stderr)
        return 2
    from ficscope import analyze_work

    works, skipped = read_works(dirs)
    print(f"works {len(works)}; files left out {len(skipped)}:")
    for line in skipped:
        print(f"  {line}")
    scores = []
    groups = 0
    right_any = attainable = 0
    causes: list[tuple[str, str]] = []
    for label, work in works:
        analysis = analyze_work(work)  # type: ignore[arg-type]
        declared, group_tags = declared_pairs(work.declared.relationships)  # type: ignore[attr-defined]
        groups += group_tags
        scores.append(score_work(label, declared, found_pairs(analysis.relationships)))
        every = score_work(label, declared, found_pairs(analysis.relationships, every=True))
        right_any += every.right
        attainable += sum(1 for pair in declared if _named_in(pair, analysis.characters))
        text = "\n".join(c.text for c in work.chapters)  # type: ignore[attr-defined]
        causes += [(label, cause) for cause in miss_causes(declared, analysis.relationships, analysis.characters, text)]
    print(f"{'work':<62} {'decl':>4} {'right':>5} {'kind':>4} {'undecl':>6}")
    for s in scores:
        print(f"{s.work[-62:]:<62} {s.declared:4d} {s.right:5d} {len(s.wrong_kind):4d} {len(s.undeclared):6d}")
        if args.pairs:
            for line in s.wrong_kind:
                print(f"    wrong kind  {line}")
            for line in s.missed:
                print(f"    missed      {line}")
            for line in s.undeclared:
                print(f"    undeclared  {line}")
    declared = sum(s.declared for s in scores)
    right = sum(s.right for s in scores)
    undeclared = sum(len(s.undeclared) for s in scores)
    print()
    share = f"{100 * right / declared:.1f}%" if declared else "n/a"
    print(f"declared pairs found with the right kind: {share} ({right}/{declared}); "
          f"found with another kind: {sum(len(s.wrong_kind) for s in scores)}; "
          f"tags of 3+ members not scored: {groups}")
    print(f"declared pairs with the right kind among all relationships in the JSON (shown or not): {right_any}/{declared}; "
          f"declared pairs whose two members are both among the characters found: {attainable}/{declared}")
    per_work = f"{undeclared / len(scores):.1f}" if scores else "n/a"
    print(f"undeclared pairs shown: {undeclared} over {len(scores)} works, {per_work} per work")
    if args.misses:
        print()
        tally = Counter(cause[1] for _, cause in causes)
        print("why declared pairs are missed: " + ", ".join(f"({k}) {tally[k]}" for k in "abcd") + "  [(a) a member is no character, (b) another kind, (c) not shown, (d) no evidence]")
        unwritten = sum(1 for _, cause in causes if "(not in the text)" in cause)
        print(f"declared pairs with a member the text never names: {unwritten}/{declared}")
        for label, cause in causes:
            print(f"  {label[-50:]:<50} {cause}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
