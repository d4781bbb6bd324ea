"""The consistency check of the shipped warnings/ files."""

from __future__ import annotations

from typing import cast

from ..model import SEVERITIES
from ._files import _WARNING_FILES, KnowledgeError, _section, warning_data
from ._packs import RELATIONSHIP_KINDS
from ._warnings import (
    AO3_RATINGS,
    ARCHIVE_WARNING_LABELS,
    CUE_ROLES,
    TRIGGER_LABELS,
    archive_warning_rules,
    derived_labels,
    group_tags,
    tag_rules,
    trigger_labels,
    warning_context,
    warning_idioms,
    warning_lexicon,
    warning_lexicon_names,
)


def check_warning_data() -> list[str]:
    """Problems with the shipped warnings/ files; [] when sound. Tests call this."""
    problems: list[str] = []
    for name in _WARNING_FILES:
        try:
            data = warning_data(name)
        except KnowledgeError as error:
            problems.append(str(error))
            continue
        for key in ("source", "licence"):
            if not isinstance(data.get(key), str) or not str(data.get(key)).strip():
                problems.append(f"warnings/{name}: needs a {key!r}")
    if problems:
        return problems
    taxonomy = _section("taxonomy.json", "triggers")
    cues = _section("cues.json", "labels")
    if sorted(taxonomy) != sorted(TRIGGER_LABELS):
        problems.append(f"taxonomy.json triggers differ from the 32 PAN labels: {sorted(set(taxonomy) ^ set(TRIGGER_LABELS))}")
    if sorted(cues) != sorted(TRIGGER_LABELS):
        problems.append(f"cues.json labels differ from the 32 PAN labels: {sorted(set(cues) ^ set(TRIGGER_LABELS))}")
    for label, raw in taxonomy.items():
        info = cast(dict[str, dict[str, object]], raw)
        for key, allowed in (("rating", AO3_RATINGS), ("tags", None)):
            table = cast(dict[str, object], info.get(key, {}))
            if sorted(table) != sorted(SEVERITIES):
                problems.append(f"taxonomy.json {label}.{key} must name each severity once")
            if allowed and any(v not in allowed for v in table.values()):
                problems.append(f"taxonomy.json {label}.rating: not an AO3 rating in {sorted(map(str, table.values()))}")
    for label, warning in archive_warning_rules().items():
        if label not in ARCHIVE_WARNING_LABELS:
            problems.append(f"taxonomy.json: {label!r} is not an AO3 Archive Warning")
        problems += [f"taxonomy.json {label}: unknown label {s!r}" for s in warning.sources if s not in TRIGGER_LABELS]
    lexicons = set(warning_lexicon_names())
    try:
        labels = trigger_labels()
        warning_idioms()
        warning_context()
        rules = tag_rules()
        for name in lexicons:
            warning_lexicon(name)
        for trigger in labels:
            for group in trigger.groups:
                group.pattern  # noqa: B018 (compiled on first use: compile them all here)
    except KnowledgeError as error:
        return [*problems, str(error)]
    for trigger in labels:
        if not trigger.groups:
            problems.append(f"cues.json {trigger.label}: no cue groups")
        problems += [f"cues.json {trigger.label}: unknown lexicon {d!r}" for d in trigger.detail if d not in lexicons]
        problems += [f"cues.json {trigger.label}: unknown label {g!r} in graphic_with" for g in trigger.graphic_with if g not in TRIGGER_LABELS]
        if trigger.least not in SEVERITIES:
            problems.append(f"cues.json {trigger.label}: least severity {trigger.least!r}")
        for group in trigger.groups:
            if group.role not in CUE_ROLES:
                problems.append(f"cues.json {trigger.label}.{group.name}: role {group.role!r}")
            if not 0 < group.weight <= 1:
                problems.append(f"cues.json {trigger.label}.{group.name}: weight {group.weight} outside (0, 1]")
            problems += [f"cues.json {trigger.label}.{group.name}: unknown lexicon {r!r}" for r in group.requires if r not in lexicons]
    for derived in derived_labels():
        problems += [f"cues.json derived {derived.label}: unknown {x!r}" for x in (derived.label, *derived.sources) if x not in TRIGGER_LABELS]
        problems += [f"cues.json derived {derived.label}: unknown lexicon {r!r}" for r in (*derived.requires, *derived.requires_also) if r not in lexicons]
        if derived.most not in SEVERITIES:
            problems.append(f"cues.json derived {derived.label}: severity {derived.most!r}")
        known = {g.name for t in labels if t.label in derived.sources for g in t.groups}
        problems += [f"cues.json derived {derived.label}: no cue group {g!r} in {derived.sources}" for g in derived.groups if g not in known]
    for group_tag in group_tags():
        if group_tag.label not in TRIGGER_LABELS:
            problems.append(f"taxonomy.json group_tags: unknown label {group_tag.label!r}")
    for rule in rules:
        for condition in (*rule.all, *rule.any, *rule.none):
            if condition.lexicon and condition.lexicon not in lexicons:
                problems.append(f"tags.json {rule.tag}: unknown lexicon {condition.lexicon!r}")
            if condition.finding and condition.finding not in TRIGGER_LABELS:
                problems.append(f"tags.json {rule.tag}: unknown label {condition.finding!r}")
            if condition.relationship and condition.relationship not in RELATIONSHIP_KINDS:
                problems.append(f"tags.json {rule.tag}: unknown relationship kind {condition.relationship!r}")
    return problems
