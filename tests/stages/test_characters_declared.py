"""Declared characters the text names only by a common noun ("the vampire")."""

from __future__ import annotations

from ficscope.model import Chapter, Character
from ficscope.stages import characters_declared

TEXT = (
    "The vampire waited under the bridge. Nell walked past him twice before the vampire spoke, "
    "and when he did, his voice was soft. All of the town slept."
)


def test_a_declared_creature_the_text_calls_the_vampire_is_a_character_spelled_as_its_tag() -> None:
    found, mentions = characters_declared.find(
        [Chapter(1, TEXT)], [Character("Nell")], ["Vampire - Character", "Original Demon Character(s)"], ["Nell/vampire"]
    )
    assert [(c.name, c.mentions, c.gender) for c in found] == [("vampire", 2, "he")]
    assert [TEXT[m.start : m.end] for m in mentions] == ["vampire", "vampire"]


def test_qualifiers_are_dropped_and_names_groups_and_titles_are_left_alone() -> None:
    nouns = characters_declared.declared_nouns(["Original Werewolf Character(s)", "Male Orc", "All", "Reader"], [])
    assert nouns == {"werewolf": "Werewolf", "orc": "Orc"}
    titled = "The Inquisitor smiled. The Inquisitor left."
    assert characters_declared.find([Chapter(1, titled)], [], ["Inquisitor (Dragon Age)"]) == ([], [])
