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


# --------------------------------------------------------------------------- recall: what fan fiction says


@pytest.mark.parametrize(
    ("text", "label", "severity"),
    [
        ("Jake's first punch caught Tomas in the ribs and doubled him over.", "violence", "depicted"),
        ("Bram's sword slid past the shield and bit into Kenji's shoulder.", "violence", "depicted"),
        ("Jake twisted Tomas's wrist hard enough to leave a bruise.", "violence", "depicted"),
        ("\u201cWhere'd you get the black eye?\u201d Wren asked. \u201cGot into a fight behind the chip shop,\u201d Tomas said.", "violence", "referenced"),
        ("Wren scrubbed at the blood on the bathroom tiles until her knuckles ached.", "blood", "depicted"),
        ("Kenji touched his split lip and looked at his fingers.", "blood", "depicted"),
        ("\u201cAda is expecting again,\u201d Mara said, and Bram dropped his spoon.", "pregnancy", "referenced"),
        ("The sonographer squeezed cold gel onto Ada's stomach and turned the screen towards Bram.", "pregnancy", "depicted"),
        ("Jake didn't stop when Mara told him no. He didn't stop when she cried.", "sexual-assault", "depicted"),
        ("Mara locked the bathroom door and held the razor blade to her forearm.", "self-harm", "depicted"),
        ("\u201cI haven't cut in three years,\u201d Wren said quietly.", "self-harm", "referenced"),
        ("Tomas emptied the whole bottle of sleeping pills into his palm and swallowed them.", "suicide", "depicted"),
        ("\u201cMum's dying,\u201d Wren said. \u201cThe doctors are saying days, not weeks.\u201d", "dying", "referenced"),
        ("In the cellar Kenji chewed at the cable ties round his wrists until they bled.", "kidnapping", "depicted"),
        ("The Fair Folk took Ada from her cot on midsummer night.", "abduction", "depicted"),
        ("\u201cPin the rat on its back,\u201d said the teacher. Wren made her first incision below its ribs.", "dissection", "depicted"),
        ("Jake oinked at Tomas every time he walked past the lunch table.", "fat-phobia", "depicted"),
        ("Bram avoided mirrors, and when he caught his reflection in a shop window he looked away.", "body-hatred", "depicted"),
        ("That night Tomas was hearing voices again, low and urgent behind the wall.", "mental-illness", "depicted"),
        ("At lunch Jake pulled at the corners of his eyes and grinned at Kenji.", "racism", "depicted"),
        ("\u201cPeople like that should know their place,\u201d Lady Grey said of the miller's daughter.", "classism", "depicted"),
        ("\u201cNo son of mine is going to marry a man,\u201d Tomas's father said.", "homophobia", "depicted"),
        ("The brother and sister had been lovers for years, the whole village said.", "incest", "referenced"),
        ("The boys tied a tin can to the dog's tail and laughed when it bolted.", "animal-cruelty", "depicted"),
        ("Wren's old spaniel lay on the vet's table, and she felt the dog's breathing slow and stop.", "animal-death", "depicted"),
        ("The first blow split Tomas's eyebrow, and he wiped his face on his sleeve.", "blood", "depicted"),
        ("Ada pressed a hand to her still-flat stomach and grinned at the test.", "pregnancy", "depicted"),
        ("Mara woke in Jake's bed and couldn't remember agreeing to anything.", "sexual-assault", "referenced"),
        ("Wren carved the letters into her thigh with the point of a compass.", "self-harm", "depicted"),
        ("The pathologist had opened the body from collarbone to pubis, and the organs were already weighed.", "dissection", "depicted"),
        ("Bram's hipbones had started to show, and he still skipped lunch.", "eating-disorders", "referenced"),
        ("The old farm dog had to be put down in the spring.", "animal-death", "depicted"),
        ("Some days Kenji couldn't leave the flat at all.", "mental-illness", "depicted"),
    ],
)
def test_common_ways_fan_fiction_tells_of_a_warning_are_found(parser: Parser, text: str, label: str, severity: str) -> None:
    found = labels(detect(text, parser))
    assert label in found, text
    assert found[label].severity == severity


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Wren checked her phone, then put it back in her bag.", "abuse"),
        ("Mara pulled the hood of her coat over her head and ran for the bus.", "abduction"),
        ("Nobody had told Kenji what the job entailed.", "sexism"),
        ("Tomas's eyes were fixed on her as she crossed the room.", "death"),
        ("Jake drove a battered Ford up to the harbour.", "violence"),
        ("\u201cI'm kidnapping you for the afternoon,\u201d Wren told Ada, and took her for ice cream.", "kidnapping"),
        ("\u201cYou're dead to me,\u201d Mara said, and slammed the door.", "death"),
        ("Bram was reading a murder mystery on the ferry.", "death"),
        ("The music drowned out whatever Tomas said next.", "death"),
        ("\u201cNo dessert? That's basically child abuse,\u201d Kenji complained.", "child-abuse"),
        ("\u201cSpider-Man, or whatever you're calling yourself these days,\u201d Jake said.", "transphobia"),
        ("Mara was asleep in bed when Bram came home and kissed her hair.", "sexual-assault"),
        ("Wren had a session with her therapist on Thursdays.", "mental-illness"),
        ("His blood pounded in his ears as he stepped onto the stage.", "blood"),
        ("\u201cYou're going to be the death of me,\u201d Ada told the cat.", "death"),
        ("Anxiety clawed at Wren all morning before the interview.", "violence"),
        ("Tomas's hand went slack as he drifted off against Wren's shoulder.", "death"),
        ("Jake beat Bram at arm wrestling and gloated for a week.", "violence"),
        ("Kenji's leg scars had faded to two pink lines by the summer.", "pregnancy"),
        ("Ada's mother locked her in the cellar whenever she cried. She was six.", "kidnapping"),
        ("They got into a fight about whose turn it was to cook.", "violence"),
        ("The sun was dying behind the hills when they reached the inn.", "dying"),
    ],
)
def test_ordinary_sentences_with_a_warning_word_are_no_warning(parser: Parser, text: str, label: str) -> None:
    assert label not in labels(detect(text, parser))


def test_a_panic_attack_is_mental_illness_though_no_attack_is_violence(parser: Parser) -> None:
    found = labels(detect("Kenji couldn't breathe. \u201cYou're having a panic attack,\u201d Wren said. \u201cBreathe with me.\u201d", parser))
    assert "mental-illness" in found and "violence" not in found


def test_threats_and_jokes_about_killing_alone_make_no_finding(parser: Parser) -> None:
    text = "\u201cShe's going to kill me,\u201d Wren groaned. \u201cShe'll murder me and bury me in the garden.\u201d \u201cI'll kill you first,\u201d Ada said."
    found = labels(detect(text, parser))
    assert "death" not in found and "violence" not in found


def test_wanting_to_die_is_suicide_but_a_joke_with_an_if_is_not(parser: Parser) -> None:
    assert labels(detect("Tomas wanted to kill himself that winter.", parser))["suicide"].severity == "referenced"
    joke = "\u201cIf they play that song one more time I'm going to kill myself,\u201d Mara said, laughing."
    assert "suicide" not in labels(detect(joke, parser))


def test_what_nobody_knew_does_not_make_the_next_clause_a_memory(parser: Parser) -> None:
    text = "Nobody at the party knew, and Ada smiled with one hand on her round belly."
    assert labels(detect(text, parser))["pregnancy"].severity == "depicted"


def test_a_sneer_said_to_someones_face_is_depicted(parser: Parser) -> None:
    found = labels(detect("\u201cGo back to your own country,\u201d the man said to Kenji.", parser))
    assert found["racism"].severity == "depicted"


def test_a_slur_remembered_is_referenced_and_an_insult_aims_an_ambiguous_one(parser: Parser) -> None:
    assert labels(detect("At school they'd called Bram a retard.", parser))["ableism"].severity == "referenced"
    assert labels(detect("\u201cFilthy queers,\u201d the man spat at Tomas and Bram.", parser))["homophobia"].severity == "depicted"


@pytest.mark.parametrize(
    ("text", "implied"),
    [
        ("Ada went into labour at midnight, and the midwife came at two.", "pregnancy"),
        ("Kenji had been kidnapped and held for ransom in a flat by the docks.", "abduction"),
        ("\u201cWomen are good for one thing,\u201d Jake said, \u201cand it isn't thinking.\u201d", "sexism"),
        ("Tomas's father used to hit him with a belt when he was seven.", "abuse"),
        ("Mara was twelve when her stepfather's rages started, and it took her twenty years to call it abuse.", "child-abuse"),
    ],
)
def test_a_label_raises_the_labels_it_implies(parser: Parser, text: str, implied: str) -> None:
    assert implied in labels(detect(text, parser))


def test_a_killing_is_violence_but_a_suicide_is_not(parser: Parser) -> None:
    assert "violence" in labels(detect("Jake stabbed Tomas and left him in the alley.", parser))
    found = labels(detect("Tomas's brother had killed himself the year before.", parser))
    assert "suicide" in found and "violence" not in found


def test_blood_where_a_body_is_torn_apart_is_graphic(parser: Parser) -> None:
    text = "The creature tore him apart on the jetty, and his blood went up across the boards while Wren screamed."
    found = labels(detect(text, parser))
    assert found["blood"].severity == "graphic" and found["violence"].severity == "graphic"


def test_talk_of_sex_is_not_pornographic_content_but_anatomy_is_graphic(parser: Parser) -> None:
    assert "pornographic-content" not in labels(detect("\u201cWe slept together,\u201d Mara admitted. \u201cOnce.\u201d", parser))
    text = "Ada slid two fingers inside her, and Mara came with a moan against her shoulder."
    assert labels(detect(text, parser))["pornographic-content"].severity == "graphic"


def test_a_decaying_body_is_graphic_death_but_no_graphic_violence(parser: Parser) -> None:
    text = "What was left of the man on the floor had bloated and split in the heat, and maggots crawled in the rotting flesh."
    found = detect(text, parser)
    assert labels(found)["death"].severity == "graphic"
    assert "Graphic Depictions Of Violence" not in archive(found)


def test_a_hand_going_slack_by_a_flat_monitor_is_a_major_character_death(parser: Parser) -> None:
    text = [
        KEEPERS,
        "Tomas's hand tightened in Wren's and then went slack. The monitor ran flat. Wren sat with him until the nurses came.",
    ]
    found = detect(text, parser)
    assert "Major Character Death" in archive(found)
    assert labels(found)["dying"].severity == "depicted"


def test_a_death_in_childhood_is_referenced(parser: Parser) -> None:
    assert labels(detect("My father died when I was six, and Mum never married again.", parser))["death"].severity == "referenced"


def test_something_used_to_happen_elsewhere_in_the_sentence_does_not_make_sex_a_memory(parser: Parser) -> None:
    text = "Ada and Mara made love slowly, in the bed that smelled of the sea the way the old house used to."
    assert labels(detect(text, parser))["pornographic-content"].severity == "depicted"


def test_torture_that_lets_him_hear_each_bone_is_happening_now(parser: Parser) -> None:
    text = "They broke the fingers of Kenji's hand one by one so he could hear each snap, and blood dripped from his split lip."
    assert labels(detect(text, parser))["violence"].severity == "graphic"


def test_a_feeling_that_claws_at_someone_is_no_blow_even_without_a_parse() -> None:
    assert "violence" not in labels(detect("Panic clawed at Tomas as the lift stopped.", None))
    assert "violence" in labels(detect("Jake clawed at Tomas as the lift stopped.", None))


def test_in_a_short_scene_a_character_named_once_who_dies_is_a_major_character_death(parser: Parser) -> None:
    text = "The boat went over in the dark. Bram was face down in the water when they reached him, and he was already dead."
    assert "Major Character Death" in archive(detect(text, parser))


def test_present_tense_blows_and_bleeding_are_violence_and_blood(parser: Parser) -> None:
    found = labels(detect("Tomas punches Jake in the jaw. Blood pours from Jake's nose and he stumbles into the wall.", parser))
    assert {"violence", "blood"} <= set(found)


def test_teenagers_who_slept_together_in_the_story_make_underage_sex(parser: Parser) -> None:
    text = "Wren and Kenji were both sixteen. After the party they slept together in his room, and in the morning neither of them said a word."
    found = detect(text, parser)
    assert "underage" in labels(found)
    assert "Underage Sex" in archive(found)


def test_a_first_time_years_before_the_story_is_no_underage_sex_warning(parser: Parser) -> None:
    text = "Years ago, when Wren was sixteen, she had slept with a boy from school. Now she laughed about it with Mara over coffee."
    assert "Underage Sex" not in archive(detect(text, parser))


def test_a_pinned_woman_who_says_no_is_sexual_assault_and_consenting_lovers_are_not(parser: Parser) -> None:
    forced = 'Bram pins Mara to the bed. "No," she says, "stop." He doesn\'t stop.'
    willing = 'Mara pulled Bram onto the bed, laughing, and kissed him. "Yes," she said. "Yes, come here."'
    assert "sexual-assault" in labels(detect(forced, parser))
    assert "sexual-assault" not in labels(detect(willing, parser))


def test_news_of_a_death_said_in_the_scene_is_a_major_character_death(parser: Parser) -> None:
    text = 'Mara opened the door to the officer. "I\'m sorry, ma\'am. Bram was killed in the crash on the coast road this morning." Mara sat down on the step.'
    assert "Major Character Death" in archive(detect(text, parser))


def test_a_speaker_confessing_a_past_killing_is_no_major_character_death(parser: Parser) -> None:
    text = '"I killed Wren," Tomas said. "She died by my hand." Jake said nothing and poured the tea.'
    assert "Major Character Death" not in archive(detect(text, parser))


def test_a_weapon_that_goes_into_someone_is_violence_and_one_held_is_not(parser: Parser) -> None:
    struck = "The machete comes down on Bram's forearm and cuts it to the bone. Blood spurts across the floor."
    held = "Bram held the knife in his hand and went on slicing onions for the soup."
    assert "violence" in labels(detect(struck, parser))
    assert "violence" not in labels(detect(held, parser))


def test_a_game_won_against_someone_is_no_beating(parser: Parser) -> None:
    assert "violence" not in labels(detect("Later that afternoon Wren beat Tomas by forty marks in the Latin test.", parser))


def test_a_lover_afraid_she_will_say_too_much_gives_no_mark_of_non_consent(parser: Parser) -> None:
    text = "Mara was afraid she'd laugh. She guided Bram's hand into her shorts and kissed him, and he grinned against her mouth."
    assert "sexual-assault" not in labels(detect(text, parser))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Wren was ten weeks. At the wedding she felt the cramp, and in the toilets she saw the blood and knew.", "miscarriages"),
        ('"We can\'t," Mara whispered. "You\'re my brother." But when Bram kissed her she kissed him back.', "incest"),
        ('"Spit it out, Kenji," the manager says when Kenji stammers on the first word, and mimics him under his breath.', "ableism"),
        ("Wren cut her chicken into tiny pieces and slipped half into her napkin when her dad looked away.", "eating-disorders"),
        ("Jake filled his coat pockets with stones from the bank and walked into the river.", "suicide"),
        ("Mara took the blade from the tampon box and made one cut on her hip where no one would see.", "self-harm"),
        ('"Women shouldn\'t be allowed to vote," Bram announced over the roast. "Too emotional, the lot of them."', "misogyny"),
        ('"Free school meals again?" Jake said, loud enough for the whole table. "Does your mum know what a job is?"', "classism"),
        ("Two men bundled Kenji into a van outside the school and the next day his father got a photo of him zip-tied to a chair.", "kidnapping"),
        ("Jake held the puppy under the water in the bucket until it stopped struggling.", "animal-cruelty"),
        ('"Look what you made me do," Bram said, and took her car keys and her bank card.', "abuse"),
        ("Seven times Kenji checked the stove, touching each knob in turn. \"I know it's off,\" he said. \"I just have to.\"", "mental-illness"),
        ("Disgusting, I say to the mirror. Fat cow. I grab my belly with both hands and squeeze until it hurts.", "body-hatred"),
    ],
)
def test_a_label_shown_without_its_name_is_found(parser: Parser, text: str, label: str) -> None:
    assert label in labels(detect(text, parser))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Mara kissed her brother on the cheek at the station and waved until the train was gone.", "incest"),
        ("Bram was ten weeks into the new job when the cramp in his calf finally went away.", "miscarriages"),
    ],
)
def test_the_same_words_in_harmless_use_are_no_label(parser: Parser, text: str, label: str) -> None:
    assert label not in labels(detect(text, parser))


def test_teenagers_back_at_dawn_in_the_story_are_underage_sex_and_an_age_at_a_memory_is_not(parser: Parser) -> None:
    now = "On the school trip Wren and Kenji, both sixteen, sneak out of the hostel after curfew and come back at dawn."
    then = "Wren was sixteen when she lost her virginity, a fact she regretted telling Mara at the hen party."
    assert "Underage Sex" in archive(detect(now, parser))
    assert "Underage Sex" not in archive(detect(then, parser))


def test_an_animal_that_dies_is_no_persons_death_and_a_dog_that_bites_is_still_violence(parser: Parser) -> None:
    pet = "After a while the puppy stopped struggling, and Jake carried the bucket to the garden."
    bitten = "The police dog had Tomas by the forearm and would not let go; his arm was torn open to the muscle."
    assert "death" not in labels(detect(pet, parser))
    assert "violence" in labels(detect(bitten, parser))


def test_figures_of_speech_for_a_game_a_sunset_and_a_song_are_no_warning(parser: Parser) -> None:
    found = labels(detect('"It was a massacre," Jake said. "Four-nil." The sunset bled into the hills. Wren murdered it.', parser))
    assert not {"death", "blood"} & set(found)


def test_a_wound_told_in_bodily_detail_is_graphic_violence(parser: Parser) -> None:
    text = "Locke brings the blade down on Jake's wrist. Jake stares at the stump, at the bone and the blood spurting in jets from the severed vessels."
    found = detect(text, parser)
    assert labels(found)["violence"].severity == "graphic"
    assert "Graphic Depictions Of Violence" in archive(found)


def test_a_strangers_hand_on_a_womans_thigh_on_the_night_bus_is_sexual_assault(parser: Parser) -> None:
    text = "The man beside Wren on the night bus has put his hand on her knee. Now it's on her thigh, moving up."
    assert "sexual-assault" in labels(detect(text, parser))


def test_no_heartbeat_at_a_miscarriage_is_no_persons_death(parser: Parser) -> None:
    text = "Wren was nine weeks along. At the hospital the sonographer's face told her before the words did: there was no heartbeat anymore."
    found = detect(text, parser)
    assert "miscarriages" in labels(found)
    assert "death" not in labels(found)
    assert "Major Character Death" not in archive(found)


def test_a_death_told_by_a_pronoun_far_from_the_name_is_the_named_characters(parser: Parser) -> None:
    text = "Kenji sat with Bram all night. Near dawn he stopped breathing, and he never woke up."
    assert "Major Character Death" in archive(detect(text, parser))
