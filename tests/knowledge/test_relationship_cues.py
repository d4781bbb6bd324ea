"""The relationship cues: verbs by their base form, relation nouns, words said."""

from __future__ import annotations

from ficscope import knowledge
from ficscope.knowledge._relationships import inflections


def test_regular_inflections_double_drop_and_change_as_english_does() -> None:
    assert {"kisses", "kissed", "kissing"} <= inflections("kiss")
    assert {"dated", "dating", "dates"} <= inflections("date")
    assert {"pinned", "pinning"} <= inflections("pin")
    assert "pined" not in inflections("pin") and "pined" in inflections("pine")
    assert {"married", "marries"} <= inflections("marry")


def test_an_inflected_verb_finds_its_group_and_irregular_ones_are_listed() -> None:
    cues = knowledge.relationship_cues()
    assert cues.act_group("kissed") == "romantic"
    assert cues.act_group("held") == "tender"
    assert cues.act_group("pinned") == "coercive"
    assert cues.groups["coercive"].kind == "antagonistic"
    assert cues.act_group("walked") is None


def test_relation_nouns_read_plurals_and_endearments_only_as_vocatives() -> None:
    cues = knowledge.relationship_cues()
    assert cues.relation_kind("Mother") == "family"
    assert cues.relation_kind("boyfriends") == "romantic"
    assert cues.relation_kind("children") == "family"
    assert cues.endearment.search("Come here, darling.")
    assert not cues.endearment.search("I would love to come.")
    assert not cues.declaration.search("I don't love you.")


def test_a_phrasal_act_is_looked_for_as_a_phrase_not_by_its_common_verb() -> None:
    cues = knowledge.relationship_cues()
    assert "had" not in cues.words and "went" not in cues.words
    assert cues.phrase.search("They made out in the hangar.")
    assert cues.phrase.search("She slept with him once.")
    assert not cues.phrase.search("She had a cup of tea and went home.")
