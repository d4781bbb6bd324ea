"""Who a cue happens to: the character who dies, the one a slur is aimed at."""

from __future__ import annotations

import re

from ... import knowledge
from ._cues import Cue
from ._severity import CALLED_BEFORE
from ._text import ChapterText

PRONOUN_REACH = 300  # characters back to a pronoun's antecedent


def _character_at(ch: ChapterText, offset: int | None, genders: dict[str, str | None]) -> str | None:
    """The character a word at ``offset`` names: a mention, or the character the
    coreference stage resolved a pronoun there to (nobody, when it found none)."""
    if offset is None:
        return None
    mention = ch.mention_at(offset)
    if mention is not None:
        return mention.character
    return ch.antecedents.get(offset)


def patient(ch: ChapterText, cue: Cue, genders: dict[str, str | None]) -> str | None:
    """Who a death cue happens to: the one killed, the one who dies, whose body part
    does ("his heart stopped"), or one named inside the cue ("what was left of Marcus")."""
    reading = cue.reading
    if cue.group.name == "killing":
        return _character_at(ch, reading.object, genders)
    inside = next((m.character for m in ch.mentions if cue.start <= m.start < cue.end), None)
    if reading.subject is not None or reading.object is not None:
        offset = reading.subject if reading.subject is not None else reading.object
        found = _character_at(ch, offset, genders) or _owner(ch, offset, genders) or inside
        return found or (_named_last(ch, cue, genders) if _pronoun_at(ch, offset) else None)
    if inside is not None:
        return inside
    # No parse: the name or pronoun just before "died", "was dead", "lay dead".
    start, _ = cue.sentence
    before = list(re.finditer(r"\w+", ch.norm[start : cue.start]))
    for word in reversed(before[-3:]):
        found = _character_at(ch, start + word.start(), genders)
        if found:
            return found
    if _SOMEONE_BEFORE.search(ch.norm[start : cue.start]):
        return None  # "a fisherman drowned": someone the story does not name
    return _named_last(ch, cue, genders)


_SOMEONE_BEFORE = re.compile(r"(?<!\w)(?:a|an|the|one|some)\s+(?:\w+\s+)?\w+\s+$", re.I)


def _pronoun_at(ch: ChapterText, offset: int) -> bool:
    word = re.match(r"\w+", ch.norm[offset : offset + 12])
    return word is not None and knowledge.warning_context().pronouns.get(word.group().lower()) in ("he", "she", "they")


def _named_last(ch: ChapterText, cue: Cue, genders: dict[str, str | None]) -> str | None:
    """In a death whose words name no one the story names ("the breath went out of her",
    "he never got up again"), the character named last before it, close by."""
    mention = ch.mention_before(cue.start, None, genders, reach=PRONOUN_REACH)
    return mention.character if mention is not None else None


def _owner(ch: ChapterText, offset: int | None, genders: dict[str, str | None]) -> str | None:
    """The character whose thing the word at ``offset`` is: "Bucky's hand", "his heart"."""
    if offset is None:
        return None
    words = list(re.finditer(r"\w+(?:'s|s')?", ch.norm[max(0, offset - 40) : offset]))
    for word in reversed(words[-2:]):  # "his heart", "Bucky's cold hand"
        text = word.group().lower()
        if text.endswith(("'s", "s'")) or knowledge.warning_context().pronouns.get(text) in ("he", "she", "they"):
            return _character_at(ch, max(0, offset - 40) + word.start(), genders)
    return None


def slur_target(ch: ChapterText, cue: Cue, genders: dict[str, str | None]) -> str | None:
    if cue.quote is not None:
        if cue.quote.addressee:
            return cue.quote.addressee
        mention = next((m for m in ch.mentions if cue.quote.start <= m.start < cue.quote.end), None)
        return mention.character if mention else None
    start, _ = cue.sentence
    called = CALLED_BEFORE.search(ch.norm[max(start, cue.start - 60) : cue.start])
    if called:
        return _character_at(ch, max(start, cue.start - 60) + called.start("who"), genders)
    return None
