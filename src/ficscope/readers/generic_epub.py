"""Any other EPUB: each spine document with story text is a chapter; metadata from the OPF.

Nothing here knows an archive's layout, so the reader is cautious: it drops navigation
documents and short cover, title and contents pages, and keeps everything else in spine
order. A chapter's title is its opening h1–h3 (taken out of the text) or its table-of-contents
label.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

from ..errors import EmptyInputError, NotAWorkError
from ..model import Chapter, Declared, Work
from . import front_matter
from .epub import EpubPackage, ManifestItem
from .htmltext import inline_text, local_name, paragraphs, parse_html, text_of

# Front matter longer than this is kept: a "title page" with 80 words is a prologue.
FRAME_PAGE_MAX_WORDS = 80
# A page whose text is mostly link text is a table of contents, whatever it is called.
LINK_TEXT_SHARE = 0.6

_FRAME_NAME = re.compile(
    r"(^|[-_.\s])(cover|title|titlepage|title[-_]page|toc|contents|nav|copyright|colophon|imprint|frontmatter)([-_.\s\d]|$)",
    re.I,
)
_FRAME_GUIDE_TYPES = frozenset({"cover", "title-page", "toc", "copyright-page", "colophon", "imprint", "titlepage"})
_HEADINGS = ("h1", "h2", "h3")
_OPS_NAMESPACE = "http://www.idpf.org/2007/ops"
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)


@dataclass(slots=True)
class _Package:
    """What ``EpubPackage`` leaves out of the OPF: nav, guide types and TOC labels by path."""

    nav_paths: set[str] = field(default_factory=set)
    frame_paths: set[str] = field(default_factory=set)
    toc_labels: dict[str, str] = field(default_factory=dict)


def read(package: EpubPackage) -> Work:
    """Read an EPUB with no known archive layout as a ``Work``."""
    extras = _read_extras(package)
    chapters: list[Chapter] = []
    declared = Declared(tags=list(dict.fromkeys(package.metadata.get("subject", []))))
    parts = 0  # front-matter pages with chapters before and after: each opens another merged work
    after_chapters = False
    for item in package.spine_documents():
        root = package.html(item)  # read every spine file so a missing one is reported
        if item.href in extras.nav_paths:
            continue
        body = next((node for node in root.iter() if local_name(node.tag) == "body"), root)
        pairs = front_matter.labelled_lines(paragraphs(body))
        if pairs is not None:
            after_chapters = bool(chapters)
            front_matter.read_tags(pairs, declared)
            continue
        chapter = _chapter(len(chapters) + 1, item, root, extras)
        if chapter is not None:
            parts += after_chapters
            after_chapters = False
            chapters.append(chapter)
    if parts:
        raise NotAWorkError(
            f"is an anthology of {parts + 1} works merged into one EPUB (each has its own title page); "
            "split it into its works (calibre's EpubSplit does) and read each one"
        )
    if not chapters:
        raise EmptyInputError("EPUB has no chapter text: its spine holds only covers, title or contents pages")
    return Work(
        title=package.first("title"),
        source_format="epub",
        chapters=chapters,
        authors=list(package.metadata.get("creator", [])),
        declared=declared,
        summary=_summary(package.first("description")),
        language=package.first("language"),
    )


def _chapter(number: int, item: ManifestItem, root: etree._Element, extras: _Package) -> Chapter | None:
    body = next((node for node in root.iter() if local_name(node.tag) == "body"), root)
    if _is_nav(body):
        return None
    found = paragraphs(body)
    words = sum(len(paragraph.split()) for paragraph in found)
    if not words:
        return None
    frame_named = item.href in extras.frame_paths or bool(_FRAME_NAME.search(posixpath.basename(item.href)) or _FRAME_NAME.search(item.id))
    if words <= FRAME_PAGE_MAX_WORDS and frame_named:
        return None
    if _link_share(body) >= LINK_TEXT_SHARE:
        return None
    title = extras.toc_labels.get(item.href)
    heading = next((node for node in body.iter() if local_name(node.tag) in _HEADINGS), None)
    # Only a heading that opens the document names the chapter; a later one is part of it.
    if heading is not None and text_of(heading) and found[0] == text_of(heading):
        title = inline_text(heading)
        remove_keeping_tail(heading)
    return Chapter(number=number, text=text_of(body), title=title or None)


def _is_nav(body: etree._Element) -> bool:
    for node in body.iter():
        if local_name(node.tag) == "nav":
            # The HTML parser keeps "epub:type" as a plain attribute name; an XML one would not.
            kinds = node.get("epub:type") or node.get(f"{{{_OPS_NAMESPACE}}}type") or ""
            if "toc" in kinds.split():
                return True
    return False


def _link_share(body: etree._Element) -> float:
    total = len(inline_text(body))
    if not total:
        return 0.0
    linked = sum(len(inline_text(node)) for node in body.iter() if local_name(node.tag) == "a" and node.get("href"))
    return linked / total


def _summary(description: str | None) -> str | None:
    if not description:
        return None
    if "<" not in description:
        return description.strip() or None
    # Calibre and AO3 put the summary's HTML, escaped, in dc:description.
    try:
        return text_of(parse_html(description)) or None
    except (ValueError, etree.ParserError):
        return description.strip() or None


def _read_extras(package: EpubPackage) -> _Package:
    extras = _Package()
    try:
        opf = etree.fromstring(package.read(package.opf_path), parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return extras
    if opf is None:
        return extras
    base = posixpath.dirname(package.opf_path)
    ncx_paths: list[str] = []
    for node in opf.iter():
        name = local_name(node.tag)
        if name == "item":
            href = _resolve(base, node.get("href"))
            if href and "nav" in (node.get("properties") or "").split():
                extras.nav_paths.add(href)
            if href and node.get("media-type") == "application/x-dtbncx+xml":
                ncx_paths.append(href)
        elif name == "reference" and (node.get("type") or "").lower() in _FRAME_GUIDE_TYPES:
            href = _resolve(base, node.get("href"))
            if href:
                extras.frame_paths.add(href)
    for path in ncx_paths:
        _read_ncx(package, path, extras.toc_labels)
    for path in extras.nav_paths:
        _read_nav(package, path, extras.toc_labels)
    return extras


def _read_ncx(package: EpubPackage, path: str, labels: dict[str, str]) -> None:
    try:
        ncx = etree.fromstring(package.read(path), parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return
    if ncx is None:
        return
    for point in ncx.iter():
        if local_name(point.tag) != "navpoint":
            continue
        label = next((inline_text(node) for node in point.iter() if local_name(node.tag) == "text"), "")
        content = next((node for node in point if local_name(node.tag) == "content"), None)
        target = _resolve(posixpath.dirname(path), content.get("src") if content is not None else None)
        if target and label:
            labels.setdefault(target, label)


def _read_nav(package: EpubPackage, path: str, labels: dict[str, str]) -> None:
    try:
        root = parse_html(package.read(path))
    except ValueError:
        return
    for link in root.iter():
        if local_name(link.tag) == "a" and (target := _resolve(posixpath.dirname(path), link.get("href"))):
            if label := inline_text(link):
                labels.setdefault(target, label)


def _resolve(base: str, href: str | None) -> str | None:
    if not href:
        return None
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


def remove_keeping_tail(node: etree._Element) -> None:
    """Remove ``node`` but keep its tail text, which belongs to what follows."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
