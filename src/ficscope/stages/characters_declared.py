"""Characters the preface declares and the text names only with a common noun.

Reader-insert and creature works declare "Vampire - Character", "Original Demon
Character(s)" or "Reader/werewolf", and the story says "the vampire" throughout, never
a capitalised name. Such a declared name, its tag's qualifiers dropped ("Original",
"Male", "Character(s)": ``declared_qualifiers`` in ``knowledge/relationships.json``),
is a character when the text names it at least twice after a determiner, in lower
case ("the vampire", "your demon"); each of those nouns is a mention, and the character
is spelled as the work's relationship tags spell it, else as its character tag does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .. import knowledge
from ..model import Chapter, Character, Mention
from .characters_candidates import STOP_WORDS
from .characters_clusters import pronoun_gender

MIN_MENTIONS = 2
MAX_WORDS = 2
_PLURAL_MARK = re.compile(r"\((?:s|es|ren)\)")
_SEPARATORS = re.compile(r"\s*(?:/|\u2665)\s*|\s+&\s+|\s*\u2666\s*")
_DETERMINER = r"(?:the|your|my|his|her|their|our|this|that)"


def declared_words(name: str) -> list[str]:
    """A declared name's own words, folded, its tag's qualifiers and disambiguator dropped:
    "Original Demon Character(s)" -> ["demon"], "Female Lavellan (Dragon Age)" -> ["lavellan"]."""
    qualifiers = knowledge.relationship_cues().qualifiers
    bare = knowledge.fold(knowledge.without_disambiguator(name).split(" - ")[0])
    words = [w for w in _PLURAL_MARK.sub("", bare).split() if w not in qualifiers]
    for phrase in (q for q in qualifiers if " " in q):
        if phrase in " ".join(words):
            words = " ".join(words).replace(phrase, " ").split()
    return words


def _noun(name: str) -> str | None:
    """The common noun a declared name comes down to ("Original Demon Character(s)" ->
    "demon"), or None when it is no such noun (a full name, a group, nothing left)."""
    words = declared_words(name.split("|")[-1])
    if not words or len(words) > MAX_WORDS or not all(w.isalpha() for w in words) or words == ["reader"]:
        return None
    if any(w.capitalize() in STOP_WORDS for w in words):
        return None  # "All", "Everyone": no one person
    return " ".join(words)


def declared_nouns(declared_characters: Iterable[str], declared_relationships: Iterable[str]) -> dict[str, str]:
    """Common noun -> its spelling: a relationship tag's member first, else a character tag's."""
    spelled: dict[str, str] = {}
    members = [m.strip() for tag in declared_relationships for m in _SEPARATORS.split(tag) if m.strip()]
    for name in [*members, *declared_characters]:
        noun = _noun(name)
        if noun is not None and noun not in spelled:
            spelling = knowledge.without_disambiguator(name.split("|")[-1]).split(" - ")[0].strip()
            spelled[noun] = spelling if knowledge.fold(spelling) == noun else noun.capitalize()
    return spelled


def find(
    chapters: Sequence[Chapter],
    characters: Sequence[Character],
    declared_characters: Iterable[str] = (),
    declared_relationships: Iterable[str] = (),
) -> tuple[list[Character], list[Mention]]:
    """The declared characters the text names by a common noun, and those mentions."""
    known = {knowledge.fold(n) for c in characters for n in (c.name, *c.aliases)}
    texts = {c.number: c.text for c in chapters}
    found: list[Character] = []
    mentions: list[Mention] = []
    for noun, spelling in declared_nouns(declared_characters, declared_relationships).items():
        if noun in known or knowledge.fold(spelling) in known:
            continue
        words = r"\s+".join(map(re.escape, noun.split()))
        pattern = re.compile(rf"\b{_DETERMINER}\s+({words})\b", re.I)
        # Written in lower case, as a common noun: "the Inquisitor" is a title, someone's name.
        own = [
            Mention(c.number, m.start(1), m.end(1), m.group(1), spelling)
            for c in chapters
            for m in pattern.finditer(c.text)
            if m.group(1).islower()
        ]
        if len(own) < MIN_MENTIONS:
            continue
        found.append(Character(spelling, mentions=len(own), gender=pronoun_gender(texts, own)))
        mentions += own
    return found, mentions


__all__ = ["declared_nouns", "declared_words", "find"]
