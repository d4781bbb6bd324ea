"""Tag matching as AO3 does it: synonyms filter as one tag.

Every tag is stored with a *key*: the folded canonical form that synonyms share.
"Alec/Magnus", "Magnus/Alec" and "Alec Lightwood/Magnus Bane" all key to
"alec lightwood/magnus bane"; "Izzy" keys to "isabelle lightwood". Names are
made canonical with the fandom packs (``ficscope.knowledge``), preferring the packs
of the work's own fandoms; relationship members are sorted, so the order of the
names around "/" or "&" does not matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from ..aliases import canonical
from ..errors import FilterError
from ..knowledge import (
    FandomPack,
    PackCharacter,
    canonical_relationship,
    fandom_packs,
    fold,
    pack_for,
)
from ..model import ARCHIVE_WARNINGS, CATEGORIES, RATINGS

TagKind = Literal["rating", "warning", "category", "fandom", "relationship", "character", "tag"]
TAG_KINDS: tuple[str, ...] = get_args(TagKind)


@dataclass(frozen=True, slots=True)
class TagKey:
    """A tag as stored: ``key`` for matching, ``name`` (canonical where known) for display."""

    key: str
    name: str


_VOCABULARIES = ("rating", "warning", "category")


def fixed_tag(kind: str, text: str) -> str | None:
    """AO3's spelling of a rating, archive warning or category ("teen" -> "Teen And Up
    Audiences"), or None if ``text`` is none of them."""
    return canonical(kind, text)  # type: ignore[arg-type]


def require_fixed_tag(kind: str, text: str, option: str) -> str:
    """``fixed_tag``, or a FilterError listing what is allowed."""
    found = fixed_tag(kind, text)
    if found is None:
        allowed = RATINGS if kind == "rating" else ARCHIVE_WARNINGS if kind == "warning" else CATEGORIES
        raise FilterError(f"{option} {text!r}: not an AO3 {kind}; use one of: {', '.join(allowed)}")
    return found


class Resolver:
    """Makes tags canonical, preferring the packs of the given fandoms."""

    def __init__(self, fandoms: Iterable[str] = ()) -> None:
        packs: list[FandomPack] = []
        for fandom in fandoms:
            pack = pack_for(fandom)
            if pack is not None and pack not in packs:
                packs.append(pack)
        self.packs: tuple[FandomPack, ...] = tuple(packs)

    def key(self, kind: str, text: str) -> TagKey:
        """The stored form of one tag of ``kind`` as a work carries it."""
        if kind == "character":
            return self.character(text)
        if kind == "relationship":
            return self.relationship(text)
        if kind == "fandom":
            return fandom_key(text)
        if kind in _VOCABULARIES:
            spelled = fixed_tag(kind, text) or text.strip()
            return TagKey(fold(spelled), spelled)
        return TagKey(fold(text), text.strip())

    def character(self, name: str) -> TagKey:
        found = self._pack_character(name)
        if found is None:
            return TagKey(fold(name), name.strip())
        return TagKey(fold(found.name), found.name)

    def relationship(self, tag: str) -> TagKey:
        known = self._pack_relationship(tag)
        written = known or tag
        separator = "/" if "/" in written else "&" if "&" in written else None
        members = [m.strip() for m in written.split(separator)] if separator else []
        if separator is None or len(members) < 2 or not all(members):
            return TagKey(fold(tag), tag.strip())
        resolved = [self.character(member) for member in members]
        joiner = "/" if separator == "/" else " & "
        key = joiner.join(sorted(r.key for r in resolved))
        name = known or joiner.join(sorted((r.name for r in resolved), key=fold))
        return TagKey(key, name)

    def _pack_character(self, name: str) -> PackCharacter | None:
        for pack in self.packs:
            found = pack.character(name)
            if found is not None:
                return found
        return _unique_character(name)

    def _pack_relationship(self, tag: str) -> str | None:
        for pack in self.packs:
            found = pack.relationship(tag)
            if found is not None:
                return found.tag
        return canonical_relationship(tag)


def fandom_key(name: str) -> TagKey:
    """A fandom tag keys to its pack's canonical fandom: "The Mortal Instruments" ->
    "Shadowhunters (TV)"; a fandom no pack covers keys to itself."""
    pack = pack_for(name)
    if pack is None:
        return TagKey(fold(name), name.strip())
    return TagKey(fold(pack.fandom), pack.fandom)


@lru_cache(maxsize=4096)
def _unique_character(name: str) -> PackCharacter | None:
    """The one character any pack means by ``name``; None when none or several do."""
    found = {c.name: c for pack in fandom_packs() if (c := pack.character(name)) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def query_keys(kind: str, text: str, fandoms: Sequence[str] = ()) -> frozenset[str]:
    """Every stored key a user's filter value can mean.

    Within the given fandoms a name has one meaning; without them, an ambiguous name
    ("Max") matches each character it can name, in any fandom, as well as itself.
    """
    if kind not in ("character", "relationship"):
        return frozenset({Resolver(fandoms).key(kind, text).key})
    resolvers = [Resolver(fandoms)]
    if not fandoms:
        resolvers += [Resolver([pack.fandom]) for pack in fandom_packs()]
    keys = {resolver.key(kind, text).key for resolver in resolvers}
    if kind == "character":
        keys.add(fold(text))
    return frozenset(keys)

