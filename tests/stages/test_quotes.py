"""Dialogue detection: which stretches of a chapter are quoted speech, with exact offsets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficscope.model import Chapter, Quote, Work
from ficscope.pipeline import Doc
from ficscope.stages import quotes
from ficscope.stages.quotes import dialogue_mark, find, is_hard_wrapped


def quotes_in(text: str, number: int = 1) -> list[Quote]:
    """Every quote ``find`` returns, after checking each is an exact slice of the text."""
    found = find(Chapter(number=number, text=text))
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
        assert quote.chapter == number
        assert 0.0 < quote.confidence <= 1.0
    assert [q.start for q in found] == sorted(q.start for q in found)
    return found


def texts(text: str) -> list[str]:
    return [q.text for q in quotes_in(text)]


def test_closed_straight_and_curly_double_quotes_are_clean_quotes() -> None:
    text = 'Wren set the lamp down.\n"Is it still raining?"\n\u201cHarder than before,\u201d said Tomas.'
    found = quotes_in(text)
    assert [q.text for q in found] == ['"Is it still raining?"', "\u201cHarder than before,\u201d"]
    assert all(q.confidence == 1.0 for q in found)


def test_quote_interrupted_by_speech_tag_is_two_quotes() -> None:
    text = "\u201cI know,\u201d Ada said, \u201cbut not yet.\u201d"
    assert texts(text) == ["\u201cI know,\u201d", "\u201cbut not yet.\u201d"]


def test_straight_quote_interrupted_by_speech_tag_is_two_quotes() -> None:
    text = '"Fine," he muttered, "have it your way."'
    assert texts(text) == ['"Fine,"', '"have it your way."']


def test_apostrophes_are_not_single_quote_dialogue() -> None:
    text = (
        "'I don't care what the boys' bags cost,' said Nell. 'We leave at five o'clock.'\n"
        "He shrugged. They'd played rock 'n' roll since the '90s, and 'cause of that nobody asked.\n"
        "'You tell 'em, then,' she said. 'Til tomorrow.'"
    )
    assert dialogue_mark(text) == "single"
    assert texts(text) == [
        "'I don't care what the boys' bags cost,'",
        "'We leave at five o'clock.'",
        "'You tell 'em, then,'",
        "'Til tomorrow.'",
    ]


def test_curly_apostrophes_are_not_single_quote_dialogue() -> None:
    text = "\u2018It\u2019s the \u201990s,\u2019 Jo said. \u2018We\u2019re done \u2019cause I say so.\u2019\nThe twins\u2019 coats hung by the door."
    assert texts(text) == ["\u2018It\u2019s the \u201990s,\u2019", "\u2018We\u2019re done \u2019cause I say so.\u2019"]


def test_apostrophes_in_a_double_quoted_chapter_make_no_quotes() -> None:
    text = "The girls' room was dark. 'Twas late; they'd gone 'round back.\n\"Hello?\" Kit called."
    assert dialogue_mark(text) == "double"
    assert texts(text) == ['"Hello?"']


def test_single_quotes_are_the_dialogue_mark_when_they_close_sentences() -> None:
    british = "'Tea?' asked Fen.\n'Please,' said Ro. 'Milk, no sugar.'"
    american = "\"Tea?\" asked Fen.\n\"Please,\" said Ro, \"and don't say 'milk.'\""
    assert dialogue_mark(british) == "single"
    assert dialogue_mark(american) == "double"


def test_nested_quotes_belong_to_the_outer_quote() -> None:
    assert texts("\u201cShe said \u2018no\u2019 to me.\u201d") == ["\u201cShe said \u2018no\u2019 to me.\u201d"]
    assert texts("'He wrote \u201cpoison\u201d on it,' said Bea.") == ["'He wrote \u201cpoison\u201d on it,'"]


def test_nested_quote_with_the_same_curly_mark_belongs_to_the_outer_quote() -> None:
    text = "\u201cMum always said \u201csupper\u201d when she meant tea.\u201d Then she laughed."
    assert texts(text) == ["\u201cMum always said \u201csupper\u201d when she meant tea.\u201d"]


def test_unclosed_quote_runs_to_paragraph_end() -> None:
    text = "\u201cWait for me, I said wait\nShe was already gone."
    [quote] = quotes_in(text)
    assert quote.text == "\u201cWait for me, I said wait"
    assert quote.confidence < 1.0


def test_quote_never_closed_before_the_chapter_ends_stops_at_the_text_end() -> None:
    text = 'He looked up. "You came back  \n'
    [quote] = quotes_in(text)
    assert quote.text == '"You came back'
    assert quote.confidence <= 0.5


def test_speech_over_paragraphs_is_a_quote_per_paragraph() -> None:
    text = "\u201cFirst, the map.\n\n\u201cSecond, the key.\n\n\u201cThird, nothing at all.\u201d\n\nNobody spoke."
    found = quotes_in(text)
    assert [q.text for q in found] == ["\u201cFirst, the map.", "\u201cSecond, the key.", "\u201cThird, nothing at all.\u201d"]
    # Reopened in the next paragraph: the convention, not a mistake.
    assert found[0].confidence > quotes_in("\u201cFirst, the map.\n\nNobody spoke.")[0].confidence


def test_opening_straight_quote_followed_by_a_space_still_opens() -> None:
    text = 'Rain again.\n" wasn\'t your fault," she said.'
    assert texts(text) == ['" wasn\'t your fault,"']


def test_stray_closing_mark_in_narration_makes_no_quote() -> None:
    text = "They walked on\u201d and the bridge creaked under them.\n\u201cCareful,\u201d Ivo said."
    assert texts(text) == ["\u201cCareful,\u201d"]


def test_missing_opening_mark_gives_a_low_confidence_quote_from_the_paragraph_start() -> None:
    text = 'Not my fault," Sam said.'
    [quote] = quotes_in(text)
    assert quote.text == 'Not my fault,"'
    assert quote.confidence < 0.5


def test_forgotten_closing_mark_ends_the_quote_at_the_next_opening() -> None:
    text = "\u201cGo home. \u201cNo,\u201d she said."
    found = quotes_in(text)
    assert [q.text for q in found] == ["\u201cGo home.", "\u201cNo,\u201d"]
    assert found[0].confidence < found[1].confidence


def test_miscurled_opening_mark_still_opens_a_quote() -> None:
    assert texts("\u201dRun,\u201d Lee said.") == ["\u201dRun,\u201d"]
    assert texts("\u2019Run,\u2019 Lee said. \u2018Now.\u2019") == ["\u2019Run,\u2019", "\u2018Now.\u2019"]


def test_elided_first_word_opens_the_quote_it_starts() -> None:
    text = "She frowned. 'Cause I said so,' Mira told him. 'That's why.'"
    found = quotes_in(text)
    assert [q.text for q in found] == ["'Cause I said so,'", "'That's why.'"]
    assert found[0].confidence < 1.0


def test_scare_quotes_and_titles_have_low_confidence() -> None:
    text = 'They called the shed "the office" and nobody laughed.\n"Coming?" asked Dee.'
    found = quotes_in(text)
    assert [q.text for q in found] == ['"the office"', '"Coming?"']
    assert found[0].confidence < 0.5 <= found[1].confidence


def test_quote_after_a_speech_verb_keeps_its_confidence() -> None:
    [quote] = quotes_in('Then he said "fine" and left.')
    assert quote.confidence == 1.0


def test_quotes_inside_authors_notes_are_kept() -> None:
    text = 'A/N: A reader asked "will they kiss?" and the answer is "wait and see!"\n\n"Morning," said Jun.'
    assert texts(text) == ['"will they kiss?"', '"wait and see!"', '"Morning,"']


def test_single_line_breaks_are_paragraph_breaks() -> None:
    text = '"I never said\nthat." He sighed.'
    found = quotes_in(text)
    assert [q.text for q in found] == ['"I never said', 'that."']
    assert all(q.confidence <= 0.5 for q in found)


def test_hard_wrapped_text_keeps_a_quote_across_its_line_breaks() -> None:
    line = "The lighthouse stood at the end of the causeway, white against the"
    paragraph = "\n".join([line] * 4)
    quote = '"You will want the lamp lit before the tide turns,\nand the door barred," said the keeper.'
    text = "\n\n".join([paragraph, quote, paragraph])
    assert is_hard_wrapped(text)
    assert texts(text) == ['"You will want the lamp lit before the tide turns,\nand the door barred,"']


def test_archive_paragraphs_are_not_taken_for_hard_wrapped_lines() -> None:
    paragraph = "Sun came through the blinds in long bars, and the kettle had been whistling for a while before anyone moved to take it off."
    text = "\n\n".join([paragraph, '"Leave it," said Ines.', paragraph, '"You leave it.\nFine."', paragraph] * 2)
    assert not is_hard_wrapped(text)
    assert texts(text)[:2] == ['"Leave it,"', '"You leave it.']


def test_quotes_have_no_speaker() -> None:
    assert all(q.speaker is None and q.addressee is None for q in quotes_in('"Hi," said Ana. "Bye."'))


def test_empty_chapter_has_no_quotes() -> None:
    assert quotes_in("") == []
    assert quotes_in("No one spoke all night.") == []


def test_run_files_every_chapters_quotes_under_quotes() -> None:
    work = Work(
        title="Tide",
        source_format="text",
        chapters=[Chapter(1, '"One," said Ada.'), Chapter(2, "Quiet."), Chapter(3, "\u201cThree.\u201d")],
    )
    doc = Doc(work)
    quotes.STAGE.run(doc)
    assert [(q.chapter, q.text) for q in doc.quotes] == [(1, '"One,"'), (3, "\u201cThree.\u201d")]
    assert quotes.STAGE.reads == ("work",) and quotes.STAGE.assigns == ("quotes",)


@pytest.mark.parametrize(
    "text",
    [
        "\u201cA\u201d\u201c\u201d\u201d\u2019'\"\n\"",
        "'''\n'\u2018\u2019 \u2019 '' x'y 'z' \u2018",
        '" "\n\n"\n" "x" "',
        "o'clock 'n' \u201990s'\n\n'Cause it's,' she said.",
    ],
)
def test_offsets_hold_on_tangled_marks(text: str) -> None:
    quotes_in(text)


_PIECES = st.sampled_from(
    ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", " ", "\n", "\n\n", "word", "s", ",", ".", "!", "don't", "\u2014", "(", "'em"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_offsets_hold_and_quotes_never_overlap_on_any_text(text: str) -> None:
    found = quotes_in(text)
    for before, after in zip(found, found[1:]):
        assert before.end <= after.start
