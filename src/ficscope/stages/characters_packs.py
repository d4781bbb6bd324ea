"""Which fandom packs a work's characters may be named by.

A declared fandom always wins: a work that declares fandoms uses exactly their packs
(a crossover both of its fandoms', none when no declared fandom has a pack). With none
declared, a pack is inferred only from strong evidence among the work's own named
characters (the name forms the person model takes as people, each counted once by its
given name): at least ``min_matches`` of them are given names of the pack's
characters, at least ``min_uncommon`` of those are names the given-name lists do not
know ("Izuku", "Castiel"; not "Harry", "Sam"), and they are at least ``min_share`` of
the work's named characters. The three numbers are ``knowledge/models/fandom_names.json``,
fitted by ``train/fandom_names.py`` on texts that belong to no fandom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import knowledge
from ..errors import FicscopeError
from ._model_file import read_model
from .characters_candidates import bare, title

FORMAT = "ficscope-fandom-names"
FORMAT_VERSION = 1
MODEL_FILE = ("knowledge", "models", "fandom_names.json")


class FandomNamesError(FicscopeError):
    """The shipped fandom-names thresholds are missing or malformed."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """How far a work's named characters match one pack's given names."""

    pack: knowledge.FandomPack
    matched: tuple[str, ...]  # the work's given names (folded) the pack knows
    uncommon: int  # how many of them the given-name lists do not know
    named: int  # the work's named characters

    @property
    def share(self) -> float:
        return len(self.matched) / self.named if self.named else 0.0


@dataclass(frozen=True, slots=True)
class Thresholds:
    min_matches: int
    min_uncommon: int
    min_share: float

    def met(self, evidence: Evidence) -> bool:
        return (
            len(evidence.matched) >= self.min_matches
            and evidence.uncommon >= self.min_uncommon
            and evidence.share >= self.min_share
        )


def from_json(data: dict[str, object], source: str) -> Thresholds:
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise FandomNamesError(f"{source}: not a version {FORMAT_VERSION} ficscope fandom-names file")
    matches, uncommon, share = data.get("min_matches"), data.get("min_uncommon"), data.get("min_share")
    if not isinstance(matches, int) or not isinstance(uncommon, int) or matches < 1 or uncommon < 0:
        raise FandomNamesError(f"{source}: min_matches and min_uncommon must be whole numbers")
    if not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise FandomNamesError(f"{source}: min_share must be a number between 0 and 1")
    return Thresholds(matches, uncommon, float(share))


@lru_cache(maxsize=1)
def thresholds() -> Thresholds:
    """The shipped thresholds."""
    return from_json(*read_model(MODEL_FILE, "fandom-names thresholds", FandomNamesError))


def given_names(people: Iterable[str]) -> frozenset[str]:
    """The work's named characters, one folded given name each: the first word of every
    untitled name form, leaving out a lone word that is the last word of a longer form
    (the surname "Potter" of "Harry Potter")."""
    forms = {bare(f) for f in people if not title(f)}
    surnames = {knowledge.fold(f.split()[-1]) for f in forms if " " in f}
    found = set()
    for form in forms:
        key = knowledge.fold(form.split()[0])
        if " " in form or key not in surnames:
            found.add(key)
    return frozenset(found)


@lru_cache(maxsize=None)
def pack_given_names(pack: knowledge.FandomPack) -> frozenset[str]:
    """The folded first words of every strong name of the pack's characters."""
    found = set()
    for character in pack.characters:
        for name in character.names:
            words = bare(knowledge.without_disambiguator(name)).split()
            if words:
                found.add(knowledge.fold(words[0]))
    return frozenset(found)


def evidence(people: Iterable[str], pack: knowledge.FandomPack) -> Evidence:
    """How the work's named characters (``people``, name forms) match ``pack``."""
    named = given_names(people)
    matched = tuple(sorted(named & pack_given_names(pack)))
    uncommon = sum(1 for name in matched if not knowledge.known_given_name(name))
    return Evidence(pack, matched, uncommon, len(named))


def infer(people: Iterable[str], limits: Thresholds | None = None) -> knowledge.FandomPack | None:
    """The pack the work's named characters point to, or None without strong evidence;
    of several, the one matching the largest share, then most names, then by name."""
    limits = limits or thresholds()
    forms = list(people)
    passing = [e for pack in knowledge.fandom_packs() if limits.met(e := evidence(forms, pack))]
    passing.sort(key=lambda e: (-e.share, -len(e.matched), e.pack.fandom))
    return passing[0].pack if passing else None


def declared_packs(declared: Iterable[str]) -> list[knowledge.FandomPack] | None:
    """The packs of the declared fandoms, each once; None when nothing is declared (an
    empty list when fandoms are declared but no pack knows them)."""
    names = [name for name in declared if name.strip()]
    if not names:
        return None
    return list(dict.fromkeys(pack for name in names if (pack := knowledge.pack_for(name)) is not None))
