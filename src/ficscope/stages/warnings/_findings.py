"""Findings: one per trigger label (its strongest severity, a confidence, the best
evidence), and the Archive Warnings that follow from them; a major character who dies
and is not alive afterwards is a Major Character Death."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from math import prod

from ... import knowledge
from ...model import NO_ARCHIVE_WARNINGS, Character, Finding, Quote, Severity, Span
from ._context import CLAUSE_BREAK
from ._hits import Hit
from ._severity import SEVERITY_RANK
from ._text import ChapterText

MAX_EVIDENCE = 5
MIN_CONFIDENCE = 0.4
MAX_CUES_PER_LABEL = 8  # the strongest cues that make up a confidence
MAX_CONFIDENCE = 0.97
MENTIONS_ONLY = 0.6  # the most topic words alone ("funeral", "widowed") make a label sure
HYPOTHETICAL_ONLY = 0.35  # below MIN_CONFIDENCE: what only might happen is not labelled
REPEATS = 2  # times one cue word counts towards a confidence
_SIGNS_OF_DEATH = frozenset({"vital_signs", "last_moments"})  # cue groups that only seem to tell of a death when the one "dead" lives on
SURVIVAL_SENTENCES = 4  # sentences after a death in which "still breathing" undoes it
SHORT_WORK = 1500  # words; in a drabble or a short scene every named character is a main one


def _confidence(hits: Iterable[Hit]) -> float:
    """``1 - Π(1 - strength)`` over the strongest cues; one word said again and again
    ("the widow ... the widow") counts twice at most, topic words alone never make a
    label sure, and threats and wishes alone ("I'll kill you") make no finding."""
    said: Counter[str] = Counter()
    strengths = []
    mentions_only = hypothetical_only = True
    for hit in sorted(hits, key=lambda h: -h.strength):
        said[hit.cue.lower()] += 1
        if said[hit.cue.lower()] <= REPEATS:
            strengths.append(hit.strength)
        mentions_only = mentions_only and hit.mention
        hypothetical_only = hypothetical_only and hit.hypothetical
    confidence = 1 - prod(1 - s for s in strengths[:MAX_CUES_PER_LABEL])
    most = HYPOTHETICAL_ONLY if hypothetical_only else MENTIONS_ONLY if mentions_only else MAX_CONFIDENCE
    return round(min(most, confidence), 2)


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


def trigger_findings(hits: list[Hit]) -> list[Finding]:
    least = {label.label: SEVERITY_RANK[label.least] for label in knowledge.trigger_labels()}
    by_label: dict[str, list[Hit]] = defaultdict(list)
    for hit in _per_sentence(hits):
        if SEVERITY_RANK[hit.severity] >= least[hit.label]:
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


def _major(characters: Sequence[Character], words: int) -> set[str]:
    """Characters the work is about: point-of-view characters, the three most named, and
    anyone named at least a quarter as often as the most named; in a short work
    (``SHORT_WORK`` words or fewer), everyone it names."""
    ranked = sorted(characters, key=lambda c: -c.mentions)
    if words <= SHORT_WORK:
        return {c.name for c in ranked if c.mentions}
    top = ranked[0].mentions if ranked else 0
    return {c.name for i, c in enumerate(ranked) if c.mentions >= 2 and (c.pov or i < 3 or c.mentions * 4 >= top)}


def _survives(name: str, hit: Hit, chapters: dict[int, ChapterText], quotes: Sequence[Quote]) -> bool:
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
                clause = CLAUSE_BREAK.split(ch.norm[start : match.start()])[-1]
                if not context.negation_phrases.search(clause[-30:]):
                    return True
    return False


def survivors(hits: list[Hit], chapters: dict[int, ChapterText], quotes: Sequence[Quote]) -> tuple[list[Hit], set[str]]:
    """The characters said to die who are alive afterwards, and the hits with their signs
    of death ("he stopped breathing", "no pulse") read as dying ("in the hospital he
    opened his eyes")."""
    deaths: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.label == "death" and hit.severity != "referenced" and hit.patient:
            deaths[hit.patient].append(hit)
    alive = {name for name, found in deaths.items() if _survives(name, max(found, key=lambda h: (h.evidence.chapter, h.start)), chapters, quotes)}
    read = [replace(h, label="dying") if h.group in _SIGNS_OF_DEATH and h.patient in alive and h.severity != "referenced" else h for h in hits]
    return read, alive


def major_character_deaths(hits: list[Hit], characters: Sequence[Character], alive: set[str], words: int) -> Finding | None:
    """A major character who dies in the work and is not alive afterwards (``words``: the work's length)."""
    major = _major(characters, words) - alive
    dead: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.label == "death" and hit.patient in major and (hit.severity != "referenced" or not (hit.past or hit.hypothetical or hit.mention)):
            dead[hit.patient].append(hit)
    if not dead:
        return None
    found = [hit for hits_of in dead.values() for hit in hits_of]
    killed = any(h.group == "killing" for h in found)
    confidence = min(0.9, 0.6 + 0.1 * (len(found) - 1) + (0.1 if killed else 0))
    return Finding("ao3", "Major Character Death", _strongest(found), round(confidence, 2), _evidence(found))


def archive_warnings(triggers: list[Finding], hits: list[Hit], mcd: Finding | None) -> list[Finding]:
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
        strong = [h for h in hits if h.label in rule.sources and (SEVERITY_RANK[h.severity] >= least or (rule.off_page and not h.past and not h.hypothetical))]
        sources = [by_label[s] for s in rule.sources if s in by_label and any(h.label == s for h in strong)]
        if not sources:
            continue
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
    return Finding("ao3", NO_ARCHIVE_WARNINGS, "referenced", round(max(0.3, confidence), 2), [])
