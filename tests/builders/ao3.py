"""Build AO3 downloads for tests: the HTML download and calibre's EPUB of it.

The shape follows otwcode/otwarchive ``app/views/downloads`` (preface, chapters,
afterword) and what calibre's ``ebook-convert`` does to that HTML: it splits the file
before the title and before every chapter heading, drops the wrapping ``div``s around
each split point in the later files, and renames every class to ``calibreN``. All
prose here is original, written for these tests.

A paragraph is plain text; ``SCENE_BREAK`` becomes ``<hr />`` and ``*word*`` becomes
``<em>word</em>``. ``chapter_text`` gives the text a reader should produce.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from html import escape
from typing import Literal
from urllib.parse import quote

from lxml import etree

SCENE_BREAK = "* * *"
ARCHIVE = "https://archiveofourown.org"
_XHTML = "http://www.w3.org/1999/xhtml"
_EMPHASIS = re.compile(r"\*(\S[^*]*?)\*")

# Declared field -> (singular, plural) <dt> label, in the archive's order.
TAG_TYPES: dict[str, tuple[str, str]] = {
    "rating": ("Rating", "Ratings"),
    "warnings": ("Archive Warning", "Archive Warnings"),
    "categories": ("Category", "Categories"),
    "fandoms": ("Fandom", "Fandoms"),
    "relationships": ("Relationship", "Relationships"),
    "characters": ("Character", "Characters"),
    "tags": ("Additional Tags", "Additional Tags"),
}


@dataclass
class ChapterSpec:
    paragraphs: list[str]
    title: str | None = None
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None


@dataclass
class WorkSpec:
    title: str
    chapters: list[ChapterSpec]
    authors: list[str] = field(default_factory=lambda: ["fernwright"])  # empty: Anonymous
    work_id: int = 4815162
    tags: dict[str, list[str]] = field(default_factory=dict)  # keys of TAG_TYPES
    language: str | None = "English"
    language_code: str = "en"
    series: list[tuple[int, str]] = field(default_factory=list)  # (position, title)
    collections: list[str] = field(default_factory=list)
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    heading_style: Literal["new", "old"] = "new"  # "Chapter 3: Title" / "Title"
    chaptered: bool | None = None  # None: chaptered when there is more than one chapter
    complete: bool = True
    expected_chapters: int | None = None  # a WIP's planned total; None writes "?"
    published: str = "2020-01-02"
    updated: str | None = "2020-03-04"  # None: never revised, no Updated/Completed
    plural_labels: bool = True  # False: the singular labels of files before 2023
    words: int | None = None  # None: counted from the chapters

    @property
    def url(self) -> str:
        return f"{ARCHIVE}/works/{self.work_id}"

    @property
    def is_chaptered(self) -> bool:
        return self.chaptered if self.chaptered is not None else len(self.chapters) > 1

    @property
    def chapter_count(self) -> str:
        posted = len(self.chapters)
        if self.complete:
            return f"{posted}/{posted}"
        return f"{posted}/{self.expected_chapters or '?'}"

    @property
    def word_count(self) -> int:
        if self.words is not None:
            return self.words
        return sum(len(chapter_text(chapter).split()) for chapter in self.chapters)


def chapter_text(chapter: ChapterSpec) -> str:
    """The chapter text a reader should produce from this chapter."""
    return "\n\n".join(_EMPHASIS.sub(r"\1", paragraph) for paragraph in chapter.paragraphs)


# --- the HTML download --------------------------------------------------------------


def html_download(spec: WorkSpec) -> str:
    """The work as AO3's HTML download (XHTML 1.0 Strict)."""
    return "\n".join(
        [
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
            f'<html xmlns="{_XHTML}" xml:lang="en" lang="en">',
            "<head>",
            '  <meta charset="utf-8" />',
            '  <meta http-equiv="x-ua-compatible" content="ie=edge" />',
            f"  <title>{escape(page_title(spec))}</title>",
            '  <style type="text/css">',
            "    .toc-heading { display: none; }",
            "    .meta h2 { text-align: center; page-break-before: always; }",
            "  </style>",
            "</head>",
            "<body>",
            "",
            _preface(spec),
            "",
            '<div id="chapters" class="userstuff">',
            _chapters(spec),
            "</div>",
            "",
            _afterword(spec),
            "",
            "</body>",
            "</html>",
            "",
        ]
    )


def page_title(spec: WorkSpec) -> str:
    fandoms = spec.tags.get("fandoms", [])
    fandom = "Multifandom" if len(fandoms) > 3 else ", ".join(fandoms) or "No fandom specified"
    return " - ".join([spec.title, ", ".join(spec.authors) or "Anonymous", fandom])


def tag_url(name: str) -> str:
    param = name.replace("/", "*s*").replace("&", "*a*").replace(".", "*d*").replace("?", "*q*").replace("#", "*h*")
    return f"{ARCHIVE}/tags/{quote(param, safe='*()')}"


def _link(href: str, text: str, rel: str | None = None) -> str:
    rel_attr = f' rel="{rel}"' if rel else ""
    return f'<a{rel_attr} href="{escape(href)}">{escape(text)}</a>'


def _slug(name: str) -> str:
    return re.sub(r"\W+", "_", name).strip("_")


def _blocks(text: str) -> str:
    """Notes and summaries: paragraphs separated by blank lines become ``<p>``s."""
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n"))


def _paragraph(text: str) -> str:
    if text == SCENE_BREAK:
        return "<hr />"
    return "<p>" + _EMPHASIS.sub(r"<em>\1</em>", escape(text, quote=False)) + "</p>"


def _preface(spec: WorkSpec) -> str:
    lines = [
        '<div id="preface">',
        '  <h2 class="toc-heading">Preface</h2>',
        "",
        '  <p class="message">',
        f"    <b>{escape(spec.title)}</b><br />",
        f"    Posted originally on the {_link(ARCHIVE + '/', 'Archive of Our Own')} at {_link(spec.url, spec.url)}.",
        "  </p>",
        "",
        '  <div class="meta">',
        '    <dl class="tags">',
    ]
    for key, (singular, plural) in TAG_TYPES.items():
        names = spec.tags.get(key, [])
        if names:
            label = plural if spec.plural_labels and len(names) > 1 else singular
            lines.append(f"          <dt>{label}:</dt>")
            lines.append(f"          <dd>{', '.join(_link(tag_url(name), name) for name in names)}</dd>")
    if spec.language:
        lines += ["        <dt>Language:</dt>", f"        <dd>{escape(spec.language)}</dd>"]
    if spec.series:
        parts = ", ".join(f"Part {position} of {_link(f'{ARCHIVE}/series/{1000 + position}', title)}" for position, title in spec.series)
        lines += ["        <dt>Series:</dt>", f"        <dd>{parts}</dd>"]
    if spec.collections:
        links = ", ".join(_link(f"{ARCHIVE}/collections/{_slug(name)}", name) for name in spec.collections)
        lines += ["        <dt>Collections:</dt>", f"        <dd>{links}</dd>"]
    words = f"{spec.word_count:,}" if spec.plural_labels else str(spec.word_count)
    lines += ["      <dt>Stats:</dt>", "      <dd>", f"        Published: {spec.published}"]
    if spec.updated:
        lines.append(f"          {'Completed' if spec.complete else 'Updated'}: {spec.updated}")
    lines += [f"        Words: {words}", f"        Chapters: {spec.chapter_count}", "      </dd>", "    </dl>"]
    lines.append(f"    <h1>{escape(spec.title)}</h1>")
    if spec.authors:
        byline = ", ".join(_link(f"{ARCHIVE}/users/{quote(name)}/pseuds/{quote(name)}", name, rel="author") for name in spec.authors)
    else:
        byline = "Anonymous"
    lines.append(f'    <div class="byline">by {byline}</div>')
    if spec.summary:
        lines += ["      <p>Summary</p>", f'      <blockquote class="userstuff">{_blocks(spec.summary)}</blockquote>']
    if spec.notes or spec.end_notes:
        lines.append("      <p>Notes</p>")
        if spec.notes:
            lines.append(f'        <blockquote class="userstuff">{_blocks(spec.notes)}</blockquote>')
        if spec.end_notes:
            more = "more notes" if spec.notes else "notes"
            lines += [
                '        <div class="endnote-link">',
                f'          See the end of the work for <a href="#endnotes">{more}</a>',
                "        </div>",
            ]
    lines += ["  </div>", "</div>"]
    return "\n".join(lines)


def _chapters(spec: WorkSpec) -> str:
    if not spec.is_chaptered:
        body = "\n".join(_paragraph(p) for p in spec.chapters[0].paragraphs) if spec.chapters else ""
        return f'    <h2 class="toc-heading">{escape(spec.title)}</h2>\n    <div class="userstuff">\n{body}\n    </div>'
    return "\n".join(_chapter(spec, number, chapter) for number, chapter in enumerate(spec.chapters, start=1))


def _heading(spec: WorkSpec, number: int, chapter: ChapterSpec) -> str:
    if spec.heading_style == "old":
        return chapter.title or f"Chapter {number}"
    return f"Chapter {number}: {chapter.title}" if chapter.title else f"Chapter {number}"


def _chapter(spec: WorkSpec, number: int, chapter: ChapterSpec) -> str:
    lines = [
        "",
        '<div class="meta group">',
        '  <h2 class="heading">',
        f"      {escape(_heading(spec, number, chapter))}",
        "  </h2>",
    ]
    if chapter.summary:
        lines += ["    <p>Chapter Summary</p>", f'    <blockquote class="userstuff">{_blocks(chapter.summary)}</blockquote>']
    if chapter.notes or chapter.end_notes:
        lines.append("    <p>Chapter Notes</p>")
        if chapter.notes:
            lines.append(f'      <blockquote class="userstuff">{_blocks(chapter.notes)}</blockquote>')
        if chapter.end_notes:
            more = "more notes" if chapter.notes else "notes"
            lines += [
                '      <div class="endnote-link">',
                f'        See the end of the chapter for <a href="#endnotes{number}">{more}</a>',
                "      </div>",
            ]
    lines += ["</div>", "", "<!--chapter content-->", '<div class="userstuff">']
    lines += [f"  {_paragraph(p)}" for p in chapter.paragraphs]
    lines += ["</div>", "<!--/chapter content-->", ""]
    if chapter.end_notes:
        lines += [
            f'  <div class="meta" id="endnotes{number}">',
            "    <p>Chapter End Notes</p>",
            f'    <blockquote class="userstuff">{_blocks(chapter.end_notes)}</blockquote>',
            "  </div>",
        ]
    return "\n".join(lines)


def _afterword(spec: WorkSpec) -> str:
    lines = ['<div id="afterword">', '  <h2 class="toc-heading">Afterword</h2>', ""]
    if spec.end_notes:
        lines += [
            '    <div class="meta">',
            '        <div id="endnotes">',
            "          <p>End Notes</p>",
            f'          <blockquote class="userstuff">{_blocks(spec.end_notes)}</blockquote>',
            "        </div>",
            "    </div>",
        ]
    comment = _link(f"{spec.url}/comments/new", "drop by the Archive and comment")
    lines += [
        f'  <p class="message">Please {comment} to let the creator know if you enjoyed their work!</p>',
        "</div>",
    ]
    return "\n".join(lines)


# --- the EPUB, as calibre's ebook-convert makes it ----------------------------------


def epub_download(spec: WorkSpec, *, keep_comments: bool = False, flow_paragraphs: int | None = None) -> bytes:
    """The work as AO3's EPUB: calibre's split, class-renamed conversion of ``html_download``.

    ``keep_comments=False`` drops the ``<!--chapter content-->`` markers, so a reader
    cannot lean on them. ``flow_paragraphs=N`` also splits chapter text before every
    Nth paragraph, as calibre does to keep each file under its size limit.
    """
    parser = etree.XMLParser(remove_comments=not keep_comments, resolve_entities=False, no_network=True)
    root = etree.fromstring(html_download(spec).encode("utf-8"), parser=parser)
    body = root.find(f"{{{_XHTML}}}body")
    assert body is not None
    points = _split_points(body, flow_paragraphs)
    _rename_classes(body)
    bodies = _split(body, points)

    name = file_name(spec)
    documents = {f"{name}_split_{index:03d}.xhtml": _document(spec, part) for index, part in enumerate(bodies)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", _CONTAINER)
        for path, data in documents.items():
            archive.writestr(path, data)
        archive.writestr("stylesheet.css", _STYLESHEET)
        archive.writestr("page_styles.css", "@page { margin-bottom: 5pt; margin-top: 5pt }\n")
        archive.writestr("toc.ncx", _ncx(spec, list(documents), bodies))
        archive.writestr("content.opf", _opf(spec, list(documents)))
    return out.getvalue()


def without_entry(epub: bytes, suffix: str) -> bytes:
    """A copy of ``epub`` without the zip entries whose names end with ``suffix``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if not info.filename.endswith(suffix):
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def file_name(spec: WorkSpec) -> str:
    """The archive's download file name: ASCII, word characters, at most 24 characters."""
    name = unicodedata.normalize("NFKD", re.sub(r"&\w+;", "", spec.title)).encode("ascii", "ignore").decode()
    name = re.sub(r" +", " ", re.sub(r"[^\w _-]+", "", name)).strip()
    if len(name) > 24:
        cut = name[:25].rfind(" ")
        name = name[:cut] if cut > 0 else name[:24]
    if len(name) < 3:
        name = "_".join(part for part in (name, f"Work_{spec.work_id}") if part)
    return re.sub(r"\s", "_", name.strip())


def _split_points(body: etree._Element, flow_paragraphs: int | None) -> list[etree._Element]:
    """Where calibre splits: before the title, every chapter heading and the afterword
    heading (and, for size, before every ``flow_paragraphs``-th paragraph of chapter text)."""
    points: list[etree._Element] = []
    for node in body.iter(f"{{{_XHTML}}}h1", f"{{{_XHTML}}}h2", f"{{{_XHTML}}}div"):
        parent = node.getparent()
        grandparent = parent.getparent() if parent is not None else None
        name = etree.QName(node).localname
        if name == "h1":
            points.append(node)
        elif name == "div":
            if flow_paragraphs and node.get("class") == "userstuff" and parent is not None and parent.get("id") == "chapters":
                paragraphs = [child for child in node if etree.QName(child).localname == "p"]
                points.extend(paragraphs[flow_paragraphs::flow_paragraphs])
        elif parent is not None and parent.get("id") in ("chapters", "afterword"):
            points.append(node)
        elif parent is not None and parent.get("class") == "meta group" and grandparent is not None and grandparent.get("id") == "chapters":
            points.append(node)  # calibre's --chapter XPath names this class exactly
    order = {node: index for index, node in enumerate(body.iter())}
    points.sort(key=order.__getitem__)
    for index, node in enumerate(points):
        node.set("id", node.get("id") or f"calibre_pb_{index}")
    return points


def _rename_classes(body: etree._Element) -> None:
    """Calibre's flattened CSS: one ``calibreN`` per distinct element style; no old class survives."""
    names: dict[tuple[str, str], str] = {}
    body.set("class", "calibre")
    for node in body.iterdescendants():
        if not isinstance(node.tag, str):
            continue
        key = (etree.QName(node).localname, node.get("class", ""))
        node.set("class", names.setdefault(key, f"calibre{len(names) + 1}"))


def _lift(point: etree._Element) -> etree._Element:
    """A split point climbs to its parent while nothing comes before it there."""
    while True:
        parent = point.getparent()
        if parent is None or etree.QName(parent).localname in ("body", "html"):
            return point
        if (parent.text and parent.text.strip()) or parent.index(point) > 0:
            return point
        point = parent


def _split(body: etree._Element, points: list[etree._Element]) -> list[etree._Element]:
    """Cut ``body`` before each point (in document order) into one body per file."""
    parts = [body]
    for point in points:
        parts.append(_cut_before(parts[-1], _lift(point)))
    return [part for part in parts if re.sub(r"\s+", "", "".join(part.itertext()))]


def _cut_before(body: etree._Element, point: etree._Element) -> etree._Element:
    """Move ``point`` and all that follows it out of ``body`` into a new body. The
    ancestors that held it stay behind, as in calibre's output: in the new file the
    moved elements sit directly in ``<body>``, and those ancestors' ids are gone."""
    following = [point, *point.itersiblings()]
    ancestor = point.getparent()
    while ancestor is not None and ancestor is not body:
        following.extend(ancestor.itersiblings())
        ancestor = ancestor.getparent()
    moved = etree.Element(body.tag, attrib=dict(body.attrib), nsmap=body.nsmap)
    moved.text = "\n"
    for node in following:
        moved.append(node)
    return moved


def _document(spec: WorkSpec, body: etree._Element) -> bytes:
    markup = etree.tostring(body, encoding="unicode")
    markup = markup.replace(f' xmlns="{_XHTML}"', "", 1)
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<html xmlns="{_XHTML}">\n'
        "  <head>\n"
        f"    <title>{escape(spec.title)}</title>\n"
        '    <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n'
        '  <link rel="stylesheet" type="text/css" href="stylesheet.css"/>\n'
        '<link rel="stylesheet" type="text/css" href="page_styles.css"/>\n'
        "</head>\n"
        f"  {markup}\n"
        "</html>\n"
    ).encode("utf-8")


def _opf(spec: WorkSpec, documents: list[str]) -> str:
    authors = ", ".join(spec.authors) or "Anonymous"
    summary = escape(_blocks(spec.summary)) if spec.summary else ""
    subjects = ["Fanworks", *(name for key in TAG_TYPES for name in spec.tags.get(key, []))]
    series = ""
    if spec.series:
        position, title = spec.series[0]
        series = (
            f'    <meta name="calibre:series" content="{escape(title)}"/>\n'
            f'    <meta name="calibre:series_index" content="{position}.0"/>\n'
        )
    manifest = "".join(
        f'    <item href="{path}" id="id{index}" media-type="application/xhtml+xml"/>\n' for index, path in enumerate(documents, start=1)
    )
    spine = "".join(f'    <itemref idref="id{index}"/>\n' for index in range(1, len(documents) + 1))
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="uuid_id" version="2.0">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        f"    <dc:title>{escape(spec.title)}</dc:title>\n"
        f'    <dc:creator opf:file-as="{escape(authors)}" opf:role="aut">{escape(authors)}</dc:creator>\n'
        f'    <dc:identifier id="uuid_id" opf:scheme="uuid">{uuid.uuid5(uuid.NAMESPACE_URL, spec.url)}</dc:identifier>\n'
        f"    <dc:description>{summary}</dc:description>\n"
        "    <dc:publisher>Archive of Our Own</dc:publisher>\n"
        f"    <dc:date>{spec.updated or spec.published}T00:00:00+00:00</dc:date>\n"
        f"    <dc:language>{spec.language_code}</dc:language>\n"
        + "".join(f"    <dc:subject>{escape(subject)}</dc:subject>\n" for subject in subjects)
        + '    <dc:contributor opf:role="bkp">calibre (7.6.0) [https://calibre-ebook.com]</dc:contributor>\n'
        + series
        + f'    <meta name="calibre:title_sort" content="{escape(spec.title)}"/>\n'
        "  </metadata>\n"
        "  <manifest>\n"
        + manifest
        + '    <item href="page_styles.css" id="page_css" media-type="text/css"/>\n'
        '    <item href="stylesheet.css" id="css" media-type="text/css"/>\n'
        '    <item href="toc.ncx" id="ncx" media-type="application/x-dtbncx+xml"/>\n'
        "  </manifest>\n"
        '  <spine toc="ncx">\n' + spine + "  </spine>\n"
        "</package>\n"
    )


def _ncx(spec: WorkSpec, documents: list[str], bodies: list[etree._Element]) -> str:
    points: list[tuple[str, str]] = []
    for path, body in zip(documents, bodies):
        heading = next((node for node in body.iter(f"{{{_XHTML}}}h2")), None)
        if heading is not None:
            points.append((" ".join("".join(heading.itertext()).split()), path))
    nav = "".join(
        f'    <navPoint id="num_{order}" playOrder="{order}">\n'
        f"      <navLabel><text>{escape(label)}</text></navLabel>\n"
        f'      <content src="{path}"/>\n'
        "    </navPoint>\n"
        for order, (label, path) in enumerate(points, start=1)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="en">\n'
        "  <head>\n"
        f'    <meta name="dtb:uid" content="{uuid.uuid5(uuid.NAMESPACE_URL, spec.url)}"/>\n'
        '    <meta name="dtb:depth" content="1"/>\n'
        "  </head>\n"
        f"  <docTitle><text>{escape(spec.title)}</text></docTitle>\n"
        "  <navMap>\n" + nav + "  </navMap>\n"
        "</ncx>\n"
    )


_CONTAINER = (
    '<?xml version="1.0"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    "  <rootfiles>\n"
    '    <rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>\n'
    "  </rootfiles>\n"
    "</container>\n"
)
_STYLESHEET = ".calibre { display: block; font-size: 1em; }\n.calibre1 { display: block; }\n"


# --- ready-made works -----------------------------------------------------------------


def chaptered_work(**changes: object) -> WorkSpec:
    """Three chapters with every kind of metadata; ``changes`` override fields."""
    spec = WorkSpec(
        title="Salt & Ember",
        authors=["fernwright", "quietmoth"],
        tags={
            "rating": ["Teen And Up Audiences"],
            "warnings": ["No Archive Warnings Apply"],
            "categories": ["M/M", "Gen"],
            "fandoms": ["Shadowhunters (TV)"],
            "relationships": ["Alec Lightwood/Magnus Bane", "Isabelle Lightwood & Alec Lightwood"],
            "characters": ["Alec Lightwood", "Magnus Bane", "Isabelle Lightwood"],
            "tags": ["Slow Burn", "Hurt/Comfort", "Alternate Universe - Coffee Shops & Cafés"],
        },
        series=[(2, "Harbour Town, Winter")],
        collections=["Cold Hands Warm Bread Exchange 2020"],
        summary="Alec runs a bakery by the harbour. Magnus keeps coming back for the bread.\n\nThat is his story, anyway.",
        notes="For R., who asked for \u201csomething warm\u201d in January.",
        end_notes="Thank you for reading! The bakery is real; the harbour is not.",
        chapters=[
            ChapterSpec(
                title="The Early Shift",
                summary="Flour, ovens, and an unexpected customer.",
                notes="A short one to start.",
                end_notes="The rye recipe is in the next chapter\u2019s notes.",
                paragraphs=[
                    "Alec\u2019s POV",
                    "The ovens were already warm when Alec unlocked the back door, which meant Izzy had slept at the shop again.",
                    "\u201cYou\u2019re late,\u201d she said from behind the counter, not looking up from her crossword.",
                    "\u201cIt\u2019s four in the morning.\u201d",
                    "\u201cExactly.\u201d",
                    SCENE_BREAK,
                    "By noon the rye had sold out, and the man in the *purple* scarf was back for the third day running.",
                ],
            ),
            ChapterSpec(
                title=None,
                paragraphs=[
                    "Magnus\u2019s POV",
                    "Magnus had never cared much for bread. He cared, it turned out, a great deal for the baker.",
                    "\u201cThe sourdough,\u201d he said, \u201cand whatever you recommend.\u201d",
                    "Alec looked at him for a long moment. \u201cI recommend you try something other than the sourdough.\u201d",
                ],
            ),
            ChapterSpec(
                title="Harbour Lights",
                end_notes="Only end notes here, so the Chapter Notes label links down to them.",
                paragraphs=[
                    "The lights along the harbour came on one by one while they walked.",
                    "\u201cSame time tomorrow?\u201d Magnus asked.",
                    "\u201cFour in the morning,\u201d Alec said. \u201cBring your own scarf.\u201d",
                ],
            ),
        ],
    )
    for name, value in changes.items():
        setattr(spec, name, value)
    return spec


def one_shot(**changes: object) -> WorkSpec:
    """One chapter, no chapter block, anonymous by default."""
    spec = WorkSpec(
        title="A Quiet Kind of Morning",
        authors=[],
        tags={
            "rating": ["General Audiences"],
            "warnings": ["No Archive Warnings Apply"],
            "categories": ["Gen"],
            "fandoms": ["Shadowhunters (TV)"],
            "characters": ["Isabelle Lightwood"],
        },
        summary="Izzy opens the shop alone.",
        updated=None,
        chapters=[
            ChapterSpec(
                paragraphs=[
                    "Isabelle liked the shop best before anyone else arrived.",
                    "She counted the loaves twice, wrote the specials in chalk, and let herself have one warm roll.",
                    "\u201cDon\u2019t tell Alec,\u201d she told the cat. The cat made no promises.",
                ]
            )
        ],
    )
    for name, value in changes.items():
        setattr(spec, name, value)
    return spec


_LONG_SENTENCES = (
    "The tide came in slowly over the flats, grey under a grey sky.",
    "Alec counted the trays twice and still came up one short.",
    "\u201cYou\u2019re overthinking it,\u201d Magnus said, leaning on the counter as if he owned it.",
    "Somewhere above the shop a radio played an old song about leaving town.",
    "Isabelle wrote the day\u2019s specials in chalk and underlined the cinnamon twice.",
    "The bell over the door rang, and the cold came in with the first customer.",
    "\u201cIf you keep buying the sourdough,\u201d Alec said, \u201cpeople will talk.\u201d",
    "Flour settled on every surface like a light snow that never melted.",
)


def long_work(chapters: int = 200, words_per_chapter: int = 1500) -> WorkSpec:
    """A long chaptered work of repeated original prose, for benchmarks."""
    specs = []
    for number in range(1, chapters + 1):
        paragraphs = [("Alec\u2019s POV" if number % 2 else "Magnus\u2019s POV")]
        words = 0
        index = number
        while words < words_per_chapter:
            sentences = [_LONG_SENTENCES[(index + step) % len(_LONG_SENTENCES)] for step in range(4)]
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            words += len(paragraph.split())
            index += 3
            if len(paragraphs) == 6:
                paragraphs.append(SCENE_BREAK)
        specs.append(ChapterSpec(title=f"Day {number}" if number % 3 else None, paragraphs=paragraphs))
    return chaptered_work(title="The Long Winter at the Harbour", chapters=specs, complete=True)
