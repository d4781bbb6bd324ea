"""The content-warning knowledge in warnings/*.json, read into trigger labels, cue groups,
lexicons, idioms, context words and tag rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, cast, get_args

from ..model import ARCHIVE_WARNINGS, Severity
from ._files import KnowledgeError, _section, _strings, warning_data
from ._fragments import FirstWordIndex, compile_fragments, expand_fragments

# warnings/*.json (see warnings/README.md): the AO3 and PAN 2023 taxonomy, the cue
# patterns per trigger label, shared lexicons, idioms that cancel a cue, the words
# that decide negation, modality and reference, slurs by the people they target, and
# the rules for suggested tags. Patterns are regular-expression fragments matched
# case-insensitively as whole words on text whose curly quotes were made straight.

CueRole = Literal["event", "state", "mention", "slur"]

CUE_ROLES: tuple[str, ...] = get_args(CueRole)
TRIGGER_LABELS: tuple[str, ...] = (
    "pornographic-content", "violence", "death", "sexual-assault", "abuse", "blood", "suicide", "pregnancy",
    "child-abuse", "incest", "underage", "homophobia", "self-harm", "dying", "kidnapping", "mental-illness",
    "dissection", "eating-disorders", "abduction", "body-hatred", "childbirth", "racism", "sexism", "miscarriages",
    "transphobia", "abortion", "fat-phobia", "animal-death", "ableism", "classism", "misogyny", "animal-cruelty",
)  # fmt: skip
AO3_RATINGS: tuple[str, ...] = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
SLUR_GROUPS = {"strong": 0.85, "ambiguous": 0.5}  # cue group name suffix -> weight


@dataclass(frozen=True, slots=True)
class CueGroup:
    """One named group of cue patterns for a trigger label.

    ``requires`` names lexicons one of whose words must stand near the cue (the
    window: two sentences either side); ``graphic`` marks acts that are gory in
    themselves, ``graphic`` False acts that never are (dying of an illness). Slur groups are named ``slur`` and ``slur-ambiguous``.
    ``pattern`` is compiled on first use: most works meet only some of the groups.
    """

    label: str
    name: str
    role: CueRole
    weight: float
    fragments: tuple[str, ...]  # the patterns, macros expanded
    graphic: bool | None = None  # True: gory in itself; False: never graphic; None: detail words decide
    requires: tuple[str, ...] = ()
    where: str = "warnings/cues.json"  # the file and group, for error messages

    @property
    def pattern(self) -> re.Pattern[str]:
        """The fragments as one whole-word pattern."""
        return _compiled_group(self.fragments, self.where)


@lru_cache(maxsize=None)
def _compiled_group(fragments: tuple[str, ...], where: str) -> re.Pattern[str]:
    return compile_fragments(fragments, where=where)


@dataclass(frozen=True, slots=True)
class TriggerLabel:
    label: str
    definition: str
    rating: Mapping[str, str]  # severity -> the least AO3 rating it needs
    tags: Mapping[str, str | None]  # severity -> an AO3 additional tag
    groups: tuple[CueGroup, ...]
    detail: tuple[str, ...] = ()  # lexicons whose words make a depicted event graphic
    graphic_min: int = 2
    speech_acts: bool = False  # its acts are things said (a slur, a sneer): said in a scene, they happen there
    intent_counts: bool = False  # wanting or planning it is the thing itself (suicidal intent)
    least: Severity = "referenced"  # the least severity that makes a finding (talk of sex is no sexual content)
    graphic_with: tuple[str, ...] = ()  # labels whose graphic hit makes this label's depicted hit in its sentence graphic
    needs_agent: bool = False  # the act needs a doer: "it hit him", "the car hit the cat" are none


@dataclass(frozen=True, slots=True)
class DerivedLabel:
    """A label raised from other labels' hits: always (the label implies it: a
    childbirth is a pregnancy), or when a word of a ``requires`` lexicon is near, and
    then also one of ``requires_also`` (violence near a child's age and a grown-up's
    name is child abuse)."""

    label: str
    sources: tuple[str, ...]
    requires: tuple[str, ...]
    weight: float
    groups: tuple[str, ...] = ()  # only hits of these cue groups (empty: any)
    requires_also: tuple[str, ...] = ()
    most: Severity = "graphic"  # the severity a derived hit can reach at most
    window: int = 2  # sentences either side in which the lexicons are looked for


@dataclass(frozen=True, slots=True)
class ArchiveWarningRule:
    label: str
    definition: str
    sources: tuple[str, ...]
    severity: Severity
    off_page: bool = False  # a referenced hit counts too, unless it is told of as past or reported


@dataclass(frozen=True, slots=True)
class GroupTag:
    """An additional tag raised when some cue groups of a label matched and others did not."""

    label: str
    groups: tuple[str, ...]
    unless: tuple[str, ...]
    tag: str


@dataclass(frozen=True, slots=True)
class TagCondition:
    lexicon: str | None = None
    min: int = 1
    per_1000_words: float = 0.0
    notes: re.Pattern[str] | None = None
    finding: str | None = None
    severity: Severity = "referenced"
    relationship: str | None = None


@dataclass(frozen=True, slots=True)
class TagRule:
    tag: str
    reason: str
    all: tuple[TagCondition, ...] = ()
    any: tuple[TagCondition, ...] = ()
    none: tuple[TagCondition, ...] = ()


@dataclass(frozen=True, slots=True)
class WarningContext:
    """The words that decide whether a cue describes something happening in the scene.

    Word sets hold lower-case tokens as spaCy splits them; ``*_phrases`` are compiled
    patterns for the rule-only path (no parse).
    """

    negation_words: frozenset[str]
    negative_subjects: frozenset[str]
    modals: frozenset[str]
    marks: frozenset[str]
    intent_heads: frozenset[str]
    attempt_heads: frozenset[str]
    averted: frozenset[str]
    report_heads: frozenset[str]
    non_agents: frozenset[str]
    pronouns: Mapping[str, str]  # word -> "he" | "she" | "they" | "first" | "second"
    negation_phrases: re.Pattern[str]
    modality_phrases: re.Pattern[str]
    hedges: re.Pattern[str]
    reference_phrases: re.Pattern[str]
    survival_phrases: re.Pattern[str]
    insults: re.Pattern[str]  # words that aim an ambiguous slur at someone ("fucking ...")
    confessions: re.Pattern[str]  # a speaker owning a past act ("I killed her", "by my hand"): told of, not news


@lru_cache(maxsize=None)
def warning_lexicon(name: str) -> re.Pattern[str]:
    """A lexicons.json list as one pattern."""
    entry = _section("lexicons.json", "lexicons").get(name)
    if not isinstance(entry, dict):
        raise KnowledgeError(f"no lexicon {name!r}", path="warnings/lexicons.json")
    return compile_fragments(_strings(entry.get("terms")), where=f"warnings/lexicons.json: {name}")


@lru_cache(maxsize=None)
def warning_lexicon_fragments(name: str) -> tuple[str, ...]:
    """A lexicons.json list's patterns, macros expanded (for ``FirstWordIndex``)."""
    entry = _section("lexicons.json", "lexicons").get(name)
    if not isinstance(entry, dict):
        raise KnowledgeError(f"no lexicon {name!r}", path="warnings/lexicons.json")
    return tuple(expand_fragments(_strings(entry.get("terms")), where=f"warnings/lexicons.json: {name}"))


def warning_lexicon_names() -> tuple[str, ...]:
    return tuple(sorted(_section("lexicons.json", "lexicons")))


@lru_cache(maxsize=1)
def warning_idioms() -> re.Pattern[str]:
    """Every figure of speech that cancels a cue it overlaps ("killing me", "dying to")."""
    idioms = _section("idioms.json", "idioms")
    return compile_fragments([f for group in idioms.values() for f in _strings(group)], where="warnings/idioms.json")


@lru_cache(maxsize=1)
def trigger_labels() -> tuple[TriggerLabel, ...]:
    """The 32 PAN 2023 labels in PAN's order, with their compiled cue groups (slurs included)."""
    taxonomy = _section("taxonomy.json", "triggers")
    cues = _section("cues.json", "labels")
    slurs = _section("slurs.json", "slurs")
    labels = []
    for label in TRIGGER_LABELS:
        info = cast(dict[str, object], taxonomy.get(label) or {})
        spec = cast(dict[str, object], cues.get(label) or {})
        where = f"warnings/cues.json: {label}"
        groups = []
        for name, raw in cast(dict[str, dict[str, object]], spec.get("groups", {})).items():
            patterns = _strings(raw.get("patterns"))
            groups.append(
                CueGroup(
                    label=label,
                    name=name,
                    role=cast(CueRole, raw.get("role", "event")),
                    weight=float(cast(float, raw.get("weight", 0.5))),
                    fragments=tuple(expand_fragments(patterns, where=f"{where}.{name}")),
                    graphic=cast(bool | None, raw.get("graphic")),
                    requires=tuple(_strings(raw.get("requires"))),
                    where=f"{where}.{name}",
                )
            )
        for kind, weight in SLUR_GROUPS.items():
            words = _strings(cast(dict[str, object], slurs.get(label) or {}).get(kind))
            if words:
                name = "slur" if kind == "strong" else "slur-ambiguous"
                where = f"warnings/slurs.json: {label}.{kind}"
                groups.append(CueGroup(label, name, "slur", weight, tuple(expand_fragments(words, where=where)), where=where))
        labels.append(
            TriggerLabel(
                label=label,
                definition=str(info.get("definition", "")),
                rating=MappingProxyType(cast(dict[str, str], info.get("rating", {}))),
                tags=MappingProxyType(cast(dict[str, str | None], info.get("tags", {}))),
                groups=tuple(groups),
                detail=tuple(_strings(spec.get("detail"))),
                graphic_min=int(cast(int, spec.get("graphic_min", 2))),
                speech_acts=bool(spec.get("speech_acts", False)),
                intent_counts=bool(spec.get("intent_counts", False)),
                least=cast(Severity, spec.get("least", "referenced")),
                graphic_with=tuple(_strings(spec.get("graphic_with"))),
                needs_agent=bool(spec.get("needs_agent", False)),
            )
        )
    return tuple(labels)


@lru_cache(maxsize=1)
def derived_labels() -> tuple[DerivedLabel, ...]:
    """The rules of cues.json's ``derived``: per label, one rule or a list of them."""
    derived = _section("cues.json", "derived")
    return tuple(
        DerivedLabel(
            label,
            sources=tuple(_strings(raw.get("from"))),
            requires=tuple(_strings(raw.get("requires"))),
            weight=float(cast(float, raw.get("weight", 0.5))),
            groups=tuple(_strings(raw.get("groups"))),
            requires_also=tuple(_strings(raw.get("requires_also"))),
            most=cast(Severity, raw.get("most", "graphic")),
            window=int(cast(int, raw.get("window", 2))),
        )
        for label, rules in derived.items()
        for raw in cast(list[dict[str, object]], rules if isinstance(rules, list) else [rules])
    )


@lru_cache(maxsize=1)
def cue_index() -> FirstWordIndex:
    """Every cue and slur pattern of every label, indexed: a sentence without a match
    needs no closer look."""
    return FirstWordIndex({cue_tag(group): group.fragments for label in trigger_labels() for group in label.groups})


def cue_tag(group: CueGroup) -> str:
    """The tag ``cue_index`` gives a cue group's matches."""
    return f"{group.label}/{group.name}"


@lru_cache(maxsize=1)
def idiom_index() -> FirstWordIndex:
    """``warning_idioms`` as a ``FirstWordIndex``."""
    idioms = _section("idioms.json", "idioms")
    return FirstWordIndex({"": expand_fragments([f for group in idioms.values() for f in _strings(group)], where="warnings/idioms.json")})


@lru_cache(maxsize=1)
def archive_warning_rules() -> Mapping[str, ArchiveWarningRule]:
    rules = {}
    for label, raw in cast(dict[str, dict[str, object]], _section("taxonomy.json", "ao3_warnings")).items():
        severity = cast(Severity, raw.get("severity", "depicted"))
        rules[label] = ArchiveWarningRule(
            label, str(raw.get("definition", "")), tuple(_strings(raw.get("from"))), severity, raw.get("off_page") is True
        )
    return MappingProxyType(rules)


@lru_cache(maxsize=1)
def group_tags() -> tuple[GroupTag, ...]:
    raw = warning_data("taxonomy.json").get("group_tags", [])
    return tuple(
        GroupTag(str(r["label"]), tuple(_strings(r.get("groups"))), tuple(_strings(r.get("unless"))), str(r["tag"]))
        for r in cast(list[dict[str, object]], raw)
    )


def _tag_condition(raw: dict[str, object]) -> TagCondition:
    notes = _strings(raw.get("notes"))
    return TagCondition(
        lexicon=cast(str | None, raw.get("lexicon")),
        min=int(cast(int, raw.get("min", 1))),
        per_1000_words=float(cast(float, raw.get("per_1000_words", 0.0))),
        notes=compile_fragments(notes, where="warnings/tags.json") if notes else None,
        finding=cast(str | None, raw.get("finding")),
        severity=cast(Severity, raw.get("severity", "referenced")),
        relationship=cast(str | None, raw.get("relationship")),
    )


@lru_cache(maxsize=1)
def tag_rules() -> tuple[TagRule, ...]:
    """The rules for suggested additional tags that are not warnings (Angst, Fluff, Missing Scene...)."""
    rules = []
    for raw in cast(list[dict[str, object]], warning_data("tags.json").get("rules", [])):
        conditions = {key: tuple(_tag_condition(c) for c in cast(list[dict[str, object]], raw.get(key, []))) for key in ("all", "any", "none")}
        rules.append(TagRule(str(raw["tag"]), str(raw.get("reason", "")), **conditions))
    return tuple(rules)


@lru_cache(maxsize=1)
def warning_context() -> WarningContext:
    context = warning_data("context.json")

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in _strings(cast(dict[str, object], context.get(section, {})).get(key)))

    def phrases(section: str) -> re.Pattern[str]:
        return compile_fragments(_strings(cast(dict[str, object], context.get(section, {})).get("phrases")), where=f"warnings/context.json: {section}")

    pronouns = {
        word: person for person, forms in cast(dict[str, list[str]], context.get("pronouns", {})).items() for word in forms
    }
    return WarningContext(
        negation_words=words("negation", "words"),
        negative_subjects=words("negation", "subjects"),
        modals=words("modality", "modals"),
        marks=words("modality", "marks"),
        intent_heads=words("modality", "intent_heads"),
        attempt_heads=words("modality", "attempt_heads"),
        averted=words("modality", "averted"),
        report_heads=words("reference", "report_heads"),
        non_agents=frozenset(w.lower() for w in _strings(context.get("non_agents"))),
        pronouns=MappingProxyType(pronouns),
        negation_phrases=phrases("negation"),
        modality_phrases=phrases("modality"),
        hedges=compile_fragments(_strings(cast(dict[str, object], context.get("modality", {})).get("hedges")), where="warnings/context.json: hedges"),
        reference_phrases=phrases("reference"),
        survival_phrases=phrases("survival"),
        insults=compile_fragments([f + r"\s+$" for f in _strings(context.get("insults"))], where="warnings/context.json: insults"),
        confessions=compile_fragments(
            _strings(cast(dict[str, object], context.get("reference", {})).get("confessions")), where="warnings/context.json: confessions"
        ),
    )


# The Archive Warnings a reading of the text can give (the author alone can choose not to warn).
ARCHIVE_WARNING_LABELS: tuple[str, ...] = tuple(w for w in ARCHIVE_WARNINGS if w != "Creator Chose Not To Use Archive Warnings")
