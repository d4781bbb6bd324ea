"""Whose point of view each section follows, where no header says so.

A first-person section belongs to its narrator: the name other characters call the
"I" of the narration, or the section's header elsewhere in the chapter. A
third-person limited section follows the character whose perceptions and thoughts
the narration reports ("Alec watched", "Magnus thought", "she wondered").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from ..model import Chapter, ChapterLayout, Mention, Quote, Section
from ..pipeline import Inputs, Stage
from .speakers import NARRATOR

_PERCEPTION = re.compile(
    r"^\s*(?:\w+ly\s+)?(?:thought|felt|knew|wondered|realized|realised|noticed|watched|saw|heard|remembered|"
    r"wanted|hoped|wished|feared|decided|could(?:n't| not)? (?:see|feel|hear|help|believe)|"
    r"didn't know|did not know|couldn't|tried|hated|loved|missed|needed|swallowed|blinked)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.I)
MIN_CONFIDENCE = 0.5


def _narration(text: str, start: int, end: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = start
    for quote in quotes:
        if quote.end <= start or quote.start >= end:
            continue
        if quote.start > cursor:
            pieces.append((cursor, quote.start))
        cursor = max(cursor, quote.end)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def infer(chapter: Chapter, section: Section, quotes: list[Quote], mentions: list[Mention]) -> tuple[str | None, float]:
    """The section's POV character and a confidence, or (None, 0.0)."""
    text = chapter.text
    narration = _narration(text, section.start, section.end, quotes)
    first = sum(len(_FIRST_PERSON.findall(text[s:e])) for s, e in narration)
    third = sum(len(_THIRD_PERSON.findall(text[s:e])) for s, e in narration)
    inside = [m for m in mentions if section.start <= m.start < section.end]
    if first > max(3, third):
        return _narrator(section, quotes, inside)
    scores: Counter[str] = Counter()
    piece_starts = [s for s, _ in narration]  # the pieces are in order and apart: one search each
    for mention in inside:
        piece = bisect_right(piece_starts, mention.start) - 1
        if piece < 0 or mention.start >= narration[piece][1]:
            continue
        scores[mention.character] += 1
        if _PERCEPTION.match(text[mention.end : mention.end + 40]):
            scores[mention.character] += 3
    if not scores:
        return None, 0.0
    (best, top), *rest = scores.most_common(2) + [("", 0)]
    runner_up = rest[0][1] if rest else 0
    total = sum(scores.values())
    if top < 3:
        return None, 0.0
    confidence = round(min(0.95, (top - runner_up) / top * 0.5 + top / total * 0.5), 2)
    return (best, confidence) if confidence >= MIN_CONFIDENCE else (None, 0.0)


def _narrator(section: Section, quotes: list[Quote], mentions: list[Mention]) -> tuple[str | None, float]:
    """An "I" narrator is the character the others address (and who is never a third person)."""
    addressed = Counter(q.addressee for q in quotes if section.start <= q.start < section.end and q.addressee)
    mentioned = Counter(m.character for m in mentions)
    named = set(mentioned)
    for name, count in addressed.most_common():
        # The narrator is spoken to but rarely named in the narration.
        if name in named and count >= 2 and mentioned[name] <= count * 2:
            return name, 0.6
    return None, 0.0


def apply(chapter: Chapter, layout: ChapterLayout, quotes: list[Quote], mentions: list[Mention]) -> None:
    chapter_quotes = sorted((q for q in quotes if q.chapter == chapter.number), key=lambda q: q.start)
    chapter_mentions = [m for m in mentions if m.chapter == chapter.number]
    canonical = {m.text.lower(): m.character for m in chapter_mentions}
    for section in layout.sections:
        if section.pov is not None:
            # A header's name is kept as written but mapped to its character when known.
            section.pov = canonical.get(section.pov.lower(), section.pov)
            continue
        pov, confidence = infer(chapter, section, chapter_quotes, chapter_mentions)
        if pov is not None:
            section.pov, section.pov_source, section.pov_confidence = pov, "inferred", confidence


def name_the_narrator(quotes: list[Quote], layouts: list[ChapterLayout]) -> list[Quote]:
    """Lines the speakers stage gave to an unnamed "I" belong to the section's POV
    character once a header or the narration names them."""
    renamed = []
    for quote in quotes:
        if NARRATOR in (quote.speaker, quote.addressee) and 0 < quote.chapter <= len(layouts):
            pov = next((s.pov for s in layouts[quote.chapter - 1].sections if s.start <= quote.start < s.end), None)
            if pov:
                quote = replace(
                    quote,
                    speaker=pov if quote.speaker == NARRATOR else quote.speaker,
                    addressee=pov if quote.addressee == NARRATOR else quote.addressee,
                )
        renamed.append(quote)
    return renamed


def run(doc: Inputs) -> dict[str, list]:
    quotes = doc.quotes
    mentions = doc.mentions
    layouts = doc.layout
    for chapter, layout in zip(doc.work.chapters, layouts):
        apply(chapter, layout, quotes, mentions)
    quotes = name_the_narrator(quotes, layouts)
    speaking = {q.speaker for q in quotes}
    characters = [c for c in doc.characters if c.named or c.name in speaking]
    povs = {s.pov for layout in layouts for s in layout.sections if s.pov}
    for character in characters:
        character.pov = character.name in povs or any(alias in povs for alias in character.aliases)
    return {"layout": layouts, "quotes": quotes, "characters": characters}


# ``apply`` fills in each section's point of view, so the layout is modified in place.
STAGE = Stage(
    name="pov", reads=("work", "mentions"), assigns=(), modifies=("layout", "quotes", "characters"), compute=run
)
