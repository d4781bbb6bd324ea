"""Who a stretch of text names: a named character's mention, or a pronoun resolved to one.

The coreference stage's ``antecedents`` answer first (a pronoun it has resolved is filed
under its offset), and a pronoun it left to nobody is nobody's here too. Where it could
not answer (it resolved a pronoun to someone the caller excludes, the subject of the
same verb, for "Marco kissed him"; or it did not run), "he"/"she" go to the nearest named
character before them whose gender fits, leaving out the excluded; "I"/"you" inside a
quote go to its speaker and addressee. A name that is only a form of address ("Onee-chan", "Mom") is nobody's own
(``address_only``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from .. import knowledge
from ..knowledge import RelationshipCues
from ..model import Character, Mention, Quote

PRONOUN_GENDER = knowledge.pronoun_genders()  # "his" -> "he", from knowledge/names/pronouns.tsv
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
PRONOUNS = frozenset(PRONOUN_GENDER) | FIRST_PERSON | SECOND_PERSON
LOOK_BACK_CHARS = 800  # how far back a pronoun's antecedent may stand
LOOK_BACK_MENTIONS = 8


def address_only(name: str, cues: RelationshipCues) -> bool:
    """A "character" named only by how someone is addressed ("Onee-chan", "Mom", "Nii-san"):
    someone else by another name, never a member of a tag a reader would write."""
    suffixes = knowledge.honorific_suffixes()
    parts = [p for p in re.split(r"[-\s]+", knowledge.fold(name)) if p]
    joined = "-".join(parts)
    if len(parts) > 1 and (joined in suffixes or (joined.startswith("o") and joined[1:] in suffixes)):
        return True  # "Nii-san", "Onee-chan"; "Mei-chan" is Mei
    return bool(parts) and all(cues.relation_kind(p) is not None for p in parts)  # "Mom"; "Mei" is a name


class People:
    """Named characters' mentions per chapter, with pronoun resolution over them."""

    def __init__(
        self,
        characters: Iterable[Character],
        mentions: Iterable[Mention],
        antecedents: Mapping[tuple[int, int], str],
        quotes: Iterable[Quote],
    ) -> None:
        cast = list(characters)
        mentions = list(mentions)
        self.named = frozenset(c.name for c in cast if c.named)
        self.gender = {c.name: c.gender for c in cast}
        self.antecedents = antecedents
        mentioned = {(m.chapter, m.start) for m in mentions}
        # Whether the coreference stage resolved pronouns (else this resolves them itself).
        self.coref = any(key not in mentioned for key in antecedents)
        by_chapter: dict[int, list[Mention]] = defaultdict(list)
        for mention in mentions:
            if mention.character in self.named:
                by_chapter[mention.chapter].append(mention)
        self._mentions = {ch: sorted(ms, key=lambda m: m.start) for ch, ms in by_chapter.items()}
        self._starts = {ch: [m.start for m in ms] for ch, ms in self._mentions.items()}
        said: dict[int, list[Quote]] = defaultdict(list)
        for quote in quotes:
            said[quote.chapter].append(quote)
        self._quotes = {ch: sorted(qs, key=lambda q: q.start) for ch, qs in said.items()}
        self._quote_starts = {ch: [q.start for q in qs] for ch, qs in self._quotes.items()}

    def present(self) -> dict[int, set[str]]:
        """The named characters each chapter mentions."""
        return {chapter: {m.character for m in found} for chapter, found in self._mentions.items()}

    def mentions_in(self, chapter: int, start: int, end: int) -> list[Mention]:
        starts = self._starts.get(chapter, [])
        found = self._mentions.get(chapter, [])
        return found[bisect_left(starts, start) : bisect_left(starts, end)]

    def named_at(self, chapter: int, start: int, end: int) -> str | None:
        """The character a mention covering ``start``..``end`` names."""
        starts = self._starts.get(chapter, [])
        index = bisect_right(starts, start) - 1
        if index >= 0:
            mention = self._mentions[chapter][index]
            if mention.start <= start and end <= mention.end:
                return mention.character
        return None

    def quote_at(self, chapter: int, offset: int) -> Quote | None:
        starts = self._quote_starts.get(chapter, [])
        index = bisect_right(starts, offset) - 1
        if index >= 0:
            quote = self._quotes[chapter][index]
            if quote.start <= offset < quote.end:
                return quote
        return None

    def resolve(
        self, chapter: int, offset: int, pronoun: str, exclude: Collection[str] = (), forward_to: int | None = None
    ) -> str | None:
        """The named character a pronoun at ``offset`` refers to, or None when unsure."""
        word = pronoun.lower()
        known = self.antecedents.get((chapter, offset))
        if known in self.named and known not in exclude:
            return known
        if word in FIRST_PERSON or word in SECOND_PERSON:
            quote = self.quote_at(chapter, offset)
            if quote is None:
                return None
            who = quote.speaker if word in FIRST_PERSON else quote.addressee
            return who if who in self.named and who not in exclude else None
        gender = PRONOUN_GENDER.get(word)
        if gender is None:
            return None
        if self.coref and known is None:
            return None  # the coreference stage found it means nobody named
        starts = self._starts.get(chapter, [])
        mentions = self._mentions.get(chapter, [])
        index = bisect_left(starts, offset) - 1
        if index < 0 or offset - mentions[index].end > LOOK_BACK_CHARS:
            index = -1
        else:
            forward_to = None
        seen = 0
        while index >= 0 and seen < LOOK_BACK_MENTIONS and offset - mentions[index].end <= LOOK_BACK_CHARS:
            candidate = mentions[index].character
            if self.gender.get(candidate) == gender and candidate not in exclude:
                return candidate
            index -= 1
            seen += 1
        if forward_to is not None:
            # Nobody before it: "Her husband Tom brought Lucy tea" looks ahead in its sentence.
            for mention in self.mentions_in(chapter, offset, forward_to):
                if self.gender.get(mention.character) == gender and mention.character not in exclude:
                    return mention.character
        return None


__all__ = ["FIRST_PERSON", "address_only", "PRONOUNS", "PRONOUN_GENDER", "People", "SECOND_PERSON"]
