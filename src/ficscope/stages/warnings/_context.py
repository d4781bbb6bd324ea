"""Reading a cue in its sentence: negated, hypothetical, referenced or happening in the
scene, and who does what to whom. Sentences with none of the deciding words are read
by word lists; the others are parsed in one batch with the shared ``Parser``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import knowledge
from ..nlp import Parser
from ._text import Bounds, ChapterText

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ._cues import Cue

PARSE_BUDGET = 600  # sentences parsed per work (~2 s at most); rules decide the rest
DEATH_LABELS = frozenset({"death", "dying", "suicide"})
_PAST_PERFECT = re.compile(r"(?<!\w)(?:had|'d)\s+(?:(?:been|already|just|never|once|not)\s+){0,2}(?:\w+\s+)?$", re.I)
_WANTED = re.compile(r"(?<!\w)(?:want(?:s|ed)?|wish(?:es|ed)?|plann?(?:ed|ing)?|thought about|think(?:s|ing)? about|long(?:s|ed)?)\s+(?:to\s+)?$", re.I)
_CONDITION = re.compile(r"(?<!\w)(?:if|unless|when|once)(?!\w)", re.I)  # "if they play that song again, I'm going to kill myself"
_DOER = re.compile(r"^\W*(?:(?:the|a|an|his|her|their|my|your|its)\s+)?(?P<word>\w+)\s+$", re.I)  # "Anxiety clawed at her"
_USED_TO = re.compile(r"(?<!\w)used to\s+(?:\w+\s+)?$", re.I)  # "she used to lock him out"
CLAUSE_BREAK = re.compile(r"[,;:\u2014]|(?<!\w)(?:and|but|so|then|because|while|when|until|before|after)(?!\w)", re.I)
_QUOTE_MARKS = frozenset('"\u201c\u201d')
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class Reading:
    """What the grammar says about one cue."""

    negated: bool = False
    hypothetical: bool = False
    referenced: bool = False
    attempt: bool = False  # "tried to kill him": violence, but no death
    intent: bool = False  # hypothetical because wanted or wished ("he wanted to die"), not because of an "if"
    subject: int | None = None  # chapter offset of the cue verb's subject
    object: int | None = None  # ... of what it is done to (direct object, passive subject)
    non_agent: bool = False  # the subject is a thing or a feeling ("it hit him")
    nominal: bool = False  # the act is a noun inside a phrase ("the case of the murder")


def _needs_parse(sentence: str, cue: Cue) -> bool:
    context = knowledge.warning_context()
    if cue.group.role == "mention":
        return context.negation_phrases.search(sentence) is not None
    if cue.group.role == "slur":
        return False
    return bool(
        cue.group.label in DEATH_LABELS
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
    clause = CLAUSE_BREAK.split(before)[-1]
    negated = context.negation_phrases.search(clause[-40:]) is not None
    hypothetical = context.modality_phrases.search(before) is not None or sentence.rstrip().endswith("?") or _hedged(sentence, start)
    intent = _WANTED.search(clause) is not None and not _CONDITION.search(before)
    referenced = (
        _PAST_PERFECT.search(before) is not None
        or _USED_TO.search(clause) is not None
        or context.reference_phrases.search(sentence) is not None
    )
    doer = _DOER.search(clause)
    non_agent = doer is not None and doer.group("word").lower() in context.non_agents
    return Reading(negated=negated, hypothetical=hypothetical, referenced=referenced, intent=intent, non_agent=non_agent)


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
    hypothetical = _hypothetical(verb, context, inside)
    referenced = _perfect(verb) or context.reference_phrases.search(doc.text) is not None
    attempt = intent = False
    # Climb "wanted to hit", "tried to kill", "didn't want to hurt", "used to beat".
    head = verb
    while head.dep_ == "xcomp" and head.head.i != head.i:
        head = head.head
        word = head.lower_
        intent = intent or word in context.intent_heads
        hypothetical = hypothetical or word in context.intent_heads or _hypothetical(head, context, inside)
        attempt = attempt or word in context.attempt_heads
        referenced = referenced or word == "used" or _perfect(head)
        negated = negated or any(_negates(child, inside, context.negative_subjects) for child in head.children)
    # Reported or remembered ("she told him that his brother had been shot"), or wished
    # ("I wished I was dead").
    # A clause joined by "and" to "knew" or "wanted" is not what was known or wanted
    # ("nobody knew, and Ruth smiled"): only a clause below one counts. A dialogue tag
    # ("..., Jake said") reports nothing: what is said is read as said, by the quote.
    # A report or wish comes first ("she heard that he was shot"); one after the cue is
    # a parse gone astray ("they broke his fingers so he could hear each one snap").
    quoted = _quoted(doc.text, start)
    clause = head
    while clause.dep_ in ("ccomp", "advcl", "conj", "xcomp", "relcl") and clause.head.i != clause.i:
        joined = clause.dep_ == "conj"
        clause = clause.head
        if joined:
            continue
        if quoted and not quoted[0] <= clause.idx < quoted[1]:
            break
        if clause.i > anchor.i:
            continue  # "told" and "wanted" come before what is told or wanted; after it, the parse went astray
        if clause.lower_ in context.report_heads:
            referenced = True
            break
        if clause.lower_ in context.intent_heads:
            hypothetical = intent = True
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
        intent=intent and not _CONDITION.search(doc.text[:start]),
        subject=offset + subject.idx if subject is not None else None,
        object=offset + obj.idx if obj is not None else None,
        non_agent=subject is not None and subject.dep_ == "nsubj" and subject.lower_ in context.non_agents,
        nominal=nominal,
    )


def _quoted(text: str, offset: int) -> tuple[int, int] | None:
    """The stretch between quotation marks that holds ``offset`` in a sentence, if any."""
    marks = [i for i, char in enumerate(text) if char in _QUOTE_MARKS]
    for opening, closing in zip(marks[::2], marks[1::2] + [len(text)]):
        if opening < offset < closing:
            return opening, closing
    return None


def _hedged(sentence: str, start: int) -> bool:
    """A hedge earlier in the cue's clause: "for fear of killing", "as if he'd been hit"."""
    clause = CLAUSE_BREAK.split(sentence[:start])[-1]
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


def _hypothetical(verb: Token, context: knowledge.WarningContext, inside: set[int]) -> bool:
    """A modal, a condition or "nearly" on the verb (not one the cue itself holds:
    "couldn't remember agreeing"), an order, or a question."""
    for child in verb.children:
        if child.i in inside:
            continue
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


def read_cues(chapters: list[ChapterText], cues: list[list[Cue]], parser: Parser | None) -> None:
    """Fill in each cue's Reading: parse what needs it (within budget), rules for the rest."""
    wanted: dict[tuple[int, Bounds], None] = {}
    for number, chapter_cues in enumerate(cues):
        ch = chapters[number]
        for cue in chapter_cues:
            start, end = cue.sentence
            if parser is not None and _needs_parse(ch.norm[start:end], cue):
                wanted[(number, cue.sentence)] = None
    # Deaths first (they decide Major Character Death), then in reading order.
    order = sorted(wanted, key=lambda key: (not any(c.group.label in DEATH_LABELS for c in cues[key[0]] if c.sentence == key[1]), key))
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
