"""FanFicFare EPUBs: real files from FanFicFare's offline test site, and AO3-shaped ones built by hand."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable

import pytest

from ficscope.errors import EmptyInputError, MalformedEpubError
from ficscope.model import CATEGORIES, Work
from ficscope.readers import read_bytes
from ficscope.readers.epub import open_epub
from ficscope.readers.epub_any import detect
from ficscope.readers.fanficfare import split_list
from tests.builders.fff import CUSTOM_SIDS, DEFAULT_SIDS, FffChapter, FffStory, GeneratedEpub, build_fff_epub, real_epub, title_page_line

ALL_SIDS = DEFAULT_SIDS + CUSTOM_SIDS


@pytest.fixture(scope="module")
def real() -> Callable[[int], tuple[GeneratedEpub, Work]]:
    pytest.importorskip("fanficfare")

    def load(sid: int) -> tuple[GeneratedEpub, Work]:
        generated = real_epub(sid)
        return generated, read_bytes(generated.data, f"tst_{sid}.epub")

    return load


def _items(joined: str) -> list[str]:
    return [html.unescape(item) for item in joined.split(", ")] if joined else []


def _rezip(data: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of an EPUB with each entry passed through ``edit`` (None drops it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = edit(info.filename, source.read(info))
            if content is not None:
                target.writestr(info, content)
    return buffer.getvalue()


# --- real files ---------------------------------------------------------------------------


@pytest.mark.parametrize("sid", ALL_SIDS)
def test_real_fanficfare_epub_is_read_by_the_fanficfare_reader(real, sid):
    generated, work = real(sid)
    assert detect(open_epub(generated.data)) == "fanficfare"
    assert work.source_format == "fanficfare-epub"


@pytest.mark.parametrize("sid", ALL_SIDS)
def test_real_epub_title_authors_and_url_match_what_fanficfare_reported(real, sid):
    generated, work = real(sid)
    assert work.title == html.unescape(generated.meta["title"])
    assert work.authors == _items(generated.meta["author"])
    assert work.url == generated.meta["storyUrl"]


def test_real_epub_with_many_authors_keeps_every_author_in_order(real):
    generated, work = real(673)
    assert len(work.authors) > 10
    assert work.authors == _items(generated.meta["author"])


@pytest.mark.parametrize("sid", ALL_SIDS)
def test_real_epub_has_one_chapter_per_fanficfare_chapter(real, sid):
    generated, work = real(sid)
    assert len(work.chapters) == int(generated.meta["numChapters"]) == len(generated.chapter_titles)
    assert [chapter.number for chapter in work.chapters] == list(range(1, len(work.chapters) + 1))


@pytest.mark.parametrize("sid", [1, 2, 673, 3])
def test_real_epub_chapter_titles_are_fanficfares_chapter_titles(real, sid):
    # sid 3 was written with add_chapter_numbers:true ("1. Prologue…"); the added number goes.
    generated, work = real(sid)
    assert [chapter.title for chapter in work.chapters] == generated.chapter_titles


def test_real_epub_from_ao3_drops_ao3s_chapter_index_numbers(real):
    # The AO3 adapter names chapters after AO3's index, "1. The Lamp"; the number is not the title.
    generated, work = real(1001)
    assert [chapter.title for chapter in work.chapters] == [title.split(". ", 1)[1] for title in generated.chapter_titles]


@pytest.mark.parametrize("sid", ALL_SIDS)
def test_real_epub_status_line_sets_complete(real, sid):
    generated, work = real(sid)
    status = title_page_line(generated.data, "Status")
    assert status == generated.meta["status"]
    assert work.complete is (status == "Completed")


def test_real_epub_test_site_gives_both_statuses(real):
    # Guards the test itself: odd sids are In-Progress, even ones Completed.
    assert real(1)[1].complete is False
    assert real(2)[1].complete is True


@pytest.mark.parametrize("sid", ALL_SIDS)
def test_real_epub_declared_numbers_and_dates_match_title_page(real, sid):
    generated, work = real(sid)
    assert work.declared_words == int(generated.meta["numWords"].replace(",", ""))
    assert work.declared_chapters == generated.meta["numChapters"]
    assert work.published == generated.meta["datePublished"]
    assert work.updated == generated.meta["dateUpdated"]


@pytest.mark.parametrize("sid", ALL_SIDS)
def test_real_epub_language_is_the_title_page_name_or_the_opf_code(real, sid):
    generated, work = real(sid)
    # With no language at all FanFicFare's writer still puts "en" in dc:language.
    assert work.language == (generated.meta.get("language") or generated.meta.get("langcode") or "en")


@pytest.mark.parametrize("sid", [1, 3])
def test_real_epub_summary_is_plain_text_of_the_title_page_summary(real, sid):
    generated, work = real(sid)
    expected = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", generated.meta["description"])).split())
    assert work.summary is not None and "<" not in work.summary.replace("lt(<)", "")
    assert " ".join(work.summary.split()) == expected


@pytest.mark.parametrize("sid", ALL_SIDS)
def test_real_epub_chapter_text_leaves_out_fanficfares_chapter_heading(real, sid):
    generated, work = real(sid)
    for chapter in work.chapters:
        assert chapter.text
        assert chapter.title is None or not chapter.text.startswith(chapter.title)


def test_real_epub_keeps_the_sites_own_heading_in_the_text(real):
    _, work = real(1)
    assert work.chapters[1].text.startswith("Chapter title from site")


def test_real_epub_contents_and_update_log_pages_are_not_chapters(real):
    generated, work = real(3)
    names = zipfile.ZipFile(io.BytesIO(generated.data)).namelist()
    assert "OEBPS/toc_page.xhtml" in names and "OEBPS/log_page.xhtml" in names
    assert len(work.chapters) == int(generated.meta["numChapters"])
    assert not any("Update Log" in chapter.text or "Table of Contents" in chapter.text for chapter in work.chapters)


def test_real_epub_table_title_page_reads_like_the_line_title_page(real):
    # sid 3 was written with titlepage_use_table:true; sid 1 with the default lines.
    (_, table), (_, lines) = real(3), real(1)
    assert table.declared == lines.declared
    assert table.summary == lines.summary
    assert table.complete is lines.complete is False


def test_real_epub_from_other_site_keeps_category_as_fandoms_and_genre_as_tags(real):
    generated, work = real(1)
    assert work.declared.fandoms == _items(generated.meta["category"])
    assert work.declared.tags == _items(generated.meta["genre"])
    assert work.declared.categories == []
    assert work.declared.rating == generated.meta["rating"]
    assert work.declared.warnings == _items(generated.meta["warnings"])


def test_real_epub_relationship_with_ampersand_is_one_relationship(real):
    generated, work = real(1)
    assert work.declared.relationships == _items(generated.meta["ships"])
    assert any(" & " in ship for ship in work.declared.relationships)
    assert work.declared.characters == _items(generated.meta["characters"])


def test_real_epub_with_ao3_url_splits_ao3_categories_out_of_genre(real):
    generated, work = real(1001)
    genre = _items(generated.meta["genre"])
    assert work.declared.fandoms == _items(generated.meta["category"])
    assert work.declared.categories == [tag for tag in genre if tag in CATEGORIES] == ["Gen", "M/M"]
    assert work.declared.tags == [tag for tag in genre if tag not in CATEGORIES]
    assert work.declared.rating == "Teen And Up Audiences"


# --- hand-built AO3 downloads ----------------------------------------------------------------


@pytest.fixture(scope="module")
def ao3_work() -> Work:
    return read_bytes(build_fff_epub(), "tidewater.epub")


def test_ao3_download_category_holds_the_fandoms(ao3_work):
    assert ao3_work.declared.fandoms == ["Drowned Coast (Web Series)", "Harbour Lights"]


def test_ao3_download_genre_splits_into_categories_and_tags(ao3_work):
    assert ao3_work.declared.categories == ["M/M"]
    assert ao3_work.declared.tags == ["Epistolary", "Ghosts", "Slow Burn"]


def test_ao3_download_reads_rating_warnings_characters_and_relationships(ao3_work):
    declared = ao3_work.declared
    assert declared.rating == "Teen And Up Audiences"
    assert declared.warnings == ["No Archive Warnings Apply"]
    assert declared.characters == ["Dunstan Reed", "Ivo Marsh", "Saoirse Quill"]
    assert declared.relationships == ["Ivo Marsh & Saoirse Quill", "Ivo Marsh/Dunstan Reed"]


def test_ao3_download_reads_work_metadata(ao3_work):
    assert ao3_work.source_format == "fanficfare-epub"
    assert ao3_work.title == "The Tidewater Letters"
    assert ao3_work.authors == ["Mirren Vale"]
    assert ao3_work.url == "https://archiveofourown.org/works/90210"
    assert ao3_work.summary == "Two letters arrive from a town that sank a hundred years ago."
    assert ao3_work.language == "English"
    assert ao3_work.complete is False
    assert (ao3_work.published, ao3_work.updated) == ("2021-06-01", "2021-07-15")
    assert (ao3_work.declared_words, ao3_work.declared_chapters) == (5310, "2")
    assert ao3_work.source == "tidewater.epub"


def test_ao3_download_chapter_titles_drop_ao3s_index_numbers(ao3_work):
    assert [chapter.title for chapter in ao3_work.chapters] == ["Low Water", "Salt Letters"]


def test_ao3_download_chapter_notes_stay_out_of_the_chapter_text(ao3_work):
    first = ao3_work.chapters[0]
    assert first.summary == "Ivo finds something on the flats."
    assert first.notes == "Thank you to everyone who waited."
    assert first.end_notes == "The next part is longer."
    assert first.text == (
        "The tide went out further than Ivo had ever seen it, and the wrecks came up to breathe.\n\n"
        '"Don\'t touch the ribs," Saoirse said. "They remember the sea."'
    )


def test_ao3_download_work_notes_come_from_first_and_last_chapters(ao3_work):
    assert ao3_work.notes == "Written for the autumn swap."
    assert ao3_work.end_notes == "Comments keep the lighthouse lit."
    assert "lighthouse" not in ao3_work.chapters[-1].text
    assert ao3_work.chapters[-1].end_notes is None


def test_ao3_download_with_table_title_page_reads_the_same(ao3_work):
    work = read_bytes(build_fff_epub(FffStory(table=True)), "table.epub")
    assert work.declared == ao3_work.declared
    assert work.summary == ao3_work.summary
    assert work.complete is ao3_work.complete


def test_completed_status_marks_work_complete():
    work = read_bytes(build_fff_epub(FffStory(status="Completed")), "done.epub")
    assert work.complete is True


def test_ao3_one_shot_chapter_has_no_title_of_its_own():
    story = FffStory(chapters=[FffChapter("ignored", ["Only the one chapter, and it is short."])])
    work = read_bytes(build_fff_epub(story), "oneshot.epub")
    assert len(work.chapters) == 1
    assert work.chapters[0].title is None


def test_other_site_keeps_a_comma_inside_one_character_name():
    story = FffStory(
        url="https://www.fanfiction.net/s/123/1/",
        site="www.fanfiction.net",
        characters=["Quill, Saoirse", "Ivo M."],
        fandoms=["Harbour Lights"],
        tags=["Drama"],
        categories=[],
    )
    work = read_bytes(build_fff_epub(story), "ffnet.epub")
    assert work.declared.characters == ["Ivo M.", "Quill, Saoirse"]
    assert work.declared.fandoms == ["Harbour Lights"]
    assert work.declared.tags == ["Drama"]


def test_fictionpress_category_is_a_genre_not_a_fandom():
    story = FffStory(url="https://www.fictionpress.com/s/9/1/", site="www.fictionpress.com", fandoms=["Fantasy"], tags=["Adventure"], categories=[])
    work = read_bytes(build_fff_epub(story), "fp.epub")
    assert work.declared.fandoms == []
    assert work.declared.tags == ["Fantasy", "Adventure"]


def test_split_list_keeps_items_the_opf_lists_whole():
    assert split_list("Ada, Quill, Saoirse, Ivo", {"Quill, Saoirse"}) == ["Ada", "Quill, Saoirse", "Ivo"]
    assert split_list("", set()) == []


def test_fanficfare_file_is_recognised_by_its_page_classes_alone():
    def strip_marks(name: str, content: bytes) -> bytes:
        if name != "content.opf":
            return content
        text = content.decode()
        text = re.sub(r"<dc:contributor[^>]*>.*?</dc:contributor>", "", text)
        return text.replace("fanficfare-uid:", "urn:uuid:").encode()

    data = _rezip(build_fff_epub(), strip_marks)
    assert b"FanFicFare" not in zipfile.ZipFile(io.BytesIO(data)).read("content.opf")
    assert read_bytes(data, "unmarked.epub").source_format == "fanficfare-epub"


def test_fanficfare_file_missing_a_chapter_it_lists_is_malformed():
    data = _rezip(build_fff_epub(), lambda name, content: None if name == "OEBPS/file0002.xhtml" else content)
    with pytest.raises(MalformedEpubError, match="file0002"):
        read_bytes(data, "missing.epub")


def test_fanficfare_file_with_empty_chapters_is_empty_input():
    story = FffStory(chapters=[FffChapter("One", []), FffChapter("Two", [])], work_notes=None, work_end_notes=None)
    with pytest.raises(EmptyInputError):
        read_bytes(build_fff_epub(story), "empty.epub")
