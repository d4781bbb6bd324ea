"""Content warnings: AO3's Archive Warnings and the 32 PAN 2023 trigger labels, with
the sentences that show them.

How a work is read (the words and patterns live in ``knowledge/warnings/``):

1. **Candidates.** Every cue of every label is indexed by the words a match can
   start with; one pass over a chapter's words finds the sentences worth reading.
2. **Cues.** In a candidate sentence each label's cue groups are matched. A cue that
   overlaps a figure of speech ("it's killing me", "dying to see it", "blood on my
   hands") is no cue. A group that ``requires`` a lexicon (unwanted touching needs a
   sign of refusal) needs one of its words within two sentences.
3. **Reading.** Does the cue happen in the scene? Negated ("he didn't hit him") →
   nothing. Hypothetical (a modal, "if", "wanted to", an order, "nearly") → a weak
   reference. Past perfect, "used to", "years ago", a reporting verb ("she told him
   his brother had been shot"), or said in dialogue → referenced. Otherwise, narrated
   → depicted. Sentences without any of those words are settled by rules; the others
   are parsed in one batch with the shared ``Parser`` (up to a budget; rules after).
   The parse also gives who does what to whom: the one who dies, a slur's target.
4. **Severity.** A depicted act is graphic when it is gory in itself or when enough
   different bodily-detail words (broken ribs, blood, explicit anatomy) stand near it.
5. **Findings.** One per label: the strongest severity, a confidence of
   ``1 - Π(1 - strength)`` over its best cues, and as evidence the five strongest
   sentences plus the strongest of every other chapter (so every chapter is named).
6. **Archive Warnings** follow from the findings: graphic violence, a depicted sexual
   assault, sex involving a minor, a major character who dies and is not later alive;
   "No Archive Warnings Apply" (without evidence) when none of them does.

``find`` is pure; ``STAGE`` wires it into the pipeline.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from math import prod
from typing import TYPE_CHECKING

from .. import knowledge
from ..knowledge import CueGroup, TriggerLabel
from ..model import Chapter, ChapterLayout, Character, Finding, Mention, Quote, Relationship, Severity, Span
from ..pipeline import Document, Stage
from .nlp import Parser, sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Bounds = tuple[int, int]  # a stretch of a chapter: (start, end)

MAX_EVIDENCE = 5
MIN_CONFIDENCE = 0.4
MAX_CUES_PER_LABEL = 8  # the strongest cues that make up a confidence
MAX_CONFIDENCE = 0.97
MENTIONS_ONLY = 0.6  # the most topic words alone ("funeral", "widowed") make a label sure
REPEATS = 2  # times one cue word counts towards a confidence
WINDOW = 2  # sentences either side of a cue for detail words and required lexicons
PARSE_BUDGET = 600  # sentences parsed per work (~2 s at most); rules decide the rest
PRONOUN_REACH = 300  # characters back to a pronoun's antecedent
SURVIVAL_SENTENCES = 4  # sentences after a death in which "still breathing" undoes it

# How much a cue counts for, by how it is read.
DEPICTED = 1.0
SAID = 0.8  # talked about in dialogue
REFERENCED = 0.75
HYPOTHETICAL = 0.35

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(knowledge.SEVERITIES)}
_DEATH_LABELS = frozenset({"death", "dying", "suicide"})
_CURLY = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u201c", '"'), ("\u201d", '"'))
_PAST_PERFECT = re.compile(r"(?<!\w)(?:had|'d)\s+(?:(?:been|already|just|never|once|not)\s+){0,2}(?:\w+\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:\u2014]|(?<!\w)(?:and|but|so|then|because|while|when|until|before|after)(?!\w)", re.I)
_YOU_BEFORE = re.compile(r"(?<!\w)(?:you|ya|u)\s+(?:\w+\s+){0,2}$", re.I)
_CALLED_BEFORE = re.compile(r"(?<!\w)(?:call(?:ed|s|ing)?|name[ds]?|shout(?:ed)?|yell(?:ed)?|spat|sneer(?:ed)?)\s+(?P<who>\w+)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}$", re.I)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class Hit:
    """One cue of one label, read in its sentence."""

    label: str
    group: str
    severity: Severity
    strength: float
    evidence: Span  # the sentence
    start: int  # the cue words, in chapter offsets
    end: int
    patient: str | None = None  # the character it happens to (who dies; a slur's target)
    mention: bool = False  # a topic word, not an act

    @property
    def cue(self) -> str:
        return self.evidence.text[self.start - self.evidence.start : self.end - self.evidence.start]


@dataclass(slots=True)
class Detection:
    """What ``find`` returns: the findings, and the cue groups behind each trigger label
    (the rating stage tells Non-Consensual Touching from rape by them)."""

    findings: list[Finding]
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the grammar says about one cue."""

    negated: bool = False
    hypothetical: bool = False
    referenced: bool = False
    attempt: bool = False  # "tried to kill him": violence, but no death
    subject: int | None = None  # chapter offset of the cue verb's subject
    object: int | None = None  # ... of what it is done to (direct object, passive subject)
    non_agent: bool = False  # the subject is a thing or a feeling ("it hit him")
    nominal: bool = False  # the act is a noun inside a phrase ("the case of the murder")


@dataclass(slots=True)
class _Cue:
    group: CueGroup
    sentence: Bounds
    start: int
    end: int
    quote: Quote | None
    reading: Reading = field(default_factory=Reading)


class _ChapterText:
    """One chapter prepared for reading: straightened text, sentences, quotes, mentions.

    A sentence is its (start, end) in the chapter. Sentences are split one line at a
    time, on first use: they never cross a line break, and most lines hold no cue.
    """

    def __init__(self, chapter: Chapter, layout: ChapterLayout | None, quotes: list[Quote], mentions: list[Mention]) -> None:
        self.chapter = chapter
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

    def window(self, sentence: Bounds) -> Bounds:
        """From two sentences before this one to two after."""
        first = last = sentence
        for _ in range(WINDOW):
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


# --------------------------------------------------------------------------- finding cues


def straighten(text: str) -> str:
    """Curly quotes and apostrophes made straight, one character for one: offsets hold."""
    for curly, straight in _CURLY:
        if curly in text:
            text = text.replace(curly, straight)
    return text


def _lexicon_in(name: str, text: str, start: int, end: int) -> bool:
    return knowledge.warning_lexicon(name).search(text, start, end) is not None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _chapter_cues(ch: _ChapterText, groups: Sequence[tuple[str, CueGroup]]) -> list[_Cue]:
    found = knowledge.cue_index().matches(ch.norm)
    if not found:
        return []
    tags: dict[Bounds, set[str]] = defaultdict(set)  # sentence -> the cue groups that may match in it
    for candidate in found:
        sentence = ch.sentence_at(candidate.start)
        if sentence is not None:
            tags[sentence] |= candidate.tags
    cues: list[_Cue] = []
    for sentence in sorted(tags):
        start, end = sentence
        if ch.in_notes(start):
            continue
        figures = ch.figures(sentence)
        for tag, group in groups:
            if tag not in tags[sentence]:
                continue
            for match in group.pattern.finditer(ch.norm, start, end):
                if _overlaps(figures, *match.span()):
                    continue
                if group.requires and not any(_lexicon_in(r, ch.norm, *ch.window(sentence)) for r in group.requires):
                    continue
                cues.append(_Cue(group, sentence, match.start(), match.end(), ch.quote_at(match.start())))
    return cues


# --------------------------------------------------------------------------- reading cues


def _needs_parse(sentence: str, cue: _Cue) -> bool:
    context = knowledge.warning_context()
    if cue.group.role == "mention":
        return context.negation_phrases.search(sentence) is not None
    if cue.group.role == "slur":
        return False
    return bool(
        cue.group.label in _DEATH_LABELS
        or context.negation_phrases.search(sentence)
        or context.modality_phrases.search(sentence)
        or context.reference_phrases.search(sentence)
        or "had " in sentence
        or "'d " in sentence
        or sentence.rstrip().endswith("?")
    )


def read_by_rules(sentence: str, start: int, end: int) -> Reading:
    """A cue at ``sentence[start:end]`` read with word lists only (no parse)."""
    context = knowledge.warning_context()
    before = sentence[:start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    negated = context.negation_phrases.search(clause[-40:]) is not None
    hypothetical = context.modality_phrases.search(before) is not None or sentence.rstrip().endswith("?") or _hedged(sentence, start)
    referenced = _PAST_PERFECT.search(before) is not None or context.reference_phrases.search(sentence) is not None
    return Reading(negated=negated, hypothetical=hypothetical, referenced=referenced)


def read_by_parse(doc: Doc, start: int, end: int, offset: int = 0) -> Reading:
    """A cue at characters ``start:end`` of a parsed sentence; offsets in the Reading
    are ``offset`` plus the token's place in the sentence."""
    context = knowledge.warning_context()
    tokens = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not tokens:
        return read_by_rules(doc.text, start, end)
    inside = {t.i for t in tokens}
    anchor = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    verb = anchor
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    negated = any(_negates(child, inside, context.negative_subjects) for token in {anchor, verb} for child in token.children)
    negated = negated or (anchor.head.lower_ == "without" and anchor.dep_ in ("pobj", "pcomp"))
    hypothetical = _hypothetical(verb, context)
    referenced = _perfect(verb) or context.reference_phrases.search(doc.text) is not None
    attempt = False
    # Climb "wanted to hit", "tried to kill", "didn't want to hurt", "used to beat".
    head = verb
    while head.dep_ == "xcomp" and head.head.i != head.i:
        head = head.head
        word = head.lower_
        hypothetical = hypothetical or word in context.intent_heads or _hypothetical(head, context)
        attempt = attempt or word in context.attempt_heads
        referenced = referenced or word == "used" or _perfect(head)
        negated = negated or any(_negates(child, inside, context.negative_subjects) for child in head.children)
    # Reported or remembered ("she told him that his brother had been shot"), or wished
    # ("I wished I was dead").
    clause = head
    while clause.dep_ in ("ccomp", "advcl", "conj", "xcomp", "relcl") and clause.head.i != clause.i:
        clause = clause.head
        if clause.lower_ in context.report_heads:
            referenced = True
            break
        if clause.lower_ in context.intent_heads:
            hypothetical = True
            break
    hypothetical = hypothetical or _hedged(doc.text, start)
    # "in the case of the Trepoff murder": an act named, not narrated.
    nominal = anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in ("pobj", "compound", "poss")
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    obj = next((c for c in verb.children if c.dep_ in _OBJECT_DEPS), None)
    if subject is None and verb.dep_ in ("xcomp", "conj"):
        subject = next((c for c in verb.head.children if c.dep_ in _SUBJECT_DEPS), None)
    return Reading(
        negated=negated,
        hypothetical=hypothetical,
        referenced=referenced,
        attempt=attempt,
        subject=offset + subject.idx if subject is not None else None,
        object=offset + obj.idx if obj is not None else None,
        non_agent=subject is not None and subject.dep_ == "nsubj" and subject.lower_ in context.non_agents,
        nominal=nominal,
    )


def _hedged(sentence: str, start: int) -> bool:
    """A hedge earlier in the cue's clause: "for fear of killing", "as if he'd been hit"."""
    clause = _CLAUSE_BREAK.split(sentence[:start])[-1]
    return knowledge.warning_context().hedges.search(clause) is not None


def _negates(child: Token, inside: set[int], negative_subjects: frozenset[str]) -> bool:
    if child.i in inside:
        return False  # "no pulse" is the cue itself, not its negation
    word = child.lower_
    if child.dep_ == "neg" or (child.dep_ == "det" and word == "no"):
        return True
    if child.dep_ in _SUBJECT_DEPS and word in negative_subjects:
        return word != "one" or any(c.lower_ == "no" for c in child.children)
    return False


def _hypothetical(verb: Token, context: knowledge.WarningContext) -> bool:
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "aux" and child.tag_ == "MD" and word in context.modals:
            return True
        if child.dep_ == "aux" and word in ("gon", "going"):
            return True
        if child.dep_ == "mark" and word in context.marks:
            return True
        if child.dep_ == "advmod" and word in context.averted:
            return True
    # An order: "Kill him!" (a bare verb with no subject at the head of the sentence).
    if verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "aux", "nsubjpass") for c in verb.children):
        return True
    if verb.doc.text.rstrip().endswith("?") and any(c.dep_ == "aux" for c in verb.children):
        return True
    return False


def _perfect(verb: Token) -> bool:
    """Past or present perfect: "had died", "has killed", "'d been shot"."""
    if verb.tag_ != "VBN":
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d", "has", "have", "'ve", "'s") and c.tag_ != "MD" for c in verb.children)


def _read(chapters: list[_ChapterText], cues: list[list[_Cue]], parser: Parser | None) -> None:
    """Fill in each cue's Reading: parse what needs it (within budget), rules for the rest."""
    wanted: dict[tuple[int, Bounds], None] = {}
    for number, chapter_cues in enumerate(cues):
        ch = chapters[number]
        for cue in chapter_cues:
            start, end = cue.sentence
            if parser is not None and _needs_parse(ch.norm[start:end], cue):
                wanted[(number, cue.sentence)] = None
    # Deaths first (they decide Major Character Death), then in reading order.
    order = sorted(wanted, key=lambda key: (not any(c.group.label in _DEATH_LABELS for c in cues[key[0]] if c.sentence == key[1]), key))
    chosen = set(order[:PARSE_BUDGET])
    texts = [chapters[n].text[slice(*sentence)] for n, sentence in order[:PARSE_BUDGET]]
    docs = dict(zip(order[:PARSE_BUDGET], parser.parse_many(texts))) if parser is not None and texts else {}
    for number, chapter_cues in enumerate(cues):
        ch = chapters[number]
        for cue in chapter_cues:
            start, end = cue.sentence
            if (number, cue.sentence) in chosen:
                cue.reading = read_by_parse(docs[(number, cue.sentence)], cue.start - start, cue.end - start, start)
            else:
                cue.reading = read_by_rules(ch.norm[start:end], cue.start - start, cue.end - start)


# --------------------------------------------------------------------------- severity


def _severity(ch: _ChapterText, cue: _Cue, label: TriggerLabel) -> tuple[Severity, float] | None:
    """How a cue counts: its severity and strength, or None when it is no evidence."""
    group, reading = cue.group, cue.reading
    if group.role == "slur":
        return None  # read by _slur_severity, which knows the target
    if reading.negated or (reading.non_agent and group.label == "violence"):
        return None
    if reading.attempt and group.label in _DEATH_LABELS:
        return "referenced", group.weight * HYPOTHETICAL
    if group.role == "mention":
        return "referenced", group.weight * REFERENCED
    if reading.hypothetical:
        return "referenced", group.weight * HYPOTHETICAL
    if cue.quote is not None:
        return "referenced", group.weight * SAID
    if reading.referenced or (reading.nominal and group.role == "event"):
        return "referenced", group.weight * REFERENCED
    if group.graphic or (group.graphic is None and _details(ch, cue, label) >= label.graphic_min):
        return "graphic", group.weight * DEPICTED
    return "depicted", group.weight * DEPICTED


def _details(ch: _ChapterText, cue: _Cue, label: TriggerLabel) -> int:
    """How many different bodily-detail words stand within the window of a cue."""
    if not label.detail:
        return 0
    start, end = ch.window(cue.sentence)
    figures = [span for sentence in ch.figures_between(start, end) for span in sentence]
    words = set()
    for name in label.detail:
        for match in knowledge.warning_lexicon(name).finditer(ch.norm, start, end):
            if not _overlaps(figures, *match.span()) and not (cue.start <= match.start() < cue.end):
                words.add(match.group().lower())
    return len(words)


def _slur_severity(ch: _ChapterText, cue: _Cue) -> tuple[Severity, float, bool]:
    """A slur aimed at someone ("you ...", "called him a ...", "..., tranny,") or a strong
    one said aloud is depicted; one only mentioned in narration is referenced. The flag
    says whether it was aimed (an ambiguous word counts only then)."""
    start, _ = cue.sentence
    before = ch.norm[max(start, cue.start - 60) : cue.start]
    aimed = bool(_YOU_BEFORE.search(before) or _CALLED_BEFORE.search(before))
    aimed = aimed or (cue.quote is not None and _vocative(ch.norm, cue))
    if aimed or (cue.quote is not None and cue.group.name == "slur"):
        return "depicted", cue.group.weight * DEPICTED, aimed
    return "referenced", cue.group.weight * REFERENCED, False


def _vocative(text: str, cue: _Cue) -> bool:
    """Said to someone's face: set off by commas or quote marks inside a quote ("..., tranny,")."""
    before = text[max(0, cue.start - 3) : cue.start]
    after = text[cue.end : cue.end + 2]
    return bool(re.search(r"(?:,\s*|^\s*[\"'])$", before) or before.endswith('"')) and bool(re.match(r"\s*[,.!?\"']", after))


# --------------------------------------------------------------------------- who


def _character_at(ch: _ChapterText, offset: int | None, genders: dict[str, str | None]) -> str | None:
    """The character a word at ``offset`` names: a mention, or a pronoun's antecedent
    named close before it (further back, a noun we do not track may be meant)."""
    if offset is None:
        return None
    mention = ch.mention_at(offset)
    if mention is not None:
        return mention.character
    word = re.match(r"\w+", ch.norm[offset : offset + 12])
    person = knowledge.warning_context().pronouns.get(word.group().lower()) if word else None
    if person in ("he", "she", "they"):
        antecedent = ch.mention_before(offset, person, genders, reach=PRONOUN_REACH)
        return antecedent.character if antecedent else None
    return None


def _patient(ch: _ChapterText, cue: _Cue, genders: dict[str, str | None]) -> str | None:
    """Who a death cue happens to: the one killed, the one who dies."""
    reading = cue.reading
    if cue.group.name == "killing":
        return _character_at(ch, reading.object, genders)
    if reading.subject is not None or reading.object is not None:
        return _character_at(ch, reading.subject if reading.subject is not None else reading.object, genders)
    # No parse: the name or pronoun just before "died", "was dead", "lay dead".
    start, _ = cue.sentence
    before = list(re.finditer(r"\w+", ch.norm[start : cue.start]))
    for word in reversed(before[-3:]):
        found = _character_at(ch, start + word.start(), genders)
        if found:
            return found
    return None


def _slur_target(ch: _ChapterText, cue: _Cue, genders: dict[str, str | None]) -> str | None:
    if cue.quote is not None:
        if cue.quote.addressee:
            return cue.quote.addressee
        mention = next((m for m in ch.mentions if cue.quote.start <= m.start < cue.quote.end), None)
        return mention.character if mention else None
    start, _ = cue.sentence
    called = _CALLED_BEFORE.search(ch.norm[max(start, cue.start - 60) : cue.start])
    if called:
        return _character_at(ch, max(start, cue.start - 60) + called.start("who"), genders)
    return None


# --------------------------------------------------------------------------- hits


def _hits(chapters: list[_ChapterText], cues: list[list[_Cue]], labels: dict[str, TriggerLabel], genders: dict[str, str | None]) -> list[Hit]:
    hits: list[Hit] = []
    for ch, chapter_cues in zip(chapters, cues):
        for cue in chapter_cues:
            label = labels[cue.group.label]
            patient = None
            if cue.group.role == "slur":
                severity, strength, aimed = _slur_severity(ch, cue)
                if not aimed and cue.group.name != "slur":
                    continue  # an ambiguous word not aimed at anyone
                patient = _slur_target(ch, cue, genders)
            else:
                read = _severity(ch, cue, label)
                if read is None:
                    continue
                severity, strength = read
                if label.label == "death" and severity != "referenced":
                    patient = _patient(ch, cue, genders)
            span = ch.span(cue.sentence)
            hits.append(Hit(label.label, cue.group.name, severity, strength, span, cue.start, cue.end, patient, cue.group.role == "mention"))
    return hits


def _derived_hits(chapters: dict[int, _ChapterText], hits: list[Hit]) -> list[Hit]:
    """Hits of labels raised from others' (sexual content with a minor nearby: underage)."""
    found = []
    for derived in knowledge.derived_labels():
        for hit in hits:
            if hit.label not in derived.sources:
                continue
            ch = chapters[hit.evidence.chapter]
            window = ch.window((hit.evidence.start, hit.evidence.end))
            if any(_lexicon_in(name, ch.norm, *window) for name in derived.requires):
                strength = derived.weight * min(1.0, hit.strength / 0.7)
                found.append(Hit(derived.label, hit.group, hit.severity, round(strength, 3), hit.evidence, hit.start, hit.end))
    return found


def _incest_hits(relationships: Sequence[Relationship]) -> list[Hit]:
    """A romantic pair that a fandom pack knows as family (siblings, parent and child)."""
    family = {
        frozenset(knowledge.fold(m) for m in r.members)
        for pack in knowledge.fandom_packs()
        for r in pack.relationships
        if r.kind == "family"
    }
    hits = []
    for relationship in relationships:
        if relationship.kind == "romantic" and frozenset(knowledge.fold(m) for m in relationship.members) in family:
            for span in relationship.evidence:
                hits.append(Hit("incest", "relationship", "depicted", 0.7, span, span.start, span.end))
    return hits


# --------------------------------------------------------------------------- findings


def _confidence(hits: Iterable[Hit]) -> float:
    """``1 - Π(1 - strength)`` over the strongest cues; one word said again and again
    ("the widow ... the widow") counts twice at most, and topic words alone never
    make a label sure."""
    said: Counter[str] = Counter()
    strengths = []
    mentions_only = True
    for hit in sorted(hits, key=lambda h: -h.strength):
        said[hit.cue.lower()] += 1
        if said[hit.cue.lower()] <= REPEATS:
            strengths.append(hit.strength)
        mentions_only = mentions_only and hit.mention
    confidence = 1 - prod(1 - s for s in strengths[:MAX_CUES_PER_LABEL])
    return round(min(MENTIONS_ONLY if mentions_only else MAX_CONFIDENCE, confidence), 2)


def _strongest(hits: Iterable[Hit]) -> Severity:
    return max((h.severity for h in hits), key=SEVERITY_RANK.__getitem__)


def _evidence(hits: Sequence[Hit]) -> list[Span]:
    """The strongest sentences, and the strongest of every chapter not yet among them."""
    ranked = sorted(hits, key=lambda h: (-SEVERITY_RANK[h.severity], -h.strength, h.evidence.chapter, h.evidence.start))
    chosen: dict[tuple[int, int], Span] = {}
    for hit in ranked:
        if len(chosen) >= MAX_EVIDENCE:
            break
        chosen.setdefault((hit.evidence.chapter, hit.evidence.start), hit.evidence)
    named = {chapter for chapter, _ in chosen}
    for hit in ranked:
        if hit.evidence.chapter not in named:
            named.add(hit.evidence.chapter)
            chosen[(hit.evidence.chapter, hit.evidence.start)] = hit.evidence
    return [chosen[key] for key in sorted(chosen)]


def _per_sentence(hits: Iterable[Hit]) -> list[Hit]:
    """The strongest hit of each label in each sentence: two cues in one sentence are one piece of evidence."""
    best: dict[tuple[str, int, int], Hit] = {}
    for hit in hits:
        key = (hit.label, hit.evidence.chapter, hit.evidence.start)
        if key not in best or (SEVERITY_RANK[hit.severity], hit.strength) > (SEVERITY_RANK[best[key].severity], best[key].strength):
            best[key] = hit
    return list(best.values())


def _trigger_findings(hits: list[Hit]) -> list[Finding]:
    by_label: dict[str, list[Hit]] = defaultdict(list)
    for hit in _per_sentence(hits):
        by_label[hit.label].append(hit)
    findings = []
    for label in knowledge.TRIGGER_LABELS:
        label_hits = by_label.get(label)
        if not label_hits:
            continue
        confidence = _confidence(label_hits)
        if confidence < MIN_CONFIDENCE:
            continue
        findings.append(Finding("trigger", label, _strongest(label_hits), confidence, _evidence(label_hits)))
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], -f.confidence))
    return findings


def _major(characters: Sequence[Character]) -> set[str]:
    """Characters the work is about: point-of-view characters, the three most named, and
    anyone named at least a quarter as often as the most named."""
    ranked = sorted(characters, key=lambda c: -c.mentions)
    top = ranked[0].mentions if ranked else 0
    return {c.name for i, c in enumerate(ranked) if c.mentions >= 2 and (c.pov or i < 3 or c.mentions * 4 >= top)}


def _survives(name: str, hit: Hit, chapters: dict[int, _ChapterText], quotes: Sequence[Quote]) -> bool:
    """True if a character is alive after the sentence that killed them: they speak
    later, or "alive", "breathing", "woke" is said of them (or just after their death)."""
    after = (hit.evidence.chapter, hit.evidence.end)
    if any(q.speaker == name and (q.chapter, q.start) >= after for q in quotes):
        return True
    context = knowledge.warning_context()
    for number in sorted(n for n in chapters if n >= after[0]):
        ch = chapters[number]
        floor = after[1] if number == after[0] else 0
        stretches = []
        if number == after[0]:
            last = ch.after((hit.evidence.start, hit.evidence.end), SURVIVAL_SENTENCES)[1]
            stretches.append((hit.end, last))
        named = {ch.sentence_at(m.start) for m in ch.mentions if m.character == name and m.start >= floor}
        stretches += sorted(sentence for sentence in named if sentence is not None)
        for start, end in stretches:
            for match in context.survival_phrases.finditer(ch.norm, start, end):
                clause = _CLAUSE_BREAK.split(ch.norm[start : match.start()])[-1]
                if not context.negation_phrases.search(clause[-30:]):
                    return True
    return False


def _survivors(hits: list[Hit], chapters: dict[int, _ChapterText], quotes: Sequence[Quote]) -> tuple[list[Hit], set[str]]:
    """The characters said to die who are alive afterwards, and the hits with their signs
    of death ("he stopped breathing", "no pulse") read as dying ("in the hospital he
    opened his eyes")."""
    deaths: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.label == "death" and hit.severity != "referenced" and hit.patient:
            deaths[hit.patient].append(hit)
    alive = {name for name, found in deaths.items() if _survives(name, max(found, key=lambda h: (h.evidence.chapter, h.start)), chapters, quotes)}
    read = [replace(h, label="dying") if h.group == "vital_signs" and h.patient in alive and h.severity != "referenced" else h for h in hits]
    return read, alive


def _major_character_deaths(hits: list[Hit], characters: Sequence[Character], alive: set[str]) -> Finding | None:
    """A major character who dies in the work and is not alive afterwards."""
    major = _major(characters) - alive
    dead: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.label == "death" and hit.severity != "referenced" and hit.patient in major:
            dead[hit.patient].append(hit)
    if not dead:
        return None
    found = [hit for hits_of in dead.values() for hit in hits_of]
    killed = any(h.group == "killing" for h in found)
    confidence = min(0.9, 0.6 + 0.1 * (len(found) - 1) + (0.1 if killed else 0))
    return Finding("ao3", "Major Character Death", _strongest(found), round(confidence, 2), _evidence(found))


def _archive_warnings(triggers: list[Finding], hits: list[Hit], mcd: Finding | None) -> list[Finding]:
    by_label = {f.label: f for f in triggers}
    warnings: list[Finding] = []
    for label, rule in knowledge.archive_warning_rules().items():
        if label == "Major Character Death":
            if mcd is not None:
                warnings.append(mcd)
            continue
        if not rule.sources:
            continue
        least = SEVERITY_RANK[rule.severity]
        sources = [by_label[s] for s in rule.sources if s in by_label and SEVERITY_RANK[by_label[s].severity] >= least]
        if not sources:
            continue
        strong = [h for h in hits if h.label in rule.sources and SEVERITY_RANK[h.severity] >= least]
        confidence = max(f.confidence for f in sources) * (1.0 if len(strong) > 1 else 0.85)
        warnings.append(Finding("ao3", label, _strongest(strong), round(confidence, 2), _evidence(strong)))
    if not warnings:
        warnings.append(_nothing_applies(triggers))
    return warnings


def _nothing_applies(triggers: list[Finding]) -> Finding:
    """"No Archive Warnings Apply", less sure when something came close to a warning."""
    close = [
        f.confidence * (0.6 if f.severity == "referenced" else 1.0)
        for f in triggers
        if f.label in ("violence", "death", "sexual-assault", "underage")
    ]
    confidence = 0.9 - 0.5 * max(close, default=0.0)
    return Finding("ao3", "No Archive Warnings Apply", "referenced", round(max(0.3, confidence), 2), [])


def find(
    chapters: Sequence[Chapter],
    *,
    layouts: Sequence[ChapterLayout] = (),
    quotes: Sequence[Quote] = (),
    characters: Sequence[Character] = (),
    mentions: Sequence[Mention] = (),
    relationships: Sequence[Relationship] = (),
    parser: Parser | None = None,
) -> Detection:
    """Every warning a work needs, with its evidence. Without a ``parser`` only rules read the cues."""
    labels = {label.label: label for label in knowledge.trigger_labels()}
    layout_of = {layout.number: layout for layout in layouts}
    quotes_of: dict[int, list[Quote]] = defaultdict(list)
    for quote in quotes:
        quotes_of[quote.chapter].append(quote)
    mentions_of: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        mentions_of[mention.chapter].append(mention)
    prepared = [_ChapterText(c, layout_of.get(c.number), quotes_of[c.number], mentions_of[c.number]) for c in chapters]
    groups = [(knowledge.cue_tag(group), group) for label in labels.values() for group in label.groups]
    cues = [_chapter_cues(ch, groups) for ch in prepared]
    _read(prepared, cues, parser)
    genders = {c.name: c.gender for c in characters}
    by_number = {ch.chapter.number: ch for ch in prepared}
    hits = _hits(prepared, cues, labels, genders)
    hits += _derived_hits(by_number, hits)
    hits += _incest_hits(relationships)
    hits, alive = _survivors(hits, by_number, quotes)
    triggers = _trigger_findings(hits)
    mcd = _major_character_deaths(hits, characters, alive)
    reported = {f.label for f in triggers}
    behind = {label: frozenset(h.group for h in hits if h.label == label) for label in reported}
    return Detection([*_archive_warnings(triggers, hits, mcd), *triggers], behind, hits)


def run(doc: Document) -> None:
    detection = find(
        doc.work.chapters,
        layouts=doc.products.get("layout", []),
        quotes=doc.products.get("quotes", []),
        characters=doc.products.get("characters", []),
        mentions=doc.products.get("mentions", []),
        relationships=doc.products.get("relationships", []),
        parser=doc.products.get("parser"),
    )
    doc.products["warnings"] = detection.findings
    doc.products["warning_groups"] = detection.groups


STAGE = Stage(
    name="warnings",
    requires=("layout", "quotes", "speakers", "characters", "mentions", "relationships", "parser"),
    produces=("warnings", "warning_groups"),
    run=run,
)

__all__ = ["Detection", "Hit", "Reading", "STAGE", "find", "read_by_parse", "read_by_rules"]
