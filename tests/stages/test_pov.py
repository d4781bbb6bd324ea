"""POV of sections without a header: first-person narrators and third-person limited."""

from __future__ import annotations

import re

from ficscope.model import Chapter, Mention, Quote, Section
from ficscope.stages.pov import infer


def mentions_of(text: str, names: tuple[str, ...]) -> list[Mention]:
    return [Mention(1, m.start(), m.end(), m.group(0), m.group(0)) for m in re.finditer(r"\b(" + "|".join(names) + r")\b", text)]


def quotes_of(text: str, addressee: str | None = None) -> list[Quote]:
    return [Quote(1, m.start(), m.end(), m.group(0), addressee=addressee) for m in re.finditer(r"\u201c[^\u201d]*\u201d", text)]


def test_third_person_limited_follows_whose_thoughts_the_narration_reports() -> None:
    text = (
        "Alec watched the street below. Magnus poured the drinks. Alec thought about the bow, "
        "about his hands. Alec wondered whether Magnus could tell. Alec knew he could."
    )
    chapter = Chapter(number=1, text=text)
    pov, confidence = infer(chapter, Section(1, 0, len(text)), [], mentions_of(text, ("Alec", "Magnus")))
    assert pov == "Alec"
    assert 0.5 <= confidence <= 1.0


def test_no_pov_is_claimed_without_enough_evidence() -> None:
    text = "The rain came down on the harbour. Magnus was there. So was Alec."
    chapter = Chapter(number=1, text=text)
    assert infer(chapter, Section(1, 0, len(text)), [], mentions_of(text, ("Alec", "Magnus"))) == (None, 0.0)


def test_first_person_narrator_is_named_by_how_others_address_them() -> None:
    text = (
        "I climbed the stairs and my knees ached. I lit the lamp again.\n\n"
        "\u201cYou should have woken me, Wren.\u201d Tomas stood in the doorway.\n\n"
        "I did not answer. I wiped my hands.\n\n"
        "\u201cWren, go back to bed.\u201d"
    )
    chapter = Chapter(number=1, text=text)
    mentions = mentions_of(text, ("Wren", "Tomas"))
    pov, confidence = infer(chapter, Section(1, 0, len(text)), quotes_of(text, addressee="Wren"), mentions)
    assert pov == "Wren" and confidence > 0


def test_lines_of_the_i_narrator_take_the_name_the_pov_header_gives() -> None:
    from ficscope import analyze_work
    from ficscope.model import Work

    text = (
        "Wren's POV\n\n"
        "The lamp was out again. I climbed the stairs with the matches in my pocket, and my knees ached.\n\n"
        "\u201cYou should have woken me,\u201d Tomas said from the doorway.\n\n"
        "\u201cYou need the sleep,\u201d I said. I struck a match and my hands shook."
    )
    analysis = analyze_work(Work(title="Lamp", source_format="text", chapters=[Chapter(number=1, text=text)]))
    assert [q.speaker for q in analysis.quotes] == ["Tomas", "Wren"]
    assert "the narrator" not in {c.name for c in analysis.characters}


def test_only_mentions_in_the_narration_count_however_many_quotes_the_section_holds() -> None:
    # One long section (a work on one line): Alec is named only inside the lines, Magnus
    # only in the narration between them.
    line = "\u201cAlec, look at the harbour, Alec.\u201d Magnus watched the water. "
    text = line * 40
    chapter = Chapter(number=1, text=text)
    pov, _ = infer(chapter, Section(1, 0, len(text)), quotes_of(text), mentions_of(text, ("Alec", "Magnus")))
    assert pov == "Magnus"


def _pronouns(text: str, word: str, character: str) -> list[tuple[int, str]]:
    return [(m.start(), character) for m in re.finditer(rf"\b{word}\b", text)]


def test_resolved_pronouns_carry_the_perceptions_of_close_third_person() -> None:
    text = (
        "Mara climbed to the lamp room with Tomas behind her. She watched the ships come in. "
        "Tomas lit his pipe and talked about the weather. She wondered whether he knew about the letter. "
        "She remembered her father on these stairs."
    )
    chapter = Chapter(number=1, text=text)
    mentions = mentions_of(text, ("Mara", "Tomas"))
    section = Section(1, 0, len(text))
    assert infer(chapter, section, [], mentions) == (None, 0.0)
    pov, confidence = infer(chapter, section, [], mentions, _pronouns(text, "She", "Mara"))
    assert pov == "Mara" and 0.5 <= confidence <= 0.95


def test_equal_perceptions_name_no_pov() -> None:
    text = "Mara watched the sea. Tomas watched the sky. Mara wondered. Tomas wondered."
    chapter = Chapter(number=1, text=text)
    assert infer(chapter, Section(1, 0, len(text)), [], mentions_of(text, ("Mara", "Tomas"))) == (None, 0.0)


def test_an_i_in_a_third_person_section_is_not_renamed_to_its_pov() -> None:
    from ficscope.model import ChapterLayout
    from ficscope.stages.pov import NARRATOR, name_the_narrator

    text = (
        "Mara watched the harbour. Mara wondered about the letter. Mara knew it was late.\n\n"
        "\u201cI will go,\u201d someone said behind her."
    )
    section = Section(1, 0, len(text), pov="Mara", pov_source="inferred", pov_confidence=0.7)
    layout = ChapterLayout(number=1, sections=[section])
    [quote] = quotes_of(text)
    quote.speaker = NARRATOR
    [renamed] = name_the_narrator([quote], [layout], [Chapter(number=1, text=text)])
    assert renamed.speaker == NARRATOR


def test_a_chapter_following_one_character_keeps_following_them_across_breaks() -> None:
    from ficscope.model import ChapterLayout
    from ficscope.stages.pov import apply

    first = "Mara watched the ships. Mara wondered about the letter. Mara remembered her father."
    second = "The rain came. Mara carried the oil up the stairs, and the lamp took a long time to catch."
    text = first + "\n\n***\n\n" + second
    start = text.index(second)
    layout = ChapterLayout(number=1, sections=[Section(1, 0, len(first)), Section(1, start, len(text))])
    apply(Chapter(number=1, text=text), layout, [], mentions_of(text, ("Mara",)))
    assert [s.pov for s in layout.sections] == ["Mara", "Mara"]
    assert layout.sections[1].pov_confidence == 0.5
