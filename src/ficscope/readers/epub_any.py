"""Every EPUB comes in here: find who made it, then hand it to that maker's reader."""

from __future__ import annotations

from typing import Literal

from lxml import etree

from ..model import Work
from . import fanficfare, generic_epub
from .epub import EpubPackage, open_epub
from .htmltext import parse_html

EpubKind = Literal["fanficfare", "ao3", "epub"]

_AO3_PUBLISHER = "archive of our own"
_AO3_IDS = ("preface", "chapters")


def read(data: bytes, *, max_bytes: int | None = None) -> Work:
    """Read EPUB bytes as a ``Work`` with the reader for the file's maker; its entries
    may inflate to twice ``max_bytes`` of markup."""
    package = open_epub(data) if max_bytes is None else open_epub(data, budget=2 * max_bytes)
    kind = detect(package)
    if kind == "fanficfare":
        return fanficfare.read(package)
    if kind == "ao3":
        from . import ao3_epub  # imported here: it is the only reader that needs it

        return ao3_epub.read(package)
    return generic_epub.read(package)


def detect(package: EpubPackage) -> EpubKind:
    """Who made this EPUB: FanFicFare, AO3 (through calibre) or someone else."""
    # FanFicFare first: its downloads of AO3 works are FanFicFare files, not AO3's.
    if fanficfare.is_fanficfare(package):
        return "fanficfare"
    if any(value.strip().lower() == _AO3_PUBLISHER for value in package.metadata.get("publisher", [])):
        return "ao3"
    if any(_has_ao3_id(package.read(item.href)) for item in package.spine_documents()):
        return "ao3"
    return "epub"


def _has_ao3_id(data: bytes) -> bool:
    # A byte search first, so only the few files that might hold the ids are parsed.
    if not any(name.encode() in data for name in _AO3_IDS):
        return False
    try:
        root = parse_html(data)
    except (ValueError, etree.ParserError):
        return False
    return any(node.get("id") in _AO3_IDS for node in root.iter() if isinstance(node.tag, str))
