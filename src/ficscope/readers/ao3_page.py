"""A work page saved from the archive's site (``/works/ID``, a chapter page, or the
entire-work view), and the site pages that hold no work at all.

Unlike the download, a site page keeps the archive's own class names (``preface
group``, ``work meta group``, ``chapter preface group``, ``userstuff``), and its links
are site-relative: the work's URL is rebuilt from the ``/works/ID`` its navigation
links name. A chapter page holds one chapter of several: the work keeps its declared
chapter count, so the report shows it as partial.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from ..errors import EmptyInputError, NotAWorkError
from ..model import Chapter, Declared, Work
from .ao3labels import TAG_LABELS, apply_stats
from .htmltext import inline_text, paragraphs, text_of

SITE = "https://archiveofourown.org"
_WORK_LINK = re.compile(r"^(?:https?://[^/]*archiveofourown\.org)?/works/(\d+)(?:/chapters/(\d+))?")
_CHAPTER_HEADING = re.compile(r"Chapter\s+(\d+)\s*(?::\s*(?P<title>.*))?$", re.S)
# What a site page that holds no work says, and the one line that says what it is.
_EMPTY_PAGES = (
    ("This work could have adult content", "is AO3's adult-content warning page, not the work: choose \"Yes, Continue\" (or log in) and save the work page again"),
    ("only available to registered users", "is AO3's log-in page for a work only registered users can see: log in and save the work page again"),
    ("will be revealed soon", "is a placeholder for a hidden work (part of a challenge not yet revealed); it holds no text"),
    ("The page you were looking for doesn't exist", "is AO3's 404 page: the work was deleted, or the address is wrong"),
    ("Chapter Index for", "is a work's chapter index, not its text: save the \"Entire Work\" view instead"),
)
_LISTINGS = ("bookmark", "reading", "work blurb")


def is_site_page(top: etree._Element) -> bool:
    title = inline_text(top.find(".//title"))
    return "Archive of Our Own" in title and top.xpath("//*[@id='main']") != []


def read(top: etree._Element) -> Work:
    """Read a saved work page; raise ``NotAWorkError`` saying what any other page is."""
    skin = _first(top, "//div[@id='workskin']")
    if skin is None:
        raise NotAWorkError(_what_page(top))
    preface = _first(skin, "./div[contains(@class, 'preface')]")
    work = Work(title=None, source_format="ao3-page", chapters=[])
    if preface is not None:
        work.title = inline_text(_first(preface, ".//*[contains(@class, 'title')]")) or None
        work.authors = _authors(_first(preface, ".//*[contains(@class, 'byline')]"))
        work.summary = _quote(preface, "summary")
        work.notes = _quote(preface, "notes")
    work.end_notes = _quote(_first(skin, "./div[contains(@class, 'afterword')]"), "end")
    _read_meta(work, _first(top, "//dl[contains(@class, 'work') and contains(@class, 'meta')]"))
    work.url = _work_url(top)
    work.chapters, work.first_chapter = _chapters(_first(skin, ".//div[@id='chapters']"))
    if not any(chapter.text for chapter in work.chapters):
        raise EmptyInputError("is an AO3 work page with no chapter text")
    return work


def _what_page(top: etree._Element) -> str:
    main = inline_text(_first(top, "//*[@id='main']"))
    for phrase, what in _EMPTY_PAGES:
        if phrase in main:
            return what
    if any(top.xpath(f"//li[contains(concat(' ', @class, ' '), ' {kind} ')]") for kind in _LISTINGS):
        return "is a listing of works on AO3 (bookmarks, Marked for Later or a search), not a work: save each work's own page"
    return "is a page of the AO3 site that holds no work"


def _first(node: etree._Element | None, path: str) -> etree._Element | None:
    if node is None:
        return None
    found = node.xpath(path)
    return found[0] if found else None


def _authors(byline: etree._Element | None) -> list[str]:
    if byline is None:
        return []
    links = [inline_text(link) for link in byline.iter("a") if "author" in (link.get("rel") or "").split()]
    return [name for name in links if name] or ([inline_text(byline)] if inline_text(byline) else [])


def _quote(section: etree._Element | None, kind: str) -> str | None:
    """The blockquote of a ``summary``/``notes``/``end notes`` module directly in ``section``."""
    if section is None:
        return None
    module = _first(section, f"./div[contains(concat(' ', @class, ' '), ' {kind} ')]")
    quote = _first(module, ".//blockquote")
    return text_of(quote) or None


def _read_meta(work: Work, meta: etree._Element | None) -> None:
    if meta is None:
        return
    declared = Declared()
    for dd in meta.iter("dd"):
        kind = (dd.get("class") or "").split()
        label = kind[0] if kind else ""
        names = [inline_text(link) for link in dd.iter("a") if inline_text(link)]
        field = TAG_LABELS.get({"freeform": "additional tags"}.get(label, label))
        if field == "rating":
            declared.rating = names[0] if names else None
        elif field is not None:
            getattr(declared, field).extend(names)
        elif label == "language":
            work.language = inline_text(dd) or None
        elif label == "series":
            work.series = [inline_text(part) for part in dd.xpath(".//span[contains(@class, 'position')]")] or [inline_text(dd)]
        elif label == "stats":
            apply_stats(work, " ".join(dd.xpath(".//text()")))
    work.declared = declared


def _work_url(top: etree._Element) -> str | None:
    """The work's address, from the ``/works/ID`` its own links name most often."""
    counts: Counter[str] = Counter()
    for href in top.xpath("//a/@href"):
        match = _WORK_LINK.match(href)
        if match:
            counts[match.group(1)] += 1
    for href in top.xpath("//a[contains(@href, '/downloads/')]/@href"):
        match = re.search(r"/downloads/(\d+)/", href)
        if match:
            counts[match.group(1)] += 5  # a download link names this work, never another
    return f"{SITE}/works/{counts.most_common(1)[0][0]}" if counts else None


def _chapters(container: etree._Element | None) -> tuple[list[Chapter], int]:
    """The chapters on the page, and the posted number of the first (its heading's)."""
    if container is None:
        return [], 1
    blocks = container.xpath("./div[contains(concat(' ', @class, ' '), ' chapter ')]")
    if not blocks:  # a one-chapter work: #chapters holds the text itself
        userstuff = _first(container, ".//div[contains(@class, 'userstuff')]")
        return [Chapter(number=1, text=_story(container if userstuff is None else userstuff))], 1
    chapters = []
    first = 1
    for position, block in enumerate(blocks, start=1):
        preface = _first(block, "./div[contains(@class, 'preface') and contains(@class, 'chapter')]")
        heading = inline_text(_first(preface, ".//h3[contains(@class, 'title')]"))
        match = _CHAPTER_HEADING.match(heading)
        title = (match.group("title") or "").strip() or None if match else heading or None
        if position == 1 and match:
            first = max(1, int(match.group(1)))
        end = _first(block, "./div[contains(@class, 'end') and contains(@class, 'notes')]")
        chapters.append(
            Chapter(
                number=position,  # every stage counts chapters 1..n; the page's own number is in its heading
                text=_story(_first(block, "./div[contains(@class, 'userstuff')]")),
                title=title,
                summary=_quote(preface, "summary"),
                notes=_quote(preface, "notes"),
                end_notes=text_of(_first(end, ".//blockquote")) or None,
            )
        )
    return chapters, first


def _story(userstuff: etree._Element | None) -> str:
    """The chapter text without the "Chapter Text" landmark heading the site adds."""
    if userstuff is None:
        return ""
    lines = paragraphs(userstuff)
    landmark = _first(userstuff, "./h3[contains(@class, 'landmark')]")
    if landmark is not None and lines and lines[0] == inline_text(landmark):
        lines = lines[1:]
    return "\n\n".join(lines)
