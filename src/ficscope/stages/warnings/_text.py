"""A chapter prepared for reading: straightened text, sentences found on demand, the
quotes, author's notes and character mentions a cue may fall in."""

from __future__ import annotations

from bisect import bisect_right

from ... import knowledge
from ...model import Chapter, ChapterLayout, Mention, Quote, Span
from ..nlp import sentences

Bounds = tuple[int, int]  # a stretch of a chapter: (start, end)

WINDOW = 2  # sentences either side of a cue for detail words and required lexicons
_CURLY = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u201c", '"'), ("\u201d", '"'))


class ChapterText:
    """One chapter prepared for reading: straightened text, sentences, quotes, mentions.

    A sentence is its (start, end) in the chapter. Sentences are split one line at a
    time, on first use: they never cross a line break, and most lines hold no cue.
    """

    def __init__(
        self,
        chapter: Chapter,
        layout: ChapterLayout | None,
        quotes: list[Quote],
        mentions: list[Mention],
        antecedents: dict[int, str] | None = None,
    ) -> None:
        self.chapter = chapter
        # offset of a pronoun or epithet -> the character the coreference stage found it means
        self.antecedents = antecedents or {}
        self.text = chapter.text
        self.norm = straighten(chapter.text)
        self._lines: dict[int, list[Bounds]] = {}
        self._figures: dict[Bounds, list[Bounds]] = {}
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.quote_starts = [q.start for q in self.quotes]
        self.notes = [(s.start, s.end) for s in (layout.author_notes if layout else [])]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]

    def _line(self, offset: int) -> list[Bounds]:
        start = self.text.rfind("\n", 0, offset) + 1
        found = self._lines.get(start)
        if found is None:
            end = self.text.find("\n", offset)
            found = self._lines[start] = sentences(self.text, start, len(self.text) if end < 0 else end)
        return found

    def sentence_at(self, offset: int) -> Bounds | None:
        line = self._line(offset)
        index = bisect_right(line, (offset, len(self.text) + 1)) - 1
        return line[index] if index >= 0 and offset < line[index][1] else None

    def _step(self, sentence: Bounds, forward: bool) -> Bounds | None:
        """The sentence after (or before) this one, across blank lines."""
        line = self._line(sentence[0])
        index = line.index(sentence) + (1 if forward else -1)
        if 0 <= index < len(line):
            return line[index]
        position = sentence[1] if forward else sentence[0] - 1
        while 0 <= position < len(self.text):
            if not self.text[position].isspace():
                found = self._line(position)
                return found[0 if forward else -1] if found else None
            position += 1 if forward else -1
        return None

    def after(self, sentence: Bounds, count: int) -> Bounds:
        """The sentence ``count`` sentences later, or the last there is."""
        for _ in range(count):
            sentence = self._step(sentence, True) or sentence
        return sentence

    def window(self, sentence: Bounds, reach: int = WINDOW) -> Bounds:
        """From ``reach`` (two) sentences before this one to as many after."""
        first = last = sentence
        for _ in range(reach):
            first = self._step(first, False) or first
            last = self._step(last, True) or last
        return first[0], last[1]

    def figures(self, sentence: Bounds) -> list[Bounds]:
        """Figures of speech in a sentence ("killing me", "blood on my hands"), found once."""
        found = self._figures.get(sentence)
        if found is None:
            found = self._figures[sentence] = knowledge.idiom_index().spans(self.norm, *sentence)
        return found

    def figures_between(self, start: int, end: int) -> list[list[Bounds]]:
        """``figures`` of every sentence from the one at ``start`` to the one ending at ``end``."""
        found = []
        sentence = self.sentence_at(start)
        while sentence is not None and sentence[0] < end:
            found.append(self.figures(sentence))
            following = self._step(sentence, True)
            sentence = following if following != sentence else None
        return found

    def span(self, sentence: Bounds) -> Span:
        start, end = sentence
        return Span(self.chapter.number, start, end, self.text[start:end])

    def quote_at(self, offset: int) -> Quote | None:
        index = bisect_right(self.quote_starts, offset) - 1
        if index >= 0 and self.quotes[index].start <= offset < self.quotes[index].end:
            return self.quotes[index]
        return None

    def in_notes(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.notes)

    def mention_at(self, offset: int) -> Mention | None:
        index = bisect_right(self.mention_starts, offset) - 1
        if index >= 0 and self.mentions[index].start <= offset < self.mentions[index].end:
            return self.mentions[index]
        return None

    def mention_before(self, offset: int, gender: str | None, genders: dict[str, str | None], reach: int = 2000) -> Mention | None:
        """The closest character named before ``offset`` whom a pronoun of ``gender`` can mean."""
        index = bisect_right(self.mention_starts, offset) - 1
        while index >= 0 and self.mentions[index].start >= offset - reach:
            mention = self.mentions[index]
            if gender is None or genders.get(mention.character) in (gender, None):
                return mention
            index -= 1
        return None


def straighten(text: str) -> str:
    """Curly quotes and apostrophes made straight, one character for one: offsets hold."""
    for curly, straight in _CURLY:
        if curly in text:
            text = text.replace(curly, straight)
    return text


def lexicon_in(name: str, text: str, start: int, end: int) -> bool:
    """True if a word of the lexicon ``name`` stands in ``text[start:end]``."""
    return knowledge.warning_lexicon(name).search(text, start, end) is not None


def overlaps(spans: list[Bounds], start: int, end: int) -> bool:
    """True if any of ``spans`` overlaps ``start:end``."""
    return any(s < end and start < e for s, e in spans)
