"""How much a cue counts: its severity (referenced, depicted, graphic) and strength."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import knowledge
from ...knowledge import TriggerLabel
from ...model import SEVERITY_RANK, Severity
from ._cues import Cue
from ._text import ChapterText, overlaps


# How much a cue counts for, by how it is read.
DEPICTED = 1.0
SAID = 0.8  # talked about in dialogue
REFERENCED = 0.75
HYPOTHETICAL = 0.35
ATTEMPT_FALLS_SHORT = frozenset({"death", "dying"})  # "tried to kill him": violence, no death; an attempted suicide is suicide

_YOU_BEFORE = re.compile(r"(?<!\w)(?:you|ya|u)\s+(?:\w+\s+){0,2}$", re.I)
CALLED_BEFORE = re.compile(r"(?<!\w)(?:call(?:ed|s|ing)?|name[ds]?|shout(?:ed)?|yell(?:ed)?|spat|sneer(?:ed)?)\s+(?P<who>\w+)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}$", re.I)
_PERFECT_BEFORE = re.compile(r"(?:(?<!\w)had|'d)\s+(?:(?:been|already|once|often)\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class Weighed:
    """How one cue counts."""

    severity: Severity
    strength: float
    hypothetical: bool = False  # only might happen ("I'll kill you", "he wanted to hit him")


def cue_severity(ch: ChapterText, cue: Cue, label: TriggerLabel) -> Weighed | None:
    """How a cue counts, or None when it is no evidence."""
    group, reading = cue.group, cue.reading
    if group.role == "slur":
        return None  # read by slur_severity, which knows the target
    if reading.negated or (reading.non_agent and label.needs_agent):
        return None
    if reading.attempt and group.label in ATTEMPT_FALLS_SHORT:
        return Weighed("referenced", group.weight * HYPOTHETICAL)
    if group.role == "mention":
        return Weighed("referenced", group.weight * REFERENCED)
    if cue.quote is not None and label.speech_acts:
        # A sneer or an order said to someone's face is the act itself ("Go back to the kitchen").
        return Weighed("referenced" if reading.referenced else "depicted", group.weight * (REFERENCED if reading.referenced else DEPICTED))
    if reading.hypothetical:
        if label.intent_counts and reading.intent:
            return Weighed("referenced", group.weight * REFERENCED)
        return Weighed("referenced", group.weight * HYPOTHETICAL, hypothetical=True)
    if cue.quote is not None:
        return Weighed("referenced", group.weight * SAID)
    if reading.referenced or (reading.nominal and group.role == "event"):
        return Weighed("referenced", group.weight * REFERENCED)
    if group.graphic or (group.graphic is None and _details(ch, cue, label) >= label.graphic_min):
        return Weighed("graphic", group.weight * DEPICTED)
    return Weighed("depicted", group.weight * DEPICTED)


def _details(ch: ChapterText, cue: Cue, label: TriggerLabel) -> int:
    """How many different bodily-detail words stand within the window of a cue."""
    if not label.detail:
        return 0
    start, end = ch.window(cue.sentence)
    figures = [span for sentence in ch.figures_between(start, end) for span in sentence]
    words = set()
    for name in label.detail:
        for match in knowledge.warning_lexicon(name).finditer(ch.norm, start, end):
            if not overlaps(figures, *match.span()) and not (cue.start <= match.start() < cue.end):
                words.add(match.group().lower())
    return len(words)


def slur_severity(ch: ChapterText, cue: Cue) -> Weighed | None:
    """A slur aimed at someone ("you ...", "called him a ...", "..., tranny,", "fucking
    ...") or a strong one said aloud is depicted, or referenced when told of ("they'd
    called him a ..."); one only mentioned in narration is referenced. An ambiguous word
    counts only when aimed: otherwise None."""
    start, _ = cue.sentence
    before = ch.norm[max(start, cue.start - 60) : cue.start]
    called = CALLED_BEFORE.search(before)
    insults = knowledge.warning_context().insults
    aimed = bool(_YOU_BEFORE.search(before) or called or insults.search(before[-20:]))
    aimed = aimed or (cue.quote is not None and _vocative(ch.norm, cue))
    told = cue.reading.referenced or bool(called and _PERFECT_BEFORE.search(before[: called.start()]))
    if not aimed and cue.group.name != "slur":
        return None
    if (aimed or cue.quote is not None) and not told:
        return Weighed("depicted", cue.group.weight * DEPICTED)
    return Weighed("referenced", cue.group.weight * REFERENCED)


def _vocative(text: str, cue: Cue) -> bool:
    """Said to someone's face: set off by commas or quote marks inside a quote ("..., tranny,")."""
    before = text[max(0, cue.start - 3) : cue.start]
    after = text[cue.end : cue.end + 2]
    return bool(re.search(r"(?:,\s*|^\s*[\"'])$", before) or before.endswith('"')) and bool(re.match(r"\s*[,.!?\"']", after))
