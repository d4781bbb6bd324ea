"""One table of names and short names for AO3's ratings, Archive Warnings and
categories ("teen" is "Teen And Up Audiences"), read from ``aliases.json``. The
filters, the web app and ``ficscope check --declared`` all read names through it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Literal

from .knowledge import fold
from .model import ARCHIVE_WARNINGS, CATEGORIES, RATINGS

VocabularyKind = Literal["rating", "warning", "category"]
CANONICAL: dict[str, tuple[str, ...]] = {"rating": RATINGS, "warning": ARCHIVE_WARNINGS, "category": CATEGORIES}


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    """Folded name or short name -> AO3's spelling, for each vocabulary."""
    data = json.loads(resources.files("ficscope").joinpath("aliases.json").read_text(encoding="utf-8"))
    table: dict[str, dict[str, str]] = {}
    for kind, names in CANONICAL.items():
        entries = {fold(name): name for name in names}
        for alias, target in data[kind].items():
            if target not in names:
                raise ValueError(f"aliases.json: {alias!r} names {target!r}, which is not an AO3 {kind}")
            entries[fold(alias)] = target
        table[kind] = entries
    return table


def vocabulary(kind: VocabularyKind) -> dict[str, str]:
    """Every name and short name of ``kind``, folded, with AO3's spelling."""
    return _table()[kind]


def canonical(kind: VocabularyKind, text: str) -> str | None:
    """AO3's spelling of ``text`` as a ``kind`` ("Teen" -> "Teen And Up Audiences"), or None."""
    return _table()[kind].get(fold(text))
