"""Which fandom a work belongs to: as declared, or inferred from the characters found.

Inference needs evidence: a character carries a pack's fandom only when the
characters stage chose that pack from strong evidence (``characters_packs``), and even
then at least two such characters, or one whose name is distinctive to it, are needed.
Without that, say nothing rather than guess.
"""

from __future__ import annotations

from collections import Counter

from .. import knowledge
from ..model import Character, FandomEvidence
from ..pipeline import Inputs, Stage

FandomGuess = FandomEvidence


def find(declared: list[str], characters: list[Character]) -> list[FandomGuess]:
    if declared:
        return [FandomGuess(name, 1.0, "declared") for name in declared]
    by_fandom: Counter[str] = Counter()
    names: dict[str, list[str]] = {}
    distinctive: Counter[str] = Counter()
    for character in characters:
        if character.fandom:
            by_fandom[character.fandom] += 1
            names.setdefault(character.fandom, []).append(character.name)
            pack = knowledge.pack_for(character.fandom)
            if pack and any(c.name == character.name and c.distinctive for c in pack.characters):
                distinctive[character.fandom] += 1
    guesses = []
    for fandom, count in by_fandom.most_common():
        if count < 2 and not distinctive[fandom]:
            continue
        confidence = min(0.95, 0.4 + 0.15 * count + 0.1 * distinctive[fandom])
        guesses.append(FandomGuess(fandom, round(confidence, 2), "characters", tuple(names[fandom][:5])))
    return guesses


def run(doc: Inputs) -> dict[str, list]:
    guesses = find(doc.work.declared.fandoms, doc.characters)
    return {"fandom_guesses": guesses, "fandoms": [g.fandom for g in guesses]}


STAGE = Stage(name="fandoms", reads=("work", "characters"), assigns=("fandoms", "fandom_guesses"), compute=run)
