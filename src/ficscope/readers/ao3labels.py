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
    "warning": "warnings",
    "warnings": "warnings",
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

_PUBLISHED = re.compile(r"Published:\s*(\d{4}-\d{2}-\d{2})")
_REVISED = re.compile(r"(Updated|Completed):\s*(\d{4}-\d{2}-\d{2})")
_WORDS = re.compile(r"Words:\s*(\d[\d,.\s]*)")
_CHAPTERS = re.compile(r"Chapters:\s*(\d[\d,.]*)\s*/\s*(\d[\d,.]*|\?)")


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
    published = _PUBLISHED.search(stats)
    revised = _REVISED.search(stats)
    words = _WORDS.search(stats)
    chapters = _CHAPTERS.search(stats)
    work.published = published.group(1) if published else None
    work.updated = revised.group(2) if revised else None
    if words:
        digits = re.sub(r"\D", "", words.group(1))
        work.declared_words = int(digits) if digits else None
    if chapters:
        posted = re.sub(r"\D", "", chapters.group(1))
        expected = chapters.group(2) if chapters.group(2) == "?" else re.sub(r"\D", "", chapters.group(2))
        work.declared_chapters = f"{posted}/{expected}"
        work.complete = expected != "?" and int(posted) >= int(expected)
    elif revised:
        # The archive writes "Completed:" for a finished work, "Updated:" for a WIP.
        work.complete = revised.group(1) == "Completed"
