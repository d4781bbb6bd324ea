import re

from ficscope.knowledge import compile_fragments
from ficscope.knowledge._fragment_lemmas import expand_lemmas, inflections


def test_lemma_matches_every_tense_of_a_regular_verb():
    pattern = compile_fragments(["blood ~pour"])
    for text in ("blood pours down", "blood poured down", "blood pouring down", "blood pour down"):
        assert pattern.search(text), text


def test_lemma_takes_irregular_forms_from_the_data():
    assert {"bled", "bleeds", "bleeding"} <= set(inflections("bleed"))
    assert {"struck", "strikes"} <= set(inflections("strike"))


def test_lemma_follows_spelling_rules():
    assert {"stabbed", "stabbing"} <= set(inflections("stab"))
    assert {"cried", "cries", "crying"} <= set(inflections("cry"))
    assert {"groped", "groping"} <= set(inflections("grope"))
    assert {"dies", "dying", "died"} <= set(inflections("die"))


def test_lemma_is_a_whole_word():
    pattern = compile_fragments(["~pin (?:her) down"])
    assert pattern.search("he pins her down")
    assert not pattern.search("he spins her down")


def test_fragment_without_lemma_is_unchanged():
    assert expand_lemmas("blood (?:on|in)") == "blood (?:on|in)"
    assert re.fullmatch(expand_lemmas("~hit"), "hitting")
