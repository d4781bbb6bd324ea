"""Every version's facet values as integer arrays, so the sidebar's counts over any set
of matching works take a few milliseconds instead of an SQL group-by.

Counting in SQL reads every tag row of the matching works as text (about 20 per work)
and groups them; over thousands of matches that is hundreds of milliseconds. Here each
facet value of ``facet_counts`` is a number, each (version, value) pair one entry of
three arrays, and a count is one ``numpy.bincount`` over the pairs whose version
matches. Building the arrays reads every pair once, so it pays only for a holder that
answers many counts (the web app; see web/_cache.py), rebuilt when the library changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._types import FacetCount

_DECLARED, _DETECTED = 1, 2
_NEEDED = {"either": _DECLARED | _DETECTED, "declared": _DECLARED, "detected": _DETECTED}

# Each value's number is its row in facet_counts ordered by (kind, key).
_NUMBERED = "SELECT kind, key, row_number() OVER (ORDER BY kind, key) - 1 AS n FROM facet_counts"
_PAIRS = f"""
    WITH f AS MATERIALIZED ({_NUMBERED})
    SELECT f.n, t.version_id, CASE t.source WHEN 'declared' THEN {_DECLARED} ELSE {_DETECTED} END
        FROM f JOIN tags t ON t.kind = f.kind AND t.key = f.key
    UNION ALL SELECT f.n, x.version_id, {_DECLARED | _DETECTED}
        FROM f JOIN findings x ON f.kind = 'trigger' AND x.scheme = 'trigger' AND x.label = f.key
    UNION ALL SELECT f.n, l.id, {_DECLARED | _DETECTED}
        FROM listing l JOIN f ON f.kind = 'language' AND f.key = lower(l.language)
"""


@dataclass(frozen=True, slots=True)
class FacetIndex:
    kinds: list[str]
    keys: list[str]
    names: list[str]
    facet: np.ndarray  # per pair: the value's number
    version: np.ndarray  # per pair: the version carrying it
    sources: np.ndarray  # per pair: declared and/or detected (a warning can be both)
    is_warning: np.ndarray  # per pair: whether its value is an Archive Warning
    kind_of: np.ndarray  # per value: the number of its kind in ``kinds``' order of first use
    name_rank: np.ndarray  # per value: its place when names are sorted as the sidebar sorts ties

    @classmethod
    def build(cls, conn: sqlite3.Connection) -> FacetIndex:
        """The index of the library as ``conn`` sees it (call inside a read transaction)."""
        values = conn.execute("SELECT kind, key, name FROM facet_counts ORDER BY kind, key").fetchall()
        rows = conn.execute(_PAIRS).fetchall()
        pairs = np.array(rows, dtype=np.int64).reshape(-1, 3)
        span = int(pairs[:, 1].max()) + 1 if len(pairs) else 1
        # One entry per (value, version), its sources joined: a work declaring and
        # detecting the same warning counts once.
        joined = pairs[:, 0] * span + pairs[:, 1]
        order = np.argsort(joined, kind="stable")
        joined, sources = joined[order], pairs[order, 2]
        starts = np.flatnonzero(np.r_[True, joined[1:] != joined[:-1]]) if len(joined) else np.zeros(0, np.int64)
        sources = np.bitwise_or.reduceat(sources, starts) if len(starts) else sources
        joined = joined[starts]
        kinds = [kind for kind, _, _ in values]
        warning_values = np.array([kind == "warning" for kind in kinds] or [False])
        facet = (joined // span).astype(np.int32)
        kind_numbers = {kind: n for n, kind in enumerate(dict.fromkeys(kinds))}
        by_name = sorted(range(len(values)), key=lambda n: (values[n][2].casefold(), values[n][1]))
        name_rank = np.empty(len(values), dtype=np.int64)
        name_rank[by_name] = np.arange(len(values))
        return cls(
            kinds=kinds,
            keys=[key for _, key, _ in values],
            names=[name for _, _, name in values],
            facet=facet,
            version=(joined % span).astype(np.int64),
            sources=sources.astype(np.int8),
            is_warning=warning_values[facet] if len(facet) else np.zeros(0, bool),
            kind_of=np.array([kind_numbers[kind] for kind in kinds], dtype=np.int64),
            name_rank=name_rank,
        )

    def lists(
        self, version_ids: Sequence[int], kinds: Sequence[str], warnings_source: str = "either", limit: int | None = None
    ) -> dict[str, list[FacetCount]]:
        """For each of ``kinds``, the values that ``version_ids`` carry with how many
        carry each, most common first (ties by name), at most ``limit``. Archive
        Warnings count only from ``warnings_source``."""
        span = int(self.version.max()) + 1 if len(self.version) else 1
        chosen = np.zeros(span, dtype=bool)
        ids = np.fromiter(version_ids, dtype=np.int64)
        chosen[ids[(ids >= 0) & (ids < span)]] = True  # a version newer than the index carries nothing here
        wanted = chosen[self.version] & (~self.is_warning | (self.sources & _NEEDED[warnings_source]).astype(bool))
        counts = np.bincount(self.facet[wanted], minlength=len(self.kinds))
        present = np.flatnonzero(counts)
        numbers = {kind: n for n, kind in enumerate(dict.fromkeys(self.kinds))}
        found: dict[str, list[FacetCount]] = {}
        for kind in kinds:
            values = present[self.kind_of[present] == numbers[kind]] if kind in numbers else present[:0]
            values = values[np.lexsort((self.name_rank[values], -counts[values]))][:limit]
            found[kind] = [FacetCount(self.names[n], self.keys[n], int(counts[n])) for n in values.tolist()]
        return found
