"""HTML fragments to story text, the same way for every HTML-based reader.

Block elements become paragraphs separated by a blank line, ``<br>`` a line break,
and ``<hr>`` a line ``* * *`` so the structure stage sees one kind of scene break
whatever the source. Whitespace folds as a browser folds it.
"""

from __future__ import annotations

import re

from lxml import etree, html

BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header li main nav ol p pre section table tbody td th thead "
    "tr ul".split()
)
SKIP_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
SCENE_BREAK_LINE = "* * *"
PARSER_MAX_DEPTH = 2048  # libxml2's nesting limit with huge_tree on

_LINE_BREAK = "\x00"
_SPACES = re.compile(r"[^\S\x00]+")
_AROUND_BREAK = re.compile(r" ?\x00 ?")


def local_name(tag: object) -> str | None:
    """The element's name without namespace, or None for comments and PIs."""
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def _fold(raw: str) -> str:
    text = " ".join(raw.split())  # str.split() folds the same whitespace a browser does
    if _LINE_BREAK in text:
        text = _AROUND_BREAK.sub(_LINE_BREAK, text).strip(_LINE_BREAK + " ")
        text = text.replace(_LINE_BREAK, "\n")
    return text


def paragraphs(element: etree._Element | None) -> list[str]:
    """The visible paragraphs of ``element``, in document order."""
    if element is None:
        return []
    found: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            text = _fold("".join(pending))
            pending.clear()
            if text:
                found.append(text)

    skipping = 0
    for event, node in etree.iterwalk(element, events=("start", "end", "comment")):
        name = local_name(node.tag)
        if event == "comment":
            if not skipping and node.tail:
                pending.append(node.tail)
            continue
        if event == "start":
            if skipping or name in SKIP_TAGS:
                skipping += 1
                continue
            if name in BLOCK_TAGS:
                flush()
            elif name == "hr":
                flush()
                found.append(SCENE_BREAK_LINE)
            elif name == "br":
                pending.append(_LINE_BREAK)
            if node.text and name not in ("hr", "br"):
                pending.append(node.text)
            continue
        # end event
        if skipping:
            skipping -= 1
            if skipping or node is element:
                continue
        elif name in BLOCK_TAGS:
            flush()
        if node is not element and node.tail:
            pending.append(node.tail)
    flush()
    return found


def text_of(element: etree._Element | None) -> str:
    """``paragraphs`` joined with blank lines."""
    return "\n\n".join(paragraphs(element))


def inline_text(element: etree._Element | None) -> str:
    """All text of ``element`` on one line, whitespace folded."""
    if element is None:
        return ""
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def parse_html(markup: str | bytes) -> etree._Element:
    """A forgiving HTML parse (lxml's libxml2 HTML parser recovers from most damage)."""
    parser = html.HTMLParser(recover=True, remove_comments=False, huge_tree=True)
    try:
        root = html.fromstring(markup, parser=parser) if markup else None
    except etree.ParserError as exc:  # whitespace- or comment-only markup
        raise ValueError(str(exc)) from None
    if root is None:
        raise ValueError("no HTML content")
    if _depth(root) >= PARSER_MAX_DEPTH:
        # libxml2 drops whatever lies deeper than this: refuse rather than lose text.
        raise ValueError(f"elements are nested {PARSER_MAX_DEPTH:,} or more deep, where the text can no longer be read")
    return root


def _depth(root: etree._Element) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest
