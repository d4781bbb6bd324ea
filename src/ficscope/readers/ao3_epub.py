"""AO3's EPUB download: calibre's ``ebook-convert`` of the HTML download (EPUB 2).

Calibre splits the HTML at every chapter heading into ``<Name>_split_NNN.xhtml`` files,
renames every class to ``calibreN`` and, in each file after a split, drops the
wrapping ``div``s the split point sat in (so ``#chapters`` surrounds only the first
chapter). Joining the spine documents' bodies in order gives back a tree the HTML
reader's ``from_root`` reads, because it keys on ids, element names and label texts.
The OPF only fills gaps: its subjects are tags without their type.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from ..errors import NotAWorkError
from ..model import Work
from . import ao3_html
from .epub import EpubPackage
from .htmltext import local_name, parse_html, text_of

PUBLISHER = "Archive of Our Own"


def read(package: EpubPackage) -> Work:
    """Read an AO3 EPUB; a spine file missing from the zip raises ``MalformedEpubError``."""
    root = joined_bodies(package)
    try:
        work = ao3_html.from_root(root, source_format="ao3-epub")
    except NotAWorkError:
        raise NotAWorkError("is an EPUB but not an AO3 work download") from None
    _fill_from_opf(work, package)
    return work


def joined_bodies(package: EpubPackage) -> etree._Element:
    """One ``<html><body>`` holding every spine document's body content, in spine order."""
    return join_documents(package.html(item) for item in package.spine_documents())


def join_documents(documents: Iterable[etree._Element]) -> etree._Element:
    """One ``<html><body>`` holding the body content of ``documents``, in order."""
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    for document in documents:
        source = next((node for node in document.iter() if local_name(node.tag) == "body"), document)
        for node in list(source):  # moves the nodes; the parsed document is thrown away
            _append_merging(body, node)
    return root


def _append_merging(body: etree._Element, node: etree._Element) -> None:
    """Append ``node``, or, when calibre's split repeated the wrapper the previous file
    ended in (``#preface``, ``#chapters``, ``#afterword`` open every file they span),
    move its children into that wrapper so every chapter sits in one ``#chapters``."""
    last = body[-1] if len(body) else None
    element_id = node.get("id") if isinstance(node.tag, str) else None
    if last is not None and element_id and last.get("id") == element_id and local_name(last.tag) == local_name(node.tag):
        if len(last):
            last[-1].tail = (last[-1].tail or "") + (node.text or "")
        else:
            last.text = (last.text or "") + (node.text or "")
        last.extend(list(node))
        last.tail = (last.tail or "") + (node.tail or "")
        return
    body.append(node)


def _fill_from_opf(work: Work, package: EpubPackage) -> None:
    if work.title is None:
        work.title = package.first("title")
    if not work.authors:
        creators = package.metadata.get("creator", [])
        # AO3 passes calibre every author in one comma-joined --authors value.
        work.authors = [name.strip() for creator in creators for name in creator.split(",") if name.strip()]
    if work.summary is None:
        description = package.first("description")
        if description:
            work.summary = _html_text(description)
    if not work.series:
        series = _meta(package, "calibre:series")
        if series:
            position = _meta(package, "calibre:series_index")
            work.series = [f"Part {_whole(position)} of {series}" if position else series]
    if work.language is None:
        work.language = package.first("language")


def _meta(package: EpubPackage, name: str) -> str | None:
    for node in package.meta_elements:
        if node.get("name") == name and node.get("content"):
            return node.get("content")
    return None


def _whole(position: str) -> str:
    # calibre writes series_index as a float ("2.0").
    return position[:-2] if position.endswith(".0") else position


def _html_text(markup: str) -> str | None:
    try:
        return text_of(parse_html(f"<div>{markup}</div>")) or None
    except (ValueError, etree.ParserError):
        return markup.strip() or None
