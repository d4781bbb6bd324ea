"""Who says each line of dialogue, and to whom.

What a careful reader uses, strongest first: a speech tag naming the speaker
("said Alec", "Alec growled", "said the girl"), a pronoun tag resolved to the
character it can only mean ("he snapped" with one man on stage), an action beat in
the same paragraph ("Magnus smirked. 'No.'"), the name the neighbouring line calls
its listener ("Florence" in the reply to an untagged line), a phone call's two ends,
and in an exchange of untagged lines, turn-taking between the two people talking. A
name inside the quote set off by commas is the addressee (vocative), never the speaker.

Someone who speaks but is never named ("said the waggoner", "his mother had
replied") is named by the words the text uses: "the waggoner", "his mother", and
gets a character entry of their own (``named=False``).

``attribute`` is pure over one chapter's text, its quotes, its mentions and the
characters' genders.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .. import knowledge
from ..model import Character, Chapter, Mention, Quote
from ..pipeline import Inputs, Stage
from . import speaker_model, speaker_names, speech_tags
from .speech_tags import Tag

# How sure each kind of cue makes us.
CONFIDENCE = {
    "tag": 0.95,
    "nominal": 0.9,
    "narrator": 0.85,
    "pronoun": 0.8,
    "beat": 0.75,
    "epithet": 0.7,
    "vocative": 0.7,
    "phone": 0.65,
    "turn": 0.6,
}
# Who "I" is in a first-person chapter when nothing names them.
NARRATOR = "the narrator"
# How often the model chooses again, reading the lines around each quote as it chose them.
SETTLING_PASSES = 1
# A pronoun looks back at most this far for the person it stands for.
PRONOUN_WINDOW = 2500
# No line of hard-wrapped text is longer than this.
WRAPPED_WIDTH = 90
# An unnamed person described this far back is still the one a description means.
ON_STAGE = 2000

_NAME_WORD = r"[A-Z][\w'\u2019-]*"
_DEAR = r"(?:(?:my\s+)?(?:dear(?:est)?|darling|poor|good|old)\s+)?"
# "Magnus, I ..." at the start, or ", Magnus." / ", my dear Watson," anywhere.
_VOCATIVE = re.compile(
    rf"(?:^[\"'\u201c\u2018]\s*{_DEAR}(?P<a>[\w'\u2019-]+(?:\s{_NAME_WORD})?)(?=\s*[,!?]))"
    rf"|(?:,\s*{_DEAR}(?P<b>[\w'\u2019-]+(?:\s{_NAME_WORD})?)(?=\s*(?:[.!?,\u2026\u2014]|-{{2}}|[\"'\u201d\u2019]?$)))",
    re.IGNORECASE,
)
_BEAT_SUBJECT = re.compile(
    r"(?:^|[.!?\u2026]\s+|\n)\s*(?P<who>(?:The|His|Her|My|Our|Their)\s+[a-z][\w'\u2019-]*(?:\s+[a-z][\w'\u2019-]*)?"
    r"|[A-Z][\w'\u2019.-]*(?:\s[A-Z][\w'\u2019-]*)?|He|She|They|I)\s+(?:\w+ly\s+)?[a-z]"
)
_PHONE = re.compile(
    r"\b(?:phone|cellphone|mobile|voicemail|receiver|the line|speakerphone|dial(?:l)?ed|rang|ringing|buzzed|"
    r"picked up|answered|called|calling|texted)\b",
    re.IGNORECASE,
)
_PICKED_UP = re.compile(r"\b(?:picked up|answered|accepted|took the call|swiped)\b", re.IGNORECASE)
_COMPARATIVE = frozenset({"other", "older", "younger", "elder", "taller", "shorter", "bigger", "smaller", "first", "second"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_LONE_NEWLINE = re.compile(r"(?<!\n)[^\S\n]*\n(?![^\S\n]*\n)")
# Words that address anyone ("sir", "man"): a listener, but not one to name a speaker by.
_ADDRESS_WORDS = frozenset({"sir", "madam", "mister", "miss", "lady", "man", "boy", "girl", "guy", "kid", "child", "lad", "fellow", "gentleman", "master", "mistress", "friend", "stranger"})


def paragraph_breaks(text: str) -> list[int]:
    """Where paragraphs start. A line break ends a paragraph, except in hard-wrapped
    text (lines broken within paragraphs, blank lines between them, as in Project
    Gutenberg's novels), where only a blank line does. Text is hard-wrapped when its
    lone line breaks outnumber its blank lines twice over, or (a novel of short
    exchanges) half as many with hardly a line longer than a wrapped line can be."""
    blank = len(_BLANK_LINE.findall(text))
    lone = len(_LONE_NEWLINE.findall(text))
    wrapped = blank and (lone > 2 * blank or (lone > blank / 2 and _long_line_share(text) < 0.01))
    return [m.end() for m in (_BLANK_LINE if wrapped else _PARAGRAPH_BREAK).finditer(text)]


def _long_line_share(text: str) -> float:
    lines = [line for line in text.split("\n") if line.strip()]
    return sum(len(line) > WRAPPED_WIDTH for line in lines) / len(lines) if lines else 0.0


@dataclass(frozen=True, slots=True)
class PovSection:
    """A stretch of a chapter under a POV header ("Magnus' POV"), told in the first
    person (the header names "I") or in close third ("he" is most often them)."""

    start: int
    end: int
    who: str
    first_person: bool


@dataclass(slots=True)
class _Nominal:
    label: str
    gender: str | None


class _Chapter:
    """Look-ups over one chapter: its mentions by offset, paragraph bounds, unnamed speakers."""

    def __init__(
        self,
        chapter: Chapter,
        narration: list[Mention],
        everything: list[Mention],
        genders: dict[str, str | None],
        pov: str | None,
        in_dialogue: Callable[[int], bool] = lambda offset: False,
        sections: Sequence[PovSection] = (),
    ) -> None:
        self.text = chapter.text
        self.mentions = sorted(narration, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.named = {m.character for m in everything}
        self.all_mentions = sorted(everything, key=lambda m: m.start)
        self.all_starts = [m.start for m in self.all_mentions]
        # A name the mentions missed at one place ("said Tom") means whoever that name
        # means elsewhere in the chapter, when it always means the same person.
        owners: dict[str, set[str]] = {}
        for m in everything:
            owners.setdefault(" ".join(m.text.split()).lower(), set()).add(m.character)
        self.by_text = {text: next(iter(who)) for text, who in owners.items() if len(who) == 1}
        self.genders = dict(genders)
        self.pov = pov
        self.sections = sorted(sections, key=lambda s: s.start)
        self.breaks = paragraph_breaks(self.text)
        self.nominals: dict[str, _Nominal] = {}  # description -> the unnamed person it names
        self.last_by_head: dict[str, _Nominal] = {}  # head noun -> the last person it described
        self.unsexed: set[str] = set()  # unnamed people whose noun says nothing of gender
        self.described_at: dict[str, list[int]] = {}  # unnamed person -> where the text describes them
        self._scan_nominals(in_dialogue)

    def _scan_nominals(self, in_dialogue: Callable[[int], bool]) -> None:
        """Unnamed people the narration brings in ("an old labouring man") and refers back
        to ("the man"), so that a later "he said" can mean them. A definite description
        with no introduction ("the boy") is left alone: in fan fiction it is most often
        an epithet for someone named."""
        for match in speech_tags.description_pattern().finditer(self.text):
            if in_dialogue(match.start()):
                continue
            words = match.group(0).split()
            if _COMPARATIVE & {w.lower() for w in words[1:-1]}:
                continue
            head = match.group("head").lower()
            if match.group("det").lower() in ("a", "an") or head in self.last_by_head:
                self.add_nominal(match.group(0), match.start(), match.end())

    def section_at(self, offset: int) -> PovSection | None:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None

    def narrator_at(self, offset: int) -> str:
        """Who "I" is at ``offset``: the first-person section's header, else the chapter's."""
        section = self.section_at(offset)
        if section is not None and section.first_person:
            return section.who
        return self.pov or NARRATOR

    def close_third(self, offset: int, pronoun: str, avoid: str | None) -> str | None:
        """The POV character a "he"/"she" at ``offset`` means in a close-third section,
        unless the paragraph's narration before it names someone else of that gender or
        the line answers the POV character's own."""
        section = self.section_at(offset)
        if section is None or section.first_person or self.genders.get(section.who) not in (pronoun, None):
            return None
        if avoid == section.who:
            return None
        para_start = self.paragraph(offset)[0]
        for mention in self.mentions[bisect_left(self.starts, para_start) : bisect_left(self.starts, offset)]:
            if mention.character != section.who and self.genders.get(mention.character) == pronoun:
                return None
        return section.who

    def starts_sentence(self, offset: int) -> bool:
        """Whether a sentence or the paragraph starts at ``offset``."""
        before = self.text[max(self.paragraph(offset)[0], offset - 4) : offset].rstrip()
        return not before or before[-1] in ".!?\u2026\"\u201d"

    def paragraph(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.breaks, offset)
        start = self.breaks[i - 1] if i else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end

    def mention_at(self, start: int, end: int) -> Mention | None:
        i = bisect_left(self.all_starts, start)
        if i < len(self.all_mentions) and self.all_mentions[i].start < end:
            return self.all_mentions[i]
        return None

    def named_by(self, who: str, start: int, end: int) -> str | None:
        """The character a name written at ``start``-``end`` means: the mention there,
        else whoever that name always means in the chapter."""
        mention = self.mention_at(start, end)
        if mention is not None:
            return mention.character
        words = who.rstrip(".").lower().split()
        # "said Tom Sunday" may be Tom on a Sunday: fewer words when all of them name no one.
        for n in range(len(words), 0, -1):
            if words[n - 1] in knowledge.honorifics() or words[n - 1].rstrip(".") in knowledge.honorifics():
                break  # "Mrs" alone names no one
            written = " ".join(words[:n])
            found = self.by_text.get(written) or self.holder_of(written, start)
            if found is not None:
                return found
        return None

    def holder_of(self, written: str, offset: int) -> str | None:
        """The character whose name holds every word of ``written`` ("Sikes" when the
        mentions missed it there), of several the one the text named last before
        ``offset``."""
        words = written.replace(".", " ").split()
        holders = {name for name in self.named if set(words) <= set(name.lower().replace(".", " ").split())}
        if len(holders) <= 1:
            return next(iter(holders), None)
        i = bisect_left(self.all_starts, offset) - 1
        while i >= 0 and offset - self.all_starts[i] <= PRONOUN_WINDOW:
            if self.all_mentions[i].character in holders:
                return self.all_mentions[i].character
            i -= 1
        return None

    def titled_character(self, title: str) -> str | None:
        """The one character whose name holds ``title`` ("the Colonel" is Colonel
        Saunders when no one else is a colonel)."""
        words = title.lower().split()
        found = {
            name
            for name in self.named
            if all(w in name.lower().replace(".", "").split() for w in words)
        }
        return next(iter(found)) if len(found) == 1 else None

    def add_nominal(self, who: str, start: int, end: int) -> str:
        """Register an unnamed person ("the girl") seen at ``start``; returns their label.

        People are told apart by their description ("the young man" is not "the aged
        man"); a bare noun ("the man") means the last one described with it."""
        head = speech_tags.nominal_head(who)
        key = speech_tags.nominal_label(who).split(None, 1)[1] if len(who.split()) > 1 else head
        nominal = self.nominals.get(key)
        if nominal is None and key == head:
            nominal = self.last_by_head.get(head)
        if nominal is None:
            gender = knowledge.person_nouns().get(head)
            nominal = self.nominals[key] = _Nominal(speech_tags.nominal_label(who), None if gender == "they" else gender)
            self.genders.setdefault(nominal.label, nominal.gender)
            if gender == "they":
                self.unsexed.add(nominal.label)
        self.last_by_head[head] = nominal
        insort(self.described_at.setdefault(nominal.label, []), start)
        mention = Mention(0, start, end, who, nominal.label)
        i = bisect_left(self.starts, start)
        if i >= len(self.mentions) or self.mentions[i].start != start:
            self.mentions.insert(i, mention)
            self.starts.insert(i, start)
        return nominal.label

    def on_stage(self, who: str, offset: int) -> bool:
        """Whether an unnamed person described this way is on stage at ``offset``: the
        text described them in the ``ON_STAGE`` characters before it ("an old man came
        in" ... "said the old man")."""
        head = speech_tags.nominal_head(who)
        key = speech_tags.nominal_label(who).split(None, 1)[1] if len(who.split()) > 1 else head
        nominal = self.nominals.get(key) or self.last_by_head.get(head)
        if nominal is None:
            return False
        seen = self.described_at.get(nominal.label, [])
        i = bisect_left(seen, offset)
        return i > 0 and offset - seen[i - 1] <= ON_STAGE

    def recent(
        self,
        before: int,
        gender: str | None,
        exclude: set[str],
        avoid: str | None = None,
        prefer: str | None = None,
        named_only: bool = False,
    ) -> str | None:
        """The person a pronoun of ``gender`` at ``before`` most likely means: the closest
        character of that gender not being spoken to, and, when ``avoid`` (who spoke the line just
        before) is one of two candidates, the other; one whose gender is unknown only
        when nobody of that gender is in reach."""
        unknown: str | None = None
        matching: list[str] = []
        first_start = -1  # where the closest match is named
        i = bisect_left(self.starts, before) - 1
        while i >= 0 and before - self.mentions[i].start <= PRONOUN_WINDOW and len(matching) < 4:
            mention = self.mentions[i]
            i -= 1
            name = mention.character
            if name in exclude or name in matching or (named_only and name not in self.named):
                continue
            known = self.genders.get(name)
            if gender is None or known == gender:
                if not matching:
                    first_start = mention.start
                matching.append(name)
            elif known is None and unknown is None and (name in self.named or name in self.unsexed):
                unknown = name
        if not matching:
            return unknown
        if prefer is not None and prefer in matching:
            return prefer
        if avoid is not None and matching[0] == avoid and len(matching) > 1:
            # The one who just spoke is the other person, unless this paragraph's own
            # narration makes them the subject ('Elinor laughed. "Excuse me," said she').
            if first_start < self.paragraph(before)[0] or not self.starts_sentence(first_start):
                return matching[1]
        return matching[0]

    def resolve(
        self, tag: Tag, offset: int, exclude: set[str], avoid: str | None = None, prefer: str | None = None
    ) -> tuple[str | None, str]:
        """A tag's subject to a speaker, with the kind of cue that named them."""
        start, end = offset + tag.start, offset + tag.end
        if tag.kind == "name":
            return self.named_by(tag.who, start, end), tag.strength
        if tag.kind == "titled":
            name = speech_tags.titled_name(tag.who)
            found = self.named_by(name, end - len(name), end) or self.titled_character(name)
            if found is not None:
                return found, tag.strength
            if tag.strength == "beat":
                return None, ""
            return self.add_nominal(tag.who, start, end), "nominal"
        lowered = tag.who.lower()
        if tag.kind == "pronoun":
            if lowered == "i":
                return self.narrator_at(start), "narrator"
            if lowered == "they":
                return None, "pronoun"
            return self.close_third(start, lowered, avoid) or self.recent(start, lowered, exclude, avoid, prefer), "pronoun"
        who = speech_tags.voice_owner(tag.who)
        if who != tag.who:
            # "his mother's voice" is his mother.
            tag = Tag(who, tag.start, tag.start + len(who), speech_tags.kind_of(who), tag.strength)
            if tag.kind == "name":
                mention = self.mention_at(start, start + len(who))
                return (mention.character, tag.strength) if mention else (None, "")
            lowered = who.lower()
        head = speech_tags.nominal_head(tag.who)
        if head in knowledge.not_speaker_nouns():
            return None, ""
        gender = knowledge.person_nouns().get(head)
        if gender in ("he", "she") and _COMPARATIVE & set(lowered.split()[1:-1]):
            # "the older man" is an epithet for someone already on stage.
            return self.recent(start, gender, exclude, avoid), "pronoun"
        if head not in knowledge.person_nouns() and tag.strength == "beat":
            return None, ""
        if gender in ("he", "she") and tag.strength == "tag" and lowered.startswith("the ") and not self.on_stage(tag.who, start):
            # "said the boy" with no boy introduced: in a story most often an epithet for
            # the last person of that gender named.
            named = self.recent(start, gender, exclude, avoid, named_only=True)
            if named is not None:
                return named, "epithet"
        return self.add_nominal(tag.who, start, end), "nominal" if tag.strength == "tag" else "beat"


def _addressee(ch: _Chapter, quote: Quote) -> str | None:
    """Who a line is said to: a name or a person word set off by commas inside it."""
    for match in _VOCATIVE.finditer(quote.text):
        group = "a" if match.group("a") else "b"
        word = match.group(group)
        start = quote.start + match.start(group)
        mention = ch.mention_at(start, quote.start + match.end(group))
        if mention is not None:
            return mention.character
        head = word.split()[0].lower()
        if knowledge.person_nouns().get(head) and head not in _ADDRESS_WORDS:
            nominal = ch.last_by_head.get(head)
            return nominal.label if nominal else head
    return None


def attribute(
    chapter: Chapter,
    quotes: list[Quote],
    mentions: list[Mention],
    characters: list[Character],
    pov: str | None = None,
    sections: Sequence[PovSection] = (),
) -> list[Quote]:
    """The chapter's quotes with speaker, addressee and confidence filled where the text allows.

    The rules below find each line's cue; after the weaker cues the shipped speaker
    model (``speaker_model``) chooses among the candidates, the rules' pick one of its
    features. Without a model file the rules' answers stand."""
    results, view = rules(chapter, quotes, mentions, characters, pov, sections)
    model = speaker_model.load()
    if model is None or not results:
        return results
    picks = _model_picks(model, view)
    for _ in range(SETTLING_PASSES):
        settled = [pick[0] or quote.speaker for pick, quote in zip(picks, results)]
        picks = _model_picks(model, replace(view, settled=settled))
    chosen = []
    given = sorted(quotes, key=lambda q: q.start)
    for quote, before, (speaker, probability) in zip(results, given, picks):
        if speaker is None:
            chosen.append(quote)
            continue
        confidence = round(probability * (before.confidence or 1.0), 3)
        chosen.append(replace(quote, speaker=speaker, confidence=confidence))
    return _addressees(chosen, view)


def _addressees(quotes: list[Quote], view: speaker_model.RuleView) -> list[Quote]:
    """Who each line is said to: the name it calls its listener, else whoever answers
    it in the next paragraph, else whoever spoke the line it answers."""
    found = []
    for i, quote in enumerate(quotes):
        speaker = quote.speaker
        addressee = view.vocatives[i] if view.vocatives[i] != speaker else None
        if addressee is None and speaker is not None:
            for j in (i + 1, i - 1):
                if 0 <= j < len(quotes) and view.paragraphs[j] != view.paragraphs[i]:
                    other = quotes[j].speaker
                    if other and other != speaker:
                        addressee = other
                        break
        found.append(replace(quote, addressee=addressee) if addressee != quote.addressee else quote)
    return found


def _model_picks(model: speaker_model.Model, view: speaker_model.RuleView) -> list[tuple[str | None, float]]:
    """The model's choice for each line after a cue it decides, else (None, 0.0)."""
    return [
        model.choose(options) if cue in model.decides else (None, 0.0)
        for cue, options in zip(view.cues, speaker_model.candidates(view))
    ]


def rules(
    chapter: Chapter,
    quotes: list[Quote],
    mentions: list[Mention],
    characters: list[Character],
    pov: str | None = None,
    sections: Sequence[PovSection] = (),
) -> tuple[list[Quote], speaker_model.RuleView]:
    """The rules' answers, and what they saw, for the speaker model to choose from.

    An "I" who speaks in a first-person chapter with no POV header is named by what
    the others call them: the name used as a vocative in the lines next to theirs."""
    results, narrator_lines, run = _attribute(chapter, quotes, mentions, characters, pov, sections)
    if pov is None and narrator_lines:
        # Only names the lines say ("Alec,"), not listeners inferred from turn-taking.
        vocatives = run[3]
        named: dict[str, int] = {}
        for i in narrator_lines:
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < len(results) and j not in narrator_lines and vocatives[j]:
                    named[vocatives[j]] = named.get(vocatives[j], 0) + 1
        known = {c.name for c in characters}
        named = {name: n for name, n in named.items() if name in known}
        if named:
            narrator = max(named, key=lambda name: named[name])
            if named[narrator] >= 2 or len(named) == 1:
                pov = narrator
                results, narrator_lines, run = _attribute(chapter, quotes, mentions, characters, narrator, sections)
    ch, ordered, cues, vocatives = run
    narration = ch.mentions
    view = speaker_model.RuleView(
        text=ch.text,
        quotes=results,
        cues=cues,
        vocatives=vocatives,
        paragraphs=[ch.paragraph(q.start) for q in ordered],
        mention_starts=[m.start for m in narration],
        mention_names=[m.character for m in narration],
        quote_mentions=[(m.start, m.character) for m in ch.all_mentions],
        genders=ch.genders,
        pov=pov,
        narrator=pov or (NARRATOR if narrator_lines else None),
    )
    return results, view


_Run = tuple["_Chapter", list[Quote], list[str], list["str | None"]]


def _attribute(
    chapter: Chapter,
    quotes: list[Quote],
    mentions: list[Mention],
    characters: list[Character],
    pov: str | None,
    sections: Sequence[PovSection] = (),
) -> tuple[list[Quote], list[int], _Run]:
    genders = {c.name: c.gender for c in characters}
    mentions = [*mentions, *speaker_names.missed(chapter.text, chapter.number, mentions)]
    # A name said inside dialogue is rarely what a later "he said" points back to.
    spans = sorted((q.start, q.end) for q in quotes)
    starts = [s for s, _ in spans]

    def offset_in_dialogue(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    ch = _Chapter(chapter, [m for m in mentions if not offset_in_dialogue(m.start)], mentions, genders, pov, offset_in_dialogue, sections)
    text = ch.text
    ordered = sorted(quotes, key=lambda q: q.start)
    addressees = [_addressee(ch, q) for q in ordered]
    cues: list[str] = []
    results: list[Quote] = []
    paragraph_speaker: dict[tuple[int, int], tuple[str, str]] = {}
    narrator_lines: list[int] = []
    last_speakers: list[str] = []  # most recent first, distinct
    previous_paragraph: tuple[int, int] | None = None
    for index, quote in enumerate(ordered):
        para = ch.paragraph(quote.start)
        addressee = addressees[index]
        exclude = {addressee} if addressee else set()
        new_paragraph = para != previous_paragraph
        # A line in its own paragraph right after another line answers it: a pronoun
        # there means the other person, not the one who just spoke.
        answering = index > 0 and new_paragraph and ch.paragraph(ordered[index - 1].start)[1] == para[0]
        avoid = last_speakers[0] if answering and last_speakers else None
        # Within a paragraph, "he" goes on meaning the paragraph's speaker, unless someone
        # else has since become the subject ('"Hi," Alec said. Magnus smiled. "Hey," he said.').
        prefer = None
        if para in paragraph_speaker and index and ordered[index - 1].start >= para[0]:
            prefer = _between(ch, ordered[index - 1].end, quote.start, exclude)[0] or paragraph_speaker[para][0]
        speaker, how = None, ""
        # 1. A tag right after the quote, before the next quote in the paragraph.
        next_start = ordered[index + 1].start if index + 1 < len(ordered) else len(text)
        tag = speech_tags.after(text[quote.end : min(para[1], next_start)])
        if tag is not None:
            speaker, how = ch.resolve(tag, quote.end, exclude, avoid, prefer)
        # 2. A tag just before the quote: 'Alec said, "..."'.
        prev_end = ordered[index - 1].end if index and ordered[index - 1].end > para[0] else para[0]
        if speaker is None:
            tag = speech_tags.before(text[prev_end : quote.start])
            if tag is not None:
                speaker, how = ch.resolve(tag, prev_end, exclude, avoid, prefer)
            if para in paragraph_speaker and (tag is None or tag.kind not in ("name", "titled") or speaker is None):
                # Someone else acting between two lines of one paragraph ('"Yes." Tommy
                # nodded. "Two months ago."') speaks the second; otherwise it is the rest
                # of a line broken by its tag ('"I know," he said, "but not yet."').
                speaker, how = _between(ch, prev_end, quote.start, exclude)
                if speaker is None or speaker == paragraph_speaker[para][0]:
                    speaker, how = paragraph_speaker[para]
            if tag is None and new_paragraph and prev_end == para[0] and text[para[0] : quote.start].strip() == "":
                # A paragraph of narration that ends by leading into the speech
                # ('Cecil bent towards Lucy and said:'), the line in the next one.
                tag, lead_start = _lead_in(ch, para, ordered[index - 1].end if index else 0)
                if tag is not None:
                    speaker, how = ch.resolve(tag, lead_start, exclude, avoid, prefer)
        # A tag that names someone we cannot resolve (an "I" with no name yet, a name that
        # is not a character) still says who it is not: no guessing from beats or turns.
        open_question = speaker is None and how in ("", "pronoun", "beat")
        # 3. Another quote of the same paragraph already has a speaker.
        if speaker is None and open_question and para in paragraph_speaker:
            speaker, how = paragraph_speaker[para]
        # 4. An action beat: the subject of a narration sentence in the paragraph.
        if speaker is None and open_question:
            speaker, how = _beat(ch, ordered, starts, para, exclude)
        if speaker is None and open_question and new_paragraph:
            # 5. The name the neighbouring line calls its listener.
            speaker, how = _from_vocatives(ordered, addressees, index, last_speakers, para, ch)
        if speaker is None and open_question and new_paragraph:
            # 6. The two ends of a phone call that the narration just set up.
            ends = _phone(ch, ordered[index - 1].end if index else 0, quote.start)
            if ends is not None:
                speaker, how = ends[0], "phone"
                last_speakers = [*ends, *(s for s in last_speakers if s not in ends)]
        # 7. Turn-taking in a two-person exchange.
        if speaker is None and open_question and previous_paragraph is not None and len(last_speakers) >= 2 and new_paragraph:
            candidate = last_speakers[1]
            if candidate not in exclude:
                speaker, how = candidate, "turn"
        if speaker is not None and speaker == addressee:
            speaker, how = None, ""
        if speaker is not None:
            paragraph_speaker[para] = (speaker, how)
            if not last_speakers or last_speakers[0] != speaker:
                last_speakers = [speaker] + [s for s in last_speakers if s != speaker][:3]
        if addressee is None and speaker is not None and len(last_speakers) >= 2 and how != "turn":
            addressee = last_speakers[1] if last_speakers[0] == speaker else None
        confidence = round(CONFIDENCE.get(how, 0.0) * (quote.confidence or 1.0), 3) if speaker else 0.0
        results.append(replace(quote, speaker=speaker, addressee=addressee, confidence=confidence))
        cues.append(how if speaker else "")
        if speaker == NARRATOR:
            narrator_lines.append(index)
        previous_paragraph = para
    # A line that opens an exchange is said to whoever answers it in the next paragraph.
    for index, quote in enumerate(results[:-1]):
        reply = results[index + 1]
        if quote.addressee is None and quote.speaker and reply.speaker and reply.speaker != quote.speaker:
            if ch.paragraph(quote.start)[1] == ch.paragraph(reply.start)[0]:
                results[index] = replace(quote, addressee=reply.speaker)
    return results, narrator_lines, (ch, ordered, cues, addressees)


_LEAD_IN_END = re.compile(r"(?:[,:]|\b[a-z]+)[\s\u2014\u2013-]*$")


def _lead_in(ch: _Chapter, para: tuple[int, int], after: int) -> tuple[Tag | None, int]:
    """The tag ending the paragraph before ``para`` when that paragraph holds no quote
    (it starts at or after ``after``, the end of the last quote) and ends with a colon,
    a comma or a bare verb, as a line leading into a speech does."""
    if para[0] == 0:
        return None, 0
    start, end = ch.paragraph(para[0] - 1)
    start = max(start, after)
    segment = ch.text[start:end].rstrip()
    if not segment or not _LEAD_IN_END.search(segment):
        return None, 0
    segment = segment.rstrip("\u2014\u2013- ")
    return speech_tags.before(segment), start


def _from_vocatives(
    ordered: list[Quote], addressees: list[str | None], index: int, last_speakers: list[str], para: tuple[int, int], ch: _Chapter
) -> tuple[str | None, str]:
    """In an exchange, the line before named its listener, who now answers; or the reply
    names who it answers."""
    if index and addressees[index - 1] and ch.paragraph(ordered[index - 1].start) != para:
        candidate = addressees[index - 1]
        if candidate not in last_speakers[:1]:
            return candidate, "vocative"
    if index + 1 < len(ordered) and addressees[index + 1] and ch.paragraph(ordered[index + 1].start) != para:
        candidate = addressees[index + 1]
        if candidate != addressees[index] and (not last_speakers or candidate != last_speakers[0]):
            return candidate, "vocative"
    return None, ""


def _phone(ch: _Chapter, start: int, end: int) -> tuple[str, str] | None:
    """The two ends of a phone call set up by the narration between ``start`` and
    ``end``, the one who speaks first first: whoever picked up, else the one called."""
    narration = ch.text[start:end]
    if not _PHONE.search(narration):
        return None
    named: list[str] = []
    for mention in ch.mentions[bisect_left(ch.starts, start) : bisect_left(ch.starts, end)]:
        if mention.character in ch.named and mention.character not in named:
            named.append(mention.character)
    section = ch.section_at(start)
    holder = (section.who if section else ch.pov) or (named[0] if named else None)
    others = [name for name in named if name != holder]
    if holder is None or not others:
        return None
    caller = others[-1]
    return (holder, caller) if _PICKED_UP.search(narration) else (caller, holder)


def _between(ch: _Chapter, start: int, end: int, exclude: set[str]) -> tuple[str | None, str]:
    """The named subject of a narration sentence between two lines of one paragraph,
    past the first line's own tag."""
    segment = ch.text[start:end]
    tag = speech_tags.after(segment)
    if tag is not None:
        stop = re.search(r"[.!?\u2026]", segment[tag.end :])
        if stop is None:
            return None, ""
        start += tag.end + stop.end()
        segment = ch.text[start:end]
    for match in _BEAT_SUBJECT.finditer(segment):
        who = match.group("who")
        if speech_tags.kind_of(who) != "name":
            continue
        mention = ch.mention_at(start + match.start("who"), start + match.end("who"))
        if mention is not None and mention.character not in exclude:
            return mention.character, "beat"
    return None, ""


def _beat(
    ch: _Chapter, ordered: list[Quote], starts: list[int], para: tuple[int, int], exclude: set[str]
) -> tuple[str | None, str]:
    """The subject of a narration sentence in the paragraph (``starts``: where each of
    ``ordered`` starts)."""
    text = ch.text
    inside = [(q.start, q.end) for q in ordered[bisect_left(starts, para[0]) : bisect_left(starts, para[1])]]
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
            who = match.group("who")
            tag = Tag(who, match.start("who"), match.end("who"), speech_tags.kind_of(who), "beat")
            speaker, how = ch.resolve(tag, start, exclude)
            if speaker is not None and speaker not in exclude:
                return speaker, "beat" if how in ("tag", "beat", "nominal") else how
    return None, ""


def run(doc: Inputs) -> dict[str, list]:
    quotes: list[Quote] = doc.quotes
    mentions: list[Mention] = doc.mentions
    characters: list[Character] = doc.characters
    layout = doc.layout
    attributed: list[Quote] = []
    for chapter in doc.work.chapters:
        chapter_quotes = [q for q in quotes if q.chapter == chapter.number]
        if not chapter_quotes:
            continue
        chapter_mentions = [m for m in mentions if m.chapter == chapter.number]
        pov = chapter_pov(chapter, chapter_mentions, layout)
        sections = pov_sections(chapter, chapter_quotes, chapter_mentions, layout)
        attributed.extend(attribute(chapter, chapter_quotes, chapter_mentions, characters, pov, sections))
    return {"quotes": attributed, "characters": characters + unnamed_speakers(attributed, characters)}


def chapter_pov(chapter: Chapter, chapter_mentions: list[Mention], layout: list) -> str | None:
    """The character a chapter's first POV header names ("Magnus' POV" as "Magnus Bane")."""
    povs = [s.pov for s in layout[chapter.number - 1].sections if s.pov] if layout else []
    canonical = {m.text.lower(): m.character for m in chapter_mentions}
    return canonical.get(povs[0].lower(), povs[0]) if povs else None


_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|himself|herself)\b", re.IGNORECASE)


def pov_sections(chapter: Chapter, quotes: list[Quote], chapter_mentions: list[Mention], layout: list) -> list[PovSection]:
    """The chapter's sections under a POV header, each with the character it names and
    whether its narration (the text outside quotes) is in the first person."""
    if not layout:
        return []
    canonical = {m.text.lower(): m.character for m in chapter_mentions}
    spans = sorted((q.start, q.end) for q in quotes)
    found = []
    for section in layout[chapter.number - 1].sections:
        if not section.pov:
            continue
        pieces, cursor = [], section.start
        for start, end in spans:
            if end <= section.start or start >= section.end:
                continue
            pieces.append(chapter.text[cursor:start])
            cursor = max(cursor, end)
        pieces.append(chapter.text[cursor : section.end])
        narration = " ".join(pieces)
        first = len(_FIRST_PERSON.findall(narration))
        who = canonical.get(section.pov.lower(), section.pov)
        found.append(PovSection(section.start, section.end, who, first > max(3, len(_THIRD_PERSON.findall(narration)))))
    return found


def unnamed_speakers(quotes: list[Quote], characters: list[Character]) -> list[Character]:
    """A character entry for everyone who speaks but is never named ("the nurse"), so
    that every speaker is a character; ``mentions`` counts the lines they speak."""
    known = {c.name for c in characters}
    lines: dict[str, int] = {}
    for quote in quotes:
        if quote.speaker and quote.speaker not in known:
            lines[quote.speaker] = lines.get(quote.speaker, 0) + 1
    found = []
    for label, count in sorted(lines.items(), key=lambda item: -item[1]):
        gender = knowledge.person_nouns().get(speech_tags.nominal_head(label))
        found.append(Character(label, mentions=count, gender=gender if gender in ("he", "she") else None, named=False))
    return found


STAGE = Stage(
    name="speakers", reads=("work", "layout", "mentions"), assigns=(), modifies=("quotes", "characters"), compute=run
)
