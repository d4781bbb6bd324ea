"""Fandoms: as declared, or inferred from the characters with a confidence, or nothing."""

from __future__ import annotations

from ficscope.model import Character
from ficscope.stages.fandoms import find

SH = "Shadowhunters (TV)"


def test_declared_fandoms_are_taken_as_they_are_with_full_confidence() -> None:
    found = find(["Shadowhunters (TV)"], [])
    assert [(g.fandom, g.confidence, g.source) for g in found] == [(SH, 1.0, "declared")]


def test_two_characters_of_one_pack_name_its_fandom_with_the_characters_as_evidence() -> None:
    people = [Character("Alec Lightwood", fandom=SH), Character("Magnus Bane", fandom=SH)]
    (guess,) = find([], people)
    assert guess.fandom == SH and guess.source == "characters"
    assert set(guess.characters) == {"Alec Lightwood", "Magnus Bane"}
    assert 0.5 <= guess.confidence < 1.0


def test_original_characters_alone_name_no_fandom() -> None:
    assert find([], [Character("Wren"), Character("Tomas")]) == []
