"""Readers turn a file into a ``Work``. The format is found from the content first."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import (
    FileMissingError,
    FicscopeError,
    InputError,
    MalformedHtmlError,
    NotAFileError,
    TooLargeError,
    UnsupportedFormatError,
)
from ..model import Work
from .decode import decode

DEFAULT_MAX_BYTES = 40 * 1024 * 1024  # a 6-million-word work is ~35 MB of text

_HTML_START = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>", re.I)


def sniff(data: bytes, name: str = "") -> str:
    """The format of ``data``: "epub", "zip", "pdf", "mobi", "html" or "text"."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        head = data[:200]
        if b"mimetypeapplication/epub+zip" in head or b"META-INF/container.xml" in data[:65536]:
            return "epub"
        return "epub" if name.lower().endswith(".epub") else "zip"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data[60:68] in (b"BOOKMOBI", b"TEXtREAd"):
        return "mobi"
    return "text"


def read_work(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read the file at ``path`` as a work, or raise an ``InputError`` naming the reason."""
    source = str(path)
    file = Path(path)
    try:
        if not file.exists():
            raise FileMissingError("no such file", path=source)
        if not file.is_file():
            raise NotAFileError("is a directory, not a file" if file.is_dir() else "is not a regular file", path=source)
        size = file.stat().st_size
        if size > max_bytes:
            raise TooLargeError(
                f"is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit for one work (--max-mb raises it)",
                path=source,
            )
        data = file.read_bytes()
    except PermissionError:
        raise InputError("permission denied", path=source) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=source) from None
    return read_bytes(data, source, max_bytes=max_bytes)


def read_bytes(data: bytes, source: str = "<input>", *, max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read ``data`` (the whole file) as a work; ``source`` names it in errors;
    ``max_bytes`` bounds the text a compressed format may unpack to."""
    try:
        work = _dispatch(data, source, max_bytes)
    except FicscopeError as exc:
        if exc.path is None:
            exc.path = source
        raise
    work.source = source
    return work


def _dispatch(data: bytes, source: str, max_bytes: int) -> Work:
    kind = sniff(data, source)
    if kind == "pdf":
        from . import ao3_pdf

        return ao3_pdf.read(data, max_bytes=max_bytes)
    if kind == "mobi":
        from . import ao3_mobi, mobi

        return ao3_mobi.read(mobi.read_book(data, max_bytes=max_bytes))
    if kind == "zip":
        raise UnsupportedFormatError("is a zip archive but not an EPUB")
    if kind == "epub":
        from . import epub_any

        return epub_any.read(data, max_bytes=max_bytes)
    text, _ = decode(data)
    if _HTML_START.match(text) or (source.lower().endswith((".html", ".htm", ".xhtml")) and "<" in text[:1000]):
        from . import ao3_html

        markup = _XML_DECLARATION.sub("", text, count=1)
        try:
            return ao3_html.read(markup)
        except (ValueError, TypeError, RecursionError) as exc:
            raise MalformedHtmlError(f"HTML cannot be parsed ({exc})") from None
    from . import pasted

    return pasted.read(text)
