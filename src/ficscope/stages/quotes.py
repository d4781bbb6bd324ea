"""Dialogue: every quoted line of a chapter, with exact offsets and how sure we are it is speech.

``find(chapter)`` is pure. Each ``Quote`` spans its quotation marks
(``chapter.text[q.start:q.end] == q.text``); ``speaker`` stays None for the speakers stage.

How a chapter is read:

- **One dialogue mark per chapter.** Double quotes (" “ ”) unless single quotes (' ‘ ’)
  close more sentences (a mark right after , . ! ? or a dash), as British-style writers
  use them. The other kind only ever nests inside a quote (or marks a scare quote) and
  never makes a quote of its own.
- **Apostrophes are not quotation marks**: a mark between two letters (don't, o'clock), a
  leading elision (’cause, 'em, 'til, 'n', ’90s), and a trailing ``s'`` (the boys' bags)
  when the quote closes properly further on.
- **Paragraphs bound quotes.** A paragraph is a line; in hard-wrapped text (most lines
  40–100 characters and running on into the next) it is a block between blank lines.
  A quote still open at its paragraph's end stops there: confidence 0.9 when the next
  paragraph reopens (one speech over several paragraphs: each paragraph's part is its
  own Quote, as LitBank mostly annotates them), 0.5 otherwise.
- A quote interrupted by a speech tag is two quotes. Nested quotes belong to the outer
  one, also when they use the same curly mark and the paragraph's closing marks say so.
  A mark opening while a quote is open otherwise ends the first there (0.6: a closing
  mark was forgotten). A closing mark with no opening closes a quote from its
  paragraph's start (0.4) when nothing was quoted before it in that paragraph, or from
  a leading elision ('Cause I said so,' — 0.7). ” or ’ used to open counts (0.8).
- A short quote inside a sentence of narration, after a word that is not a speech verb
  ("labelled 'ORANGE MARMALADE'", a title, a scare quote) is probably not speech (0.3).
- Quotes in author's notes are kept; a later stage can drop them.

The scan is one compiled regex that finds and classifies quotation marks and line
breaks; Python looks at those only, never at every character.
"""

from __future__ import annotations

import re

from ..model import Chapter, Quote
from ..pipeline import Inputs, Stage

CLEAN = 1.0
NEXT_PARAGRAPH_REOPENS = 0.9
MISCURLED_OPENING = 0.8  # ” or ’ used to open
ELIDED_OPENING = 0.7  # 'Cause I said so,' — the elision was the opening mark
FORGOTTEN_CLOSING = 0.6
UNCLOSED = 0.5
MISSING_OPENING = 0.4
NOT_SPEECH = 0.3

_DOUBLE_OPEN, _DOUBLE_CLOSE = "\u201c", "\u201d"
_SINGLE_OPEN, _SINGLE_CLOSE = "\u2018", "\u2019"
_DOUBLE_OPENINGS = ('"', _DOUBLE_OPEN)
_SINGLE_OPENINGS = ("'", _SINGLE_OPEN)
_MARKS_AND_SPACE = "\"'\u201c\u201d\u2018\u2019 \t\n"

# Characters after which a mark opens a quote (and start of text).
_OPENERS = "\\s([{<\u2014\u2013\\-/*_~\"\u201c\u2018"
# A line break, or a blank line where lines are hard-wrapped.
_LINE_BREAK = r"(?P<br>\n)"
_BLANK_LINE = r"(?P<br>\n[ \t\f\v]*\n)"
# Words that lose their first letters to a leading apostrophe.
_ELIDED = (
    r"(?:(?i:cause|cos|coz|cuz|til|till|bout|round|nother|fraid|kay|cept|tis|twas|twere|twill|sup)"
    r"|em|im|er|ere|ow|n|s|d|ll|re|ve|m|t)(?![^\W\d_])"
    r"|\d\ds?(?!\w)"  # ’90s, '99
)


def _double_pattern(br: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?=[\n\"\u201c\u201d])(?:{br}"
        r"|(?P<curly_open>\u201c)"
        r"|(?P<curly_close>\u201d)"
        r"|(?P<straight_close>(?<=[^\s(\[{])\"(?![^\W_]))"  # after a word, before a space or punctuation
        r"|(?P<straight>\"))"
    )


def _single_pattern(br: str) -> re.Pattern[str]:
    # Marks between two word characters (don't, o'clock) never match.
    return re.compile(
        rf"(?=[\n'\u2018\u2019])(?:{br}"
        rf"|(?P<elision>(?:(?<![^{_OPENERS}])['\u2018\u2019]|\u2018(?=[^\W_]))(?={_ELIDED}))"
        rf"|(?P<open>(?<![^{_OPENERS}])['\u2018\u2019](?=\S)|\u2018(?=[^\W_]))"
        r"|(?P<close>(?<=[^\s(\[{])['\u2019](?![^\W_]))"
        r"|(?P<spaced>(?<=\s)['\u2019](?=\s)))"
    )


_DOUBLE_MARKS, _DOUBLE_MARKS_WRAPPED = _double_pattern(_LINE_BREAK), _double_pattern(_BLANK_LINE)
_SINGLE_MARKS, _SINGLE_MARKS_WRAPPED = _single_pattern(_LINE_BREAK), _single_pattern(_BLANK_LINE)

# A mark that closes a sentence is dialogue, not an apostrophe.
_CLOSES_DOUBLE = re.compile(r'[,.!?\u2026\u2014\u2013-]["\u201d]')
_CLOSES_SINGLE = re.compile(r"[,.!?\u2026\u2014\u2013-]['\u2019]")
_SENTENCE_PUNCT = set(",.!?\u2026\u2014\u2013-;:")
_WORD = re.compile(r"\S+")
_SPEECH_VERB_BEFORE = re.compile(
    r"(?:say|says|said|saying|ask|asks|asked|answer|answered|reply|replied|yell|yelled|shout|shouted|"
    r"whisper|whispered|scream|screamed|call|called|cry|cried|mutter|muttered|go|goes|went|like)\s*$",
    re.IGNORECASE,
)

Scanned = list[tuple[int, int, float]]  # (start, end, confidence) before the speech check


def find(chapter: Chapter) -> list[Quote]:
    """Every quote in the chapter, in text order."""
    text = chapter.text
    if not text:
        return []
    wrapped = is_hard_wrapped(text)
    if dialogue_mark(text) == "single":
        spans = _scan_single(text, _SINGLE_MARKS_WRAPPED if wrapped else _SINGLE_MARKS)
    else:
        spans = _scan_double(text, _DOUBLE_MARKS_WRAPPED if wrapped else _DOUBLE_MARKS)
    number = chapter.number
    return [
        Quote(number, start, end, text[start:end], confidence=_speechlike(text, start, end, confidence))
        for start, end, confidence in spans
        if end - start > 1
    ]


def dialogue_mark(text: str) -> str:
    """"double" or "single": which quotation mark this text's dialogue uses."""
    single = len(_CLOSES_SINGLE.findall(text))
    return "single" if single > len(_CLOSES_DOUBLE.findall(text)) else "double"


def is_hard_wrapped(text: str, sample: int = 2000) -> bool:
    """Whether lines are wrapped at a fixed width, so paragraphs are blocks between blank lines."""
    lines = text.split("\n", sample)[:sample]
    if len(lines) < 6 or "" not in (line.strip() for line in lines):
        return False
    running_on = [len(line) for line, after in zip(lines, lines[1:]) if line.strip() and after.strip()]
    filled = sum(1 for length in running_on if 40 <= length <= 100)
    non_empty = [len(line) for line in lines if line.strip()]
    too_long = sum(1 for length in non_empty if length > 120)
    return len(running_on) * 2 >= len(non_empty) and filled * 5 >= len(running_on) * 4 and too_long * 50 <= len(non_empty)


def _scan_double(text: str, pattern: re.Pattern[str]) -> Scanned:
    """Quotes in a chapter whose dialogue mark is double; single marks never matter here."""
    out: Scanned = []
    add = out.append
    para_start = 0
    para_quotes = 0  # marks that opened or closed a quote in this paragraph
    open_at = -1
    open_conf = CLEAN
    nested = 0  # curly quotes open inside the open one
    for match in pattern.finditer(text):
        kind = match.lastgroup
        i = match.start()
        if kind == "br":
            if open_at >= 0:
                reopens = text[match.end() : match.end() + 8].lstrip()[:1] in _DOUBLE_OPENINGS
                add((open_at, _rstrip(text, open_at, i), min(open_conf, NEXT_PARAGRAPH_REOPENS if reopens else UNCLOSED)))
                open_at = -1
            para_start, para_quotes, nested = match.end(), 0, 0
        elif kind == "curly_open" or (kind == "straight" and open_at < 0):
            if open_at >= 0:
                if kind == "curly_open" and _nested(text, i, pattern, "curly_open", "curly_close"):
                    nested += 1  # “He said “afternoon” to me.”
                    continue
                add((open_at, _rstrip(text, open_at, i), min(open_conf, FORGOTTEN_CLOSING)))
            open_at, open_conf = i, CLEAN
            para_quotes += 1
        elif open_at >= 0:
            if nested:
                nested -= 1
            else:
                add((open_at, i + 1, open_conf))
                open_at = -1
                para_quotes += 1
        elif kind == "curly_close" and (i == para_start or text[i - 1] in _OPENERS_SET) and not text[i + 1 : i + 2].isspace():
            open_at, open_conf = i, MISCURLED_OPENING  # ”Hello,” he said.
            para_quotes += 1
        elif para_quotes == 0 and i > para_start and text[i - 1] in _SENTENCE_PUNCT:
            add((_lstrip(text, para_start, i), i + 1, MISSING_OPENING))  # Hello," he said.
            para_quotes += 1
    if open_at >= 0:
        add((open_at, _rstrip(text, open_at, len(text)), min(open_conf, UNCLOSED)))
    return out


def _scan_single(text: str, pattern: re.Pattern[str]) -> Scanned:
    """Quotes in a chapter whose dialogue mark is single: apostrophes are the hard part."""
    out: Scanned = []
    add = out.append
    para_start = 0
    para_quotes = 0
    open_at = -1
    open_conf = CLEAN
    elided_at = -1  # a leading elision seen while no quote is open ('Cause I said so,')
    nested = 0
    for match in pattern.finditer(text):
        kind = match.lastgroup
        i = match.start()
        if kind == "br":
            if open_at >= 0:
                reopens = text[match.end() : match.end() + 8].lstrip()[:1] in _SINGLE_OPENINGS
                add((open_at, _rstrip(text, open_at, i), min(open_conf, NEXT_PARAGRAPH_REOPENS if reopens else UNCLOSED)))
                open_at = -1
            para_start, para_quotes, elided_at, nested = match.end(), 0, -1, 0
        elif kind == "elision":
            if open_at < 0:
                elided_at = i
        elif kind == "open":
            if open_at < 0:
                open_at, open_conf = i, (MISCURLED_OPENING if text[i] == _SINGLE_CLOSE else CLEAN)
                para_quotes += 1
                elided_at = -1
            elif text[i] == _SINGLE_OPEN:
                if _nested(text, i, pattern, "open", "close"):
                    nested += 1  # ‘to say ‘good-by,’ than ‘how do you do.’’
                else:
                    add((open_at, _rstrip(text, open_at, i), min(open_conf, FORGOTTEN_CLOSING)))
                    open_at, open_conf = i, CLEAN
            # a straight or ’ mark opening inside a quote: an apostrophe
        elif open_at >= 0:  # close or spaced
            if kind == "close" and text[i - 1].isalpha() and _closes_later(text, i + 1, pattern):
                continue  # the boys' bags, James' book
            if nested:
                nested -= 1
                continue
            add((open_at, i + 1, open_conf))
            open_at = -1
            para_quotes += 1
        elif kind == "close" and text[i - 1] in _SENTENCE_PUNCT:
            if elided_at >= 0:
                add((elided_at, i + 1, ELIDED_OPENING))
                elided_at = -1
                para_quotes += 1
            elif para_quotes == 0:
                add((_lstrip(text, para_start, i), i + 1, MISSING_OPENING))
                para_quotes += 1
    if open_at >= 0:
        add((open_at, _rstrip(text, open_at, len(text)), min(open_conf, UNCLOSED)))
    return out


_OPENERS_SET = set(" \t\n\f\v\u00a0([{<\u2014\u2013-/*_~\"\u201c\u2018")


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _nested(text: str, start: int, pattern: re.Pattern[str], opening: str, closing: str) -> bool:
    """Whether the paragraph from ``start`` closes more curly quotes than it opens, so the
    quote opening at ``start`` sits inside the one already open."""
    curly_open, curly_close = (_DOUBLE_OPEN, _DOUBLE_CLOSE) if opening == "curly_open" else (_SINGLE_OPEN, _SINGLE_CLOSE)
    balance = 0
    for match in pattern.finditer(text, start):
        kind = match.lastgroup
        if kind == "br":
            break
        mark = text[match.start()]
        if kind == opening and mark == curly_open:
            balance += 1
        elif kind in (closing, "straight_close") and mark == curly_close:
            i = match.start()
            if not text[i - 1].isspace() and not text[i + 1 : i + 2].isalnum():
                balance -= 1
    return balance < 0


def _closes_later(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    """Whether a closing mark after punctuation follows in this paragraph before any opening one."""
    for match in pattern.finditer(text, start):
        kind = match.lastgroup
        if kind == "br" or kind == "open":
            return False
        if kind == "close" and text[match.start() - 1] in _SENTENCE_PUNCT:
            return True
    return False


def _speechlike(text: str, start: int, end: int, confidence: float) -> float:
    """Lower the confidence of a short quote inside a sentence of narration: a title or a scare quote."""
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or not text[j - 1].isalpha():
        return confidence  # most dialogue opens a paragraph or follows , : or a full stop
    inner = text[start:end].strip(_MARKS_AND_SPACE)
    if not inner or inner[-1] in "!?" or len(_WORD.findall(inner, 0, 60)) > 4:
        return confidence
    if _SPEECH_VERB_BEFORE.search(text, max(0, j - 12), j):
        return confidence
    return min(confidence, NOT_SPEECH)


def run(doc: Inputs) -> dict[str, list[Quote]]:
    return {"quotes": [quote for chapter in doc.work.chapters for quote in find(chapter)]}


STAGE = Stage(name="quotes", reads=("work",), assigns=("quotes",), compute=run)
