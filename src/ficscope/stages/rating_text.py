"""What the words of a story say about its rating, whatever the warnings found: how
explicitly it names sex (the most sexual terms within any stretch of so many words: one
explicit scene makes a long work Explicit), and how much it swears."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import knowledge
from ..wordcount import count_words

_WORD_START = re.compile(r"(?<![\w'])\w")


@dataclass(frozen=True, slots=True)
class ContentMeasure:
    words: int = 0
    sexual_terms: int = 0  # in the whole text
    densest_scene: int = 0  # the most sexual terms within one stretch of ``RatingRules.scene_words`` words
    strong_swears: int = 0
    mild_swears: int = 0


def _straight(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def sexual_term_offsets(text: str) -> list[int]:
    """Where each sexual term starts, leaving out stretches that only look like one."""
    rules = knowledge.rating_rules()
    text = _straight(text)
    excluded = [(m.start(), m.end()) for m in rules.not_sexual.finditer(text)]
    return [m.start() for m in rules.sexual.finditer(text) if not any(start <= m.start() < end for start, end in excluded)]


def densest_stretch(positions: list[int], width: int) -> int:
    """The most of ``positions`` (sorted word numbers) inside any window of ``width`` words."""
    best = 0
    for i, position in enumerate(positions):
        best = max(best, bisect.bisect_left(positions, position + width, lo=i) - i)
    return best


def measure(texts: Iterable[str]) -> ContentMeasure:
    """The rating's measures over the chapters' texts, read as one continuous story."""
    rules = knowledge.rating_rules()
    words = sexual = strong = mild = before = 0
    positions: list[int] = []  # word numbers of sexual terms, counted across chapters
    for text in texts:
        starts = [m.start() for m in _WORD_START.finditer(text)]
        offsets = sexual_term_offsets(text)
        positions += [before + bisect.bisect_right(starts, offset) for offset in offsets]
        before += len(starts)
        sexual += len(offsets)
        straight = _straight(text)
        strong += sum(1 for _ in rules.strong_swears.finditer(straight))
        mild += sum(1 for _ in rules.mild_swears.finditer(straight))
        words += count_words(text)
    return ContentMeasure(words, sexual, densest_stretch(positions, rules.scene_words), strong, mild)


__all__ = ["ContentMeasure", "densest_stretch", "measure", "sexual_term_offsets"]
