"""The strict speaker rule: a prediction must pick out the gold character and nobody else."""

from __future__ import annotations

from bench.speaker_match import Cast

CAST = Cast(
    {
        "Mr. Verloc": ["Mr. Verloc", "Adolf Verloc"],
        "Mrs. Verloc": ["Mrs. Verloc", "Winnie"],
        "Stevie": ["Stevie"],
        "The Queen": ["the Queen"],
    }
)


def test_exact_alias_names_the_character() -> None:
    assert CAST.matches("Winnie", "Mrs. Verloc")
    assert CAST.matches("the Queen", "The Queen")


def test_word_two_cast_members_share_is_no_match() -> None:
    assert not CAST.matches("Verloc", "Mr. Verloc")
    assert not CAST.matches("Verloc", "Mrs. Verloc")


def test_distinctive_word_names_its_owner_only() -> None:
    assert CAST.matches("Adolf", "Mr. Verloc")
    assert not CAST.matches("Adolf", "Mrs. Verloc")


def test_prediction_naming_two_characters_is_no_match() -> None:
    assert not CAST.matches("Stevie Winnie", "Stevie")


def test_pronoun_and_missing_prediction_are_no_match() -> None:
    assert not CAST.matches("he", "Stevie")
    assert not CAST.matches(None, "Stevie")


def test_capitalised_only_ignores_common_words_of_mentions() -> None:
    cast = Cast({"c1": ["the old man", "Gryce"], "c2": ["the young woman"]}, capitalised_only=True)
    assert cast.matches("Gryce", "c1")
    assert not cast.matches("the old woman", "c1")
