"""The numbers of a collection report, read from the library through its public API."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..library import FacetCount, Library, WorkSummary
from ..model import ARCHIVE_WARNINGS, CATEGORIES, NO_ARCHIVE_WARNINGS, RATINGS, SEVERITIES

CHOSE_NOT_TO_WARN = "Creator Chose Not To Use Archive Warnings"
NO_WARNINGS_APPLY = NO_ARCHIVE_WARNINGS
# The four warnings a work can carry (the other two labels say something about the author's choice).
WARNINGS = tuple(w for w in ARCHIVE_WARNINGS if w not in (CHOSE_NOT_TO_WARN, NO_WARNINGS_APPLY))
NOT_RATED = "Not Rated"

# AO3's word-count buckets, as readers filter by them.
LENGTH_BINS = ((0, 1_000), (1_000, 5_000), (5_000, 10_000), (10_000, 20_000), (20_000, 50_000), (50_000, 100_000), (100_000, None))


@dataclass(frozen=True, slots=True)
class Count:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class WarningRow:
    """One AO3 Archive Warning across the collection, declared against detected.

    ``left_out``: works where ficscope found it and the author neither declared it nor
    chose not to use archive warnings."""

    label: str
    declared: int
    detected: int
    both: int
    left_out: int

    @property
    def left_out_share(self) -> float:
        return self.left_out / self.detected if self.detected else 0.0


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One trigger label: works by the worst severity found in each."""

    label: str
    referenced: int
    depicted: int
    graphic: int

    @property
    def total(self) -> int:
        return self.referenced + self.depicted + self.graphic


@dataclass(slots=True)
class CollectionStats:
    """Everything a collection report shows. Counts are of works (current versions)."""

    works: int = 0
    words: int = 0
    chapters: int = 0
    word_counts: list[int] = field(default_factory=list)
    lengths: list[Count] = field(default_factory=list)  # works per AO3 length bucket
    ratings: list[Count] = field(default_factory=list)
    categories: list[Count] = field(default_factory=list)
    warnings: list[WarningRow] = field(default_factory=list)
    chose_not_to_warn: int = 0
    declared_none_apply: int = 0
    none_apply_but_found: int = 0  # declared "No Archive Warnings Apply", yet a warning was found
    triggers: list[TriggerRow] = field(default_factory=list)
    fandoms: list[Count] = field(default_factory=list)  # the most common ``top``
    fandom_total: int = 0  # every distinct fandom
    characters: list[Count] = field(default_factory=list)
    relationships: list[Count] = field(default_factory=list)
    tags: list[Count] = field(default_factory=list)
    languages: list[Count] = field(default_factory=list)

    @property
    def median_words(self) -> int:
        return int(statistics.median(self.word_counts)) if self.word_counts else 0

    @property
    def mean_words(self) -> int:
        return round(self.words / self.works) if self.works else 0


def collect(library: Library, *, top: int = 15, all_relationships: bool = False) -> CollectionStats:
    """Count what the library's works carry. ``top`` limits the lists of names;
    ``all_relationships`` counts every relationship found in a work, not only the few a
    reader would tag (antagonists are never a tag)."""
    works = library.list(limit=None).works
    stats = CollectionStats(works=len(works))
    ratings: Counter[str] = Counter()
    declared: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    both: Counter[str] = Counter()
    left_out: Counter[str] = Counter()
    worst: dict[str, Counter[str]] = {}
    canonical = {label.casefold(): label for label in ARCHIVE_WARNINGS}
    for work in works:
        stats.words += work.words
        stats.chapters += work.chapters
        stats.word_counts.append(work.words)
        ratings[work.rating or NOT_RATED] += 1
        said = {canonical.get(w.label.casefold(), w.label) for w in work.warnings if w.source == "declared"}
        found = {w.label for w in work.warnings if w.source == "detected"} & set(WARNINGS)
        stats.chose_not_to_warn += CHOSE_NOT_TO_WARN in said
        if NO_WARNINGS_APPLY in said:
            stats.declared_none_apply += 1
            stats.none_apply_but_found += bool(found - said)
        for label in WARNINGS:
            declared[label] += label in said
            detected[label] += label in found
            both[label] += label in said and label in found
            left_out[label] += label in found and label not in said and CHOSE_NOT_TO_WARN not in said
        severities: dict[str, int] = {}
        for trigger in work.triggers:
            rank = SEVERITIES.index(trigger.severity) if trigger.severity in SEVERITIES else 0
            severities[trigger.label] = max(rank, severities.get(trigger.label, 0))
        for label, rank in severities.items():
            worst.setdefault(label, Counter())[SEVERITIES[rank]] += 1
    stats.lengths = [
        Count(_bucket_name(low, high), sum(low <= w and (high is None or w < high) for w in stats.word_counts))
        for low, high in LENGTH_BINS
    ]
    stats.ratings = [Count(r, ratings[r]) for r in RATINGS if ratings[r]] + [
        Count(r, n) for r, n in ratings.most_common() if r not in RATINGS
    ]
    stats.warnings = [WarningRow(w, declared[w], detected[w], both[w], left_out[w]) for w in WARNINGS]
    stats.triggers = sorted(
        (TriggerRow(label, c["referenced"], c["depicted"], c["graphic"]) for label, c in worst.items()),
        key=lambda row: (-row.total, row.label),
    )
    if works:
        facets = library.facets(limit=None)
        order = {name: i for i, name in enumerate(CATEGORIES)}
        stats.categories = sorted(
            (Count(f.name, f.count) for f in facets["category"]), key=lambda c: (order.get(c.name, len(order)), c.name)
        )
        stats.fandoms = _top(facets["fandom"], top)
        stats.fandom_total = len(facets["fandom"])
        stats.characters = _top(facets["character"], top)
        stats.relationships = _top(facets["relationship"], top)
        if all_relationships:
            stats.relationships = _every_relationship(library, works)[:top]
        stats.tags = _top(facets["tag"], top)
        stats.languages = _top(facets["language"], top)
    return stats


def _every_relationship(library: Library, works: list[WorkSummary]) -> list[Count]:
    """Works per relationship: those each work declares or shows, and those it keeps for
    ``--all-relationships``, most common first."""
    counts: Counter[str] = Counter()
    for work in works:
        found = library.analysis(work.id, version=work.version).relationships
        counts.update({*work.relationships, *(r.tag for r in found if r.kind != "antagonistic")})
    return [Count(name, n) for name, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def _top(counts: list[FacetCount], top: int) -> list[Count]:
    return [Count(f.name, f.count) for f in counts[:top]]


def _bucket_name(low: int, high: int | None) -> str:
    def short(n: int) -> str:
        return f"{n // 1000}k" if n else "0"

    return f"{short(low)}+" if high is None else f"{short(low)}\u2013{short(high)}"
