"""Front-matter pages of EPUBs from any maker: information, metadata and tag pages.

WebToEpub's information page, FicHub's and FanFicFare's title pages and EpubMerge's
title page for each merged work are lists of ``Label: value`` lines. A page where most
lines are such pairs and at least two labels are ones such pages use is front matter:
never a chapter, never story text; the tags it declares are read. A chat fic's
``Name: line`` dialogue has no two such labels, so it stays story.
"""

from __future__ import annotations

import re

from ..model import Declared
from .ao3labels import OTHER_LABELS, TAG_LABELS, label_key, set_declared

_LABELLED = re.compile(r"^(?P<label>[A-Za-z][A-Za-z' /()-]{0,30}?)\s*:\s*(?P<value>\S.*)?$")
# Labels of other makers' pages beyond AO3's, and the Declared field they fill.
EXTRA_TAG_LABELS = {
    "pairing": "relationships",
    "pairings": "relationships",
    "ship": "relationships",
    "ships": "relationships",
    "genre": "tags",
    "genres": "tags",
    "tags": "tags",
    "freeform": "tags",
    "content warnings": "warnings",
}
METADATA_LABELS = frozenset(
    {"author", "authors", "by", "words", "word count", "chapters", "status", "published", "updated", "completed",
     "summary", "description", "source", "url", "story url", "publisher", "packaged", "series", "kudos", "hits",
     "comments", "bookmarks", "rated", "reviews", "favs", "follows", "id", "title"}
) | OTHER_LABELS | TAG_LABELS.keys() | EXTRA_TAG_LABELS.keys()
_MIN_KNOWN_LABELS = 2
_LABELLED_SHARE = 0.5


def labelled_lines(paragraphs: list[str]) -> list[tuple[str, str]] | None:
    """The ``(label, value)`` pairs of a front-matter page, or None if it is no such page."""
    lines = [line.strip() for paragraph in paragraphs for line in paragraph.split("\n") if line.strip()]
    pairs = []
    for line in lines:
        match = _LABELLED.match(line)
        if match:
            pairs.append((label_key(match.group("label")), (match.group("value") or "").strip()))
    known = {label for label, _ in pairs if label in METADATA_LABELS}
    if len(known) < _MIN_KNOWN_LABELS or len(pairs) < _LABELLED_SHARE * len(lines):
        return None
    return pairs


def read_tags(pairs: list[tuple[str, str]], declared: Declared) -> None:
    """Add the tags ``pairs`` declare to ``declared``, each once."""
    for label, value in pairs:
        field_name = TAG_LABELS.get(label) or EXTRA_TAG_LABELS.get(label)
        if field_name is None or not value:
            continue
        present = [declared.rating] if field_name == "rating" else getattr(declared, field_name)
        fresh = [name for name in (part.strip() for part in value.split(",")) if name and name not in present]
        if field_name == "rating" and declared.rating:
            continue
        set_declared(declared, field_name, fresh)
