"""Work pages saved from the archive's site, and site pages that hold no work."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficscope.errors import NotAWorkError
from ficscope.readers import read_bytes, read_work

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-works"
DOWNLOADER = REAL / "ao3downloader"
AO3JS = REAL / "ao3js" / "works"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="real-works data is not present")


@pytest.mark.parametrize("name", ["unlockedWork.html", "unlockedWorkNoSkin.html"])
def test_a_saved_work_page_gives_title_author_url_tags_and_its_text(name: str) -> None:
    work = read_work(DOWNLOADER / name)
    assert work.title and "Archive of Our Own" not in work.title
    assert work.authors
    assert work.url and work.url.startswith("https://archiveofourown.org/works/")
    assert work.declared.rating and work.declared.fandoms
    assert len(work.chapters) == 1 and "Work Text" not in work.chapters[0].text[:20]
    assert abs(sum(len(c.text.split()) for c in work.chapters) - work.declared_words) <= 0.03 * work.declared_words


def test_the_same_work_saved_as_a_page_reads_as_its_html_download() -> None:
    page = read_work(DOWNLOADER / "unlockedWorkNoSkin.html")
    download = read_work(DOWNLOADER / "ebook" / "23009290" / "current" / "htmlTest.html")
    assert (page.title, page.authors, page.url) == (download.title, download.authors, download.url)
    assert page.declared.rating == download.declared.rating
    assert sorted(page.declared.tags) == sorted(download.declared.tags)
    assert page.chapters[0].text.split() == download.chapters[0].text.split()


def test_the_entire_work_view_gives_every_chapter_with_its_title() -> None:
    page = read_work(DOWNLOADER / "explicitWorkLoggedIn.html")
    pdf = read_work(DOWNLOADER / "ebook" / "20907563" / "current" / "tagWall.pdf")
    assert [chapter.title for chapter in page.chapters] == [chapter.title for chapter in pdf.chapters]
    assert [chapter.number for chapter in page.chapters] == list(range(1, 11))
    assert sorted(page.declared.relationships) == sorted(pdf.declared.relationships)
    assert page.summary and page.summary.split()[:3] == (pdf.summary or "").split()[:3]


def test_a_chapter_page_keeps_its_chapter_title_and_the_works_declared_count() -> None:
    work = read_work(AO3JS / "17793689" / "chapters" / "42035519.html")
    assert [(chapter.number, chapter.title) for chapter in work.chapters] == [(1, "The College of Enchanters: New Haven")]
    assert work.declared_chapters == "14/?"
    assert work.declared_words == 70561
    assert work.chapters[0].notes and not work.chapters[0].text.startswith("Chapter Text")


@pytest.mark.parametrize(
    ("path", "says"),
    [
        (DOWNLOADER / "explicitWorkLoggedOut.html", "adult-content warning page"),
        (DOWNLOADER / "lockedWorkLoggedOut.html", "only registered users"),
        (DOWNLOADER / "hiddenWork.html", "hidden work"),
        (DOWNLOADER / "deletedWork.html", "404 page"),
        (AO3JS / "43703871" / "navigate.html", "chapter index"),
    ],
)
def test_a_site_page_that_holds_no_work_is_refused_saying_what_it_is(path: Path, says: str) -> None:
    with pytest.raises(NotAWorkError, match=says):
        read_work(path)


def test_a_bookmark_listing_is_refused_as_a_listing() -> None:
    page = (
        "<html><head><title>Bookmarks | Archive of Our Own</title></head><body><div id='main'>"
        "<h2>Bookmarks</h2><ol class='bookmark index group'><li class='bookmark blurb group'>"
        "<h4><a href='/works/1'>The Lamp</a></h4></li></ol></div></body></html>"
    )
    with pytest.raises(NotAWorkError, match="listing of works"):
        read_bytes(page.encode(), "bookmarks.html")


def test_a_saved_page_is_reported_as_a_saved_page_not_a_download() -> None:
    assert read_work(DOWNLOADER / "unlockedWork.html").source_format == "ao3-page"


def test_the_report_of_a_chapter_page_says_it_holds_one_chapter_of_those_posted() -> None:
    from ficscope import analyze_work
    from ficscope.render.text import render

    report = render(analyze_work(read_work(AO3JS / "17793689" / "chapters" / "42035519.html")), console_width=200)
    assert "partial: holds chapter 2 of 14 posted" in report
    whole = render(analyze_work(read_work(DOWNLOADER / "unlockedWork.html")), console_width=200)
    assert "partial" not in whole
