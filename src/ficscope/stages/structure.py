"""Inside a chapter: POV headers, scene breaks, author's notes, and the sections they divide.

``find(chapter)`` is pure: it reads one chapter's text and returns its layout, every
span an exact slice of that text.
"""

from __future__ import annotations

import re

from ..model import Chapter, ChapterLayout, Section, Span
from ..spans import strip_span
from ..pipeline import Inputs, Stage
from ..wordcount import count_words

# Decoration around headers and break lines: never letters or digits.
_DECOR = r"[\s*~\-_=#+\[\]()<>|.:\u2022\u00b7\u2013\u2014\u2605\u2606\u2661\u2665\u2729\u272a]*"
_NAME = r"(?P<name>[A-Z\u00c0-\u024f][\w\u00c0-\u024f.'\u2019-]*(?:\s+[A-Z\u00c0-\u024f][\w\u00c0-\u024f.'\u2019-]*){0,2})"
_POV_WORD = r"(?:P\.?\s?O\.?\s?V\.?|point\s+of\s+view)"
_POSSESSIVE = r"(?:['\u2019]s|['\u2019])?"
POV_HEADERS = (
    re.compile(rf"^{_DECOR}{_NAME}{_POSSESSIVE}\s*{_POV_WORD}\s*:?{_DECOR}$", re.I),  # Alec's POV, Magnus' POV
    re.compile(rf"^{_DECOR}{_POV_WORD}\s*[:\-\u2013\u2014]?\s*{_NAME}\s*:?{_DECOR}$", re.I),  # POV: Jace
)
# "~ Alec ~", "-Magnus-", "*Izzy*": a bare name wrapped the same way on both sides.
WRAPPED_NAME = re.compile(rf"^\s*(?P<wrap>[~*\-=#_+]+)\s*{_NAME}\s*(?P=wrap)\s*$")
NO_CHARACTER = {"third person", "normal", "general", "narrator", "narrator's", "omniscient", "no one", "nobody", "everyone", "third"}

_SYMBOL_LINE = re.compile(r"^[^\w\s]+(?:\s*[^\w\s]+)*$|^[\s_]*[^\w\s][^\w]*$")
# o0o, oOo, xXx, ~o~O~o~: the letter-shaped breaks fan writers use.
_LETTER_BREAK = re.compile(r"^[\W_]*(?:[oO0]{3,}|(?:[xX][oO])+[xX]?|[xX]{3,}|(?:[oO0][\W_]+){2,}[oO0])[\W_]*$")
_BREAK_PUNCT_ONLY = re.compile(r"^[.\u2026\s]*$")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"

AN_START = re.compile(r"^\s*[\(\[*_]*\s*(?:a/n|a\.n\.|an:|author'?s'?\s?notes?|author\u2019s\s?notes?|n/a:)", re.I)
AN_LINE = re.compile(r"^[ \t]*[\(\[*_]*[ \t]*(?:a/n|a\.n\.|an:|author'?s'?\s?notes?|author\u2019s\s?notes?|n/a:)[^\n]*$", re.I | re.M)
INLINE_AN = re.compile(r"[\(\[]\s*(?:a/n|author'?s?\s?note)\s*[:\-\u2013\u2014]?[^)\]]*[\)\]]", re.I)
_NOTE_TAIL_WORDS = 150
_SHORT_LINE = 80
_SHORT_LINE_RE = re.compile(r"^[^\n]{1,%d}$" % _SHORT_LINE, re.M)
# A run of blank lines between two lines of text (spaces and no-break spaces count as blank).
_GAP = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
# Downloads keep a writer's empty paragraphs: a scene break with no symbol is a gap of at
# least this many blank lines, at least _BLANK_BREAK_OVER more than the chapter's usual gap,
# and rare (at most _BLANK_BREAK_SHARE of the gaps, or the only one).
_BLANK_BREAK_LINES = 3
_BLANK_BREAK_OVER = 2
_BLANK_BREAK_SHARE = 0.25


def is_scene_break(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return False
    if any(q in stripped for q in _QUOTES) or _BREAK_PUNCT_ONLY.match(stripped):
        return False
    if _SYMBOL_LINE.match(stripped):
        return True
    # "Ooo!" is someone speaking; "o0o" is a break.
    return bool(_LETTER_BREAK.match(stripped)) and stripped[-1] not in "!?.,;"


def pov_from_header(line: str) -> tuple[bool, str | None]:
    """Whether ``line`` is a POV header, and the character it names (None for "Third person POV")."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60 or any(q in stripped for q in "\"\u201c\u201d"):
        return False, None
    match = next((m for m in (p.match(stripped) for p in POV_HEADERS) if m), None) or WRAPPED_NAME.match(stripped)
    if not match:
        return False, None
    name = re.sub(r"['\u2019]s?$", "", match.group("name").strip()).strip()
    if name.lower() in NO_CHARACTER or name.lower().startswith("third"):
        return True, None
    return True, name


def find(chapter: Chapter) -> ChapterLayout:
    text = chapter.text
    number = chapter.number
    layout = ChapterLayout(number=number)
    # (start, end, kind, pov) markers in text order
    markers: list[tuple[int, int, str, str | None]] = []
    # Headers and breaks are short lines, notes start with a marker: find those lines
    # with two scans instead of looking at every line of story.
    for match in _SHORT_LINE_RE.finditer(text):
        start, end = strip_span(text, match.start(), match.end())
        if start == end:
            continue
        line = text[start:end]
        is_header, pov = pov_from_header(line)
        if is_header:
            markers.append((start, end, "pov", pov))
            layout.pov_headers.append(Span(number, start, end, line))
        elif is_scene_break(line):
            markers.append((start, end, "break", None))
            layout.scene_breaks.append(Span(number, start, end, line))
    for start, end in blank_breaks(text, markers):
        markers.append((start, end, "break", None))
        layout.scene_breaks.append(Span(number, start, end, text[start:end]))
    layout.scene_breaks.sort(key=lambda span: span.start)
    markers.sort()
    taken = {m[0] for m in markers}
    for match in AN_LINE.finditer(text):
        start, end = strip_span(text, match.start(), match.end())
        if start < end and start not in taken:
            markers.append((start, end, "note", None))
    markers.sort()
    layout.author_notes = _author_notes(text, number, markers)
    note_ranges = [(s.start, s.end) for s in layout.author_notes]
    markers = [m for m in markers if m[2] != "note"]
    markers.extend((s, e, "note", None) for s, e in note_ranges if not _inside_line(text, s, e))
    markers.sort()
    layout.sections = _sections(text, number, markers)
    for section in layout.sections:
        section.words = _words_outside(text, section.start, section.end, note_ranges)
    layout.words = sum(s.words for s in layout.sections)
    return layout


def blank_breaks(text: str, markers: list[tuple[int, int, str, str | None]]) -> list[tuple[int, int]]:
    """Scene breaks made of blank lines alone: the unusually long gaps between paragraphs,
    each as the span of its blank lines. A gap beside a header or a break line is part of
    that marker, not a break of its own."""
    gaps = [(m.start(), m.end(), m.group().count("\n") - 1) for m in _GAP.finditer(text) if m.start() > 0 and text[: m.start()].strip() and text[m.end() :].strip()]
    if not gaps:
        return []
    counts = sorted(blank for _, _, blank in gaps)
    usual = counts[len(counts) // 2]
    wide = [(start, end) for start, end, blank in gaps if blank >= max(_BLANK_BREAK_LINES, usual + _BLANK_BREAK_OVER)]
    if not wide or (len(wide) > 1 and len(wide) > _BLANK_BREAK_SHARE * len(gaps)):
        return []
    edges = {edge for start, end, _, _ in markers for edge in (start, end)}
    return [(start + 1, end - 1) for start, end in wide if not _touches(text, start, end, edges)]


def _touches(text: str, start: int, end: int, edges: set[int]) -> bool:
    before = strip_span(text, text.rfind("\n", 0, start) + 1, start)[1]
    after = strip_span(text, end, len(text) if text.find("\n", end) < 0 else text.find("\n", end))[0]
    return before in edges or after in edges


def _inside_line(text: str, start: int, end: int) -> bool:
    """An inline "(A/N: ...)" sits inside a story paragraph and divides nothing."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    s, e = strip_span(text, line_start, line_end)
    return (s, e) != (start, end) and not (s == start and text[e - 1 : e] in ")]")


def _author_notes(text: str, number: int, markers: list[tuple[int, int, str, str | None]]) -> list[Span]:
    """Notes are marked paragraphs; a note at the very end runs on to the chapter's end
    when what follows is short and has no dialogue, and a note at the start runs on to
    the first scene break when one follows closely."""
    notes: list[tuple[int, int]] = []
    breaks = [m for m in markers if m[2] == "break"]
    body_start, body_end = strip_span(text, 0, len(text))
    for start, end, kind, _ in markers:
        if kind != "note":
            continue
        if start == body_start and breaks and count_words(text[end : breaks[0][0]]) <= _NOTE_TAIL_WORDS:
            end = strip_span(text, start, breaks[0][0])[1]
        else:
            rest = text[end:body_end]
            later_notes = any(m[2] == "note" and m[0] >= end for m in markers)
            if (
                start > body_start
                and not later_notes
                and count_words(rest) <= _NOTE_TAIL_WORDS
                and not any(q in rest for q in "\"\u201c")
                and not any(b[0] >= end for b in breaks)
            ):
                end = body_end
        notes.append((start, end))
    for match in INLINE_AN.finditer(text):
        if not any(s <= match.start() < e for s, e in notes):
            notes.append((match.start(), match.end()))
    notes.sort()
    merged: list[tuple[int, int]] = []
    for start, end in notes:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [Span(number, s, e, text[s:e]) for s, e in merged]


def _sections(text: str, number: int, markers: list[tuple[int, int, str, str | None]]) -> list[Section]:
    sections: list[Section] = []
    pov: str | None = None
    from_header = False
    cursor = 0
    for start, end, kind, marker_pov in markers + [(len(text), len(text), "end", None)]:
        s, e = strip_span(text, cursor, start)
        if s < e:
            sections.append(Section(number, s, e, pov, "header" if from_header and pov else None, 1.0 if from_header and pov else None))
            if kind != "note":
                pov, from_header = None, False
        if kind == "pov":
            pov, from_header = marker_pov, True
        elif kind == "break":
            pov, from_header = None, False
        cursor = max(cursor, end)
    return sections


def _words_outside(text: str, start: int, end: int, notes: list[tuple[int, int]]) -> int:
    total = 0
    cursor = start
    for note_start, note_end in notes:
        if note_end <= cursor or note_start >= end:
            continue
        total += count_words(text[cursor:max(cursor, note_start)])
        cursor = max(cursor, note_end)
    return total + count_words(text[cursor:end])


def run(doc: Inputs) -> dict[str, list[ChapterLayout]]:
    return {"layout": [find(chapter) for chapter in doc.work.chapters]}


STAGE = Stage(name="structure", reads=("work",), assigns=("layout",), compute=run)
