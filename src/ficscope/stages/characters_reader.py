"""The reader as a character, in works told in the second person ("You tugged against the rope").

A chapter whose narration (the text outside quotation marks) is mostly "you" addresses
the reader as its protagonist, as AO3's reader-insert works do; the reader is then one of
the characters, spelled as the work declares it ("Reader", "Female Reader - Character")
or "Reader", and each "you" of that narration is a mention of them. Lines of dialogue are
left alone: a "you" said in a quote is whoever the speaker talks to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .. import knowledge
from ..model import Chapter, Character, Mention

READER = "Reader"
_YOU = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I)
_I = re.compile(r"\b(?:I|me|my|mine|myself)\b")
_QUOTED = re.compile(r"\u201c[^\u201d]{0,2000}\u201d|\"[^\"]{0,2000}\"")
MIN_SHARE = 0.05  # "you" among the narration's words: second-person works have 10% or more
MIN_YOU = 20
FIRST_PERSON_RATIO = 2  # "you" at least this many times "I": not a first-person narrator talking to someone


def _narration_you(text: str) -> tuple[list[re.Match[str]], int, int]:
    """The "you"s outside quotation marks, the narration's words and its "I"s."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    narration = _QUOTED.sub(" ", text)
    yous, index = [], 0
    for match in _YOU.finditer(text):
        while index < len(quoted) and quoted[index][1] <= match.start():
            index += 1
        if index < len(quoted) and quoted[index][0] <= match.start():
            continue
        yous.append(match)
    return yous, len(narration.split()), len(_I.findall(narration))


def second_person(chapter: Chapter) -> list[re.Match[str]]:
    """The narration's "you"s when the chapter is told in the second person, else none."""
    yous, words, firsts = _narration_you(chapter.text)
    if len(yous) < MIN_YOU or len(yous) < MIN_SHARE * words or len(yous) < FIRST_PERSON_RATIO * firsts:
        return []
    return yous


def reader_name(declared_characters: Iterable[str]) -> str:
    """The work's spelling of the reader: the shortest declared character named "reader"."""
    named = [
        knowledge.without_disambiguator(name).strip()
        for name in declared_characters
        if "reader" in knowledge.fold(knowledge.without_disambiguator(name)).split()
    ]
    return min(named, key=lambda n: (len(n.split()), n)) if named else READER


def find(chapters: Sequence[Chapter], declared_characters: Iterable[str] = ()) -> tuple[Character | None, list[Mention]]:
    """The reader and their mentions, when some chapter is told in the second person."""
    name = reader_name(declared_characters)
    mentions = [
        Mention(chapter.number, m.start(), m.end(), m.group(0), name)
        for chapter in chapters
        for m in second_person(chapter)
    ]
    if not mentions:
        return None, []
    return Character(name, mentions=len(mentions), gender=None), mentions


__all__ = ["READER", "find", "reader_name", "second_person"]
