"""MOBI, AZW3 and PDF files that are no AO3 download, and the limits every reader keeps."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from ficscope.errors import (
    BinaryInputError,
    EmptyInputError,
    MalformedEpubError,
    MalformedHtmlError,
    MalformedMobiError,
    TooLargeError,
)
from ficscope.readers import read_bytes
from ficscope.readers.mobi import _palmdoc
from tests.builders.ebooks import mobi_book, palm_database, pdf_document

STORY = "The lamp on the harbour wall burned all night. Mara kept it lit for the boats that never came."
PAGEBREAK = "<mbp:pagebreak/>"


def test_a_mobi_that_is_no_ao3_download_gives_a_chapter_per_page_broken_section() -> None:
    markup = (
        "<html><body>"
        '<p align="center"><font size="5"><b>The Lamp</b></font></p><p>' + STORY + "</p>" + PAGEBREAK
        + '<p align="center"><font size="5"><b>The Boats</b></font></p><p>They came at dawn.</p>'
        "</body></html>"
    )
    work = read_bytes(mobi_book(markup), "lamp.mobi")
    assert work.source_format == "mobi"
    assert work.title == "Harbour Lights"
    assert [chapter.title for chapter in work.chapters] == ["The Lamp", "The Boats"]
    assert work.chapters[0].text == STORY


def test_palmdoc_back_references_and_space_pairs_inflate_as_the_format_says() -> None:
    out = bytearray()
    _palmdoc(b"ab\x80\x10\xe1", out, limit=100)  # "ab", copy 3 from 2 back, then " a"
    assert bytes(out) == b"ababa a"


def test_a_mobi_that_inflates_past_the_limit_is_refused_naming_the_limit() -> None:
    book = mobi_book("<html><body><p>" + "word " * 300_000 + "</p></body></html>")
    with pytest.raises(TooLargeError, match=r"over 1 MB of text.*--max-mb"):
        read_bytes(book, "huge.mobi", max_bytes=1024 * 1024)


def test_a_mobi_whose_record_table_points_outside_the_file_is_refused() -> None:
    book = bytearray(palm_database([b"x" * 300]))
    book[78:82] = (10_000_000).to_bytes(4, "big")
    with pytest.raises(MalformedMobiError, match="outside the file"):
        read_bytes(bytes(book), "broken.mobi")


def test_a_pdf_that_is_no_ao3_download_is_read_as_one_chapter_with_its_title() -> None:
    work = read_bytes(pdf_document(["The lamp on the harbour wall burned all night.", "Mara kept it lit."]), "lamp.pdf")
    assert work.source_format == "pdf"
    assert work.title == "Harbour Lights"
    assert work.chapters[0].text.split() == "The lamp on the harbour wall burned all night. Mara kept it lit.".split()


def test_a_pdf_with_no_text_is_refused_as_holding_none() -> None:
    with pytest.raises(EmptyInputError, match="PDF with no text"):
        read_bytes(pdf_document([]), "scan.pdf")


def test_random_binary_is_reported_as_binary_not_as_mixed_encodings() -> None:
    with pytest.raises(BinaryInputError, match="binary data"):
        read_bytes(os.urandom(4096), "noise.txt")


def _epub(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


_OPF = (
    '<package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:title>Harbour Lights</dc:title></metadata><manifest>"
    '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>'
)


def test_an_epub_that_inflates_past_twice_the_limit_is_refused_naming_the_limit() -> None:
    chapter = "<html><body>" + "<p>The lamp burned all night.</p>" * 200_000 + "</body></html>"
    with pytest.raises(TooLargeError, match=r"over 2 MB.*--max-mb"):
        read_bytes(_epub({"content.opf": _OPF, "c1.xhtml": chapter}), "huge.epub", max_bytes=1024 * 1024)


def test_an_entity_bomb_in_an_epub_package_is_refused_as_one() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE package [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + _OPF
    with pytest.raises(MalformedEpubError, match="entity bomb"):
        read_bytes(_epub({"content.opf": bomb, "c1.xhtml": "<html><body><p>x</p></body></html>"}), "bomb.epub")


def test_text_nested_past_the_parsers_depth_is_refused_not_dropped() -> None:
    markup = (
        '<html><body><div id="preface"><h1>Deep</h1></div><div id="chapters">'
        + "<div>" * 100_000 + f"<p>{STORY}</p>" + "</div>" * 100_000 + "</div></body></html>"
    )
    with pytest.raises(MalformedHtmlError, match="nested 2,048 or more deep"):
        read_bytes(markup.encode(), "deep.html")
