"""Work-level counts: words as AO3 counts them (story text, not notes), chapters, reading time."""

from __future__ import annotations

import math

from ..model import ChapterLayout, Quote, Stats
from ..pipeline import Document, Stage

WORDS_PER_MINUTE = 250


def find(layout: list[ChapterLayout], quotes: list[Quote] | None = None, text_length: int = 0) -> Stats:
    words = sum(chapter.words for chapter in layout)
    share = None
    if quotes and text_length:
        share = round(sum(q.end - q.start for q in quotes) / text_length, 3)
    return Stats(
        words=words,
        chapters=len(layout),
        reading_minutes=math.ceil(words / WORDS_PER_MINUTE) if words else 0,
        dialogue_share=share,
    )


def run(doc: Document) -> None:
    text_length = sum(len(chapter.text) for chapter in doc.work.chapters)
    doc.products["stats"] = find(doc.get("layout"), doc.products.get("quotes"), text_length)


STAGE = Stage(name="stats", requires=("layout",), produces=("stats",), run=run)
