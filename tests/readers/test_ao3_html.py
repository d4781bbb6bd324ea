"""AO3's HTML download, built to the archive's template shape by ``tests.builders.ao3``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ficscope.errors import EmptyInputError, InputError, NotAWorkError
from ficscope.model import Declared, Work
from ficscope.readers import ao3_html, read_bytes
from tests.builders.ao3 import (
    SCENE_BREAK,
    ChapterSpec,
    WorkSpec,
    chapter_text,
    chaptered_work,
    html_download,
    one_shot,
)


def read(spec: WorkSpec) -> Work:
    return ao3_html.read(html_download(spec))


def test_declared_tags_of_every_type_are_read_from_dt_labels() -> None:
    work = read(chaptered_work())

    assert work.declared == Declared(
        rating="Teen And Up Audiences",
        warnings=["No Archive Warnings Apply"],
        categories=["M/M", "Gen"],
        fandoms=["Shadowhunters (TV)"],
        relationships=["Alec Lightwood/Magnus Bane", "Isabelle Lightwood & Alec Lightwood"],
        characters=["Alec Lightwood", "Magnus Bane", "Isabelle Lightwood"],
        tags=["Slow Burn", "Hurt/Comfort", "Alternate Universe - Coffee Shops & Cafés"],
    )


def test_plural_labels_are_read_like_singular_ones() -> None:
    tags = {
        "warnings": ["Graphic Depictions Of Violence", "Major Character Death"],
        "fandoms": ["Shadowhunters (TV)", "The Mortal Instruments - Cassandra Clare"],
        "characters": ["Magnus Bane", "Raphael Santiago"],
    }
    markup = html_download(chaptered_work(tags=tags))
    assert "<dt>Archive Warnings:</dt>" in markup and "<dt>Fandoms:</dt>" in markup

    declared = ao3_html.read(markup).declared

    assert declared.warnings == tags["warnings"]
    assert declared.fandoms == tags["fandoms"]
    assert declared.characters == tags["characters"]


def test_singular_labels_of_older_files_hold_several_tags() -> None:
    tags = {"categories": ["F/M", "M/M", "Multi"], "relationships": ["Clary Fray/Simon Lewis", "Alec Lightwood/Magnus Bane"]}
    markup = html_download(chaptered_work(tags=tags, plural_labels=False))
    assert "<dt>Category:</dt>" in markup and "<dt>Relationship:</dt>" in markup

    declared = ao3_html.read(markup).declared

    assert declared.categories == ["F/M", "M/M", "Multi"]
    assert declared.relationships == ["Clary Fray/Simon Lewis", "Alec Lightwood/Magnus Bane"]


def test_declared_relationships_keep_slash_and_ampersand() -> None:
    markup = html_download(chaptered_work())
    # The links encode them; the tag names must not.
    assert "/tags/Alec%20Lightwood*s*Magnus%20Bane" in markup
    assert "Isabelle%20Lightwood%20*a*%20Alec%20Lightwood" in markup

    work = ao3_html.read(markup)

    assert "Alec Lightwood/Magnus Bane" in work.declared.relationships
    assert "Isabelle Lightwood & Alec Lightwood" in work.declared.relationships


def test_title_authors_and_url_come_from_the_preface() -> None:
    work = read(chaptered_work())

    assert work.title == "Salt & Ember"
    assert work.authors == ["fernwright", "quietmoth"]
    assert work.url == "https://archiveofourown.org/works/4815162"
    assert work.source_format == "ao3-html"


def test_anonymous_work_has_author_anonymous() -> None:
    assert read(one_shot(authors=[])).authors == ["Anonymous"]


def test_summary_notes_and_end_notes_are_plain_text() -> None:
    work = read(chaptered_work())

    assert work.summary == "Alec runs a bakery by the harbour. Magnus keeps coming back for the bread.\n\nThat is his story, anyway."
    assert work.notes == "For R., who asked for \u201csomething warm\u201d in January."
    assert work.end_notes == "Thank you for reading! The bakery is real; the harbour is not."


def test_notes_label_with_only_end_notes_leaves_notes_empty() -> None:
    work = read(chaptered_work(notes=None))

    assert work.notes is None
    assert work.end_notes == "Thank you for reading! The bakery is real; the harbour is not."


def test_language_series_and_stats_are_read() -> None:
    work = read(chaptered_work(words=31623))

    assert work.language == "English"
    assert work.series == ["Part 2 of Harbour Town, Winter"]
    assert work.published == "2020-01-02"
    assert work.updated == "2020-03-04"
    assert work.declared_words == 31623
    assert work.declared_chapters == "3/3"
    assert work.complete is True


def test_several_series_each_keep_their_part_number() -> None:
    work = read(chaptered_work(series=[(2, "Harbour Town, Winter"), (7, "Bread & Salt")]))

    assert work.series == ["Part 2 of Harbour Town, Winter", "Part 7 of Bread & Salt"]


def test_word_count_without_thousands_separator_is_read() -> None:
    markup = html_download(chaptered_work(words=31623, plural_labels=False))
    assert "Words: 31623" in markup

    assert ao3_html.read(markup).declared_words == 31623


def test_chapter_titles_come_from_new_headings() -> None:
    markup = html_download(chaptered_work())
    assert "Chapter 1: The Early Shift" in markup

    work = ao3_html.read(markup)

    assert [chapter.title for chapter in work.chapters] == ["The Early Shift", None, "Harbour Lights"]
    assert [chapter.number for chapter in work.chapters] == [1, 2, 3]


def test_chapter_titles_come_from_old_headings() -> None:
    chapters = [
        ChapterSpec(title="Prologue", paragraphs=["The harbour froze over the winter Alec turned nine."]),
        ChapterSpec(title=None, paragraphs=["Nobody remembered the winter before that."]),
        ChapterSpec(title="Chapter 2: Thaw", paragraphs=["Spring came late and all at once."]),
    ]
    markup = html_download(chaptered_work(chapters=chapters, heading_style="old"))
    assert "Prologue\n" in markup and "Chapter 1:" not in markup

    work = ao3_html.read(markup)

    assert [chapter.title for chapter in work.chapters] == ["Prologue", None, "Thaw"]


def test_chapter_summary_notes_and_end_notes_stay_out_of_chapter_text() -> None:
    spec = chaptered_work()
    work = read(spec)
    first, second, third = work.chapters

    assert first.summary == "Flour, ovens, and an unexpected customer."
    assert first.notes == "A short one to start."
    assert first.end_notes == "The rye recipe is in the next chapter\u2019s notes."
    assert (second.summary, second.notes, second.end_notes) == (None, None, None)
    assert third.notes is None
    assert third.end_notes == "Only end notes here, so the Chapter Notes label links down to them."
    for chapter, chapter_spec in zip(work.chapters, spec.chapters):
        assert chapter.text == chapter_text(chapter_spec)
        assert "Chapter Notes" not in chapter.text and "See the end" not in chapter.text


def test_chapter_text_keeps_pov_header_scene_break_and_curly_quotes() -> None:
    text = read(chaptered_work()).chapters[0].text

    assert text.startswith("Alec\u2019s POV\n\nThe ovens were already warm")
    assert f"\n\n{SCENE_BREAK}\n\n" in text
    assert "\u201cYou\u2019re late,\u201d she said" in text
    assert "the man in the purple scarf" in text


def test_chapter_text_opening_with_a_heading_is_not_a_new_chapter() -> None:
    markup = html_download(chaptered_work()).replace("<p>Alec\u2019s POV</p>", "<h2>Alec\u2019s POV</h2>", 1)

    work = ao3_html.read(markup)

    assert len(work.chapters) == 3
    assert work.chapters[0].text.startswith("Alec\u2019s POV\n\nThe ovens")


def test_one_shot_has_one_untitled_chapter() -> None:
    spec = one_shot()
    work = read(spec)

    assert len(work.chapters) == 1
    assert work.chapters[0].title is None
    assert work.chapters[0].text == chapter_text(spec.chapters[0])
    assert work.title == "A Quiet Kind of Morning"
    assert work.declared_chapters == "1/1"


def test_one_shot_never_revised_is_complete() -> None:
    work = read(one_shot(updated=None))

    assert work.updated is None
    assert work.complete is True


def test_wip_with_unknown_total_is_not_complete() -> None:
    markup = html_download(chaptered_work(complete=False))
    assert "Updated: 2020-03-04" in markup and "Chapters: 3/?" in markup

    work = ao3_html.read(markup)

    assert work.complete is False
    assert work.declared_chapters == "3/?"
    assert work.updated == "2020-03-04"


def test_wip_with_known_total_is_not_complete() -> None:
    work = read(chaptered_work(complete=False, expected_chapters=10))

    assert work.complete is False
    assert work.declared_chapters == "3/10"


def test_chaptered_wip_with_one_posted_chapter_keeps_its_chapter_title() -> None:
    first = chaptered_work().chapters[0]
    work = read(chaptered_work(chapters=[first], chaptered=True, complete=False))

    assert [chapter.title for chapter in work.chapters] == ["The Early Shift"]
    assert work.chapters[0].summary == "Flour, ovens, and an unexpected customer."
    assert work.complete is False


def test_html_page_that_is_not_an_ao3_download_raises_not_a_work() -> None:
    page = "<!DOCTYPE html><html><head><title>Recipes</title></head><body><h1>Rye bread</h1><p>Mix and wait.</p></body></html>"

    with pytest.raises(NotAWorkError, match="not an AO3 work download"):
        ao3_html.read(page)


def test_download_without_chapter_text_raises_empty_input() -> None:
    spec = chaptered_work(chapters=[ChapterSpec(title="Nothing Yet", paragraphs=[]), ChapterSpec(paragraphs=[])])

    with pytest.raises(EmptyInputError, match="no chapter text"):
        read(spec)


def test_empty_markup_raises_empty_input() -> None:
    with pytest.raises(EmptyInputError):
        ao3_html.read("  \n ")


def test_markup_with_xml_declaration_is_read() -> None:
    markup = "<?xml version='1.0' encoding='utf-8'?>\n" + html_download(one_shot())

    assert ao3_html.read(markup).title == "A Quiet Kind of Morning"


def test_cut_in_the_middle_of_a_chapter_keeps_the_chapters_before_it() -> None:
    markup = html_download(chaptered_work())
    cut = markup[: markup.index("Magnus had never cared")]

    work = ao3_html.read(cut)

    assert [chapter.title for chapter in work.chapters] == ["The Early Shift", None]
    assert work.chapters[0].text == chapter_text(chaptered_work().chapters[0])
    assert work.chapters[1].text.startswith("Magnus\u2019s POV")


def test_truncated_download_gives_a_work_or_an_input_error() -> None:
    markup = html_download(chaptered_work())
    for end in range(0, len(markup), 61):
        try:
            work = ao3_html.read(markup[:end])
        except InputError:
            continue
        assert isinstance(work, Work)
        assert work.chapters and any(chapter.text for chapter in work.chapters)


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: m.replace("</div>", ""),
        lambda m: m.replace("<div", "<span"),
        lambda m: m.replace("<blockquote", "<blockquote><blockquote"),
        lambda m: m.replace("<dt>", "").replace("</dt>", ""),
        lambda m: m.replace('id="chapters"', ""),
        lambda m: m.replace("<!--", "<!-").replace("-->", ""),
    ],
    ids=["unclosed-divs", "divs-as-spans", "nested-quotes", "no-dt", "no-chapters-id", "broken-comments"],
)
def test_damaged_download_gives_a_work_or_an_input_error(damage: Callable[[str], str]) -> None:
    markup = damage(html_download(chaptered_work()))
    try:
        work = ao3_html.read(markup)
    except InputError:
        return
    assert isinstance(work, Work)


def test_read_bytes_sends_an_html_download_to_the_ao3_reader() -> None:
    data = html_download(chaptered_work()).encode("utf-8")

    work = read_bytes(data, "Salt_Ember.html")

    assert work.source_format == "ao3-html"
    assert work.source == "Salt_Ember.html"
    assert work.declared.rating == "Teen And Up Audiences"
    assert len(work.chapters) == 3


def test_read_bytes_names_the_file_when_html_is_not_a_work() -> None:
    with pytest.raises(NotAWorkError) as caught:
        read_bytes(b"<html><body><p>Just a page.</p></body></html>", "page.html")

    assert "page.html" in str(caught.value)

