"""Work-level counts: words as AO3 counts them (story text, not notes), chapters, reading time."""

from __future__ import annotations

import math

from ..model import ChapterLayout, Quote, Stats
from ..pipeline import Inputs, Stage

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


def run(doc: Inputs) -> dict[str, Stats]:
    text_length = sum(len(chapter.text) for chapter in doc.work.chapters)
    return {"stats": find(doc.layout, doc.quotes, text_length)}


STAGE = Stage(name="stats", reads=("work", "layout", "quotes"), assigns=("stats",), compute=run)
