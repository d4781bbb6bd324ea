"""AO3's MOBI and AZW3 downloads (calibre's conversions of the HTML download) to a ``Work``.

KF8 (AZW3) text is XHTML: each file's skeleton (``<html>`` ... ``</html>``) followed by
the fragments that go inside its ``<body>``; put back together they are the same split
files as the archive's EPUB, joined the same way. Old MOBI (version 6) text is one
HTML stream cut by ``<mbp:pagebreak>`` into preface, title page, one section per
chapter, afterword and contents, with labels as bold paragraphs and values as
blockquotes; it is rebuilt into the HTML download's layout (``#preface``, ``#chapters``
of heading blocks, ``#endnotesN``, ``#afterword``) so ``ao3_html.from_root`` reads it.
A MOBI that is no AO3 download is read section by section, headings as chapter titles.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import EmptyInputError, NotAWorkError
from ..model import Chapter, Work
from . import ao3_epub, ao3_html
from .htmltext import inline_text, local_name, paragraphs, parse_html
from .mobi import MobiBook

_PAGEBREAK = re.compile(r"<mbp:pagebreak\s*/?>(?:\s*</mbp:pagebreak>)?", re.I)
_XML_START = re.compile(r"<\?xml[^>]*\?>", re.I)
_CHAPTER_LABELS = ("chapter summary", "chapter notes")


def read(book: MobiBook) -> Work:
    if book.files is not None:
        root = ao3_epub.join_documents(parse_html(_XML_START.sub("", part, count=1)) for part in book.files)
    elif book.version >= 8:
        root = ao3_epub.join_documents(_kf8_documents(book.markup))
    else:
        root = _mobi6_tree(book.markup)
    try:
        work = ao3_html.from_root(root, source_format="ao3-mobi")
    except NotAWorkError:
        return _plain(book)
    if work.title is None:
        work.title = book.title
    return work


def _kf8_documents(markup: str) -> list[etree._Element]:
    documents = []
    for part in _XML_START.split(markup):
        if not part.strip():
            continue
        end = part.lower().rfind("</body>")
        close = part.lower().find("</html>")
        if close != -1 and end != -1 and end < close:
            fragments = part[close + len("</html>") :]
            part = part[:end] + fragments + part[end:close + len("</html>")]
        documents.append(parse_html(part))
    return documents


def _sections(markup: str) -> list[etree._Element]:
    found = []
    for piece in _PAGEBREAK.split(markup):
        try:
            body = parse_html(f"<div>{piece}</div>")
        except ValueError:
            continue
        if paragraphs(body):
            found.append(body)
    return found


def _mobi6_tree(markup: str) -> etree._Element:
    sections = _sections(markup)
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    if not sections or not any("Posted originally on the" in inline_text(node) for node in sections[0].iter("p")):
        return root  # not AO3's layout: from_root refuses it and the plain reading takes over
    preface = etree.SubElement(body, "div", id="preface")
    _preface(preface, sections[0])
    chapters = etree.SubElement(body, "div", id="chapters")
    title_done = False
    number = 0
    for section in sections[1:]:
        blocks = [node for node in section if isinstance(node.tag, str)]
        first = inline_text(blocks[0]) if blocks else ""
        if not title_done and _is_heading(blocks[0]):
            _title_page(preface, blocks)
            title_done = True
        elif first == "Table of Contents":
            continue
        elif any(inline_text(node) == "End Notes" for node in blocks[:3]):
            afterword = etree.SubElement(body, "div", id="afterword")
            notes = etree.SubElement(afterword, "div", id="endnotes")
            notes.extend(blocks)
        else:
            number += 1
            _chapter(chapters, blocks, number)
    return root


def _preface(preface: etree._Element, section: etree._Element) -> None:
    tags = etree.Element("dl")
    for node in list(section):
        if not isinstance(node.tag, str):
            continue
        bold = node.find("b")
        label = inline_text(node)
        if local_name(node.tag) == "p" and bold is not None and label.endswith(":") and label == inline_text(bold):
            etree.SubElement(tags, "dt").text = label
        elif local_name(node.tag) == "blockquote" and len(tags):
            node.tag = "dd"
            tags.append(node)
        elif "Posted originally on the" in label:
            preface.append(node)
    preface.append(tags)


def _title_page(preface: etree._Element, blocks: list[etree._Element]) -> None:
    heading = etree.SubElement(preface, "h1")
    heading.text = inline_text(blocks[0])
    for node in blocks[1:]:
        if inline_text(node).startswith("by "):
            node.tag = "div"
        preface.append(node)


def _is_heading(node: etree._Element | None) -> bool:
    """calibre's MOBI heading: a centred paragraph of large bold text."""
    return node is not None and node.get("align") == "center" and node.find("font") is not None and node.find(".//b") is not None


def _chapter(chapters: etree._Element, blocks: list[etree._Element], number: int) -> None:
    content = blocks
    if blocks and _is_heading(blocks[0]):
        meta = etree.SubElement(chapters, "div")
        etree.SubElement(meta, "h2").text = inline_text(blocks[0])
        index = 1
        while index < len(blocks) and inline_text(blocks[index]).lower() in _CHAPTER_LABELS:
            meta.append(blocks[index])
            index += 1
            if index < len(blocks) and local_name(blocks[index].tag) == "blockquote":
                meta.append(blocks[index])
                index += 1
            if index < len(blocks) and inline_text(blocks[index]).startswith("See the end of the chapter"):
                meta.append(blocks[index])
                index += 1
        content = blocks[index:]
    end = next((i for i, node in enumerate(content) if inline_text(node) == "Chapter End Notes"), None)
    story = etree.SubElement(chapters, "div")
    story.extend(content[:end] if end is not None else content)
    if end is not None:
        notes = etree.SubElement(chapters, "div", id=f"endnotes{number}")
        notes.extend(content[end:])


def _plain(book: MobiBook) -> Work:
    """Any other MOBI: each page-broken section with text is a chapter."""
    chapters = []
    for section in _sections(book.markup):
        blocks = [node for node in section if isinstance(node.tag, str)]
        title = inline_text(blocks[0]) if blocks and _is_heading(blocks[0]) else None
        lines = paragraphs(section)
        if title is not None:
            lines = lines[1:]
        if lines and inline_text(section) != "Table of Contents":
            chapters.append(Chapter(number=len(chapters) + 1, text="\n\n".join(lines), title=title))
    if not chapters:
        raise EmptyInputError("is a MOBI book with no text")
    return Work(title=book.title, source_format="mobi", chapters=chapters)
