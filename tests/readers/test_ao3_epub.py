"""AO3's EPUB download: calibre's split, class-renamed conversion of the HTML download."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest

from ficscope.errors import MalformedEpubError, NotAWorkError
from ficscope.model import Work
from ficscope.readers import ao3_epub, ao3_html, read_bytes
from ficscope.readers.epub import open_epub
from tests.builders.ao3 import (
    ChapterSpec,
    WorkSpec,
    chapter_text,
    chaptered_work,
    epub_download,
    html_download,
    long_work,
    one_shot,
    without_entry,
)

SPECS: dict[str, Callable[[], WorkSpec]] = {
    "chaptered": chaptered_work,
    "one-shot": one_shot,
    "old-headings": lambda: chaptered_work(heading_style="old", plural_labels=False),
    "wip": lambda: chaptered_work(complete=False, expected_chapters=12),
    "long": lambda: long_work(chapters=12, words_per_chapter=300),
}


def read(data: bytes) -> Work:
    return ao3_epub.read(open_epub(data))


def same_as_html(spec: WorkSpec, epub: Work) -> None:
    html = ao3_html.read(html_download(spec))
    html.source_format = "ao3-epub"
    assert epub == html


@pytest.mark.parametrize("make", SPECS.values(), ids=SPECS.keys())
def test_epub_with_renamed_classes_yields_the_same_work_as_the_html(make: Callable[[], WorkSpec]) -> None:
    spec = make()

    same_as_html(spec, read(epub_download(spec)))


def test_epub_keeps_no_class_name_of_the_html() -> None:
    data = epub_download(chaptered_work())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        markup = "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xhtml"))

    classes = set(re.findall(r'class="([^"]*)"', markup))
    assert classes and all(re.fullmatch(r"calibre\d*", name) for name in classes)


def test_epub_is_laid_out_like_calibre_output() -> None:
    with zipfile.ZipFile(io.BytesIO(epub_download(chaptered_work()))) as archive:
        names = archive.namelist()
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert {"META-INF/container.xml", "content.opf", "toc.ncx", "stylesheet.css"} <= set(names)
        splits = sorted(name for name in names if name.endswith(".xhtml"))
        assert splits[0] == "Salt_Ember_split_000.xhtml"
        assert 'id="preface"' in archive.read(splits[0]).decode()
        assert "<h1" in archive.read(splits[1]).decode()
        # Only the first chapter's file keeps the #chapters wrapper.
        assert sum('id="chapters"' in archive.read(name).decode() for name in splits) == 1


def test_epub_source_format_is_ao3_epub() -> None:
    assert read(epub_download(one_shot())).source_format == "ao3-epub"


def test_epub_typed_tags_come_from_the_preface_not_the_opf_subjects() -> None:
    work = read(epub_download(chaptered_work()))

    assert work.declared.rating == "Teen And Up Audiences"
    assert work.declared.relationships == ["Alec Lightwood/Magnus Bane", "Isabelle Lightwood & Alec Lightwood"]
    everything = [work.declared.rating, *work.declared.warnings, *work.declared.categories, *work.declared.tags]
    assert "Fanworks" not in everything


def test_epub_chapters_keep_their_titles_notes_and_text_apart() -> None:
    spec = chaptered_work()
    work = read(epub_download(spec))

    assert [chapter.title for chapter in work.chapters] == ["The Early Shift", None, "Harbour Lights"]
    assert work.chapters[0].notes == "A short one to start."
    assert work.chapters[0].end_notes == "The rye recipe is in the next chapter\u2019s notes."
    assert work.chapters[2].end_notes == "Only end notes here, so the Chapter Notes label links down to them."
    assert [chapter.text for chapter in work.chapters] == [chapter_text(chapter) for chapter in spec.chapters]
    assert work.end_notes == "Thank you for reading! The bakery is real; the harbour is not."


def test_epub_chapter_split_for_size_stays_one_chapter() -> None:
    spec = chaptered_work()
    work = read(epub_download(spec, flow_paragraphs=2))

    assert len(work.chapters) == 3
    assert work.chapters[0].text == chapter_text(spec.chapters[0])
    assert work.chapters[0].end_notes == "The rye recipe is in the next chapter\u2019s notes."


def test_epub_reads_the_same_with_or_without_chapter_content_comments() -> None:
    spec = chaptered_work()

    assert read(epub_download(spec, keep_comments=True)) == read(epub_download(spec))


def test_epub_missing_chapter_file_raises_malformed_epub() -> None:
    data = without_entry(epub_download(chaptered_work()), "_split_003.xhtml")

    with pytest.raises(MalformedEpubError, match="_split_003.xhtml"):
        read(data)


def test_epub_without_its_preface_files_falls_back_to_the_opf() -> None:
    data = _drop_from_spine(epub_download(chaptered_work()), ["id1", "id2"])

    work = read(data)

    assert work.title == "Salt & Ember"
    assert work.authors == ["fernwright", "quietmoth"]
    assert work.summary == "Alec runs a bakery by the harbour. Magnus keeps coming back for the bread.\n\nThat is his story, anyway."
    assert work.series == ["Part 2 of Harbour Town, Winter"]
    assert len(work.chapters) == 3


def test_epub_that_is_not_an_ao3_download_raises_not_a_work() -> None:
    data = _edit_documents(epub_download(one_shot()), lambda content: re.sub(rb' id="(preface|chapters|afterword)"', b"", content))

    with pytest.raises(NotAWorkError, match="EPUB but not an AO3 work download"):
        read(data)


def test_read_bytes_sends_an_ao3_epub_to_the_ao3_reader() -> None:
    spec = chaptered_work()

    work = read_bytes(epub_download(spec), "Salt_Ember.epub")

    assert work.source_format == "ao3-epub"
    assert work.source == "Salt_Ember.epub"
    assert [chapter.title for chapter in work.chapters] == ["The Early Shift", None, "Harbour Lights"]


def test_long_epub_reads_every_chapter_in_order() -> None:
    spec = long_work(chapters=40, words_per_chapter=200)

    work = read(epub_download(spec))

    assert [chapter.number for chapter in work.chapters] == list(range(1, 41))
    assert [chapter.title for chapter in work.chapters][:4] == ["Day 1", "Day 2", None, "Day 4"]
    assert work.chapters[-1].text == chapter_text(spec.chapters[-1])


def test_epub_chapter_with_author_heading_is_not_split_in_two() -> None:
    spec = chaptered_work(
        chapters=[
            ChapterSpec(title="Ledger", paragraphs=["Alec kept the accounts in pencil."]),
            ChapterSpec(title="Receipts", paragraphs=["Magnus kept none at all."]),
        ]
    )
    data = _edit_documents(
        epub_download(spec),
        lambda content: re.sub(rb'<p( class="calibre\d+")?>Alec kept', rb"<h2\1>Accounts</h2><p\1>Alec kept", content),
    )

    work = read(data)

    assert [chapter.title for chapter in work.chapters] == ["Ledger", "Receipts"]
    assert work.chapters[0].text == "Accounts\n\nAlec kept the accounts in pencil."


def test_epub_author_heading_after_a_size_split_stays_in_the_chapter() -> None:
    spec = one_shot()
    data = _edit_documents(
        epub_download(spec, flow_paragraphs=2),
        lambda content: re.sub(rb"(<p [^>]*>\xe2\x80\x9cDon)", rb"<h2>Interlude</h2>\1", content),
    )

    work = read(data)

    assert len(work.chapters) == 1
    assert "\n\nInterlude\n\n\u201cDon\u2019t tell Alec,\u201d" in work.chapters[0].text

def test_epub_empty_div_ahead_of_the_first_heading_adds_no_chapter() -> None:
    # Calibre moves the ids of a page it drops as empty into height:0 divs at the top
    # of the next file.
    data = _edit_documents(
        epub_download(chaptered_work()),
        lambda content: re.sub(rb'(<div id="chapters"[^>]*>)', rb'\1<div id="lost" style="height:0pt"></div>', content),
    )

    work = read(data)

    assert [chapter.title for chapter in work.chapters] == ["The Early Shift", None, "Harbour Lights"]


def _edit_documents(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, edit(content) if info.filename.endswith(".xhtml") else content)
    return out.getvalue()

def _drop_from_spine(data: bytes, idrefs: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "content.opf":
                for idref in idrefs:
                    content = content.replace(f'<itemref idref="{idref}"/>'.encode(), b"")
            target.writestr(info, content)
    return out.getvalue()
