"""Pasted text: every "Chapter Text" marker and every "Chapter N" heading starts a chapter."""

from __future__ import annotations

from ficscope.readers import pasted

COPIED = """The Lamp on the Wall

Summary:

A keeper and the boats that never came.

Homecoming

Chapter Text

The lamp on the harbour wall burned all night.

Mara kept it lit for the boats that never came.

The Second Night

Chapter Notes

Written on a train.

Chapter Text

On the second night the wind turned.

She trimmed the wick twice.

Chapter End Notes

Thank you for reading.

Dawn

Chapter Text

At dawn the first sail showed on the water.
"""


def test_each_chapter_text_marker_starts_a_chapter_under_the_title_above_it() -> None:
    work = pasted.read(COPIED)
    assert [chapter.title for chapter in work.chapters] == ["Homecoming", "The Second Night", "Dawn"]
    assert work.chapters[1].notes == "Written on a train."
    assert work.chapters[1].end_notes == "Thank you for reading."
    assert work.chapters[1].text.startswith("On the second night") and work.chapters[1].text.endswith("twice.")
    assert "Chapter Text" not in " ".join(chapter.text for chapter in work.chapters)


def test_chapter_n_headings_with_and_without_titles_start_chapters() -> None:
    text = (
        "Chapter 1: Homecoming\n\nThe lamp burned all night.\n\n"
        "Chapter 2\n\nThe wind turned.\n\n"
        "Chapter 3: Dawn\n\nChapter Text\n\nA sail showed on the water.\n"
    )
    work = pasted.read(text)
    assert [(chapter.number, chapter.title) for chapter in work.chapters] == [(1, "Homecoming"), (2, None), (3, "Dawn")]
    assert work.chapters[2].text == "A sail showed on the water."


def test_a_single_marker_after_the_title_keeps_one_chapter() -> None:
    work = pasted.read("Harbour\n\nChapter Text\n\nThe lamp burned all night.\n\nMara kept it lit.\n")
    assert len(work.chapters) == 1
    assert work.chapters[0].text == "The lamp burned all night.\n\nMara kept it lit."
