"""Names the mentions missed, found again for attribution."""

from __future__ import annotations

from ficscope.model import Mention
from ficscope.stages.speaker_names import missed


def _mention(text: str, form: str, who: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    return Mention(1, start, start + len(form), form, who)


def test_a_surname_the_mentions_missed_is_found_as_its_usual_owner() -> None:
    text = "Holloway came in. Holloway sat. Bill Holloway waited. Later Holloway growled."
    mentions = [_mention(text, "Holloway", "Bill Holloway", 0), _mention(text, "Holloway", "Bill Holloway", 1)]
    found = missed(text, 1, mentions)
    assert [(text[m.start : m.end], m.character) for m in found] == [("Holloway", "Bill Holloway"), ("Holloway", "Bill Holloway")]


def test_a_form_two_people_share_evenly_is_left_alone() -> None:
    text = "Syme ran. Syme hid. Syme again."
    mentions = [_mention(text, "Syme", "Gabriel Syme", 0), _mention(text, "Syme", "Mr. Syme", 1)]
    assert missed(text, 1, mentions) == []


def test_a_name_that_is_also_a_word_is_not_found_where_a_sentence_starts_with_it() -> None:
    text = "May smiled at him. \u201cMay I sit?\u201d he asked. Later May laughed. It may rain."
    mentions = [_mention(text, "May", "May Welland", 0)]
    found = missed(text, 1, mentions)
    assert [m.start for m in found] == [text.index("May laughed")]
