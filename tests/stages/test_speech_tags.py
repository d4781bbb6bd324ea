"""Speech tags beside a quote, however long the narration before it."""

from __future__ import annotations

import pytest

from ficscope.stages import speech_tags


def test_a_tag_before_a_quote_is_found_after_a_long_stretch_of_narration() -> None:
    narration = "The tide went out over the flats and the gulls followed it. " * 200 + "Meg said in a low voice,"
    tag = speech_tags.before(narration)
    assert tag is not None and tag.who == "Meg"
    assert narration[tag.start : tag.end] == "Meg"


@pytest.mark.parametrize("text", [
    "The gulls wheeled over the flats. " * 100 + "She crouched beside him and whispered:",
    "The gulls wheeled over the flats. " * 100 + "Said she:",
    "The gulls wheeled over the flats. " * 100 + "Mr. Holloway had quietly said,",
    "The gulls wheeled over the flats and " * 100 + "the light went and she whispered:",
    "The gulls wheeled. " * 300,
])
def test_the_tag_before_a_quote_is_the_one_a_search_of_all_the_narration_finds(text: str) -> None:
    whole = next((m for p, *_ in speech_tags._patterns()[1] if (m := p.search(text))), None)
    found = speech_tags.before(text)
    if whole is None:
        assert found is None
    else:
        assert found is not None and (found.who, found.start) == (whole.group("who"), whole.start("who"))


@pytest.mark.parametrize(("text", "who"), [
    (" said Mrs Hollis.\n\nThey walked on.", "Mrs Hollis"),
    (" said Mrs\nHollis.\n\nThey walked on.", "Mrs\nHollis"),
    (" said Hollis. Then the rain came.", "Hollis"),
    (" said J. Hollis quietly.", "J. Hollis"),
])
def test_a_name_in_a_tag_ends_at_its_full_stop_and_never_crosses_a_paragraph(text: str, who: str) -> None:
    tag = speech_tags.after(text)
    assert tag is not None and tag.who == who


@pytest.mark.parametrize(("text", "who"), [
    ("Jock said, through the door,", "Jock"),
    ("Mrs Smith, sighing as she unlocked the box, said", "Mrs Smith"),
    ("The rain stopped. Nat had jumped to his feet, red in the face, and had said   ", "Nat"),
])
def test_a_tag_before_a_quote_reads_past_a_parenthesis_and_a_missing_colon(text: str, who: str) -> None:
    tag = speech_tags.before(text)
    assert tag is not None and tag.who == who


def test_a_name_of_three_words_in_a_tag_is_read_whole() -> None:
    tag = speech_tags.after(" said Jenny Abdul Akbar. \u201cWhat")
    assert tag is not None and tag.who == "Jenny Abdul Akbar"
