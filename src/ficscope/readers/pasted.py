"""Text as readers paste it from a work page, or a plain text file.

What comes along when people copy from the archive: AO3's hidden headings ("Work
Text:", "Chapter Text"), chapter headings ("Chapter 3: Title", "Chapter 3",
"Prologue"), label lines ("Rating:", "Summary:", "Notes:", "Chapter End Notes"),
and very often just a title line, an author's note and the story.

Chapter text is a slice of the decoded file: ``Chapter.source_start`` says where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import EmptyInputError
from ..model import Chapter, Declared, Work
from .ao3labels import OTHER_LABELS, TAG_LABELS, apply_stats, label_key, set_declared

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
)
CHAPTER_HEADING = re.compile(
    rf"^\s*(?:chapter|ch\.|chap\.)\s*(?P<num>\d+|[ivxlc]+|{_NUMBER_WORDS})\b\.?"
    r"(?:\s*(?:[:.\-\u2013\u2014|]|\s)\s*(?P<title>\S.{0,150}?))?\s*$",
    re.I,
)
SPECIAL_HEADING = re.compile(r"^\s*(?P<title>prologue|epilogue|interlude)(?:\s*[:.\-\u2013\u2014]\s*(?P<rest>\S.{0,150}?))?\s*$", re.I)
STORY_MARKERS = {"work text:", "work text", "chapter text"}
SUMMARY_LABELS = {"summary:", "chapter summary", "chapter summary:"}
NOTES_LABELS = {"notes:", "chapter notes", "chapter notes:", "author's note:", "author\u2019s note:"}
END_NOTES_LABELS = {"chapter end notes", "chapter end notes:", "end notes", "end notes:"}
SEE_END = re.compile(r"^\(See the end of the (chapter|work) for .*\)\s*$", re.I)
# The archive's page furniture after the last chapter.
TRAILER = re.compile(
    r"^(actions|kudos|kudos \u2665|comments|comments \(\d+\)|share|bookmark|top of work|"
    r"\u2191 top|works inspired by this one:?|please drop by the archive and comment.*|"
    r"\u2190 previous chapter|next chapter \u2192)\s*$",
    re.I,
)
# Cues that a paragraph right after the title is the author talking, not the story.
NOTE_CUES = re.compile(
    r"\b(\d{1,2}x\d{1,2}|s\d{1,2}\s?e\d{1,2}|season \d+|episode|takes? place|set (during|after|before|in)|"
    r"extended scene|missing scene|disclaimer|i (don'?t|do not) own|enjoy|prompt|written for|"
    r"beta(ed|'d)?|one[- ]?shot|spoilers?|my first|kudos|comments?|reviews?|inspired by|"
    r"hope you|tw:|cw:|trigger warnings?|content warnings?|a/n|author'?s note|canon[- ]divergen\w*|au\b)",
    re.I,
)
BY_LINE = re.compile(r"^by\s+\S.{0,80}$", re.I)
AN_MARKER = re.compile(r"^\s*[\(\[*]*\s*(a/n|a\.n\.|an:|author'?s'? ?note|author\u2019s ?note)\b", re.I)


@dataclass(slots=True)
class _Line:
    start: int
    end: int  # without the newline
    text: str
    key: str = ""  # stripped and lower-cased, for label look-ups
    blank: bool = False

    def __post_init__(self) -> None:
        self.key = self.text.strip().lower() if len(self.text) < 60 else self.text[:60].strip().lower()
        self.blank = not self.key and not self.text.strip()


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _heading(line: _Line) -> tuple[bool, str | None]:
    """Whether ``line`` is a chapter heading, and the chapter's title if it names one."""
    if len(line.text) > 200:
        return False, None
    text = line.text.strip()
    if len(text) > 160 or not text or text[0] not in "CcPpEeIi":
        return False, None
    match = CHAPTER_HEADING.match(text)
    if match:
        title = match.group("title")
        return True, title.strip() if title else None
    match = SPECIAL_HEADING.match(text)
    if match:
        rest = match.group("rest")
        return True, f"{match.group('title').strip()}: {rest.strip()}" if rest else match.group("title").strip()
    return False, None


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.blank:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _join(lines: list[_Line]) -> str | None:
    text = "\n".join(line.text.strip() for line in lines if not line.blank and not SEE_END.match(line.text.strip()))
    return re.sub(r"\n{3,}", "\n\n", text).strip() or None


def _looks_like_title(line: _Line, following: _Line | None) -> bool:
    text = line.text.strip()
    if not text or len(text) > 100 or len(text.split()) > 14:
        return False
    if text[0] in "\"'\u201c\u2018" or text.endswith((".", ",", ";")) and not text.endswith("..."):
        return False
    if _heading(line)[0] or label_key(text) in TAG_LABELS or text.lower() in STORY_MARKERS:
        return False
    return following is None or following.blank or bool(BY_LINE.match(following.text.strip()))


def read(text: str) -> Work:
    """Read pasted or plain text as a work."""
    lines = _lines(text)
    work = Work(title=None, source_format="text", chapters=[], declared=Declared())
    body_from = _read_preface(lines, work)
    _read_chapters(text, lines[body_from:], work)
    if not work.chapters:
        raise EmptyInputError("has no story text")
    return work


def _read_preface(lines: list[_Line], work: Work) -> int:
    """Read metadata before the story; return the index of the first story line."""
    first_story = next(
        (i for i, line in enumerate(lines) if line.key in STORY_MARKERS or _heading(line)[0]),
        None,
    )
    has_labels = any(label_key(line.text) in TAG_LABELS for line in lines[: first_story or 60] if line.text.strip().endswith(":") or ":" in line.text[:25])
    if first_story is not None and lines[first_story].key in STORY_MARKERS and _more_than_one_marker(lines):
        head, title = _chapter_head(lines, first_story)
        if title is not None and 0 < head < first_story:
            first_story = head  # a multi-chapter copy: the line above the notes is chapter 1's title
    if first_story is not None and (has_labels or lines[first_story].key in STORY_MARKERS):
        _read_labelled_preface(lines[:first_story], work)
        return first_story
    return _read_title_and_note(lines, work, stop=first_story)


def _read_labelled_preface(lines: list[_Line], work: Work) -> None:
    field: str | None = None
    free: list[_Line] = []
    block: list[_Line] = []
    kind = ""

    def close() -> None:
        nonlocal kind
        value = _join(block)
        if kind == "summary":
            work.summary = value
        elif kind == "notes":
            work.notes = value
        block.clear()
        kind = ""

    for line in lines:
        text = line.text.strip()
        head, _, rest = text.partition(":")
        head_key = label_key(head)
        if head_key in TAG_LABELS or head_key in OTHER_LABELS:
            close()
            field = head_key
            if rest.strip():
                _store_label(work, field, rest)
            continue
        if line.key in SUMMARY_LABELS or line.key in NOTES_LABELS:
            close()
            field = None
            kind = "summary" if line.key in SUMMARY_LABELS else "notes"
            continue
        if kind:
            block.append(line)
            continue
        if field and text:
            _store_label(work, field, text)
            continue
        if line.blank:
            field = None
            continue
        free.append(line)
    close()
    texts = [line.text.strip() for line in free if not SEE_END.match(line.text.strip())]
    if texts and work.title is None:
        work.title = texts[0]
    if len(texts) > 1 and not work.authors:
        work.authors = [name.strip() for name in re.sub(r"^by\s+", "", texts[1], flags=re.I).split(",") if name.strip()]


def _store_label(work: Work, key: str, value: str) -> None:
    if key in TAG_LABELS:
        set_declared(work.declared, TAG_LABELS[key], value.split(",") if TAG_LABELS[key] != "rating" else [value])
    elif key == "stats":
        apply_stats(work, value)
    elif key == "language":
        work.language = value.strip()
    elif key == "series":
        work.series.append(value.strip())


def _read_title_and_note(lines: list[_Line], work: Work, stop: int | None) -> int:
    """Plain pasted text: an optional title line, an optional "by" line, an author's note."""
    i = 0
    while i < len(lines) and lines[i].blank:
        i += 1
    limit = stop if stop is not None else len(lines)
    if i < limit and _looks_like_title(lines[i], lines[i + 1] if i + 1 < len(lines) else None):
        following = [line for line in lines[i + 1 : limit] if not line.blank]
        # A lone line followed by nothing is the story, not a title.
        if following:
            work.title = lines[i].text.strip()
            i += 1
            nxt = following[0]
            if BY_LINE.match(nxt.text.strip()) and len(nxt.text.split()) <= 8:
                work.authors = [a.strip() for a in re.sub(r"^by\s+", "", nxt.text.strip(), flags=re.I).split(",")]
                i = lines.index(nxt) + 1
    if stop is not None:
        return i if stop <= i else _take_notes(lines, i, stop, work, story_follows=True)
    return _take_notes(lines, i, len(lines), work, story_follows=False)


def _take_notes(lines: list[_Line], start: int, stop: int, work: Work, *, story_follows: bool) -> int:
    """Paragraphs at the top that read as the author talking become the work's notes."""
    blocks = _paragraphs(lines[start:stop])
    notes: list[list[_Line]] = []
    for block in blocks[:3]:
        first = block[0].text.strip()
        if first[:1] in "\"'\u201c\u2018":
            break
        if AN_MARKER.match(first) or NOTE_CUES.search(" ".join(line.text for line in block)):
            notes.append(block)
            continue
        break
    # With no chapter heading below, the last paragraphs must be the story itself.
    if not notes or (len(notes) == len(blocks) and not story_follows):
        return start
    work.notes = "\n\n".join(filter(None, (_join(block) for block in notes)))
    return lines.index(notes[-1][-1]) + 1


def _read_chapters(text: str, lines: list[_Line], work: Work) -> None:
    # Split at chapter headings; a heading followed (after optional labels) by
    # "Chapter Text" is certain, a bare "Chapter 3" line is taken as a heading too.
    starts: list[tuple[int, str | None]] = [
        (i, title) for i, (is_heading, title) in ((i, _heading(line)) for i, line in enumerate(lines)) if is_heading
    ]
    starts = _marker_starts(lines, starts)
    if not starts or starts[0][0] > 0 and any(not line.blank for line in lines[: starts[0][0]] if line.key not in STORY_MARKERS):
        starts.insert(0, (-1, None))
    bounds = [s for s, _ in starts[1:]] + [len(lines)]
    for (head, title), end in zip(starts, bounds):
        chapter = _read_chapter(text, lines[head + 1 : end], number=len(work.chapters) + 1, title=title)
        if chapter is not None:
            work.chapters.append(chapter)
    _trim_trailer(text, work)


def _marker_starts(lines: list[_Line], starts: list[tuple[int, str | None]]) -> list[tuple[int, str | None]]:
    """Add a chapter start for every "Chapter Text" marker no heading already opens: the
    archive copies one before each chapter's text, after its title and notes, so the
    chapter starts at the title line above those notes (the title may be any words)."""
    headed = sorted(index for index, _ in starts)
    markers = [index for index, line in enumerate(lines) if line.key in STORY_MARKERS]
    found = list(starts)
    previous = -1
    for marker in markers:
        if not any(previous < head < marker for head in headed):
            head, title = _chapter_head(lines, marker)
            if head > previous:
                found.append((head, title))
        previous = marker
    return sorted(set(found), key=lambda start: start[0])


def _chapter_head(lines: list[_Line], marker: int) -> tuple[int, str | None]:
    """The line (excluded from the chapter) that opens the chapter whose text follows
    ``marker``, walking back over its notes, and the chapter title that line gives."""
    labels = SUMMARY_LABELS | NOTES_LABELS
    i = _back_over_blanks(lines, marker - 1)
    while i >= 0:
        line = lines[i]
        if line.key in labels or SEE_END.match(line.text.strip()):
            i = _back_over_blanks(lines, i - 1)
            continue
        start = i
        while start > 0 and not lines[start - 1].blank:
            start -= 1
        before = _back_over_blanks(lines, start - 1)
        if before >= 0 and lines[before].key in labels:  # a note's paragraph: its label is above
            i = before
            continue
        text = line.text.strip()
        if start == i and len(text) <= 150 and not text.endswith((".", "!", "?", '"', "\u201d", ",")):
            is_heading, title = _heading(line)
            return i, title if is_heading else text
        return (marker, None) if start == 0 or not lines[start - 1].blank else (start - 1, None)
    return marker, None


def _more_than_one_marker(lines: list[_Line]) -> bool:
    return sum(1 for line in lines if line.key in STORY_MARKERS) > 1


def _back_over_blanks(lines: list[_Line], index: int) -> int:
    while index >= 0 and lines[index].blank:
        index -= 1
    return index


def _read_chapter(text: str, lines: list[_Line], number: int, title: str | None) -> Chapter | None:
    chapter = Chapter(number=number, text="", title=title)
    i = 0
    marker = next((k for k, line in enumerate(lines) if line.key in STORY_MARKERS), None)
    if marker is not None:
        _chapter_preface(lines[:marker], chapter)
        i = marker + 1
    else:
        i = _chapter_labels_without_marker(lines, chapter)
    body = lines[i:]
    end_at = next((k for k, line in enumerate(body) if line.key in END_NOTES_LABELS), None)
    if end_at is None and marker is not None:
        end_at = next((k for k, line in enumerate(body) if line.key in NOTES_LABELS), None)
    if end_at is not None:
        chapter.end_notes = _join(body[end_at + 1 :])
        body = body[:end_at]
    while body and (body[0].blank or SEE_END.match(body[0].text.strip())):
        body.pop(0)
    while body and body[-1].blank:
        body.pop()
    if not body:
        return None
    start, end = body[0].start, body[-1].end
    chapter.text = text[start:end]
    chapter.source_start = start
    return chapter


def _chapter_preface(lines: list[_Line], chapter: Chapter) -> None:
    kind = ""
    blocks: dict[str, list[_Line]] = {"summary": [], "notes": []}
    for line in lines:
        if line.key in SUMMARY_LABELS:
            kind = "summary"
        elif line.key in NOTES_LABELS:
            kind = "notes"
        elif kind:
            blocks[kind].append(line)
    chapter.summary = _join(blocks["summary"])
    chapter.notes = _join(blocks["notes"])


def _chapter_labels_without_marker(lines: list[_Line], chapter: Chapter) -> int:
    """Without "Chapter Text", a label right after the heading owns one paragraph."""
    i = 0
    while True:
        while i < len(lines) and lines[i].blank:
            i += 1
        if i >= len(lines) or lines[i].key not in SUMMARY_LABELS | NOTES_LABELS:
            return i
        kind = "summary" if lines[i].key in SUMMARY_LABELS else "notes"
        i += 1
        while i < len(lines) and lines[i].blank:
            i += 1
        block: list[_Line] = []
        while i < len(lines) and not lines[i].blank:
            block.append(lines[i])
            i += 1
        setattr(chapter, kind, _join(block))


def _trim_trailer(text: str, work: Work) -> None:
    if not work.chapters:
        return
    last = work.chapters[-1]
    assert last.source_start is not None
    lines = _lines(last.text)
    cut = next((k for k, line in enumerate(lines) if TRAILER.match(line.text.strip()) and k > 0), None)
    if cut is None:
        return
    kept = lines[:cut]
    while kept and kept[-1].blank:
        kept.pop()
    if not kept:
        return
    last.text = last.text[: kept[-1].end]
