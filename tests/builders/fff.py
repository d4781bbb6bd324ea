"""FanFicFare EPUBs for tests.

``real_epub(sid)`` runs the real ``fanficfare`` CLI against its offline test site
(``http://test1.com?sid=N``) once per process and returns the EPUB with FanFicFare's own
account of it (``--json-meta-file``), so tests compare the reader with FanFicFare, not with
guesses. The test site cannot produce AO3 metadata, so ``build_fff_epub`` hand-writes a file
in the shape FanFicFare's writer (``writers/writer_epub.py``) and AO3 adapter
(``adapters/base_otw_adapter.py``) give an AO3 download: Category = fandoms, Genre = tags +
AO3 categories, and AO3's notes in ``div.fff_chapter_notes`` blocks around the chapter text.
"""

from __future__ import annotations

import atexit
import functools
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --- real files from FanFicFare's test site ---------------------------------------------

# Odd sids are In-Progress, even ones Completed (adapter_test1.py); 673 has many authors.
DEFAULT_SIDS = (1, 2, 673)
# A second run with the optional layouts switched on: the table title page, the contents
# and update-log pages, numbered chapter titles and EPUB 3; sid 1001 is a story defined
# below whose URL is on AO3, so the reader's AO3 mapping meets a file FanFicFare wrote.
CUSTOM_SIDS = (3, 1001)
CUSTOM_INI = """\
[overrides]
titlepage_use_table:true
include_tocpage:true
include_logpage:smart
add_chapter_numbers:true
epub_version:3.0

[teststory:1001]
title:The Lantern Keeper
author_list:Wren Ash,Tollan Reed
authorId_list:11,12
authorUrl_list:https://archiveofourown.org/users/wren,https://archiveofourown.org/users/tollan
storyUrl:https://archiveofourown.org/works/4242
rating:Teen And Up Audiences
category_list:Lighthouse Stories (TV),Harbour Town Chronicles
genre_list:Slow Burn,Found Family,M/M,Gen
warnings_list:No Archive Warnings Apply
characters_list:Ash Wren,Tollan Reed
ships_list:Ash Wren/Tollan Reed,Ash Wren & Mara Lind
status:Completed
numWords:4321
description:A keeper and a sailor wait out a storm.
chaptertitles:1. The Lamp,2. The Storm
"""


@dataclass(frozen=True)
class GeneratedEpub:
    """A file FanFicFare wrote, with the metadata it reported for it."""

    sid: int
    data: bytes
    meta: dict[str, Any]

    @property
    def chapter_titles(self) -> list[str]:
        return [html.unescape(entry[1]["title"]) for entry in self.meta["zchapters"]]


def fanficfare_command() -> list[str]:
    """The CLI next to this interpreter, else the module (both work offline for test1.com)."""
    script = Path(sys.executable).with_name("fanficfare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "fanficfare.cli"]


def generate(sids: tuple[int, ...], ini: str, directory: Path) -> dict[int, GeneratedEpub]:
    """Run FanFicFare once for ``sids`` with ``ini`` as its only user config."""
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "personal.ini"
    config.write_text(ini, encoding="utf-8")
    # HOME and XDG_CONFIG_HOME point here so a developer's own FanFicFare config stays out.
    env = {**os.environ, "HOME": str(directory), "XDG_CONFIG_HOME": str(directory)}
    command = [
        *fanficfare_command(),
        "--non-interactive",
        "--json-meta-file",
        "-c", str(config),
        "-o", "output_filename=tst_${storyId}${formatext}",
        "-f", "epub",
        *(f"http://test1.com?sid={sid}" for sid in sids),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=directory, env=env, capture_output=True, text=True, timeout=120, check=False)
    found: dict[int, GeneratedEpub] = {}
    for sid in sids:
        epub = directory / f"tst_{sid}.epub"
        if not epub.exists():
            raise RuntimeError(f"fanficfare wrote no EPUB for sid {sid} (exit {done.returncode}): {done.stderr[-2000:]}")
        meta = json.loads((directory / f"tst_{sid}.epub.json").read_text(encoding="utf-8"))
        found[sid] = GeneratedEpub(sid, epub.read_bytes(), meta)
    return found


@functools.cache
def _work_directory() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="ficscope-fff-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


@functools.cache
def _run(name: str) -> dict[int, GeneratedEpub]:
    sids, ini = (DEFAULT_SIDS, "") if name == "default" else (CUSTOM_SIDS, CUSTOM_INI)
    return generate(sids, ini, _work_directory() / name)


def real_epub(sid: int) -> GeneratedEpub:
    """A real FanFicFare EPUB for test-site story ``sid``, generated once per test session."""
    if sid in DEFAULT_SIDS:
        return _run("default")[sid]
    if sid in CUSTOM_SIDS:
        return _run("custom")[sid]
    raise ValueError(f"sid {sid} is not generated; add it to DEFAULT_SIDS or CUSTOM_SIDS")


def title_page_line(data: bytes, label: str) -> str | None:
    """The value of ``<b>label:</b>`` on a real file's title page, read without ficscope."""
    page = zipfile.ZipFile(io.BytesIO(data)).read("OEBPS/title_page.xhtml").decode("utf-8")
    match = re.search(rf"<b>{re.escape(label)}:</b>\s*(?:</td><td>)?\s*(.*?)\s*(?:<br />|</td>)", page)
    return html.unescape(match.group(1)) if match else None


# --- hand-built files in FanFicFare's shape ---------------------------------------------


@dataclass
class FffChapter:
    title: str
    paragraphs: list[str]
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None


def _default_chapters() -> list[FffChapter]:
    return [
        FffChapter(
            "Low Water",
            [
                "The tide went out further than Ivo had ever seen it, and the wrecks came up to breathe.",
                '"Don\'t touch the ribs," Saoirse said. "They remember the sea."',
            ],
            summary="Ivo finds something on the flats.",
            notes="Thank you to everyone who waited.",
            end_notes="The next part is longer.",
        ),
        FffChapter(
            "Salt Letters",
            [
                "The letters were dry, which was impossible, and addressed to Ivo, which was worse.",
                "Saoirse read the first one aloud while the gulls argued overhead.",
            ],
        ),
    ]


@dataclass
class FffStory:
    """The metadata FanFicFare would have collected; defaults describe an AO3 work."""

    title: str = "The Tidewater Letters"
    authors: list[str] = field(default_factory=lambda: ["Mirren Vale"])
    url: str = "https://archiveofourown.org/works/90210"
    site: str = "archiveofourown.org"
    fandoms: list[str] = field(default_factory=lambda: ["Drowned Coast (Web Series)", "Harbour Lights"])
    tags: list[str] = field(default_factory=lambda: ["Slow Burn", "Ghosts", "Epistolary"])
    categories: list[str] = field(default_factory=lambda: ["M/M"])
    relationships: list[str] = field(default_factory=lambda: ["Ivo Marsh/Dunstan Reed", "Ivo Marsh & Saoirse Quill"])
    characters: list[str] = field(default_factory=lambda: ["Ivo Marsh", "Saoirse Quill", "Dunstan Reed"])
    rating: str = "Teen And Up Audiences"
    warnings: list[str] = field(default_factory=lambda: ["No Archive Warnings Apply"])
    language: str = "English"
    status: str = "In-Progress"
    published: str = "2021-06-01"
    updated: str = "2021-07-15"
    words: int = 5310
    summary: str = "Two letters arrive from a town that sank a hundred years ago."
    work_notes: str | None = "Written for the autumn swap."
    work_end_notes: str | None = "Comments keep the lighthouse lit."
    chapters: list[FffChapter] = field(default_factory=_default_chapters)
    table: bool = False  # titlepage_use_table


def build_fff_epub(story: FffStory | None = None) -> bytes:
    """An EPUB laid out as FanFicFare writes one (EPUB 2, default titlepage_entries)."""
    story = story or FffStory()
    files: dict[str, str | bytes] = {
        "META-INF/container.xml": CONTAINER_XML,
        "content.opf": _opf(story),
        "toc.ncx": _ncx(story),
        "OEBPS/stylesheet.css": "body { margin: 2%; }\n",
        "OEBPS/title_page.xhtml": _title_page(story),
    }
    for number, chapter in enumerate(story.chapters, start=1):
        files[f"OEBPS/file{number:04d}.xhtml"] = _chapter_page(story, number, chapter)
    return epub_zip(files)


def epub_zip(files: dict[str, str | bytes]) -> bytes:
    """Zip ``files`` as an EPUB: the stored ``mimetype`` entry first, the rest deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, content in files.items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


CONTAINER_XML = """<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _chapter_title(story: FffStory, number: int, chapter: FffChapter) -> str:
    # The AO3 adapter copies AO3's chapter index: "1. Title"; a one-shot's is the work title.
    return f"{number}. {chapter.title}" if len(story.chapters) > 1 else story.title


def _genre(story: FffStory) -> list[str]:
    return sorted(story.tags + story.categories)  # FanFicFare sorts every list but authors


def _opf(story: FffStory) -> str:
    subjects = ["FanFiction", *_genre(story), *sorted(story.fandoms), *sorted(story.characters)]
    # FanFicFare escapes "&" in ships twice in dc:subject; real files read "A &amp;amp; B".
    ships = [_e(_e(ship)) for ship in sorted(story.relationships)]
    lines = [
        '<dc:identifier id="fanficfare-uid">fanficfare-uid:archiveofourown.org-u1-s90210</dc:identifier>',
        f'<dc:title id="id">{_e(story.title)}</dc:title>',
        *(f'<dc:creator opf:role="aut">{_e(author)}</dc:creator>' for author in story.authors),
        '<dc:contributor id="id-2">FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>',
        "<dc:language>en</dc:language>",
        f'<dc:date opf:event="publication">{story.published}</dc:date>',
        f'<dc:date opf:event="modification">{story.updated}</dc:date>',
        f"<dc:description>{_e(story.summary)}</dc:description>",
        *(f"<dc:subject>{_e(subject)}</dc:subject>" for subject in subjects),
        *(f"<dc:subject>{ship}</dc:subject>" for ship in ships),
        f"<dc:subject>{_e(story.status)}</dc:subject>",
        f"<dc:publisher>{_e(story.site)}</dc:publisher>",
        f'<dc:identifier opf:scheme="URL">{_e(story.url)}</dc:identifier>',
        f"<dc:source>{_e(story.url)}</dc:source>",
    ]
    ids = [f"file{number:04d}" for number in range(1, len(story.chapters) + 1)]
    manifest = [
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
        '<item id="style" href="OEBPS/stylesheet.css" media-type="text/css"/>',
        '<item id="title_page" href="OEBPS/title_page.xhtml" media-type="application/xhtml+xml"/>',
        *(f'<item id="{item}" href="OEBPS/{item}.xhtml" media-type="application/xhtml+xml"/>' for item in ids),
    ]
    spine = [f'<itemref idref="{item}" linear="yes"/>' for item in ["title_page", *ids]]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package version="2.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="fanficfare-uid">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        + "\n".join(lines)
        + "\n</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + '\n</manifest>\n<spine toc="ncx">\n'
        + "\n".join(spine)
        + "\n</spine>\n</package>\n"
    )


def _ncx(story: FffStory) -> str:
    points = "".join(
        f'<navPoint id="file{n:04d}" playOrder="{n}"><navLabel><text>{_e(_chapter_title(story, n, c))}</text></navLabel>'
        f'<content src="OEBPS/file{n:04d}.xhtml"/></navPoint>'
        for n, c in enumerate(story.chapters, start=1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<ncx version="2005-1" xmlns="http://www.daisy.org/z3986/2005/ncx/">'
        f"<docTitle><text>{_e(story.title)}</text></docTitle><navMap>{points}</navMap></ncx>\n"
    )


def _title_page(story: FffStory) -> str:
    authors = ", ".join(
        f"<a class='authorlink' href='https://archiveofourown.org/users/{_e(a.split()[0].lower())}'>{_e(a)}</a>" for a in story.authors
    )
    entries = [  # FanFicFare's default titlepage_entries order and labels
        ("Category", _e(", ".join(sorted(story.fandoms)))),
        ("Genre", _e(", ".join(_genre(story)))),
        ("Language", _e(story.language)),
        ("Characters", _e(", ".join(sorted(story.characters)))),
        ("Relationships", _e(", ".join(sorted(story.relationships)))),
        ("Status", _e(story.status)),
        ("Published", story.published),
        ("Updated", story.updated),
        ("Packaged", f"{story.updated} 10:00:00"),
        ("Rating", _e(story.rating)),
        ("Warnings", _e(", ".join(sorted(story.warnings)))),
        ("Chapters", str(len(story.chapters))),
        ("Words", f"{story.words:,}"),
        ("Publisher", _e(story.site)),
        ("Summary", f"<div><p>{_e(story.summary)}</p></div>"),
    ]
    if story.table:
        rows = [
            f'<tr><td colspan="2"><b>{label}:</b> {value}</td></tr>' if label == "Summary" else f"<tr><td><b>{label}:</b></td><td>{value}</td></tr>"
            for label, value in entries
        ]
        block = '<table class="full">\n' + "\n\n".join(rows) + "\n</table>"
    else:
        block = "<div>\n" + "\n".join(f"\n<b>{label}:</b> {value}<br />\n" for label, value in entries) + "\n</div>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        f"<title>{_e(story.title)} by {_e(', '.join(story.authors))}</title>\n"
        '<link href="stylesheet.css" type="text/css" rel="stylesheet"/>\n</head>\n<body class="fff_titlepage">\n'
        f'<h3><a href="{_e(story.url)}">{_e(story.title)}</a> by {authors}</h3>\n{block}\n</body>\n</html>\n'
    )


def _notes_block(where: str, sections: list[tuple[str, str | None]]) -> str:
    inner = "".join(f'<b>{_e(label)}</b><blockquote class="userstuff"><p>{_e(text)}</p></blockquote>' for label, text in sections if text)
    return f'<div class="fff_chapter_notes fff_{where}_notes">{inner}</div>' if inner else ""


def _chapter_page(story: FffStory, number: int, chapter: FffChapter) -> str:
    title = _e(_chapter_title(story, number, chapter))
    last = number == len(story.chapters)
    head = _notes_block(
        "head",
        [
            ("Author's Note:", story.work_notes if number == 1 else None),
            ("Summary for the Chapter:", chapter.summary),
            ("Notes for the Chapter:", chapter.notes),
        ],
    )
    foot = _notes_block(
        "foot",
        [("Notes for the Chapter:", chapter.end_notes), ("Author's Note:", story.work_end_notes if last else None)],
    )
    text = "\n".join(f"<p>{_e(paragraph)}</p>" for paragraph in chapter.paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        f'<title>{title}</title>\n<link href="stylesheet.css" type="text/css" rel="stylesheet"/>\n'
        f'<meta name="chapterurl" content="{_e(story.url)}/chapters/{number}" />\n'
        f'<meta name="chapterorigtitle" content="{title}" />\n<meta name="chaptertoctitle" content="{title}" />\n'
        f'<meta name="chaptertitle" content="{title}" />\n</head>\n<body class="fff_chapter">\n'
        f'<h3 class="fff_chapter_title">{title}</h3>\n'
        f'<div class="story">{head}<div class="userstuff module" role="article">\n{text}\n</div>{foot}</div>\n'
        "</body>\n</html>\n"
    )
