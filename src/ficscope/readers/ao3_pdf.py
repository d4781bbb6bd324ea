"""PDF books, AO3's downloads (Chromium prints of the HTML download) first of all.

pypdf (BSD) extracts each page in layout mode, which keeps blank lines between
paragraphs and the indentation of blockquotes. The outline gives the page each chapter
starts on. An AO3 PDF is rebuilt into the HTML download's layout (``#preface`` with
its ``Label: value`` lines as a tag list, ``#chapters`` of heading blocks, indented
paragraphs after a label as that label's blockquote, ``#afterword``) so
``ao3_html.from_root`` reads it like every other AO3 format. Any other PDF is read
chapter by outline entry, or as one chapter when it has no outline.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from lxml import etree

from ..errors import EmptyInputError, MalformedPdfError, NotAWorkError, TooLargeError, UnsupportedFormatError
from ..model import Chapter, Work
from . import ao3_html
from .ao3labels import OTHER_LABELS, TAG_LABELS, label_key

_LABEL_LINE = re.compile(r"^\s*([A-Z][A-Za-z ]+):\s+(.*)$")
_NOTE_LABELS = {"summary", "notes", "chapter summary", "chapter notes", "chapter end notes", "end notes"}
_INDENT = 4  # spaces of extra indentation that mark a blockquote in layout text


@dataclass(slots=True)
class _Block:
    lines: list[str]
    indent: int

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)


def read(data: bytes, *, max_bytes: int) -> Work:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about layout, not the reader's file
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnsupportedFormatError("is an encrypted PDF; ficscope reads only unencrypted PDFs")
        pages = _pages(reader, max_bytes)
        starts = _outline(reader)
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise MalformedPdfError(f"is a PDF that cannot be read ({exc})") from None
    if not any(page.strip() for page in pages):
        raise EmptyInputError("is a PDF with no text in it (a scan or images only)")
    if "Posted originally on the" in pages[0]:
        try:
            return ao3_html.from_root(_ao3_tree(pages, starts), source_format="ao3-pdf")
        except NotAWorkError:
            pass
    return _plain(pages, starts, str(title) if title else None)


def _pages(reader, max_bytes: int) -> list[str]:
    pages: list[str] = []
    produced = 0
    for page in reader.pages:
        text = page.extract_text(extraction_mode="layout") or ""
        produced += len(text)
        if produced > max_bytes:
            raise TooLargeError(f"holds over {max_bytes / 1048576:.0f} MB of text, the limit for one work (--max-mb raises it)")
        pages.append(text)
    return pages


def _outline(reader) -> list[tuple[str, int]]:
    """The top-level outline entries: (title, first page), in page order."""
    found = []
    for entry in reader.outline or []:
        if isinstance(entry, list):
            continue
        page = reader.get_destination_page_number(entry)
        if page is not None and page >= 0:
            found.append((str(entry.title).strip(), page))
    return found


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    for line in text.splitlines() + [""]:
        if line.strip():
            current.append(line.rstrip())
            continue
        if current:
            blocks.append(_Block(current, min(len(line) - len(line.lstrip()) for line in current)))
            current = []
    return blocks


def _ao3_tree(pages: list[str], starts: list[tuple[str, int]]) -> etree._Element:
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    preface = etree.SubElement(body, "div", id="preface")
    tag_page_end = _tag_pages_end(pages)
    chapter_starts = _chapter_pages(pages, [title for title, _ in starts], dict(starts), tag_page_end + 1)
    first_chapter = chapter_starts[0][1] if chapter_starts else len(pages)
    _tag_list(preface, "\n".join(pages[:tag_page_end]))
    title_page = _blocks("\n".join(pages[tag_page_end:first_chapter]))
    if title_page:
        etree.SubElement(preface, "h1").text = title_page[0].text
        _labelled(preface, title_page[1:])
    chapters = etree.SubElement(body, "div", id="chapters")
    afterword: list[_Block] = []
    for number, (title, page) in enumerate(chapter_starts, start=1):
        end = chapter_starts[number][1] if number < len(chapter_starts) else len(pages)
        blocks = []
        for index in range(page, end):
            page_blocks = _blocks(pages[index])
            if number == len(chapter_starts) and page_blocks and page_blocks[0].text == "End Notes":
                afterword = [block for later in pages[index:] for block in _blocks(later)]
                break
            blocks.extend(page_blocks)
        _chapter(chapters, blocks, title, number, single=len(chapter_starts) == 1)
    if afterword:
        notes = etree.SubElement(etree.SubElement(body, "div", id="afterword"), "div", id="endnotes")
        _labelled(notes, afterword)
    return root


def _chapter_pages(pages: list[str], titles: list[str], outline: dict[str, int], first: int) -> list[tuple[str, int]]:
    """Each chapter's title and first page. Chromium's outline sometimes points every
    entry at page 1, so a page that opens with the entry's title is looked for, and a
    heading-less first chapter starts on the page after the title page."""
    found: list[tuple[str, int]] = []
    for title in titles:
        if title in ("Preface", "Afterword"):
            continue
        after = found[-1][1] + 1 if found else first
        page = outline.get(title, -1)
        if page < after:
            page = next((index for index in range(after, len(pages)) if _opens_with(pages[index], title)), -1)
        if page < after and not found and after < len(pages):
            page = after
        if page >= after:
            found.append((title, page))
    return found


def _opens_with(page: str, title: str) -> bool:
    blocks = _blocks(page)
    return bool(blocks) and blocks[0].text == title


def _tag_pages_end(pages: list[str]) -> int:
    """The pages of the tag list: up to the title page (a long tag list runs over pages)."""
    for index in range(1, len(pages)):
        blocks = _blocks(pages[index])
        if len(blocks) > 1 and blocks[1].text.startswith("by ") or any(block.text in ("Summary", "Notes") for block in blocks[:4]):
            return index
    return 1


def _tag_list(preface: etree._Element, text: str) -> None:
    message = etree.SubElement(preface, "p")
    tags = etree.SubElement(preface, "dl")
    value: etree._Element | None = None
    for line in text.splitlines():
        match = _LABEL_LINE.match(line)
        if match and label_key(match.group(1)) in TAG_LABELS.keys() | OTHER_LABELS:
            etree.SubElement(tags, "dt").text = match.group(1) + ":"
            value = etree.SubElement(tags, "dd")
            value.text = match.group(2).strip()
        elif value is not None and line.strip():
            value.text = f"{value.text} {line.strip()}"
        elif "Posted originally on the" in line or (message.text and not len(tags)):
            message.text = f"{message.text or ''} {line.strip()}".strip()


def _labelled(parent: etree._Element, blocks: list[_Block]) -> None:
    """Blocks as paragraphs; the indented ones after a label go in its blockquote."""
    margin = min((block.indent for block in blocks), default=0)
    quote: etree._Element | None = None
    for block in blocks:
        if quote is not None and block.indent >= margin + _INDENT:
            etree.SubElement(quote, "p").text = block.text
            continue
        quote = None
        paragraph = etree.SubElement(parent, "div" if block.text.startswith("by ") else "p")
        paragraph.text = block.text
        if block.text.lower() in _NOTE_LABELS:
            quote = etree.SubElement(parent, "blockquote")


def _chapter(chapters: etree._Element, blocks: list[_Block], title: str, number: int, *, single: bool) -> None:
    index = 0
    if blocks and blocks[0].text == title and not single:
        meta = etree.SubElement(chapters, "div")
        etree.SubElement(meta, "h2").text = title
        index = 1
        margin = min((block.indent for block in blocks), default=0)
        while index < len(blocks) and blocks[index].text.lower() in ("chapter summary", "chapter notes"):
            label = blocks[index]
            index += 1
            quoted = []
            while index < len(blocks) and blocks[index].indent >= margin + _INDENT:
                quoted.append(blocks[index])
                index += 1
            _labelled(meta, [label] + quoted)
            if index < len(blocks) and blocks[index].text.startswith("See the end of the chapter"):
                index += 1
    elif blocks and blocks[0].text == title:
        index = 1  # a one-chapter work's heading repeats the work's title
    rest = blocks[index:]
    end = next((i for i, block in enumerate(rest) if block.text == "Chapter End Notes"), len(rest))
    story = etree.SubElement(chapters, "div")
    for block in rest[:end]:
        etree.SubElement(story, "p").text = block.text
    if end < len(rest):
        _labelled(etree.SubElement(chapters, "div", id=f"endnotes{number}"), rest[end:])


def _plain(pages: list[str], starts: list[tuple[str, int]], title: str | None) -> Work:
    """Any other PDF: a chapter per outline entry, or the whole text as one."""
    bounds = starts or [(None, 0)]
    chapters = []
    for index, (heading, page) in enumerate(bounds):
        end = bounds[index + 1][1] if index + 1 < len(bounds) else len(pages)
        text = "\n\n".join(block.text for number in range(page, end) for block in _blocks(pages[number]))
        if text:
            chapters.append(Chapter(number=len(chapters) + 1, text=text, title=heading))
    if not chapters:
        raise EmptyInputError("is a PDF with no text in it (a scan or images only)")
    return Work(title=title, source_format="pdf", chapters=chapters)
