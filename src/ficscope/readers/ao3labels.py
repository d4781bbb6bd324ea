"""AO3's label words, shared by the readers that meet them (HTML, EPUB, pasted text)."""

from __future__ import annotations

import re

from ..model import Declared, Work

# "<dt>" / label-line text, lower-cased and without the colon → Declared field.
TAG_LABELS = {
    "rating": "rating",
    "ratings": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "category": "categories",
    "categories": "categories",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tag": "tags",
    "additional tags": "tags",
}
OTHER_LABELS = {"language", "series", "collections", "collection", "stats"}

_STAT = re.compile(r"(Published|Updated|Completed|Words|Chapters)\s*:\s*([^\s]+)", re.I)


def label_key(text: str) -> str:
    return text.strip().rstrip(":").strip().lower()


def set_declared(declared: Declared, field_name: str, values: list[str]) -> None:
    values = [v for v in (value.strip() for value in values) if v]
    if not values:
        return
    if field_name == "rating":
        declared.rating = values[0]
    else:
        getattr(declared, field_name).extend(values)


def apply_stats(work: Work, stats: str) -> None:
    """Fill dates, word count, chapter count and completeness from AO3's Stats text."""
    for key, value in _STAT.findall(stats):
        key = key.lower()
        if key == "published":
            work.published = value
        elif key in ("updated", "completed"):
            work.updated = value
            if key == "completed":
                work.complete = True
        elif key == "words":
            digits = re.sub(r"[^\d]", "", value)
            work.declared_words = int(digits) if digits else None
        elif key == "chapters":
            work.declared_chapters = value
            done, _, total = value.partition("/")
            if total == "?":
                work.complete = False
            elif done.isdigit() and total.isdigit():
                work.complete = done == total
