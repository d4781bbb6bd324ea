"""Finding cues: the sentences a chapter's words make candidates, and the cue groups
that match in them (not inside a figure of speech, with their required lexicons near)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ... import knowledge
from ...knowledge import CueGroup
from ...model import Quote
from ._context import Reading
from ._text import Bounds, ChapterText, lexicon_in


@dataclass(slots=True)
class Cue:
    """One match of a cue group in a sentence, and how the sentence reads it."""

    group: CueGroup
    sentence: Bounds
    start: int
    end: int
    quote: Quote | None
    reading: Reading = field(default_factory=Reading)


def chapter_cues(ch: ChapterText, groups: Sequence[tuple[str, CueGroup]]) -> list[Cue]:
    found = knowledge.cue_index().matches(ch.norm)
    if not found:
        return []
    tags: dict[Bounds, set[str]] = defaultdict(set)  # sentence -> the cue groups that may match in it
    for candidate in found:
        sentence = ch.sentence_at(candidate.start)
        if sentence is not None:
            tags[sentence] |= candidate.tags
    cues: list[Cue] = []
    for sentence in sorted(tags):
        start, end = sentence
        if ch.in_notes(start):
            continue
        figures = ch.figures(sentence)
        for tag, group in groups:
            if tag not in tags[sentence]:
                continue
            for match in group.pattern.finditer(ch.norm, start, end):
                if _in_figure(figures, *match.span()):
                    continue
                if group.requires and not any(lexicon_in(r, ch.norm, *ch.window(sentence)) for r in group.requires):
                    continue
                cues.append(Cue(group, sentence, match.start(), match.end(), ch.quote_at(match.start())))
    return cues


def _in_figure(figures: list[Bounds], start: int, end: int) -> bool:
    """True if a cue overlaps a figure of speech it does not wholly contain: "attack" in
    "a panic attack" is no blow, but a cue written as "having a panic attack" stands."""
    return any(s < end and start < e and not (start <= s and e <= end) for s, e in figures)
