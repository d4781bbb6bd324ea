"""POV headers, scene breaks, author's notes and sections inside one chapter."""

import pytest

from ficscope.model import Chapter
from ficscope.stages import structure


def layout(text: str):
    return structure.find(Chapter(number=1, text=text))


@pytest.mark.parametrize(
    ("line", "pov"),
    [
        ("Magnus' POV", "Magnus"),
        ("Alec's POV", "Alec"),
        ("Alec\u2019s P.O.V.", "Alec"),
        ("~ Alec ~", "Alec"),
        ("*Izzy POV*", "Izzy"),
        ("POV: Jace", "Jace"),
        ("-- Clary's point of view --", "Clary"),
        ("Third person POV", None),
    ],
)
def test_pov_headers_name_the_character(line: str, pov) -> None:
    assert structure.pov_from_header(line) == (True, pov)


@pytest.mark.parametrize("line", ["He said no.", "Jace", "Alec's pov was clear to everyone in the room", '"Alec\'s POV," she said.'])
def test_story_lines_are_not_pov_headers(line: str) -> None:
    assert structure.pov_from_header(line)[0] is False


@pytest.mark.parametrize("line", ["***", "* * *", "~~~", "-----", "o0o", "oOo", "xXx", "\u00a7", "~*~*~", "\u2766", "#"])
def test_scene_break_lines_are_found(line: str) -> None:
    assert structure.is_scene_break(line)


@pytest.mark.parametrize("line", ["...", "Ooo!", "\u201c\u2026\u201d", "Okay.", "Ooh, okay."])
def test_story_lines_are_not_scene_breaks(line: str) -> None:
    assert not structure.is_scene_break(line)


def test_sections_split_at_headers_and_breaks_with_their_pov() -> None:
    text = "Alec's POV\n\nAlec waited.\n\n***\n\nNight fell.\n\nMagnus' POV\n\nMagnus lit a candle."
    found = layout(text)
    assert [(text[s.start : s.end], s.pov) for s in found.sections] == [
        ("Alec waited.", "Alec"),
        ("Night fell.", None),
        ("Magnus lit a candle.", "Magnus"),
    ]
    assert [s.text for s in found.scene_breaks] == ["***"]
    assert [s.text for s in found.pov_headers] == ["Alec's POV", "Magnus' POV"]
    assert all(s.pov_source == "header" for s in found.sections if s.pov)


def test_author_notes_are_kept_apart_and_not_counted() -> None:
    text = "A/N: Thank you all for the kind words!\n\nThe rain stopped.\n\nA/N: Next chapter soon. Please comment!"
    found = layout(text)
    assert [n.text for n in found.author_notes] == [
        "A/N: Thank you all for the kind words!",
        "A/N: Next chapter soon. Please comment!",
    ]
    assert found.words == 3


def test_a_note_at_the_start_runs_to_the_first_scene_break() -> None:
    text = "A/N: Hi all.\n\nThis one is sad, sorry.\n\n~~~\n\nShe left at dawn."
    found = layout(text)
    assert [n.text for n in found.author_notes] == ["A/N: Hi all.\n\nThis one is sad, sorry."]
    assert found.words == 4


def test_inline_author_note_in_parentheses_is_a_note() -> None:
    text = "He took the sword (A/N: yes, that sword) and ran."
    found = layout(text)
    assert [n.text for n in found.author_notes] == ["(A/N: yes, that sword)"]
    assert len(found.sections) == 1
    assert found.words == 6


def test_every_span_is_an_exact_slice_of_the_chapter_text() -> None:
    text = "  ~ Wren ~  \n\nShe climbed.\n\n  * * *  \n\nA/N: short one!\n"
    found = layout(text)
    spans = found.scene_breaks + found.author_notes + found.pov_headers
    assert spans
    for span in spans:
        assert text[span.start : span.end] == span.text
    for section in found.sections:
        assert text[section.start : section.end].strip() == text[section.start : section.end]


_PARAGRAPHS = [
    "The ferry left at six, and Mara watched the harbour lights go out one by one.",
    "Nobody on deck spoke to her.",
    "By noon the island was a grey line behind them.",
    "Three days later the letter came.",
    "She read it twice at the kitchen table.",
    "Then she burned it.",
]


def test_a_long_run_of_blank_lines_is_a_scene_break() -> None:
    text = "\n\n".join(_PARAGRAPHS[:3]) + "\n\n\n\n\n\n\n" + "\n\n".join(_PARAGRAPHS[3:])
    layout = structure.find(Chapter(1, text))
    assert len(layout.scene_breaks) == 1
    span = layout.scene_breaks[0]
    assert text[span.start : span.end] == span.text and not span.text.strip()
    assert [text[s.start : s.end].split("\n")[0] for s in layout.sections] == [_PARAGRAPHS[0], _PARAGRAPHS[3]]


def test_evenly_spaced_paragraphs_have_no_blank_breaks() -> None:
    text = "\n\n\n\n\n".join(_PARAGRAPHS)
    assert structure.find(Chapter(1, text)).scene_breaks == []


def test_blank_lines_around_a_break_line_make_one_break() -> None:
    text = "\n\n".join(_PARAGRAPHS[:3]) + "\n\n\n\n\n***\n\n\n\n\n" + "\n\n".join(_PARAGRAPHS[3:])
    layout = structure.find(Chapter(1, text))
    assert [span.text for span in layout.scene_breaks] == ["***"]
    assert len(layout.sections) == 2
