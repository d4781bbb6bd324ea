"""The suggested rating and categories against what real AO3 works declare.

    .venv/bin/python bench/rating_real.py [--real-works DIR]

Every work under ``../shared/data/real-works`` that ``ficscope.read_work`` reads and that
declares one of AO3's four ratings, scored once however many times it is saved (the
works ``bench/warnings_eval.py`` scores), goes through the default pipeline. Per work:
the declared rating against the suggested one, how many steps apart on General < Teen
And Up < Mature < Explicit, and why the suggestion; the declared categories against the
suggested ones.

- **Rating**: exact and within one step, over the works rated both ways; a work that is
  too short to rate gets no suggestion and is counted apart. The same figures over the
  whole works only: a saved chapter page ("partial") declares the rating of the whole
  work, whose other chapters ficscope never sees.
- **Categories**: works whose suggested set equals the declared one, and works whose
  suggested set shares a category with it, over works that declare categories.
- **The author's check** (``ficscope.check.compare`` at its default confidence, as
  ``ficscope check`` runs): the warnings it calls missing per work, their total and
  most, and the works whose declared rating it calls lower than suggested.

The works are real and were not written for this bench; they are few (under twenty), so
one work is more than five points: read the per-work table, not only the totals.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from warnings_eval import REAL_WORKS, rating_steps, real_work_files  # noqa: E402

from ficscope.model import partial_note  # noqa: E402


@dataclass(frozen=True, slots=True)
class Scored:
    name: str
    declared: str
    suggested: str | None
    reason: str
    partial: bool
    declared_categories: frozenset[str]
    categories: frozenset[str]
    missing: int  # warnings the author's check calls missing
    under_rated: bool  # the check calls the declared rating lower than suggested


def score(folder: Path) -> list[Scored]:
    import ficscope
    from ficscope.check import compare
    from ficscope.errors import FicscopeError
    from ficscope.pipeline import default_pipeline, to_analysis

    pipeline = default_pipeline()
    results: list[Scored] = []
    seen: set[tuple] = set()
    for path in real_work_files(folder):
        try:
            work = ficscope.read_work(path)
        except FicscopeError:
            continue  # a page that holds no readable work (locked, deleted, a listing)
        key = (work.title, tuple(work.authors), work.chapters[0].text[:500] if work.chapters else "")
        if work.declared.rating not in ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit") or key in seen:
            continue
        seen.add(key)
        doc = pipeline.run(work)
        checked = compare(to_analysis(doc), work.declared)
        results.append(
            Scored(
                str(path.relative_to(folder)),
                work.declared.rating,
                doc.rating,
                doc.rating_reason,
                partial_note(work.declared_chapters, len(work.chapters), work.first_chapter) is not None,
                frozenset(work.declared.categories),
                frozenset(doc.categories),
                len(checked.missing),
                checked.rating.lower_than_suggested,
            )
        )
    return results


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.3f})" if whole else "0/0"


def _rating_line(label: str, results: Sequence[Scored]) -> str:
    steps = [rating_steps(r.declared, r.suggested) for r in results]
    rated = [s for s in steps if s is not None]
    return f"{label:<30} exact {_share(sum(s == 0 for s in rated), len(rated))}; within one step {_share(sum(s <= 1 for s in rated), len(rated))}"


def report(results: Sequence[Scored]) -> None:
    short = {"General Audiences": "General", "Teen And Up Audiences": "Teen", "Mature": "Mature", "Explicit": "Explicit"}
    print(f"real works ({len(results)}): the author's rating and categories against ficscope's")
    print(f"  {'work':<46} {'declared':<9} {'suggested':<9} {'steps':>5} {'missing':>7}  why | categories declared / suggested")
    for r in results:
        steps = rating_steps(r.declared, r.suggested)
        print(
            f"  {r.name[-46:]:<46} {short[r.declared]:<9} {short.get(r.suggested or '', '-'):<9} {'-' if steps is None else steps:>5} {r.missing:>7}"
            f"  {r.reason}{' [partial]' if r.partial else ''} | {', '.join(sorted(r.declared_categories)) or '-'} / {', '.join(sorted(r.categories)) or '-'}"
        )
    unrated = sum(r.suggested is None for r in results)
    print(_rating_line("rating", results) + (f"; {unrated} too short to rate" if unrated else ""))
    print(_rating_line("rating, whole works only", [r for r in results if not r.partial]))
    declaring = [r for r in results if r.declared_categories]
    equal = sum(r.categories == r.declared_categories for r in declaring)
    sharing = sum(bool(r.categories & r.declared_categories) for r in declaring)
    print(f"{'categories':<30} same set {_share(equal, len(declaring))}; one in common {_share(sharing, len(declaring))}")
    counts = [r.missing for r in results]
    print(
        f"{'check':<30} {sum(counts)} warnings missing in all, at most {max(counts, default=0)} in one work, "
        f"in {sum(1 for c in counts if c)} of {len(results)} works; rating lower than suggested in {sum(r.under_rated for r in results)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real-works", type=Path, default=REAL_WORKS, help="the folder of real AO3 files")
    args = parser.parse_args(argv)
    if not args.real_works.is_dir():
        print(f"{args.real_works}: no such folder", file=sys.stderr)
        return 2
    report(score(args.real_works))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
