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
