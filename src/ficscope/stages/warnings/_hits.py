"""Hits: each cue that counts, as one label's evidence with a severity and a strength;
and the labels raised from other labels' hits or from the relationships found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ... import knowledge
from ...knowledge import TriggerLabel
from ...model import Relationship, Severity, Span
from ._cues import Cue
from ._people import patient, slur_target
from ._severity import SEVERITY_RANK, Weighed, cue_severity, slur_severity
from ._text import ChapterText, lexicon_in


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
    hypothetical: bool = False  # only might happen
    past: bool = False  # told of as past or reported ("years ago", "she told him he had been shot")

    @property
    def cue(self) -> str:
        return self.evidence.text[self.start - self.evidence.start : self.end - self.evidence.start]


PERSON_LABELS = frozenset({"violence", "death", "dying"})  # a person harmed; an animal is animal-death or animal-cruelty
ANIMAL_REACH = 30  # characters before a cue in which "the puppy" is what it happens to


def _animal_at(ch: ChapterText, cue: Cue) -> bool:
    """What a cue happens to is an animal: named just before a death ("the puppy stopped
    struggling") or as the one harmed inside a cue ("kicked the dog"; not "the dog had Tom
    by the arm", where the animal does the harm)."""
    if cue.group.label == "violence":
        first = ch.norm.find(" ", cue.start, cue.end)
        return first >= 0 and lexicon_in("animals", ch.norm, first, cue.end)
    return lexicon_in("animals", ch.norm, max(cue.sentence[0], cue.start - ANIMAL_REACH), cue.end)


def told_of(ch: ChapterText, cue: Cue) -> bool:
    """Told of as past or reported, or owned by a speaker as a past act ("I killed her")."""
    return cue.reading.referenced or knowledge.warning_context().confessions.search(ch.norm, *cue.sentence) is not None


def in_story(ch: ChapterText, cue: Cue, weighed: Weighed) -> bool:
    """Told of as happening now, though not seen: news that arrives in the scene ("He died on
    the way to the hospital," the colonel said), not a memory, a confession, a threat or a topic word."""
    return cue.group.role != "mention" and not weighed.hypothetical and not told_of(ch, cue)


def plain_hits(chapters: list[ChapterText], cues: list[list[Cue]], labels: dict[str, TriggerLabel], genders: dict[str, str | None]) -> list[Hit]:
    hits: list[Hit] = []
    for ch, chapter_cues in zip(chapters, cues):
        for cue in chapter_cues:
            label = labels[cue.group.label]
            who = None
            if cue.group.role == "slur":
                weighed = slur_severity(ch, cue)
                who = slur_target(ch, cue, genders) if weighed else None
            else:
                weighed = cue_severity(ch, cue, label)
                if weighed and label.label == "death" and (weighed.severity != "referenced" or in_story(ch, cue, weighed)):
                    who = patient(ch, cue, genders)
            if weighed is None or (label.label in PERSON_LABELS and _animal_at(ch, cue)):
                continue
            hits.append(
                Hit(
                    label.label, cue.group.name, weighed.severity, weighed.strength, ch.span(cue.sentence), cue.start, cue.end,
                    who, cue.group.role == "mention", weighed.hypothetical, told_of(ch, cue),
                )
            )  # fmt: skip
    return _gore_spreads(_not_deaths(hits), labels)


def _not_deaths(hits: list[Hit]) -> list[Hit]:
    """A sign of death in a sentence that tells of a miscarriage ("there was no heartbeat
    anymore") is the pregnancy's loss, not a person's death."""
    lost = {(h.evidence.chapter, h.evidence.start) for h in hits if h.label == "miscarriages"}
    return [h for h in hits if not (h.label in ("death", "dying") and (h.evidence.chapter, h.evidence.start) in lost)]


def _gore_spreads(hits: list[Hit], labels: dict[str, TriggerLabel]) -> list[Hit]:
    """A depicted hit is graphic when its sentence holds a graphic hit of a label it
    lists in ``graphic_with``: blood in a sentence that tears a man to pieces."""
    graphic = {(h.label, h.evidence.chapter, h.evidence.start) for h in hits if h.severity == "graphic"}
    return [
        replace(h, severity="graphic")
        if h.severity == "depicted" and any((other, h.evidence.chapter, h.evidence.start) in graphic for other in labels[h.label].graphic_with)
        else h
        for h in hits
    ]


def derived_hits(chapters: dict[int, ChapterText], hits: list[Hit]) -> list[Hit]:
    """Hits of labels raised from others' (a childbirth is a pregnancy; sexual content
    with a minor nearby is underage), derived ones included, until nothing new comes."""
    rules = knowledge.derived_labels()
    pool, found = list(hits), []
    seen = {(h.label, h.evidence.chapter, h.start, h.end) for h in hits}
    while True:
        new = []
        for rule in rules:
            for hit in pool:
                key = (rule.label, hit.evidence.chapter, hit.start, hit.end)
                if hit.label not in rule.sources or key in seen or hit.hypothetical or (rule.groups and hit.group not in rule.groups):
                    continue
                ch = chapters[hit.evidence.chapter]
                near = [rule.requires, rule.requires_also] if rule.requires else []
                if not all(_near(ch, hit, lexicons, rule.window) for lexicons in near if lexicons):
                    continue
                seen.add(key)
                strength = min(hit.strength, rule.weight * min(1.0, hit.strength / 0.7))
                severity = min(hit.severity, rule.most, key=SEVERITY_RANK.__getitem__)
                new.append(replace(hit, label=rule.label, severity=severity, strength=round(strength, 3), patient=None))
        if not new:
            return found
        pool, found = new, found + new


def _near(ch: ChapterText, hit: Hit, lexicons: tuple[str, ...], reach: int) -> bool:
    """A word of one of ``lexicons`` within ``reach`` sentences of a hit."""
    window = ch.window((hit.evidence.start, hit.evidence.end), reach)
    return any(lexicon_in(name, ch.norm, *window) for name in lexicons)


def incest_hits(relationships: Sequence[Relationship]) -> list[Hit]:
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
