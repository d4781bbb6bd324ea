"""AO3's HTML download (``app/views/downloads`` in otwcode/otwarchive) to a ``Work``.

The parse keys on ids (``#preface``, ``#chapters``, ``#afterword``, ``#endnotes``,
``#endnotesN``), element names, the ``<dt>`` label texts and the archive's fixed label
texts ("Chapter Summary", ...), never on class names: calibre renames every class when
it turns this HTML into the archive's EPUB, and ``ao3_epub`` reuses ``from_root``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..errors import EmptyInputError, MalformedHtmlError, NotAWorkError
from ..model import Chapter, Declared, SourceFormat, Work
from . import ao3_page
from .ao3labels import OTHER_LABELS as _OTHER_LABELS
from .ao3labels import TAG_LABELS as _TAG_LABELS
from .ao3labels import apply_stats
from .htmltext import inline_text, local_name, paragraphs, parse_html, text_of

_ENDNOTES_ID = re.compile(r"endnotes\d+")
_CHAPTER_HEADING = re.compile(r"Chapter\s+\d[\d,.]*(?:\s*:\s*(?P<title>.*))?", re.S | re.I)
_POSTED_AT = re.compile(r"Posted originally on the .*? at\s+(?P<url>\S+?)\.?\s*$", re.S)
_SERIES_PART = re.compile(r"Part\s+(\d[\d,.]*)\s+of\s*$")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>", re.I)


def read(markup: str) -> Work:
    """Read one AO3 HTML download; raise ``NotAWorkError`` for any other HTML page."""
    if not markup.strip():
        raise EmptyInputError("is empty")
    try:
        # lxml refuses a str that still carries an encoding declaration.
        root = parse_html(_XML_DECLARATION.sub("", markup, count=1))
    except (ValueError, etree.ParserError) as exc:
        raise MalformedHtmlError(f"HTML cannot be parsed ({exc})") from None
    top = root.getroottree().getroot()
    if ao3_page.is_site_page(top):
        return ao3_page.read(top)
    return from_root(root)


def from_root(root: etree._Element, *, source_format: SourceFormat = "ao3-html") -> Work:
    """Build a ``Work`` from a parsed download (or the joined bodies of its EPUB)."""
    top = root.getroottree().getroot()
    chapters_div = _by_id(top, "chapters")
    if _by_id(top, "preface") is None and chapters_div is None:
        raise NotAWorkError("is an HTML page but not an AO3 work download")
    work = Work(title=None, source_format=source_format, chapters=[])
    preface = list(_elements_until(top, chapters_div))
    _read_preface(work, preface)
    afterword = _by_id(top, "afterword")
    work.end_notes = _section_text(_by_id(top, "endnotes"), "end notes")
    if chapters_div is None:
        raise EmptyInputError("is an AO3 work download without its chapters (the file may be cut short)")
    work.chapters = _read_chapters(_chapter_items(chapters_div, afterword))
    if not any(chapter.text for chapter in work.chapters):
        raise EmptyInputError("is an AO3 work download with no chapter text")
    return work


# --- the preface: message, tag block, title, byline, summary, notes -------------------


def _read_preface(work: Work, preface: list[etree._Element]) -> None:
    heading = next((node for node in preface if local_name(node.tag) == "h1"), None)
    message = next((node for node in preface if _is_posted_message(node)), None)
    tag_list = next((node for node in preface if local_name(node.tag) == "dl" and _is_tag_list(node)), None)

    if heading is not None:
        work.title = inline_text(heading) or None
    if work.title is None and message is not None:
        bold = next((node for node in message.iter() if local_name(node.tag) == "b"), None)
        work.title = inline_text(bold) or None
    if message is not None:
        work.url = _work_url(message)
    if tag_list is not None:
        _read_tag_list(work, tag_list)

    # Byline, summary and notes follow the <h1>; in the EPUB calibre's split may have
    # lifted them out of their <div>, so read siblings, not children of a known parent.
    after_title = list(_siblings_after(heading)) if heading is not None else preface
    work.authors = _authors(after_title)
    for node in after_title:
        if local_name(node.tag) != "p":
            continue
        label = _label(node)
        if label == "summary" and work.summary is None:
            work.summary = _blockquote_after(node)
        elif label == "notes" and work.notes is None:
            work.notes = _blockquote_after(node)


def _is_posted_message(node: etree._Element) -> bool:
    return local_name(node.tag) == "p" and "Posted originally on the" in inline_text(node)


def _work_url(message: etree._Element) -> str | None:
    links = [node.get("href", "").strip() for node in message.iter() if local_name(node.tag) == "a"]
    for href in links:
        if "/works/" in href:
            return href
    match = _POSTED_AT.search(inline_text(message))
    if match:
        return match.group("url")
    return links[-1] if links else None


def _is_tag_list(dl: etree._Element) -> bool:
    return any(_label(dt) in _TAG_LABELS or _label(dt) in _OTHER_LABELS for dt in _children(dl, "dt"))


def _read_tag_list(work: Work, dl: etree._Element) -> None:
    declared = Declared()
    label: str | None = None
    for node in _element_children(dl):
        name = local_name(node.tag)
        if name == "dt":
            label = _label(node)
            continue
        if name != "dd" or label is None:
            continue
        field_name = _TAG_LABELS.get(label)
        if field_name == "rating":
            names = _tag_names(node)
            declared.rating = names[0] if names else None
        elif field_name is not None:
            getattr(declared, field_name).extend(_tag_names(node))
        elif label == "language":
            work.language = inline_text(node) or None
        elif label == "series":
            work.series = _series(node)
        elif label == "stats":
            apply_stats(work, inline_text(node))
        label = None
    work.declared = declared


def _tag_names(dd: etree._Element) -> list[str]:
    links = [inline_text(node) for node in dd.iter() if local_name(node.tag) == "a"]
    if links:
        return [name for name in links if name]
    # AO3 tags cannot contain commas, so a linkless list splits safely.
    return [name.strip() for name in inline_text(dd).split(",") if name.strip()]


def _series(dd: etree._Element) -> list[str]:
    """Each series as the archive writes it: "Part 2 of Title"."""
    found: list[str] = []
    preceding = dd.text or ""  # the text before each link holds its "Part N of"
    for link in dd.iter():
        if link is dd or local_name(link.tag) != "a":
            continue
        part = _SERIES_PART.search(preceding)
        title = inline_text(link)
        found.append(f"Part {part.group(1)} of {title}" if part else title)
        preceding = link.tail or ""
    if not found and inline_text(dd):
        found.append(inline_text(dd))
    return found


def _authors(candidates: list[etree._Element]) -> list[str]:
    """The byline: its ``rel="author"`` links, or its text when it has none ("by Anonymous")."""
    for node in candidates:
        links = [link for link in node.iter() if local_name(link.tag) == "a" and "author" in (link.get("rel") or "").split()]
        if links:
            return [name for name in (inline_text(link) for link in links) if name]
        text = inline_text(node)
        if text.startswith("by "):
            return [name.strip() for name in text[3:].split(",") if name.strip()]
    return []


# --- chapters --------------------------------------------------------------------------


@dataclass(slots=True)
class _ChapterParts:
    title: str | None = None
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    content: list[etree._Element] = field(default_factory=list)


def _chapter_items(chapters_div: etree._Element, afterword: etree._Element | None) -> list[etree._Element]:
    """The chapter-level elements: children of ``#chapters``, then (in calibre's split
    EPUB, where later chapters lose that wrapper) its following siblings up to the
    afterword."""
    items = _element_children(chapters_div)
    for sibling in chapters_div.itersiblings():
        if afterword is not None and (sibling is afterword or afterword in sibling.iterdescendants()):
            break
        if local_name(sibling.tag) is not None:
            items.append(sibling)
    return items


def _read_chapters(items: list[etree._Element]) -> list[Chapter]:
    parts: list[_ChapterParts] = []
    awaiting_content = False
    for item in items:
        if _ENDNOTES_ID.fullmatch(item.get("id") or ""):
            if not parts:
                parts.append(_ChapterParts())
            parts[-1].end_notes = _section_text(item, "chapter end notes")
            awaiting_content = False
            continue
        # A div opening with <h2> right after a heading is chapter text that starts
        # with the author's own heading, not the next chapter.
        heading = None if awaiting_content else _heading_of(item, first=not parts)
        if heading is not None:
            parts.append(_heading_parts(item, heading))
            awaiting_content = True
            continue
        if not parts:
            if not paragraphs(item):
                continue  # e.g. the empty id-holding divs calibre puts at the top of a file
            parts.append(_ChapterParts())
        parts[-1].content.append(item)
        awaiting_content = False
    return [
        Chapter(
            number=number,
            text="\n\n".join(line for item in part.content for line in paragraphs(item)),
            title=part.title,
            summary=part.summary,
            notes=part.notes,
            end_notes=part.end_notes,
        )
        for number, part in enumerate(parts, start=1)
    ]


def _heading_of(item: etree._Element, *, first: bool) -> etree._Element | None:
    """The chapter heading an item opens with: a ``div`` whose first element is ``h2``
    (the meta block of a chaptered work) or, first of all, a bare ``h2`` (a one-chapter
    work; later bare ones are the author's headings, lifted out by a calibre split)."""
    name = local_name(item.tag)
    if name == "h2":
        return item if first else None
    if name == "div":
        opening = next((child for child in item if local_name(child.tag) is not None), None)
        if opening is not None and local_name(opening.tag) == "h2":
            return opening
    return None


def _heading_parts(block: etree._Element, heading: etree._Element) -> _ChapterParts:
    parts = _ChapterParts()
    if block is heading:
        return parts  # a one-chapter work: the heading repeats the work's title
    text = inline_text(heading)
    match = _CHAPTER_HEADING.fullmatch(text)
    if match:
        parts.title = (match.group("title") or "").strip() or None
    else:
        parts.title = text or None  # files before October 2025: the title alone
    for node in _element_children(block):
        if local_name(node.tag) != "p":
            continue
        label = _label(node)
        if label == "chapter summary" and parts.summary is None:
            parts.summary = _blockquote_after(node)
        elif label == "chapter notes" and parts.notes is None:
            parts.notes = _blockquote_after(node)
    return parts


# --- small helpers ---------------------------------------------------------------------


def _by_id(top: etree._Element, element_id: str) -> etree._Element | None:
    found = top.xpath("//*[@id=$id]", id=element_id)
    return found[0] if found else None


def _elements_until(top: etree._Element, stop: etree._Element | None) -> Iterator[etree._Element]:
    """Elements in document order, up to (not into) ``stop``."""
    for node in top.iter():
        if node is stop:
            return
        if local_name(node.tag) is not None:
            yield node


def _siblings_after(node: etree._Element) -> Iterator[etree._Element]:
    for sibling in node.itersiblings():
        if sibling.get("id") in ("chapters", "afterword"):
            return
        if local_name(sibling.tag) is not None:
            yield sibling


def _element_children(node: etree._Element) -> list[etree._Element]:
    return [child for child in node if local_name(child.tag) is not None]


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in node if local_name(child.tag) == name]


def _label(node: etree._Element) -> str:
    return inline_text(node).rstrip(":").strip().lower()


def _blockquote_after(label: etree._Element) -> str | None:
    following = next((sibling for sibling in label.itersiblings() if local_name(sibling.tag) is not None), None)
    if following is None or local_name(following.tag) != "blockquote":
        return None  # "Notes" with only a link to the end notes
    return text_of(following) or None


def _section_text(section: etree._Element | None, label: str) -> str | None:
    """The text of an end-notes ``div``: its blockquote, or all but its label."""
    if section is None:
        return None
    quote = next((node for node in section.iter() if local_name(node.tag) == "blockquote"), None)
    if quote is not None:
        return text_of(quote) or None
    lines = paragraphs(section)
    if lines and lines[0].rstrip(":").lower() == label:
        lines = lines[1:]
    return "\n\n".join(lines) or None
