"""The library at scale: 100,000 generated works, then search and filter latency.

    .venv/bin/python bench/library.py [--works 100000] [--db PATH] [--queries 200]

Works are generated at run time (nothing is committed) and stored as hand-built
``Analysis`` objects, without the NLP pipeline: short synthetic texts, word counts
drawn from a long-tailed distribution, and tags drawn as AO3's are: a few huge
fandoms (the fandom packs) and a long tail, ratings, archive warnings and
categories in AO3-like shares, Zipf-distributed additional tags, and detected
trigger labels at each severity. Prints the insert rate, the database size and
p50/p95 latency of a full-text query, a filter-only query (three includes, two
excludes) and both combined, each as the web app asks for a page: the total count
and the first 20 works. Target: p95 under 50 ms each. The sidebar's facet counts
are timed as well, for information.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ficscope.knowledge import fandom_packs
from ficscope.library import FacetCount, Filters, Library
from ficscope.model import (
    Analysis,
    Chapter,
    ChapterLayout,
    Character,
    Declared,
    Finding,
    Relationship,
    Section,
    Span,
    Stats,
    Work,
)

PAGE = 20
TARGET_MS = 50.0
BATCH = 1000

# Shares as AO3's own statistics roughly have them.
RATINGS = [("General Audiences", 0.28), ("Teen And Up Audiences", 0.30), ("Mature", 0.15), ("Explicit", 0.20),
           ("Not Rated", 0.07)]
WARNINGS = [("No Archive Warnings Apply", 0.55), ("Creator Chose Not To Use Archive Warnings", 0.28),
            ("Graphic Depictions Of Violence", 0.09), ("Major Character Death", 0.05), ("Rape/Non-Con", 0.02),
            ("Underage Sex", 0.01)]
CATEGORIES = [("M/M", 0.42), ("F/M", 0.24), ("Gen", 0.18), ("F/F", 0.08), ("Multi", 0.05), ("Other", 0.03)]
# (trigger label, share of works where it is detected)
TRIGGERS = [("violence", 0.25), ("death", 0.15), ("blood", 0.12), ("pornographic-content", 0.18),
            ("abuse", 0.06), ("sexual-assault", 0.04), ("self-harm", 0.03), ("suicide", 0.02),
            ("mental-illness", 0.05), ("kidnapping", 0.02), ("pregnancy", 0.03), ("homophobia", 0.02)]
SEVERITIES = ("referenced", "depicted", "graphic")
TAG_WORDS = ("Fluff Angst Hurt Comfort Slow Burn Alternate Universe Coffee Shop Canon Divergence Smut Enemies "
             "Lovers Friends Found Family Domestic Time Travel Soulmates Mutual Pining Whump Humor Case Fic "
             "Road Trip Ghosts Magic Royalty Pack Dynamics Omegaverse Fix-It Post-War Modern Setting").split()
COMMON = ("the a and of to in he she they was said looked at his her with for on it that had not but "
          "door window lamp road night morning rain hand voice room stairs kitchen city ship river").split()
SYLLABLES = "ar bel cor dan el fen gar hol in jor kel lam mor nev or pel quin ros sel tam ur vel wyn yor zan".split()
QUERY_RANKS = range(100, 2000)  # a name, a place or a thing: words of middling frequency


def _pick(rng: random.Random, shares: list[tuple[str, float]]) -> str:
    return rng.choices([name for name, _ in shares], [share for _, share in shares])[0]


def _zipf_index(rng: random.Random, size: int, exponent: float = 1.1) -> int:
    """An index in [0, size) with Zipf-like weights: the first few come up most."""
    while True:
        value = int(rng.paretovariate(exponent - 1 if exponent > 1 else 0.1)) - 1
        if value < size:
            return value


class Catalogue:
    """The tag vocabulary works are drawn from: fandoms with their characters and
    relationships (the packs first, then a generated long tail), and additional tags."""

    def __init__(self, rng: random.Random, *, tail_fandoms: int = 2000, tags: int = 5000) -> None:
        self.fandoms: list[tuple[str, list[str], list[str]]] = []
        packs = sorted(fandom_packs(), key=lambda p: p.fandom)
        rng.shuffle(packs)
        for pack in packs:
            names = [c.name for c in pack.characters]
            self.fandoms.append((pack.fandom, names, [r.tag for r in pack.relationships]))
        for n in range(tail_fandoms):
            names = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(rng.randint(4, 15))]
            self.fandoms.append((f"Fandom {n} (Generated)", names, []))
        self.words = vocabulary(rng)
        self.tags = [" ".join(rng.sample(TAG_WORDS, rng.choice((1, 2, 2, 3)))) + ("" if n < 300 else f" {n}")
                     for n in range(tags)]


GIVEN = "Ada Bram Cora Dev Elin Finn Gale Hana Ivo Juno Kit Lior Mara Nils Oona Pim Rafe Sia Teo Uma Vik Wren".split()
FAMILY = "Ashdown Brandt Castell Drummond Everly Fairbairn Grey Holloway Ibbot Jessop Kerr Lund Marlow".split()


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """The common words, then made-up ones: ranked for Zipf's law, as a language's are."""
    made = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size * 2)}
    return COMMON + sorted(made - set(COMMON))[: size - len(COMMON)]


def _text(rng: random.Random, words_of: list[str], names: list[str], words: int) -> str:
    out: list[str] = []
    while len(out) < words:
        if rng.random() < 0.08 and names:
            out.append(rng.choice(names).split()[0])
        else:
            out.append(words_of[_zipf_index(rng, len(words_of), 1.05)])
        if rng.random() < 0.09:
            out[-1] += "."
    return " ".join(out).capitalize() + "."


def generated_work(rng: random.Random, catalogue: Catalogue, n: int) -> Analysis:
    fandom, cast, ships = catalogue.fandoms[_zipf_index(rng, len(catalogue.fandoms), 1.2)]
    characters = rng.sample(cast, min(len(cast), rng.randint(1, 6)))
    relationships = []
    if len(characters) >= 2 and rng.random() < 0.75:
        relationships.append(rng.choice(ships) if ships and rng.random() < 0.6 else "/".join(characters[:2]))
    tags = list(dict.fromkeys(catalogue.tags[_zipf_index(rng, len(catalogue.tags))] for _ in range(rng.randint(0, 10))))
    texts = [_text(rng, catalogue.words, characters, rng.randint(60, 160)) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    chapters = [Chapter(i, text, title=f"Chapter {i}") for i, text in enumerate(texts, start=1)]
    layout = [ChapterLayout(c.number, sections=[Section(c.number, 0, len(c.text))], words=len(c.text.split()))
              for c in chapters]
    words = max(100, int(rng.lognormvariate(8.4, 1.2)))  # median ~4,400 words, a long tail
    evidence = [Span(1, 0, len(texts[0].split()[0]), texts[0].split()[0])]
    findings = [Finding("trigger", label, rng.choice(SEVERITIES), 0.8, evidence)  # type: ignore[arg-type]
                for label, share in TRIGGERS if rng.random() < share]
    if any(f.label == "violence" and f.severity == "graphic" for f in findings):
        findings.append(Finding("ao3", "Graphic Depictions Of Violence", "graphic", 0.8, evidence))
    work = Work(
        title=f"{rng.choice(catalogue.words[:3000]).title()} {rng.choice(catalogue.words[:3000]).title()} {n}",
        source_format="text",
        chapters=chapters,
        authors=[f"writer{_zipf_index(rng, 20_000)}"],
        declared=Declared(
            rating=_pick(rng, RATINGS),
            warnings=[_pick(rng, WARNINGS)],
            categories=[_pick(rng, CATEGORIES)],
            fandoms=[fandom],
            relationships=relationships,
            characters=characters,
            tags=tags,
        ),
        language="English" if rng.random() < 0.9 else rng.choice(["Deutsch", "Español", "Français", "中文"]),
        complete=rng.random() < 0.7,
        published=f"20{rng.randint(10, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    )
    return Analysis(
        work=work,
        stats=Stats(words=words, chapters=len(chapters), reading_minutes=max(1, words // 250)),
        layout=layout,
        fandoms=[fandom],
        characters=[Character(name, mentions=rng.randint(1, 40)) for name in characters],
        relationships=[Relationship(tag, "romantic", tag.split("/")) for tag in relationships],
        warnings=findings,
        tags=tags[:3],
    )


def works(catalogue: Catalogue, count: int, *, start: int, seed: int) -> Iterator[Analysis]:
    rng = random.Random(seed * 1_000_003 + start)
    for n in range(start, start + count):
        yield generated_work(rng, catalogue, n)


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def filter_query(rng: random.Random, facets: dict[str, list[FacetCount]]) -> Filters:
    """Three includes and two excludes, values drawn from the library's common ones."""
    return Filters(
        fandoms=[rng.choice(facets["fandom"][:5]).name],
        ratings=[rng.choice(["General Audiences", "Teen And Up Audiences", "Mature"])],
        categories=[rng.choice(["M/M", "F/M", "Gen"])],
        exclude_triggers=[f"{rng.choice(['sexual-assault', 'self-harm', 'suicide', 'abuse'])}:depicted"],
        exclude_tags=[rng.choice(facets["tag"][:10]).name],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="Build the library here (default: a temporary directory).")
    parser.add_argument("--queries", type=int, default=200, help="Timed runs of each query kind.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    directory = None
    if args.db is None:
        directory = tempfile.TemporaryDirectory(prefix="ficscope-bench-")
        args.db = Path(directory.name) / "library.sqlite"
    catalogue = Catalogue(random.Random(args.seed))
    with Library(args.db) as library:
        if len(library) < args.works:
            pending = works(catalogue, args.works - len(library), start=len(library), seed=args.seed)
            generating = storing = 0.0
            added = 0
            while True:
                started = time.perf_counter()
                batch = list(itertools.islice(pending, BATCH))
                generating += time.perf_counter() - started
                if not batch:
                    break
                started = time.perf_counter()
                added += sum(result.status == "added" for result in library.add_many(batch, batch=BATCH))
                storing += time.perf_counter() - started
            print(f"inserted {added:,} works in {storing:.1f} s: {added / storing:,.0f} works/s"
                  f" (generating them took another {generating:.1f} s)")
        size = sum(p.stat().st_size for p in args.db.parent.glob(args.db.name + "*"))
        print(f"library: {len(library):,} works, {size / 1048576:,.0f} MB on disk ({args.db})")
        rng = random.Random(args.seed)
        queries = [catalogue.words[rank] for rank in rng.sample(QUERY_RANKS, 50)]
        common = catalogue.words[COMMON.index("door")]
        popular = library.facets(limit=25)
        kinds: list[tuple[str, Callable[[], object]]] = [
            ("full-text query", lambda: library.search(rng.choice(queries), limit=PAGE)),
            ("filters (3 includes, 2 excludes)", lambda: library.search(None, filter_query(rng, popular), limit=PAGE)),
            ("full-text + filters", lambda: library.search(rng.choice(queries), filter_query(rng, popular), limit=PAGE)),
            (f"a very common word: {common!r} (info)", lambda: library.search(common, limit=PAGE)),
            ("sidebar facets, no filter (info)", lambda: library.facets(limit=12)),
            ("sidebar facets + filters (info)", lambda: library.facets(filter_query(rng, popular), limit=12)),
        ]
        print(f"{'query':<36} {'p50 ms':>8} {'p95 ms':>8}  target p95 < {TARGET_MS:.0f} ms")
        for name, run in kinds:
            run()  # warm the page cache and the facet sample
            repeats = args.queries if "info" not in name else max(10, args.queries // 10)
            p50, p95 = percentiles(timed(run, repeats))
            verdict = "" if "info" in name else ("ok" if p95 < TARGET_MS else "MISSED")
            print(f"{name:<36} {p50:8.1f} {p95:8.1f}  {verdict}")
        hits = sorted(library.search(word, limit=1).total for word in queries)
        print(f"(the {len(queries)} query words match {hits[0]:,} to {hits[-1]:,} works, median {hits[len(hits) // 2]:,};"
              f" {common!r} matches {library.search(common, limit=1).total:,})")
    if directory is not None:
        directory.cleanup()


if __name__ == "__main__":
    sys.exit(main())
