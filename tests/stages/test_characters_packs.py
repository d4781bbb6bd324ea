"""Fandom packs only on evidence: declared fandoms win, and a pack is inferred only when
the work's own people are mostly that pack's uncommon given names."""

from __future__ import annotations

import pytest

from ficscope import knowledge
from ficscope.model import Chapter
from ficscope.stages import characters_packs
from ficscope.stages.characters import find
from ficscope.stages.characters_packs import FandomNamesError, Thresholds, evidence, from_json, given_names, infer

SH = "Shadowhunters (TV)"
HP = "Harry Potter - J. K. Rowling"
LIMITS = Thresholds(min_matches=3, min_uncommon=2, min_share=0.5)

SCENE = (
    "Magnus Bane poured two drinks. \u201cYou're late,\u201d Magnus said. Alec Lightwood shrugged.\n\n"
    "\u201cJace kept me,\u201d Alec said. Jace laughed at him from the door, and Magnus smiled.\n\n"
    "\u201cDrink up,\u201d Maia said to Jace. Alec took the glass from Maia.\n\n"
    "Hermione Granger looked up from her book. \u201cHonestly,\u201d Hermione said. Ron Weasley grinned.\n\n"
    "\u201cLeave it,\u201d Ron said, and Hermione sighed. Sherlock watched them all. \u201cBoring,\u201d Sherlock said."
)


def cast(text: str, fandoms: tuple[str, ...] = ()) -> dict[str, str | None]:
    found, _ = find([Chapter(number=1, text=text)], fandoms)
    return {c.name: c.fandom for c in found}


def test_a_crossover_uses_exactly_its_declared_fandoms_packs() -> None:
    found = cast(SCENE, (SH, HP))
    assert found["Magnus Bane"] == SH and found["Hermione Granger"] == HP
    # Sherlock is a name of another pack's character: the text's own name stands.
    assert found.get("Sherlock", "missing") is None
    assert "Sherlock Holmes" not in found


def test_a_declared_fandom_wins_over_the_names_the_text_uses() -> None:
    found = cast(SCENE, (HP,))
    assert found["Hermione Granger"] == HP
    assert all(fandom in (None, HP) for fandom in found.values())
    assert "Jace Wayland" not in found


def test_a_declared_fandom_without_a_pack_brings_no_other_pack() -> None:
    text = SCENE.split("\n\nHermione")[0]
    assert not any(cast(text, ("Original Work",)).values())
    assert any(fandom == SH for fandom in cast(text).values())


def test_the_work_counts_each_person_once_by_given_name_and_no_surname_alone() -> None:
    assert given_names(["Harry Potter", "Harry", "Potter", "Mr. Weasley", "Ginny"]) == {"harry", "ginny"}


def test_a_pack_needs_enough_uncommon_names_and_a_large_enough_share() -> None:
    pack = knowledge.pack_for(SH)
    assert pack is not None
    own = ["Magnus", "Alec Lightwood", "Jace", "Clary"]
    found = evidence(own, pack)
    assert len(found.matched) == 4 and found.share == 1.0
    assert LIMITS.met(found)
    assert infer(own, LIMITS) == pack
    # The same names drowned among the work's own people fall below the share.
    many = [*own, "Wren", "Tomas", "Bartholomew", "Ottoline", "Marguerite"]
    assert evidence(many, pack).share < LIMITS.min_share
    assert infer(many, LIMITS) is None


def test_common_given_names_alone_bring_no_pack() -> None:
    # John, Mary, Greg and Molly are all Sherlock (TV) names, and everyone's.
    forms = ["John", "Mary", "Greg", "Molly"]
    found = evidence(forms, knowledge.pack_for("Sherlock (TV)"))
    assert len(found.matched) == 4 and found.uncommon < LIMITS.min_uncommon
    assert infer(forms, LIMITS) is None


def test_declared_packs_are_none_without_a_declaration_and_empty_without_a_known_one() -> None:
    assert characters_packs.declared_packs([]) is None
    assert characters_packs.declared_packs(["Original Work"]) == []
    assert [p.fandom for p in characters_packs.declared_packs([SH, "Shadowhunters (TV)", HP]) or []] == [SH, HP]


def test_the_shipped_thresholds_load_and_a_malformed_file_is_refused() -> None:
    shipped = characters_packs.thresholds()
    assert shipped.min_matches >= 1 and 0 < shipped.min_share <= 1
    with pytest.raises(FandomNamesError):
        from_json({"format": "ficscope-fandom-names", "version": 1, "min_matches": 3, "min_uncommon": 2, "min_share": 2}, "x")
    with pytest.raises(FandomNamesError):
        from_json({"format": "other", "version": 1}, "x")
