"""Relationships in AO3 syntax with the sentences that show them."""

from __future__ import annotations

import re

from ficscope.model import Chapter, Character, Mention
from ficscope.stages.relationships import find, tag_for


def related(text: str, names: tuple[str, ...]):
    chapter = Chapter(number=1, text=text)
    mentions = [Mention(1, m.start(), m.end(), m.group(0), m.group(0)) for m in re.finditer(r"\b(" + "|".join(names) + r")\b", text)]
    found = find([chapter], [Character(n) for n in names], mentions, [])
    for relationship in found:
        for span in relationship.evidence:
            assert text[span.start : span.end] == span.text
    return {r.tag: r for r in found}


def test_a_kiss_makes_a_romantic_pair_with_slash_syntax() -> None:
    found = related("Wren kissed Tomas on the stairs. The lamp burned.", ("Wren", "Tomas"))
    assert list(found) == ["Tomas/Wren"]
    assert found["Tomas/Wren"].kind == "romantic"
    assert found["Tomas/Wren"].evidence[0].text == "Wren kissed Tomas on the stairs."


def test_siblings_are_family_with_ampersand_syntax() -> None:
    found = related("Ada was Bram's sister, and she never let him forget it.", ("Ada", "Bram"))
    assert found["Ada & Bram"].kind == "family"


def test_forced_contact_is_antagonistic_never_romance() -> None:
    text = "Jake pinned her down and kissed Mara against her will."
    found = related(text, ("Jake", "Mara"))
    assert [r.kind for r in found.values()] == ["antagonistic"]


def test_a_negated_cue_is_no_evidence() -> None:
    assert related("Wren never kissed Tomas, not once.", ("Wren", "Tomas")) == {}


def test_a_known_pairing_takes_the_fandom_pack_spelling() -> None:
    assert tag_for(["Magnus Bane", "Alec Lightwood"], "romantic") == "Alec Lightwood/Magnus Bane"


def test_two_people_who_keep_talking_to_each_other_are_a_platonic_pair() -> None:
    from ficscope.model import Quote

    text = "\u201cOne.\u201d \u201cTwo.\u201d \u201cThree.\u201d \u201cFour.\u201d"
    spans = [m.span() for m in re.finditer(r"\u201c[^\u201d]*\u201d", text)]
    people = ["Wren", "Tomas", "Wren", "Tomas"]
    quotes = [
        Quote(1, s, e, text[s:e], speaker=who, addressee="Tomas" if who == "Wren" else "Wren", confidence=0.9)
        for (s, e), who in zip(spans, people)
    ]
    found = find([Chapter(number=1, text=text)], [Character("Wren"), Character("Tomas")], [], quotes)
    assert [(r.tag, r.kind) for r in found] == [("Tomas & Wren", "platonic")]
    assert found[0].evidence[0].text == "\u201cOne.\u201d"
    assert find([Chapter(number=1, text=text)], [], [], quotes[:3]) == []
