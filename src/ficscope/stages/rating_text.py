"""What the words of a story say about its rating, whatever the warnings found: how
explicitly it describes sex (the most different sexual terms within any stretch of so
many words: one explicit scene makes a long work Explicit, while a word repeated, "cock"
five times in a kiss against a wall, is no explicit scene), and how much it swears."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import knowledge
from ..wordcount import count_words

_WORD_START = re.compile(r"(?<![\w'])\w")


@dataclass(frozen=True, slots=True)
class ContentMeasure:
    words: int = 0
    sexual_terms: int = 0  # in the whole text
    densest_scene: int = 0  # the most different sexual terms within one stretch of ``RatingRules.scene_words`` words
    strong_swears: int = 0
    mild_swears: int = 0


@dataclass(frozen=True, slots=True)
class SexualTerm:
    word: int  # the number of the word it starts at
    term: str  # folded: lower case, a plural's "s" dropped


def _straight(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _folded(term: str) -> str:
    term = " ".join(term.lower().split())
    return term[:-1] if term.endswith("s") and not term.endswith("ss") else term


def sexual_terms(text: str, first_word: int = 0) -> list[SexualTerm]:
    """The sexual terms of ``text`` in order, leaving out stretches that only look like one."""
    rules = knowledge.rating_rules()
    text = _straight(text)
    excluded = [(m.start(), m.end()) for m in rules.not_sexual.finditer(text)]
    starts = [m.start() for m in _WORD_START.finditer(text)]
    return [
        SexualTerm(first_word + bisect.bisect_right(starts, m.start()), _folded(m.group()))
        for m in rules.sexual.finditer(text)
        if not any(start <= m.start() < end for start, end in excluded)
    ]


def densest_stretch(terms: Sequence[SexualTerm], width: int) -> int:
    """The most different terms inside any window of ``width`` words."""
    words = [t.word for t in terms]
    best = 0
    for i, term in enumerate(terms):
        inside = terms[i : bisect.bisect_left(words, term.word + width, lo=i)]
        best = max(best, len({t.term for t in inside}))
    return best


def measure(texts: Iterable[str]) -> ContentMeasure:
    """The rating's measures over the chapters' texts, read as one continuous story."""
    rules = knowledge.rating_rules()
    words = strong = mild = before = 0
    found: list[SexualTerm] = []
    for text in texts:
        found += sexual_terms(text, before)
        before += len(_WORD_START.findall(text))
        straight = _straight(text)
        strong += sum(1 for _ in rules.strong_swears.finditer(straight))
        mild += sum(1 for _ in rules.mild_swears.finditer(straight))
        words += count_words(text)
    return ContentMeasure(words, len(found), densest_stretch(found, rules.scene_words), strong, mild)


__all__ = ["ContentMeasure", "SexualTerm", "densest_stretch", "measure", "sexual_terms"]
