"""AO3 tags for relationships: "A/B" romantic or sexual, "A & B" platonic or family.

Members are spelled as the work declares them (its Relationships tags first, then its
Characters tags) when one declared name is the character's (its qualifiers aside:
"Female Lavellan" is Fenina Lavellan), else as the fandom pack
spells the character. A declared relationship of the same two people gives its order;
otherwise a pack's canonical tag, otherwise alphabetical order, as AO3 mostly orders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .. import knowledge
from ..model import Character
from .characters_declared import declared_words

_SEPARATORS = re.compile(r"\s*(?:/|\u2665)\s*|\s+&\s+|\s*\u2666\s*")


def separator(kind: str) -> str:
    return "/" if kind == "romantic" else " & "


def pack_tag(members: Sequence[str], kind: str) -> str:
    """The pack's canonical tag when a pack knows the pairing, else alphabetical."""
    sep = separator(kind)
    known = knowledge.relationship_synonyms()
    for order in (list(members), list(reversed(members))):
        canonical = known.get(sep.strip().join(order).lower()) or known.get(sep.join(order).lower())
        if canonical:
            return canonical
    return sep.join(sorted(members))


def _words(name: str) -> frozenset[str]:
    """A name's words without its tag's qualifiers: "Female Lavellan" is the Lavellan."""
    return frozenset(w.strip('"') for w in declared_words(name.replace('"', " ")) if w.strip('"'))


def _forms(name: str) -> list[frozenset[str]]:
    """A declared name's readings: "Fen'Harel | Solas" is both "Fen'Harel" and "Solas"."""
    return [w for w in (_words(part) for part in name.split("|")) if w]


class Speller:
    """Spells one work's relationship tags from its declared names and its cast."""

    def __init__(self, characters: Iterable[Character], declared_relationships: Iterable[str] = (), declared_characters: Iterable[str] = ()) -> None:
        self._names = {c.name: [_words(n) for n in (c.name, *c.aliases) if _words(n)] for c in characters}
        self._declared_pairs: list[list[str]] = []
        for tag in declared_relationships:
            parts = [p.strip() for p in _SEPARATORS.split(tag) if p.strip()]
            if len(parts) == 2:
                self._declared_pairs.append([re.sub(r"^past\s+", "", p, flags=re.I) for p in parts])
        declared = [m for members in self._declared_pairs for m in members] + list(declared_characters)
        self._spelling: dict[str, str] = {}
        for character, forms in self._names.items():
            matches = list(dict.fromkeys(d for d in declared if self._same(forms, d)))
            if len(matches) == 1 and sum(self._same(f, matches[0]) for f in self._names.values()) == 1:
                self._spelling[character] = matches[0]

    @staticmethod
    def _same(forms: list[frozenset[str]], declared: str) -> bool:
        return any(f <= d or d <= f for f in forms for d in _forms(declared))

    def spelled(self, character: str) -> str:
        return self._spelling.get(character, character)

    def __call__(self, members: list[str], kind: str) -> str:
        sep = separator(kind)
        for declared in self._declared_pairs:
            first, second = (self._names.get(m, []) for m in members)
            if (self._same(first, declared[0]) and self._same(second, declared[1])) or (
                self._same(first, declared[1]) and self._same(second, declared[0])
            ):
                return sep.join(declared)
        canonical = pack_tag(members, kind)
        if canonical != sep.join(sorted(members)):
            return canonical
        return sep.join(sorted(self.spelled(m) for m in members))


__all__ = ["Speller", "pack_tag", "separator"]
