"""Pages from the templates in ``web/templates``, autoescaped: whatever a work holds is
shown as text, never as markup."""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi.responses import HTMLResponse
from jinja2 import Environment

from .. import _templates as templates
from ..model import RATINGS
from ..render._view import SOURCE_FORMATS, chapter_ranges, hidden_warnings_note, percent, shorten

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def page(template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_environment().get_template(template).render(**context), status_code=status_code)


def paragraphs(text: str) -> list[str]:
    """A chapter's text as its paragraphs; line breaks inside one are kept by CSS."""
    return [p for p in _PARAGRAPH_BREAK.split(text.strip("\n")) if p.strip()]


def web_link(url: str | None) -> str | None:
    """``url`` when it is safe to make a link of (http or https), else None."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def query_string(items: list[tuple[str, str]], **changes: object) -> str:
    """The current query with some parameters replaced (None drops one)."""
    kept = [(k, v) for k, v in items if k not in changes]
    kept += [(k, str(v)) for k, v in changes.items() if v is not None]
    return "?" + urlencode(kept) if kept else ""


@cache
def _environment() -> Environment:
    environment = templates.environment("ficscope.web")
    environment.filters.update(
        shorten=shorten,
        percent=percent,
        paragraphs=paragraphs,
        chapter_ranges=chapter_ranges,
        web_link=web_link,
    )
    environment.globals.update(
        source_formats=SOURCE_FORMATS, query_string=query_string, ao3_ratings=RATINGS, hidden_warnings_note=hidden_warnings_note
    )
    return environment
