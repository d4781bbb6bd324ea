"""FanFicFare EPUBs: metadata from the title page and the OPF, one chapter per ``fileNNNN.xhtml``.

FanFicFare (JimmXinu/FanFicFare, ``writers/writer_epub.py``) writes ``OEBPS/title_page.xhtml``
(``body.fff_titlepage``: ``<b>Label:</b> value<br/>`` lines, or a ``table.full``) and one
``body.fff_chapter`` file per chapter whose ``h3.fff_chapter_title`` repeats the chapter title.
Labels are FanFicFare's English defaults (``<entry>_label`` in its defaults.ini); a user who
renamed them keeps the chapters and the OPF metadata but loses the typed tags.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from lxml import etree

from ..errors import EmptyInputError, NotAWorkError
from ..model import CATEGORIES, Chapter, Declared, Work
from .epub import EpubPackage, ManifestItem
from .generic_epub import remove_keeping_tail
from .htmltext import inline_text, local_name, text_of

TITLE_PAGE_CLASS = "fff_titlepage"
CHAPTER_CLASS = "fff_chapter"
# Pages FanFicFare adds around the story that hold no story text.
_FRAME_CLASSES = frozenset({TITLE_PAGE_CLASS, "fff_tocpage", "fff_logpage", "fff_coverpage"})
_CHAPTER_FILE = re.compile(r"(^|/)file\d+\.x?html?$", re.I)

# FanFicFare's adapters built on its OTW base (AO3 and the archives running the same
# software) set ``include_in_category: category,fandoms`` and ``include_in_genre: genre,
# freeformtags, ao3categories`` in defaults.ini, so on these sites Category holds the
# fandoms and Genre the additional tags plus the AO3 categories. Story URLs are normalised
# to the adapter's site domain, but older files may carry an accepted alias.
OTW_HOSTS = frozenset(
    {
        "archiveofourown.org",
        "archiveofourown.com",
        "archiveofourown.net",
        "archiveofourown.gay",
        "ao3.org",
        "squidgeworld.org",
        "superlove.sayitditto.net",
        "www.adastrafanfic.com",
        "www.cfaarchive.org",
    }
)
# Everywhere else Category is the site's own: on fanfiction.net and most archives FanFicFare
# reads it is the fandom, so it goes to ``fandoms`` (a wrong guess only fails to match a fandom
# pack; dropping it would lose the one fandom signal). FictionPress is original fiction and
# its Category is a genre, so there it goes to ``tags``.
_CATEGORY_IS_GENRE_HOSTS = frozenset({"www.fictionpress.com", "fictionpress.com"})

_OPF_NAMESPACE = "http://www.idpf.org/2007/opf"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NEW_MARK = "(new) "  # FanFicFare's mark_new_chapters decoration


def has_body_class(root: etree._Element, name: str) -> bool:
    """True when the document's ``<body>`` has class ``name`` (FanFicFare marks every page so)."""
    body = _body(root)
    return body is not None and name in _classes(body)


def is_fanficfare(package: EpubPackage) -> bool:
    """True when the OPF or the first pages carry FanFicFare's marks."""
    # "fanficdownloader" is FanFicFare's former name; its files have the same shape.
    if any(mark in value.lower() for value in package.metadata.get("contributor", []) for mark in ("fanficfare", "fanficdownloader")):
        return True
    if any(value.startswith(("fanficfare-uid:", "fanficdownloader-uid:")) for value in package.metadata.get("identifier", [])):
        return True
    # A cover page may come first; the title page or first chapter follows within three.
    for item in package.spine_documents()[:3]:
        root = package.html(item)
        if has_body_class(root, TITLE_PAGE_CLASS) or has_body_class(root, CHAPTER_CLASS):
            return True
    return False


@dataclass(slots=True)
class TitlePage:
    """What the title page states; ``entries`` maps a casefolded label to its value markup."""

    title: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    entries: dict[str, etree._Element] = field(default_factory=dict)

    def text(self, label: str) -> str | None:
        value = self.entries.get(label)
        return (inline_text(value) or None) if value is not None else None

    def paragraphs(self, label: str) -> str | None:
        value = self.entries.get(label)
        return (text_of(value) or None) if value is not None else None


@dataclass(slots=True)
class _Notes:
    """Work-level notes FanFicFare's AO3 adapter puts into the first and last chapters."""

    notes: list[str] = field(default_factory=list)
    end_notes: list[str] = field(default_factory=list)


def read(package: EpubPackage) -> Work:
    """Read a FanFicFare EPUB as a ``Work``."""
    documents = [(item, package.html(item)) for item in package.spine_documents()]
    page = next((read_title_page(root) for _, root in documents if has_body_class(root, TITLE_PAGE_CLASS)), TitlePage())
    subjects = {_unescape(value) for value in package.metadata.get("subject", [])}
    url = package.first("source") or page.url
    site = package.first("publisher") or (urlparse(url).hostname if url else None)
    otw = _host(url) in OTW_HOSTS or (site or "").lower() in OTW_HOSTS
    title = package.first("title") or page.title

    chapter_documents = [(item, root) for item, root in documents if _is_chapter(item, root)]
    if not chapter_documents:
        raise NotAWorkError("FanFicFare EPUB has no chapter files (only title, contents or log pages)")
    work_notes = _Notes()
    chapters = [_chapter(number, root, work_notes) for number, (_, root) in enumerate(chapter_documents, start=1)]
    _tidy_titles(chapters, work_title=title if otw else None)
    if not any(chapter.text for chapter in chapters):
        raise EmptyInputError("FanFicFare EPUB has chapter files but no story text in them")

    opf_dates = _opf_dates(package)
    status = page.text("status") or next((s for s in ("Completed", "In-Progress") if s in subjects), None)
    return Work(
        title=title,
        source_format="fanficfare-epub",
        chapters=chapters,
        authors=list(package.metadata.get("creator", [])) or page.authors,
        declared=_declared(page, subjects, otw=otw, category_is_genre=_host(url) in _CATEGORY_IS_GENRE_HOSTS),
        summary=page.paragraphs("summary") or package.first("description"),
        notes="\n\n".join(work_notes.notes) or None,
        end_notes="\n\n".join(work_notes.end_notes) or None,
        url=url,
        language=page.text("language") or package.first("language"),
        series=[series] if (series := page.text("series")) else [],
        published=_date(page.text("published")) or opf_dates.get("publication"),
        updated=_date(page.text("updated")) or opf_dates.get("modification"),
        complete={"completed": True, "in-progress": False}.get((status or "").lower()),
        declared_words=_count(page.text("words")),
        declared_chapters=page.text("chapters/total chapters") or page.text("chapters"),
    )


# --- title page -------------------------------------------------------------------------


def read_title_page(root: etree._Element) -> TitlePage:
    """The title, link, authors and labelled entries of a ``body.fff_titlepage``."""
    body = _body(root)
    page = TitlePage()
    if body is None:
        return page
    heading = next((node for node in body.iter() if local_name(node.tag) in ("h1", "h2", "h3")), None)
    if heading is not None:
        link = next((node for node in heading.iter() if local_name(node.tag) == "a"), None)
        if link is not None:
            page.title = inline_text(link) or None
            page.url = link.get("href") or None
        page.authors = [inline_text(a) for a in heading.iter() if local_name(a.tag) == "a" and "authorlink" in _classes(a)]
    table = next((node for node in body.iter() if local_name(node.tag) == "table"), None)
    if table is not None:
        page.entries = _table_entries(table)
    else:
        container = next((node for node in body if local_name(node.tag) == "div"), body)
        page.entries = _line_entries(container)
    return page


def _label(node: etree._Element) -> str | None:
    """"Status" for ``<b>Status:</b>``; None for bold text that is not a label."""
    if local_name(node.tag) != "b":
        return None
    text = inline_text(node)
    return text[:-1].strip().casefold() if text.endswith(":") and len(text) > 1 else None


def _line_entries(container: etree._Element) -> dict[str, etree._Element]:
    # A label is a top-level <b>…:</b> at the start of a line; the value runs to the next
    # label, not the next <br>, because the summary is block HTML that may hold <br>s.
    entries: dict[str, etree._Element] = {}
    value: etree._Element | None = None
    at_line_start = not (container.text or "").strip()
    for child in container:
        label = _label(child) if at_line_start else None
        if label is not None:
            value = etree.Element("div")
            value.text = child.tail
            entries.setdefault(label, value)
            at_line_start = False
            continue
        if value is not None:
            value.append(copy.deepcopy(child))
        at_line_start = local_name(child.tag) == "br" and not (child.tail or "").strip()
    return entries


def _table_entries(table: etree._Element) -> dict[str, etree._Element]:
    entries: dict[str, etree._Element] = {}
    for row in table.iter():
        if local_name(row.tag) != "tr":
            continue
        cells = [cell for cell in row if local_name(cell.tag) in ("td", "th")]
        if len(cells) >= 2:  # <td><b>Label:</b></td><td>value</td>
            heading = inline_text(cells[0])
            if heading.endswith(":"):
                entries.setdefault(heading[:-1].strip().casefold(), copy.deepcopy(cells[1]))
        elif cells and len(cells[0]) and (label := _label(cells[0][0])) is not None:
            # a wide row: <td colspan="2"><b>Label:</b> value</td>
            value = etree.Element("div")
            value.text = cells[0][0].tail
            for sibling in list(cells[0])[1:]:
                value.append(copy.deepcopy(sibling))
            entries.setdefault(label, value)
    return entries


def _declared(page: TitlePage, subjects: set[str], *, otw: bool, category_is_genre: bool) -> Declared:
    def items(label: str) -> list[str]:
        return split_list(page.text(label), subjects)

    declared = Declared(
        rating=page.text("rating"),
        warnings=items("warnings"),
        characters=items("characters"),
        relationships=items("relationships"),
    )
    category, genre = items("category"), items("genre")
    if otw:
        # The typed extra entries (an optional extra_titlepage_entries) beat the composites.
        declared.fandoms = items("fandoms") or category
        declared.categories = items("ao3 categories") or [tag for tag in genre if tag in CATEGORIES]
        declared.tags = items("freeform tags") or [tag for tag in genre if tag not in CATEGORIES]
    elif category_is_genre:
        declared.tags = _unique(category + genre)
    else:
        declared.fandoms, declared.tags = category, genre
    return declared


def split_list(text: str | None, known: set[str]) -> list[str]:
    """Split a title-page list FanFicFare joined with ", ", keeping items the OPF lists whole."""
    if not text:
        return []
    parts = [part.strip() for part in text.split(", ")]
    found: list[str] = []
    start = 0
    while start < len(parts):
        # The OPF has one dc:subject per item, so it tells a comma inside a tag from a joint.
        end = next((end for end in range(len(parts), start + 1, -1) if ", ".join(parts[start:end]) in known), start + 1)
        found.append(", ".join(parts[start:end]))
        start = end
    return _unique(item for item in found if item)


# --- chapters ---------------------------------------------------------------------------


def _is_chapter(item: ManifestItem, root: etree._Element) -> bool:
    if has_body_class(root, CHAPTER_CLASS):
        return True
    # A user's own chapter_start template may drop the class; the file name stays.
    body = _body(root)
    classes = _classes(body) if body is not None else set()
    return not classes & _FRAME_CLASSES and bool(_CHAPTER_FILE.search(item.href))


def _chapter(number: int, root: etree._Element, work_notes: _Notes) -> Chapter:
    body = _body(root)
    chapter = Chapter(number=number, text="", title=_meta(root, "chaptertitle"))
    if body is None:
        return chapter
    heading = next((node for node in body.iter() if "fff_chapter_title" in _classes(node)), None)
    if heading is not None:
        chapter.title = chapter.title or inline_text(heading) or None
        remove_keeping_tail(heading)
    notes: list[str] = []
    end_notes: list[str] = []
    for div in [node for node in body.iter() if "fff_chapter_notes" in _classes(node)]:
        at_head = "fff_head_notes" in _classes(div)
        for label, text in _labelled_notes(div):
            if label == "summary for the chapter":
                chapter.summary = text
            elif label == "author's note":
                (work_notes.notes if at_head else work_notes.end_notes).append(text)
            else:
                (notes if at_head else end_notes).append(text)
        remove_keeping_tail(div)
    chapter.notes = "\n\n".join(notes) or None
    chapter.end_notes = "\n\n".join(end_notes) or None
    chapter.text = text_of(body)
    return chapter


def _labelled_notes(div: etree._Element) -> list[tuple[str, str]]:
    """The AO3 adapter's notes block: ``<b>Label:</b>`` then a blockquote, repeated."""
    sections: list[tuple[str, etree._Element]] = []
    current = etree.Element("div")
    current.text = div.text
    label = ""
    for child in div:
        child_label = _label(child)
        if child_label is not None:
            sections.append((label, current))
            label, current = child_label, etree.Element("div")
            current.text = child.tail
            continue
        current.append(copy.deepcopy(child))
    sections.append((label, current))
    return [(name, text) for name, value in sections if (text := text_of(value))]


def _tidy_titles(chapters: list[Chapter], *, work_title: str | None) -> None:
    # FanFicFare's add_chapter_numbers and AO3's chapter index (which FanFicFare copies)
    # each prefix "N. "; when every chapter carries its own number it is decoration.
    for _ in range(2):
        for chapter in chapters:
            if chapter.title and chapter.title.startswith(_NEW_MARK):
                chapter.title = chapter.title[len(_NEW_MARK) :]
        prefixes = [f"{chapter.number}. " for chapter in chapters]
        if len(chapters) < 2 or not all(
            chapter.title and chapter.title.startswith(prefix) and len(chapter.title) > len(prefix)
            for chapter, prefix in zip(chapters, prefixes)
        ):
            break
        for chapter, prefix in zip(chapters, prefixes):
            chapter.title = (chapter.title or "")[len(prefix) :]
    # An AO3 one-shot's only "chapter title" is the work title FanFicFare copied in.
    if len(chapters) == 1 and work_title and chapters[0].title == work_title:
        chapters[0].title = None


# --- small helpers ----------------------------------------------------------------------


def _body(root: etree._Element) -> etree._Element | None:
    if local_name(root.tag) == "body":
        return root
    return next((node for node in root.iter() if local_name(node.tag) == "body"), None)


def _meta(root: etree._Element, name: str) -> str | None:
    for node in root.iter():
        if local_name(node.tag) == "meta" and node.get("name") == name:
            return " ".join((node.get("content") or "").split()) or None
    return None


def _opf_dates(package: EpubPackage) -> dict[str, str]:
    """``dc:date``s by their ``opf:event`` (EPUB 2 only; EPUB 3 files carry none)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(package.read(package.opf_path), parser=parser)
    except etree.XMLSyntaxError:
        return {}
    dates: dict[str, str] = {}
    for node in root.iter() if root is not None else ():
        if local_name(node.tag) == "date" and node.text:
            event = node.get(f"{{{_OPF_NAMESPACE}}}event") or node.get("event") or ""
            if _ISO_DATE.match(node.text.strip()):
                dates.setdefault(event, node.text.strip()[:10])
    return dates


def _unescape(value: str) -> str:
    # FanFicFare escapes "&" twice in dc:subject ("A &amp;amp; B"), once more than XML needs.
    return html.unescape(value)


def _host(url: str | None) -> str:
    return (urlparse(url).hostname or "").lower() if url else ""


def _date(text: str | None) -> str | None:
    return text[:10] if text and _ISO_DATE.match(text) else None


def _count(text: str | None) -> int | None:
    digits = (text or "").replace(",", "").replace(".", "").replace(" ", "")
    return int(digits) if digits.isdigit() else None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _classes(node: etree._Element) -> set[str]:
    return set((node.get("class") or "").split()) if isinstance(node.tag, str) else set()
