"""Every AO3 download format of a real work reads as its HTML download reads.

The files are the ao3downloader project's fixtures in ../shared/data/real-works (never
copied here): each work saved by the archive as HTML, EPUB, MOBI, AZW3 and PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ficscope.readers import read_work
from ficscope.wordcount import count_words

EBOOKS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-works" / "ao3downloader" / "ebook"
WORKS = {"23009290": "1 chapter", "218676": "3 chapters, in progress", "334557": "8 chapters, in a series"}
FORMATS = ("epub", "mobi", "azw3", "pdf")

pytestmark = pytest.mark.skipif(not EBOOKS.is_dir(), reason="real-works data is not present")


def _file(work_id: str, extension: str) -> Path:
    found = sorted((EBOOKS / work_id / "current").glob(f"*.{extension}"))
    if not found:
        pytest.skip(f"no .{extension} download of work {work_id}")
    return found[0]


def _words(work) -> int:
    return sum(count_words(chapter.text) for chapter in work.chapters)


@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("work_id", sorted(WORKS))
def test_every_download_format_gives_the_html_downloads_chapters_tags_and_words(work_id: str, extension: str) -> None:
    html = read_work(_file(work_id, "html"))
    other = read_work(_file(work_id, extension))
    assert [chapter.title for chapter in other.chapters] == [chapter.title for chapter in html.chapters]
    assert other.declared == html.declared
    assert other.title == html.title
    assert other.authors == html.authors
    assert other.url.split("://", 1)[1] == html.url.split("://", 1)[1]
    assert abs(_words(other) - _words(html)) <= 0.03 * _words(html)


@pytest.mark.parametrize("extension", FORMATS)
def test_every_download_format_keeps_chapter_notes_apart_from_the_story(extension: str) -> None:
    html = read_work(_file("218676", "html"))
    other = read_work(_file("218676", extension))
    for mine, theirs in zip(other.chapters, html.chapters):
        assert (mine.notes is None) == (theirs.notes is None)
        assert (mine.end_notes is None) == (theirs.end_notes is None)
        if theirs.end_notes:
            assert count_words(theirs.end_notes) == count_words(mine.end_notes or "")
            assert theirs.end_notes.split()[0] not in mine.text.split("\n\n")[-1].split()[:1]
    assert other.declared_words == html.declared_words
    assert other.declared_chapters == html.declared_chapters
    assert (other.summary or "").split() == (html.summary or "").split()


def test_a_pdf_whose_tag_list_runs_over_two_pages_reads_every_tag() -> None:
    work = read_work(EBOOKS / "20907563" / "current" / "tagWall.pdf")
    assert work.declared.rating == "Explicit"
    assert len(work.chapters) == 10
    assert "Mythology" in work.declared.tags and "Reader/Minotaur" in work.declared.relationships
    assert work.declared_words == 13800


@pytest.mark.parametrize("extension", FORMATS)
def test_every_download_format_analyses_into_schema_valid_json(extension: str) -> None:
    import json

    import jsonschema

    from ficscope import analyze_work
    from ficscope.render.json import as_dict

    schema = json.loads((Path(__file__).resolve().parents[2] / "src" / "ficscope" / "schema" / "analysis.schema.json").read_text())
    analysis = analyze_work(read_work(_file("23009290", extension)))
    jsonschema.validate(as_dict(analysis), schema)
