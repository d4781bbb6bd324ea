"""Whose point of view each section follows, where no header says so.

A first-person section belongs to its narrator: the name other characters call the
"I" of the narration, or the section's header elsewhere in the chapter. A
third-person limited section follows the character whose perceptions and thoughts
the narration reports ("Alec watched", "Magnus thought", "she wondered").
"""

from __future__ import annotations

import re
from functools import lru_cache
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from ..model import Chapter, ChapterLayout, Mention, Quote, Section
from ..pipeline import Inputs, Stage
from .speakers import NARRATOR

from .. import knowledge

_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.I)
_PRONOUN = re.compile(r"(?:he|she|they|him|her|his|them|their)\b", re.I)
_SUBJECT = re.compile(r"(?:he|she|they)\b", re.I)
MIN_CONFIDENCE = 0.5
# Sections are close third person when one character's perceptions lead: at least this many,
# and strictly more than anyone else's.
MIN_PERCEPTIONS = 2
# Perceptions at which the lead alone gives full strength to the confidence.
FULL_PERCEPTIONS = 6
CARRIED_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _perception() -> re.Pattern[str]:
    forms = "|".join(re.escape(form).replace("'", "['\u2019]").replace("\\ ", r"\s+") for form in knowledge.perception_verbs())
    return re.compile(rf"\s*(?:\w+ly\s+)?(?:{forms})\b", re.I)


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


def infer(
    chapter: Chapter,
    section: Section,
    quotes: list[Quote],
    mentions: list[Mention],
    pronouns: list[tuple[int, str]] = (),  # type: ignore[assignment]
) -> tuple[str | None, float]:
    """The section's POV character and a confidence, or (None, 0.0). ``pronouns`` are the
    (offset, character) of the pronouns the coreference stage resolved in the chapter."""
    text = chapter.text
    narration = _narration(text, section.start, section.end, quotes)
    inside = [m for m in mentions if section.start <= m.start < section.end]
    if _first_person(text, narration):
        return _narrator(section, quotes, inside)
    mentioned, perceived = evidence(text, narration, inside, pronouns)
    (best, top), (_, runner_up) = (perceived.most_common(2) + [("", 0), ("", 0)])[:2]
    if top >= MIN_PERCEPTIONS and top > runner_up:
        strength = min(1.0, top / FULL_PERCEPTIONS)
        return best, round(min(0.95, MIN_CONFIDENCE + 0.45 * (top - runner_up) / top * strength), 2)
    if perceived:
        return None, 0.0
    return _only_named(mentioned)


def _only_named(mentioned: Counter[str]) -> tuple[str | None, float]:
    """With no one's perceptions reported, a section that names one character far more
    than anyone (a second-person reader-insert, a single character alone) follows them."""
    (best, top), (_, runner_up) = (mentioned.most_common(2) + [("", 0), ("", 0)])[:2]
    if top < 3:
        return None, 0.0
    confidence = round(min(0.95, (top - runner_up) / top * 0.5 + top / sum(mentioned.values()) * 0.5), 2)
    return (best, confidence) if confidence >= MIN_CONFIDENCE else (None, 0.0)


def evidence(
    text: str, narration: list[tuple[int, int]], mentions: list[Mention], pronouns: list[tuple[int, str]]
) -> tuple[Counter[str], Counter[str]]:
    """How often the narration names each character (by name or resolved pronoun), and how
    often it reports what they perceive or think right after naming them."""
    mentioned: Counter[str] = Counter()
    perceived: Counter[str] = Counter()
    perception = _perception()
    piece_starts = [s for s, _ in narration]  # the pieces are in order and apart: one search each
    places = [(m.start, m.end, m.character, True) for m in mentions]
    for offset, character in pronouns:
        word = _PRONOUN.match(text, offset)
        if word:
            places.append((offset, word.end(), character, bool(_SUBJECT.match(text, offset))))
    for start, end, character, subject in places:
        piece = bisect_right(piece_starts, start) - 1
        if piece < 0 or start >= narration[piece][1]:
            continue
        mentioned[character] += 1
        if subject and perception.match(text, end, min(len(text), end + 40)):
            perceived[character] += 1
    return mentioned, perceived


def _first_person(text: str, narration: list[tuple[int, int]]) -> bool:
    first = sum(len(_FIRST_PERSON.findall(text[s:e])) for s, e in narration)
    third = sum(len(_THIRD_PERSON.findall(text[s:e])) for s, e in narration)
    return first > max(3, third)


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


def apply(
    chapter: Chapter, layout: ChapterLayout, quotes: list[Quote], mentions: list[Mention], pronouns: list[tuple[int, str]] = ()  # type: ignore[assignment]
) -> None:
    chapter_quotes = sorted((q for q in quotes if q.chapter == chapter.number), key=lambda q: q.start)
    chapter_mentions = [m for m in mentions if m.chapter == chapter.number]
    canonical = {m.text.lower(): m.character for m in chapter_mentions}
    unknown: list[Section] = []
    for section in layout.sections:
        if section.pov is not None:
            # A header's name is kept as written but mapped to its character when known.
            section.pov = canonical.get(section.pov.lower(), section.pov)
            continue
        pov, confidence = infer(chapter, section, chapter_quotes, chapter_mentions, pronouns)
        if pov is not None:
            section.pov, section.pov_source, section.pov_confidence = pov, "inferred", confidence
        else:
            unknown.append(section)
    _carry(chapter, layout, unknown, chapter_quotes, chapter_mentions, pronouns)


def _carry(
    chapter: Chapter, layout: ChapterLayout, unknown: list[Section], quotes: list[Quote], mentions: list[Mention], pronouns: list[tuple[int, str]]
) -> None:
    """A chapter whose inferred sections all follow one character keeps following them in
    its other sections that name that character and report no one else's perceptions."""
    inferred = {s.pov for s in layout.sections if s.pov_source == "inferred"}
    if len(inferred) != 1 or any(s.pov_source == "header" for s in layout.sections):
        return
    (pov,) = inferred
    for section in unknown:
        narration = _narration(chapter.text, section.start, section.end, quotes)
        if _first_person(chapter.text, narration):
            continue
        inside = [m for m in mentions if section.start <= m.start < section.end]
        mentioned, perceived = evidence(chapter.text, narration, inside, pronouns)
        if mentioned[pov] and not any(count for name, count in perceived.items() if name != pov):
            section.pov, section.pov_source, section.pov_confidence = pov, "inferred", CARRIED_CONFIDENCE


def name_the_narrator(quotes: list[Quote], layouts: list[ChapterLayout], chapters: list[Chapter] | None = None) -> list[Quote]:
    """Lines the speakers stage gave to an unnamed "I" belong to the section's POV
    character once a header names them, or once the narration of a first-person section
    does; the "I" of a section told in the third person stays unnamed."""
    renamed = []
    by_chapter: dict[int, list[Quote]] = {}
    for quote in quotes:
        by_chapter.setdefault(quote.chapter, []).append(quote)
    for quote in quotes:
        if NARRATOR in (quote.speaker, quote.addressee) and 0 < quote.chapter <= len(layouts):
            section = next((s for s in layouts[quote.chapter - 1].sections if s.start <= quote.start < s.end), None)
            pov = section.pov if section else None
            if pov and section and section.pov_source != "header" and chapters is not None:
                text = chapters[quote.chapter - 1].text
                if not _first_person(text, _narration(text, section.start, section.end, by_chapter[quote.chapter])):
                    pov = None
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
    pronouns: dict[int, list[tuple[int, str]]] = {}
    for (number, offset), character in doc.antecedents.items():
        pronouns.setdefault(number, []).append((offset, character))
    for chapter, layout in zip(doc.work.chapters, layouts):
        apply(chapter, layout, quotes, mentions, pronouns.get(chapter.number, []))
    quotes = name_the_narrator(quotes, layouts, doc.work.chapters)
    speaking = {q.speaker for q in quotes}
    characters = [c for c in doc.characters if c.named or c.name in speaking]
    povs = {s.pov for layout in layouts for s in layout.sections if s.pov}
    for character in characters:
        character.pov = character.name in povs or any(alias in povs for alias in character.aliases)
    return {"layout": layouts, "quotes": quotes, "characters": characters}


# ``apply`` fills in each section's point of view, so the layout is modified in place.
STAGE = Stage(
    name="pov", reads=("work", "mentions", "antecedents"), assigns=(), modifies=("layout", "quotes", "characters"), compute=run
)
