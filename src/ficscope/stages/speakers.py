"""Who says each line of dialogue, and to whom.

What a careful reader uses, strongest first: a speech tag naming the speaker
("said Alec", "Alec growled"), a pronoun tag resolved to the character it can only
mean ("he snapped" with one man on stage), an action beat in the same paragraph
("Magnus smirked. 'No.'"), and in an exchange of untagged lines, turn-taking between
the two people talking. A name inside the quote set off by commas is the addressee
(vocative), and never the speaker.

``attribute`` is pure over one chapter's text, its quotes, its mentions and the
characters' genders.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from ..model import Character, Chapter, Mention, Quote
from ..pipeline import Document, Stage

SPEECH_VERBS = (
    "said|says|asked|asks|replied|replies|answered|whispered|shouted|yelled|murmured|muttered|"
    "snapped|growled|hissed|called|cried|laughed|sighed|added|continued|insisted|admitted|agreed|"
    "argued|breathed|chuckled|demanded|exclaimed|groaned|grumbled|joked|mumbled|offered|pleaded|"
    "promised|repeated|scoffed|screamed|stammered|teased|told|warned|wondered|drawled|purred|"
    "croaked|gasped|sobbed|whimpered|huffed|countered|interrupted|explained|declared|blurted|"
    "began|started|finished|corrected|suggested|protested|retorted|spat|barked|snarled|"
    "rasped|quipped|mused|noted|observed|went on|ordered|commanded|shot back|choked out|bit out|managed|"
    "returned|rejoined|resumed|asserted|challenged|hesitated|persisted|urged|inquired|enquired|remarked|"
    "responded|pursued|faltered|ventured|conceded|repeated|cried out|called out|went on|exclaimed"
)

_AFTER_TAG = re.compile(
    rf"^\s*[,.!?\u2014\u2013-]?\s*(?:(?P<verb1>{SPEECH_VERBS})\s+(?P<who1>(?:(?:Mr|Mrs|Ms|Dr)\.?\s)?[A-Z][\w'\u2019.-]*(?:\s[A-Z][\w'\u2019-]*)?|he|she|they|I)\b"
    rf"|(?P<who2>(?:(?:Mr|Mrs|Ms|Dr)\.?\s)?[A-Z][\w'\u2019.-]*(?:\s[A-Z][\w'\u2019-]*)?|[Hh]e|[Ss]he|[Tt]hey|I)\s+(?:\w+ly\s+)?(?P<verb2>{SPEECH_VERBS})\b)"
)
_BEFORE_TAG = re.compile(
    rf"(?P<who>[A-Z][\w'\u2019.-]*(?:\s[A-Z][\w'\u2019-]*)?|[Hh]e|[Ss]he|[Tt]hey|I)\s+(?:\w+ly\s+)?(?P<verb>{SPEECH_VERBS})"
    rf"(?:\s+[\w'\u2019-]+){{0,6}}\s*[,:]\s*$|"  # "Meg said in an altered tone,"
    rf"(?P<who_b>[A-Z][\w'\u2019.-]*(?:\s[A-Z][\w'\u2019-]*)?|[Hh]e|[Ss]he|[Tt]hey|I)\s+(?:\w+ly\s+)?(?P<verb_b>{SPEECH_VERBS})\s*$"
)
_BEAT_SUBJECT = re.compile(r"(?:^|[.!?\u2026]\s+|\n)\s*(?P<who>[A-Z][\w'\u2019.-]*(?:\s[A-Z][\w'\u2019-]*)?|He|She|They|I)\s+(?:\w+ly\s+)?[a-z]")
# "Magnus, I ..." at the start, or ", Magnus." / ", Magnus!" / ", Magnus," anywhere.
_VOCATIVE = re.compile(r"(?:^[\"'\u201c\u2018]\s*(?P<a>[A-Z][\w'\u2019-]*)\s*[,!?])|(?:,\s*(?P<b>[A-Z][\w'\u2019-]*(?:\s[A-Z][\w'\u2019-]*)?)\s*(?:[.!?,\u2026\u2014]|-{2}))")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")

CONFIDENCE = {"tag": 0.95, "pronoun": 0.8, "beat": 0.75, "turn": 0.6, "narrator": 0.85}


class _Chapter:
    """Look-ups over one chapter: its mentions by offset, paragraph bounds."""

    def __init__(self, chapter: Chapter, mentions: list[Mention], genders: dict[str, str | None], pov: str | None) -> None:
        self.text = chapter.text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.genders = genders
        self.pov = pov
        self.breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(self.text)]
        self.all_mentions = self.mentions

    def paragraph(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.breaks, offset)
        start = self.breaks[i - 1] if i else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end

    def mention_at(self, start: int, end: int) -> Mention | None:
        for mention in self.all_mentions[bisect_left(self.all_starts, start) :]:
            return mention if mention.start < end else None
        return None

    @property
    def all_mentions(self) -> list[Mention]:
        return self._all

    @all_mentions.setter
    def all_mentions(self, mentions: list[Mention]) -> None:
        self._all = mentions
        self.all_starts = [m.start for m in mentions]

    def recent(self, before: int, gender: str | None, exclude: set[str], limit: int = 3) -> list[str]:
        """The characters most recently named before ``before`` (closest first)."""
        found: list[str] = []
        i = bisect_left(self.starts, before) - 1
        while i >= 0 and len(found) < limit:
            name = self.mentions[i].character
            if name not in found and name not in exclude and (gender is None or self.genders.get(name) in (gender, None)):
                found.append(name)
            i -= 1
        return found


def _resolve(
    ch: _Chapter, who: str, at: int, start: int, end: int, exclude: set[str], avoid: str | None = None
) -> tuple[str | None, str]:
    """A tag's subject (a name or pronoun found at ``start:end``) to a character.

    A pronoun means the closest character of its gender who is not being spoken to;
    in a new paragraph of an exchange, preferably not the one who spoke last."""
    mention = ch.mention_at(start, end)
    if mention is not None:
        return mention.character, "tag"
    lowered = who.lower()
    if lowered == "i":
        return ch.pov, "narrator"
    if lowered in ("he", "she"):
        # The closest character of that gender who is not being spoken to.
        candidates = ch.recent(at, lowered, exclude=exclude, limit=3)
        preferred = candidates
        return (preferred[0] if preferred else None), "pronoun"
    return None, "tag"


def _vocative(ch: _Chapter, quote: Quote) -> str | None:
    match = _VOCATIVE.search(quote.text)
    if not match:
        return None
    group = "a" if match.group("a") else "b"
    start = quote.start + match.start(group)
    mention = ch.mention_at(start, quote.start + match.end(group))
    return mention.character if mention else None


def attribute(chapter: Chapter, quotes: list[Quote], mentions: list[Mention], characters: list[Character], pov: str | None = None) -> list[Quote]:
    """The chapter's quotes with speaker, addressee and confidence filled where the text allows.

    An "I" who speaks in a first-person chapter with no POV header is named by what
    the others call them: the name used as a vocative in the lines next to theirs."""
    results, narrator_lines = _attribute(chapter, quotes, mentions, characters, pov)
    if pov is None and narrator_lines:
        named: dict[str, int] = {}
        for i in narrator_lines:
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < len(results) and j not in narrator_lines and results[j].addressee:
                    named[results[j].addressee] = named.get(results[j].addressee, 0) + 1
        if named:
            narrator = max(named, key=lambda name: named[name])
            if named[narrator] >= 2 or len(named) == 1:
                results, _ = _attribute(chapter, quotes, mentions, characters, narrator)
    return results


def _attribute(
    chapter: Chapter, quotes: list[Quote], mentions: list[Mention], characters: list[Character], pov: str | None
) -> tuple[list[Quote], list[int]]:
    genders = {c.name: c.gender for c in characters}
    # A name said inside dialogue is rarely what a later "he said" points back to.
    spans = sorted((q.start, q.end) for q in quotes)
    starts = [s for s, _ in spans]

    def in_dialogue(m: Mention) -> bool:
        i = bisect_right(starts, m.start) - 1
        return i >= 0 and spans[i][0] <= m.start < spans[i][1]

    ch = _Chapter(chapter, [m for m in mentions if not in_dialogue(m)], genders, pov)
    ch.all_mentions = sorted(mentions, key=lambda m: m.start)
    text = ch.text
    ordered = sorted(quotes, key=lambda q: q.start)
    results: list[Quote] = []
    paragraph_speaker: dict[tuple[int, int], tuple[str, str]] = {}
    narrator_lines: list[int] = []
    last_speakers: list[str] = []  # most recent first, distinct
    previous_paragraph: tuple[int, int] | None = None
    for index, quote in enumerate(ordered):
        para = ch.paragraph(quote.start)
        addressee = _vocative(ch, quote)
        exclude = {addressee} if addressee else set()
        new_paragraph = para != previous_paragraph
        avoid = last_speakers[0] if last_speakers and new_paragraph else None
        speaker, how = None, ""
        # 1. A tag right after the quote, before the next quote in the paragraph.
        next_start = ordered[index + 1].start if index + 1 < len(ordered) else len(text)
        after = text[quote.end : min(para[1], next_start)]
        match = _AFTER_TAG.match(after)
        if match:
            group = "who1" if match.group("who1") else "who2"
            who = match.group(group)
            speaker, how = _resolve(ch, who, quote.start, quote.end + match.start(group), quote.end + match.end(group), exclude, avoid)
        # 2. A tag just before the quote: 'Alec said, "..."'.
        if speaker is None:
            prev_end = ordered[index - 1].end if index and ordered[index - 1].end > para[0] else para[0]
            before = text[prev_end : quote.start]
            match = _BEFORE_TAG.search(before)
            if match:
                group = "who" if match.group("who") else "who_b"
                speaker, how = _resolve(ch, match.group(group), prev_end + match.start(group), prev_end + match.start(group), prev_end + match.end(group), exclude, avoid)
        # A tag that names someone we cannot resolve (an "I" with no name yet, a name that
        # is not a character) still says who it is not: no guessing from beats or turns.
        tagged_unknown = speaker is None and how != ""
        # 3. Another quote of the same paragraph already has a speaker.
        if speaker is None and not tagged_unknown and para in paragraph_speaker:
            speaker, how = paragraph_speaker[para]
        # 4. An action beat: the subject of a narration sentence in the paragraph.
        if speaker is None and not tagged_unknown:
            speaker, how = _beat(ch, ordered, para, quote, exclude, avoid)
        # 5. Turn-taking in a two-person exchange.
        if speaker is None and not tagged_unknown and previous_paragraph is not None and len(last_speakers) >= 2 and para != previous_paragraph:
            candidate = last_speakers[1]
            if candidate not in exclude:
                speaker, how = candidate, "turn"
        if speaker is not None and speaker == addressee:
            speaker, how = None, ""
        if speaker is not None:
            paragraph_speaker.setdefault(para, (speaker, how))
            if not last_speakers or last_speakers[0] != speaker:
                last_speakers = [speaker] + [s for s in last_speakers if s != speaker][:3]
        if addressee is None and speaker is not None and len(last_speakers) >= 2 and how != "turn":
            addressee = last_speakers[1] if last_speakers[0] == speaker else None
        results.append(replace(quote, speaker=speaker, addressee=addressee, confidence=round(CONFIDENCE.get(how, 0.0) * (quote.confidence or 1.0), 3) if speaker else 0.0))
        if speaker is None and how == "narrator":
            narrator_lines.append(index)
        previous_paragraph = para
    return results, narrator_lines


def _beat(
    ch: _Chapter, ordered: list[Quote], para: tuple[int, int], quote: Quote, exclude: set[str], avoid: str | None
) -> tuple[str | None, str]:
    text = ch.text
    inside = [(q.start, q.end) for q in ordered if para[0] <= q.start < para[1]]
    cursor = para[0]
    pieces: list[tuple[int, int]] = []
    for start, end in inside:
        if start > cursor:
            pieces.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < para[1]:
        pieces.append((cursor, para[1]))
    for start, end in pieces:
        segment = text[start:end]
        for match in _BEAT_SUBJECT.finditer(segment):
            who_start = start + match.start("who")
            speaker, how = _resolve(ch, match.group("who"), who_start, who_start, start + match.end("who"), exclude, avoid)
            if speaker is not None and speaker not in exclude:
                return speaker, "beat" if how == "tag" else how
    return None, ""


def run(doc: Document) -> None:
    quotes: list[Quote] = doc.products.get("quotes", [])
    mentions: list[Mention] = doc.products.get("mentions", [])
    characters: list[Character] = doc.products.get("characters", [])
    layout = doc.products.get("layout", [])
    attributed: list[Quote] = []
    for chapter in doc.work.chapters:
        chapter_quotes = [q for q in quotes if q.chapter == chapter.number]
        if not chapter_quotes:
            continue
        chapter_mentions = [m for m in mentions if m.chapter == chapter.number]
        povs = [s.pov for s in layout[chapter.number - 1].sections if s.pov] if layout else []
        attributed.extend(attribute(chapter, chapter_quotes, chapter_mentions, characters, povs[0] if povs else None))
    doc.products["quotes"] = attributed


STAGE = Stage(name="speakers", requires=("quotes", "characters", "mentions"), produces=("speakers",), run=run)
