"""Speaker and addressee attribution on small original scenes.

Quotes and mentions are built by hand here, so these tests exercise only the
attribution rules."""

from __future__ import annotations

import re

from ficscope.model import Chapter, Character, Mention, Quote
from ficscope.stages.speakers import attribute

PEOPLE = {"Alec": "he", "Magnus": "he", "Izzy": "she", "Jace": "he", "Clary": "she"}


def scene(text: str, people: dict[str, str] = PEOPLE, pov: str | None = None) -> list[Quote]:
    chapter = Chapter(number=1, text=text)
    quotes = [Quote(1, m.start(), m.end(), m.group(0), confidence=1.0) for m in re.finditer(r"\u201c[^\u201d]*\u201d", text)]
    mentions = [
        Mention(1, m.start(), m.end(), m.group(0), m.group(0))
        for m in re.finditer(r"\b(" + "|".join(people) + r")\b", text)
    ]
    characters = [Character(name, gender=gender) for name, gender in people.items()]
    return attribute(chapter, quotes, mentions, characters, pov=pov)


def speakers(text: str, **kw) -> list[str | None]:
    return [q.speaker for q in scene(text, **kw)]


def test_tag_after_the_quote_names_the_speaker() -> None:
    assert speakers("\u201cGo home,\u201d Alec said.") == ["Alec"]


def test_inverted_tag_after_the_quote_names_the_speaker() -> None:
    assert speakers("\u201cGo home,\u201d said Magnus.") == ["Magnus"]


def test_tag_before_the_quote_names_the_speaker() -> None:
    assert speakers("Izzy sighed, \u201cFine. I'll drive.\u201d") == ["Izzy"]


def test_pronoun_tag_resolves_to_the_only_woman_present() -> None:
    text = "Alec and Izzy stood at the door.\n\n\u201cYou first,\u201d she said."
    assert speakers(text) == ["Izzy"]


def test_vocative_names_the_addressee_not_the_speaker() -> None:
    text = "Alec leaned on the rail. Magnus waited.\n\n\u201cMagnus, I can't go back.\u201d Alec covered his eyes."
    quote = scene(text)[0]
    assert quote.speaker == "Alec"
    assert quote.addressee == "Magnus"


def test_action_beat_in_the_paragraph_gives_the_speaker() -> None:
    text = "Magnus smirked. \u201cNo. But the moral is the same.\u201d"
    assert speakers(text) == ["Magnus"]


def test_untagged_lines_alternate_between_two_speakers() -> None:
    text = (
        "\u201cAre you coming?\u201d Jace asked.\n\n"
        "\u201cIn a minute,\u201d Clary said.\n\n"
        "\u201cThe car is running.\u201d\n\n"
        "\u201cThen let it run.\u201d"
    )
    assert speakers(text) == ["Jace", "Clary", "Jace", "Clary"]


def test_quote_interrupted_by_a_tag_keeps_one_speaker() -> None:
    text = "\u201cI know,\u201d Alec said, \u201cbut not yet.\u201d"
    assert speakers(text) == ["Alec", "Alec"]


def test_three_person_scene_follows_the_tags() -> None:
    text = (
        "\u201cWho took the car?\u201d Izzy demanded.\n\n"
        "\u201cNot me,\u201d said Jace.\n\n"
        "Alec raised a hand. \u201cMe. Sorry.\u201d"
    )
    assert speakers(text) == ["Izzy", "Jace", "Alec"]


def test_first_person_tag_is_the_narrator() -> None:
    text = "\u201cI'm fine,\u201d I said."
    assert speakers(text, pov="Alec") == ["Alec"]


def test_speaker_confidence_is_highest_for_a_named_tag() -> None:
    named, turn = scene("\u201cHi,\u201d Jace said.\n\n\u201cHello,\u201d Clary said.\n\n\u201cBye.\u201d")[::2]
    assert named.confidence > turn.confidence > 0
