"""EPUBs with no known maker, how EPUBs are told apart, and broken EPUBs."""

from __future__ import annotations

import html

import pytest

from ficscope.errors import EmptyInputError, MalformedEpubError
from ficscope.model import Work
from ficscope.readers import read_bytes
from ficscope.readers.epub import open_epub
from ficscope.readers.epub_any import detect
from tests.builders.fff import CONTAINER_XML, build_fff_epub, epub_zip

FERRY = [
    "The ferry left at dawn whether or not anyone was on it.",
    "Petra was on it, and so was a goat nobody would claim.",
]
FOG = [
    "Halfway across, the fog came down like a lid.",
    "The goat stood at the bow as if it knew the way.",
]
LANDFALL = ["They landed on the wrong island, which turned out to be the right one."]


def _page(body: str, title: str = "page") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{title}</title></head><body>{body}</body></html>"
    )


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def build_generic_epub(
    documents: dict[str, str] | None = None,
    *,
    spine: list[str] | None = None,
    publisher: str | None = None,
    drop: tuple[str, ...] = (),
    container: bool = True,
) -> bytes:
    """A plain EPUB 3 in ``OEBPS/``: cover, title page, nav, three chapters, and a toc.ncx."""
    if documents is None:
        documents = {
            "cover.xhtml": _page('<div><img src="cover.jpg" alt=""/></div>', "Cover"),
            "titlepage.xhtml": _page("<h1>The Wrong Island</h1><p>by Lena Hart</p>", "Title"),
            "nav.xhtml": _page(
                '<nav epub:type="toc"><ol><li><a href="ch1.xhtml">The Ferry</a></li>'
                '<li><a href="ch2.xhtml">Fog</a></li><li><a href="ch3.xhtml">Landfall</a></li></ol></nav>'
            ),
            "ch1.xhtml": _page("<h1>The Ferry</h1>" + _paragraphs(FERRY)),
            "ch2.xhtml": _page('<div class="chapter"><h2>Fog</h2>' + _paragraphs(FOG) + "</div>"),
            "ch3.xhtml": _page(_paragraphs(LANDFALL)),
        }
    spine = spine if spine is not None else list(documents)
    items = "".join(
        f'<item id="{name.split(".")[0]}" href="{name}" media-type="application/xhtml+xml"'
        + (' properties="nav"' if name == "nav.xhtml" else "")
        + "/>"
        for name in documents
    )
    items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    items += "".join(f'<item id="{name.split(".")[0]}" href="{name}" media-type="application/xhtml+xml"/>' for name in spine if name not in documents)
    itemrefs = "".join(f'<itemref idref="{name.split(".")[0]}"/>' for name in spine)
    summary = html.escape("<p>Petra, a ferry, and a <em>goat</em>.</p>")
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="uid">urn:uuid:1234</dc:identifier>'
        "<dc:title>The Wrong Island</dc:title><dc:creator>Lena Hart</dc:creator><dc:creator>Tom Reyes</dc:creator>"
        f"<dc:description>{summary}</dc:description><dc:language>en</dc:language><dc:subject>Adventure</dc:subject>"
        + (f"<dc:publisher>{publisher}</dc:publisher>" if publisher else "")
        + f'</metadata><manifest>{items}</manifest><spine toc="ncx">{itemrefs}</spine></package>'
    )
    ncx = (
        '<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>'
        '<navPoint id="n3" playOrder="3"><navLabel><text>Landfall</text></navLabel><content src="ch3.xhtml"/></navPoint>'
        "</navMap></ncx>"
    )
    files: dict[str, str | bytes] = {"OEBPS/content.opf": opf, "OEBPS/toc.ncx": ncx}
    if container:
        files["META-INF/container.xml"] = CONTAINER_XML.replace('full-path="content.opf"', 'full-path="OEBPS/content.opf"')
    files.update({f"OEBPS/{name}": page for name, page in documents.items() if name not in drop})
    return epub_zip(files)


@pytest.fixture(scope="module")
def island() -> Work:
    return read_bytes(build_generic_epub(), "island.epub")


def test_generic_epub_reads_each_story_document_as_a_chapter(island):
    assert island.source_format == "epub"
    assert len(island.chapters) == 3
    assert [chapter.number for chapter in island.chapters] == [1, 2, 3]


def test_generic_epub_skips_cover_title_and_navigation_pages(island):
    assert not any("Lena Hart" in chapter.text or chapter.text.startswith("The Ferry\n") for chapter in island.chapters)
    assert island.chapters[0].text.startswith(FERRY[0])


def test_generic_epub_chapter_title_is_the_opening_heading_taken_out_of_the_text(island):
    assert [chapter.title for chapter in island.chapters[:2]] == ["The Ferry", "Fog"]
    assert island.chapters[0].text == "\n\n".join(FERRY)
    assert island.chapters[1].text == "\n\n".join(FOG)


def test_generic_epub_chapter_without_heading_takes_its_contents_label(island):
    assert island.chapters[2].title == "Landfall"
    assert island.chapters[2].text == LANDFALL[0]


def test_generic_epub_metadata_comes_from_the_opf(island):
    assert island.title == "The Wrong Island"
    assert island.authors == ["Lena Hart", "Tom Reyes"]
    assert island.summary == "Petra, a ferry, and a goat."
    assert island.language == "en"
    assert island.declared.tags == ["Adventure"]
    assert island.complete is None


def test_generic_epub_heading_inside_a_chapter_stays_in_its_text():
    page = _page(_paragraphs(FERRY) + "<h3>Later</h3>" + _paragraphs(FOG))
    work = read_bytes(build_generic_epub({"part1.xhtml": page}), "later.epub")
    assert work.chapters[0].title is None
    assert "\n\nLater\n\n" in work.chapters[0].text


def test_generic_epub_keeps_a_very_short_chapter():
    documents = {"ch1.xhtml": _page("<h1>One</h1>" + _paragraphs(FERRY)), "ch2.xhtml": _page("<h1>Two</h1><p>The end.</p>")}
    work = read_bytes(build_generic_epub(documents), "short.epub")
    assert [chapter.text for chapter in work.chapters] == ["\n\n".join(FERRY), "The end."]


def test_generic_epub_skips_a_contents_page_made_of_links():
    links = '<h2>Contents</h2><p><a href="ch1.xhtml">The Ferry</a></p><p><a href="ch2.xhtml">Fog and the goat at the bow</a></p>'
    documents = {"page0.xhtml": _page(links), "ch1.xhtml": _page(_paragraphs(FERRY)), "ch2.xhtml": _page(_paragraphs(FOG))}
    work = read_bytes(build_generic_epub(documents), "links.epub")
    assert [chapter.text for chapter in work.chapters] == ["\n\n".join(FERRY), "\n\n".join(FOG)]


# --- telling EPUBs apart ------------------------------------------------------------------


def test_plain_epub_is_detected_as_generic():
    assert detect(open_epub(build_generic_epub())) == "epub"


def test_fanficfare_epub_is_detected_as_fanficfare():
    assert detect(open_epub(build_fff_epub())) == "fanficfare"


def test_epub_published_by_archive_of_our_own_is_detected_as_ao3():
    assert detect(open_epub(build_generic_epub(publisher="Archive of Our Own"))) == "ao3"


@pytest.mark.parametrize("element_id", ["preface", "chapters"])
def test_epub_with_ao3_preface_or_chapters_block_is_detected_as_ao3(element_id):
    documents = {"work_split_000.xhtml": _page(f'<div id="{element_id}">' + _paragraphs(FERRY) + "</div>")}
    assert detect(open_epub(build_generic_epub(documents))) == "ao3"


def test_word_chapters_in_text_does_not_make_an_epub_ao3():
    documents = {"ch1.xhtml": _page('<p class="chapters">All the chapters and the preface are here.</p>' + _paragraphs(FERRY))}
    assert detect(open_epub(build_generic_epub(documents))) == "epub"


# --- broken EPUBs ---------------------------------------------------------------------------


def test_truncated_epub_is_malformed():
    data = build_generic_epub()
    with pytest.raises(MalformedEpubError) as caught:
        read_bytes(data[: len(data) // 2], "cut.epub")
    assert caught.value.path == "cut.epub"


def test_epub_without_its_package_file_is_malformed():
    data = epub_zip({"META-INF/container.xml": CONTAINER_XML, "OEBPS/ch1.xhtml": _page(_paragraphs(FERRY))})
    with pytest.raises(MalformedEpubError, match="content.opf"):
        read_bytes(data, "no-opf.epub")


def test_epub_without_container_or_any_package_file_is_malformed():
    data = epub_zip({"OEBPS/ch1.xhtml": _page(_paragraphs(FERRY))})
    with pytest.raises(MalformedEpubError, match="no package"):
        read_bytes(data, "bare.epub")


def test_epub_listing_a_chapter_file_it_does_not_contain_is_malformed():
    data = build_generic_epub(drop=("ch2.xhtml",))
    with pytest.raises(MalformedEpubError, match="ch2.xhtml"):
        read_bytes(data, "hole.epub")


def test_epub_with_only_a_cover_is_empty_input():
    documents = {"cover.xhtml": _page('<div><img src="cover.jpg" alt=""/></div>', "Cover")}
    with pytest.raises(EmptyInputError, match="no chapter text"):
        read_bytes(build_generic_epub(documents), "cover-only.epub")
