"""Content warnings: AO3's Archive Warnings and the 32 PAN 2023 trigger labels, with
the sentences that show them.

How a work is read (the words and patterns live in ``knowledge/warnings/``):

1. **Candidates.** Every cue of every label is indexed by the words a match can
   start with; one pass over a chapter's words finds the sentences worth reading.
2. **Cues.** In a candidate sentence each label's cue groups are matched. A cue that
   overlaps a figure of speech ("it's killing me", "dying to see it", "blood on my
   hands") is no cue, unless it holds the whole figure ("having a panic attack"). A
   group that ``requires`` a lexicon (unwanted touching needs a sign of refusal)
   needs one of its words within two sentences. Cues name verbs by lemma (``~stab``:
   stabs, stabbed, stabbing), so a cue holds in any tense and person.
3. **Reading.** Does the cue happen in the scene? Negated ("he didn't hit him") →
   nothing. Hypothetical (a modal, "if", "wanted to", an order, "nearly") → a weak
   reference, and what only might happen makes no finding alone ("I'll kill you").
   Past perfect, "used to", "years ago", "when I was six", a reporting verb before
   it ("she told him his brother had been shot"), or said in dialogue → referenced;
   but a sneer or a slur said to someone's face is the act itself (``speech_acts``).
   Otherwise, narrated → depicted. Sentences without any of those words are settled
   by rules; the others are parsed in one batch with the shared ``Parser`` (up to a
   budget; rules after). The parse also gives who does what to whom: the one who
   dies (or whose hand goes slack), a slur's target.
4. **Severity.** A depicted act is graphic when it is gory in itself, when enough
   different bodily-detail words (broken ribs, blood, explicit anatomy) stand near it,
   or when its sentence holds a graphic hit of a label it names (``graphic_with``:
   blood where a man is torn apart).
5. **Derived labels.** A label raises those it implies (a childbirth is a pregnancy,
   a kidnapping an abduction) and those a lexicon nearby decides (sexual content
   with a minor's age: underage; violence with a child's age and a grown-up: child
   abuse).
6. **Findings.** One per label: the strongest severity, a confidence of
   ``1 - Π(1 - strength)`` over its best cues, and as evidence the five strongest
   sentences plus the strongest of every other chapter (so every chapter is named).
7. **Archive Warnings** follow from the findings: graphic violence, a depicted sexual
   assault, sex involving a minor within the story (even implied between scenes, not
   remembered), a major character who dies and is not later alive (a death, a dying or
   violence said of an animal is no hit);
   "No Archive Warnings Apply" (without evidence) when none of them does.

``find`` is pure; ``STAGE`` wires it into the pipeline. The modules follow the steps:
``_text`` (a chapter prepared), ``_cues`` (1, 2), ``_context`` (3), ``_severity`` (4),
``_people`` (who dies, whom a slur targets), ``_hits`` (4, 5) and ``_findings`` (6, 7).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ... import knowledge
from ...model import Chapter, ChapterLayout, Character, Finding, Mention, Quote, Relationship
from ...pipeline import Inputs, Stage
from .. import coref
from ..nlp import Parser
from ._context import Reading, read_by_parse, read_by_rules, read_cues
from ._cues import chapter_cues
from ._findings import archive_warnings, major_character_deaths, survivors, trigger_findings
from ._hits import Hit, derived_hits, incest_hits, plain_hits
from ._text import ChapterText, straighten


@dataclass(slots=True)
class Detection:
    """What ``find`` returns: the findings, and the cue groups behind each trigger label
    (the rating stage tells Non-Consensual Touching from rape by them)."""

    findings: list[Finding]
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)


def find(
    chapters: Sequence[Chapter],
    *,
    layouts: Sequence[ChapterLayout] = (),
    quotes: Sequence[Quote] = (),
    characters: Sequence[Character] = (),
    mentions: Sequence[Mention] = (),
    relationships: Sequence[Relationship] = (),
    parser: Parser | None = None,
    antecedents: Mapping[tuple[int, int], str] | None = None,
) -> Detection:
    """Every warning a work needs, with its evidence. Without a ``parser`` only rules read
    the cues. Pronouns mean whom ``antecedents`` (the coreference stage's) says; without
    them the coreference stage resolves them here."""
    labels = {label.label: label for label in knowledge.trigger_labels()}
    layout_of = {layout.number: layout for layout in layouts}
    quotes_of: dict[int, list[Quote]] = defaultdict(list)
    for quote in quotes:
        quotes_of[quote.chapter].append(quote)
    mentions_of: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        mentions_of[mention.chapter].append(mention)
    if antecedents is None:
        antecedents = {
            key: name
            for c in chapters
            for key, name in coref.resolve_chapter(c, mentions_of[c.number], characters, quotes_of[c.number]).items()
        }
    meant: dict[int, dict[int, str]] = defaultdict(dict)
    for (number, offset), name in antecedents.items():
        meant[number][offset] = name
    prepared = [ChapterText(c, layout_of.get(c.number), quotes_of[c.number], mentions_of[c.number], meant[c.number]) for c in chapters]
    groups = [(knowledge.cue_tag(group), group) for label in labels.values() for group in label.groups]
    cues = [chapter_cues(ch, groups) for ch in prepared]
    read_cues(prepared, cues, parser)
    genders = {c.name: c.gender for c in characters}
    by_number = {ch.chapter.number: ch for ch in prepared}
    hits = plain_hits(prepared, cues, labels, genders)
    hits += derived_hits(by_number, hits)
    hits += incest_hits(relationships)
    hits, alive = survivors(hits, by_number, quotes)
    triggers = trigger_findings(hits)
    mcd = major_character_deaths(hits, characters, alive, sum(len(c.text.split()) for c in chapters))
    reported = {f.label for f in triggers}
    behind = {label: frozenset(h.group for h in hits if h.label == label) for label in reported}
    return Detection([*archive_warnings(triggers, hits, mcd), *triggers], behind, hits)


def run(doc: Inputs) -> dict[str, list]:
    detection = find(
        doc.work.chapters,
        layouts=doc.layout,
        quotes=doc.quotes,
        characters=doc.characters,
        mentions=doc.mentions,
        relationships=doc.relationships,
        parser=doc.parser,
        antecedents=doc.antecedents,
    )
    return {"warnings": detection.findings, "warning_groups": detection.groups}


STAGE = Stage(
    name="warnings",
    reads=("work", "layout", "quotes", "characters", "mentions", "antecedents", "relationships", "parser"),
    assigns=("warnings", "warning_groups"),
    compute=run,
)

__all__ = ["Detection", "Hit", "Reading", "STAGE", "find", "read_by_parse", "read_by_rules", "straighten"]
