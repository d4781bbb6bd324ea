"""Content warnings on small original scenes: what a careful reader tells apart.

Quotes and their speakers come from the quotes and speakers stages and mentions from a
regex over the names, so these tests exercise the detector and the shared parser, not
character finding."""

from __future__ import annotations

import re

import pytest

from ficscope import knowledge
from ficscope.model import Chapter, Character, Finding, Mention, Relationship, Span
from ficscope.stages import quotes as quotes_stage
from ficscope.stages import structure
from ficscope.stages.nlp import Parser, load
from ficscope.stages.speakers import attribute
from ficscope.stages.warnings import Detection, find, read_by_parse, read_by_rules

PEOPLE = {"Wren": "she", "Tomas": "he", "Jake": "he", "Mara": "she", "Ada": "she", "Bram": "he", "Kenji": "he"}


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


def detect(texts: str | list[str], parser: Parser | None, people: dict[str, str] = PEOPLE) -> Detection:
    chapters = [Chapter(number, text) for number, text in enumerate([texts] if isinstance(texts, str) else texts, start=1)]
    mentions = [
        Mention(chapter.number, m.start(), m.end(), m.group(0), m.group(0))
        for chapter in chapters
        for m in re.finditer(r"\b(" + "|".join(people) + r")\b", chapter.text)
    ]
    counts = {name: sum(m.character == name for m in mentions) for name in people}
    characters = [Character(name, gender=gender, mentions=counts[name]) for name, gender in people.items()]
    quotes = [
        quote
        for chapter in chapters
        for quote in attribute(chapter, quotes_stage.find(chapter), [m for m in mentions if m.chapter == chapter.number], characters)
    ]
    detection = find(
        chapters,
        layouts=[structure.find(c) for c in chapters],
        quotes=quotes,
        characters=characters,
        mentions=mentions,
        parser=parser,
    )
    for finding in detection.findings:
        for span in finding.evidence:
            assert chapters[span.chapter - 1].text[span.start : span.end] == span.text
    return detection


def labels(detection: Detection, scheme: str = "trigger") -> dict[str, Finding]:
    return {f.label: f for f in detection.findings if f.scheme == scheme}


def archive(detection: Detection) -> dict[str, Finding]:
    return labels(detection, "ao3")


def test_figures_of_speech_about_killing_and_dying_are_not_death(parser: Parser) -> None:
    text = (
        "\u201cIt\u2019s killing me to see you this way,\u201d Wren said. "
        "\u201cI\u2019m dying to see the harbour again.\u201d Tomas laughed, dead tired, and said the cake was to die for."
    )
    found = detect(text, parser)
    assert "death" not in labels(found) and "dying" not in labels(found)
    assert list(archive(found)) == ["No Archive Warnings Apply"]


def test_killing_her_mother_said_in_dialogue_is_a_death_referenced(parser: Parser) -> None:
    text = "\u201cI killed her mother, Tomas!\u201d Bram shouted. His voice broke. \u201cShe died by my hand.\u201d"
    death = labels(detect(text, parser))["death"]
    assert death.severity == "referenced"
    assert death.evidence[0].text == "\u201cI killed her mother, Tomas!\u201d"


def test_a_blow_by_blow_beating_with_broken_ribs_and_blood_is_graphic_violence(parser: Parser) -> None:
    text = (
        "Jake punched Tomas in the face. Tomas\u2019s nose cracked and blood poured over his lips. "
        "Jake hit him again and again, and Tomas felt his ribs snap under the boots. He spat blood onto the floor."
    )
    found = detect(text, parser)
    assert labels(found)["violence"].severity == "graphic"
    assert labels(found)["blood"].severity == "graphic"
    assert archive(found)["Graphic Depictions Of Violence"].evidence[0].text == "Jake punched Tomas in the face."


def test_a_gun_threat_is_violence_depicted_not_graphic(parser: Parser) -> None:
    text = "Jake pointed the gun at Tomas. \u201cGive me the keys,\u201d he said. Tomas handed them over with shaking hands."
    found = detect(text, parser)
    assert labels(found)["violence"].severity == "depicted"
    assert "Graphic Depictions Of Violence" not in archive(found)


@pytest.mark.parametrize(
    "text",
    [
        "Jake raised his fist, but he didn't hit Tomas.",
        "Nobody hurt Wren that night.",
        "Jake never punched anyone again.",
    ],
)
def test_a_negated_blow_is_not_violence(parser: Parser, text: str) -> None:
    assert "violence" not in labels(detect(text, parser))


@pytest.mark.parametrize(
    "text",
    [
        "\u201cIf you touch him, I\u2019ll kill you,\u201d Jake said to Bram. Bram stepped back.",
        "Jake wanted to hit Tomas. He walked away instead.",
        "Jake would have killed Tomas for that, once.",
        "Tomas felt so lonesome that he wished he was dead.",
    ],
)
def test_a_hypothetical_blow_or_killing_is_not_depicted(parser: Parser, text: str) -> None:
    found = detect(text, parser)
    assert all(f.severity == "referenced" for f in labels(found).values())
    assert list(archive(found)) == ["No Archive Warnings Apply"]


def test_a_hypothetical_is_also_not_depicted_without_a_parse() -> None:
    found = detect("Jake wanted to hit Tomas. He didn't hit him.", None)
    assert all(f.severity == "referenced" for f in labels(found).values())


def test_a_death_years_ago_is_referenced(parser: Parser) -> None:
    death = labels(detect("Tomas's father had died years ago, in the winter of the great storm.", parser))["death"]
    assert death.severity == "referenced"


def test_a_reported_shooting_is_referenced(parser: Parser) -> None:
    text = "Wren told Tomas that his brother had been shot. Tomas sat down on the stairs."
    assert labels(detect(text, parser))["violence"].severity == "referenced"


KEEPERS = "Tomas and Wren kept the lighthouse. Tomas climbed the stairs every night. Wren counted the boats."


def test_a_character_who_dies_and_stays_dead_is_a_major_character_death(parser: Parser) -> None:
    text = [
        KEEPERS,
        "Tomas was shot in the chest on the pier. He bled out on the stairs while Wren held him. Tomas died in her arms. "
        "Wren buried Tomas by the sea the next morning.",
    ]
    found = detect(text, parser)
    mcd = archive(found)["Major Character Death"]
    assert mcd.severity in ("depicted", "graphic")
    assert any(span.text == "Tomas died in her arms." for span in mcd.evidence)
    assert labels(found)["death"].severity != "referenced"
    assert "No Archive Warnings Apply" not in archive(found)


def test_a_character_who_survives_is_no_major_character_death(parser: Parser) -> None:
    text = (
        "Tomas and Wren kept the lighthouse. Tomas was shot in the chest on the pier. He stopped breathing on the stairs. "
        "Wren pressed on the wound until the medics came. In the hospital, Tomas opened his eyes and asked for Wren."
    )
    found = detect(text, parser)
    assert "Major Character Death" not in archive(found)
    assert "death" not in labels(found)
    assert labels(found)["dying"].severity == "depicted"


def test_a_character_who_is_said_to_die_but_speaks_later_is_no_major_character_death(parser: Parser) -> None:
    text = [
        KEEPERS,
        "Tomas died in the storm. Wren wept for a week.",
        "\u201cI\u2019m home,\u201d Tomas said from the doorway, soaked to the bone.",
    ]
    assert "Major Character Death" not in archive(detect(text, parser))


def test_a_strangers_death_is_no_major_character_death(parser: Parser) -> None:
    text = "Wren and Tomas kept the lighthouse. Wren watched the boats. A fisherman drowned in the storm. Tomas lit the lamp."
    found = detect(text, parser)
    assert labels(found)["death"].severity == "depicted"
    assert "Major Character Death" not in archive(found)


def test_groping_is_sexual_assault_and_counts_for_rape_non_con(parser: Parser) -> None:
    text = (
        "At the party, Jake groped Mara while she tried to pull away. "
        "\u201cStop,\u201d she said, but he grabbed her ass again and laughed."
    )
    found = detect(text, parser)
    assert labels(found)["sexual-assault"].severity == "depicted"
    assert "Rape/Non-Con" in archive(found)
    assert "rape" not in found.groups["sexual-assault"]


def test_a_consensual_touch_without_refusal_is_no_assault(parser: Parser) -> None:
    text = "Mara grabbed Bram's ass and laughed, and he kissed her until they were both breathless."
    assert "sexual-assault" not in labels(detect(text, parser))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("\u201cGet away from me, you faggot,\u201d Jake spat at Tomas.", "homophobia"),
        ("Jake shoved past Kenji in the hallway. \u201cMove, you chink,\u201d he said.", "racism"),
        ("\u201cNobody cares what you call yourself, tranny,\u201d Jake said to Mara.", "transphobia"),
    ],
)
def test_a_slur_used_against_a_character_is_labelled_by_its_target(parser: Parser, text: str, label: str) -> None:
    detection = detect(text, parser)
    assert labels(detection)[label].severity == "depicted"
    assert any(group.startswith("slur") for group in detection.groups[label])


def test_a_word_that_is_a_slur_only_when_aimed_is_nothing_in_a_flower_box(parser: Parser) -> None:
    assert "homophobia" not in labels(detect("The pansies in the window box were blooming again.", parser))


def test_a_clean_fluffy_text_has_only_no_archive_warnings_apply(parser: Parser) -> None:
    text = (
        "Wren woke to the smell of coffee. Tomas was humming in the kitchen. She smiled and pulled the blanket up. "
        "\u201cGood morning,\u201d he said, and kissed her forehead. They laughed about nothing until the coffee went cold."
    )
    found = detect(text, parser)
    assert [(f.scheme, f.label) for f in found.findings] == [("ao3", "No Archive Warnings Apply")]
    nawa = found.findings[0]
    assert nawa.evidence == [] and nawa.confidence >= 0.8


def test_pregnancy_is_depicted(parser: Parser) -> None:
    text = "Wren was pregnant with their first child. Tomas put a hand on her swollen belly and the baby kicked."
    assert labels(detect(text, parser))["pregnancy"].severity == "depicted"


def test_a_parent_hitting_a_child_remembered_is_child_abuse_referenced(parser: Parser) -> None:
    found = labels(detect("Tomas remembered the night his father hit him. He had been seven years old.", parser))
    assert found["child-abuse"].severity == "referenced"


def test_an_adult_age_near_sex_is_not_underage(parser: Parser) -> None:
    text = "Ada was thirty-two and Bram was forty. They had sex in the hotel room, and afterwards Ada slept."
    found = labels(detect(text, parser))
    assert "pornographic-content" in found and "underage" not in found


def test_a_teenager_without_anything_sexual_is_not_underage(parser: Parser) -> None:
    assert "underage" not in labels(detect("Kenji was fifteen years old and loved the harbour boats.", parser))


def test_two_cues_in_one_sentence_are_one_piece_of_evidence(parser: Parser) -> None:
    one = labels(detect("Jake punched Tomas and kicked him.", parser))["violence"]
    assert len(one.evidence) == 1


def test_evidence_keeps_the_five_strongest_but_names_every_chapter(parser: Parser) -> None:
    chapter = " ".join(f"Jake punched Tomas for the {n}th time." for n in range(8))
    single = labels(detect(chapter, parser))["violence"]
    assert len(single.evidence) == 5
    several = labels(detect([f"Jake punched Tomas near boat {n}. Wren watched." for n in range(8)], parser))["violence"]
    assert sorted({span.chapter for span in several.evidence}) == list(range(1, 9))


def test_an_authors_note_is_no_evidence(parser: Parser) -> None:
    text = "A/N: Warning for violence, someone gets stabbed later!\n\nWren watched the boats come in. Tomas lit the lamp."
    assert "violence" not in labels(detect(text, parser))


def test_a_romantic_pair_a_fandom_pack_knows_as_family_is_incest(parser: Parser) -> None:
    pack = knowledge.pack_for("Shadowhunters (TV)")
    assert pack is not None
    family = next(r for r in pack.relationships if r.kind == "family")
    text = "They kissed in the library."
    romance = Relationship("/".join(family.members), "romantic", list(family.members), [Span(1, 0, len(text), text)])
    found = find([Chapter(1, text)], relationships=[romance], parser=parser)
    assert labels(found)["incest"].severity == "depicted"


def test_read_by_parse_finds_the_one_killed_and_the_one_who_dies() -> None:
    nlp = load()
    killed = read_by_parse(nlp("Jake killed Tomas."), 5, 11)
    assert killed.object == len("Jake killed ") and killed.subject == 0
    died = read_by_parse(nlp("Tomas lay dead on the floor."), 6, 14)
    assert died.subject == 0 and not died.negated


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        ("He didn't hit him.", "hit", "negated"),
        ("If you touch him I'll kill you.", "kill", "hypothetical"),
        ("His father had died years ago.", "died", "referenced"),
        ("She told him that his brother had been shot.", "shot", "referenced"),
        ("He nearly died.", "died", "hypothetical"),
        ("Jake punched Tomas.", "punched", None),
    ],
)
def test_reading_by_parse_and_by_rules_agree_on_plain_cases(sentence: str, cue: str, expected: str | None) -> None:
    start = sentence.index(cue)
    for reading in (read_by_parse(load()(sentence), start, start + len(cue)), read_by_rules(sentence, start, start + len(cue))):
        flags = {name for name in ("negated", "hypothetical", "referenced") if getattr(reading, name)}
        assert (expected in flags) if expected else not flags, (sentence, reading)


def test_an_order_is_hypothetical_when_parsed() -> None:
    assert read_by_parse(load()("Kill him!"), 0, 4).hypothetical
