"""What the archive's own tags for a work would be: rating, categories, additional tags.

All three follow AO3's definitions (``knowledge/warnings/taxonomy.json``) and are read
from what other stages found:

- **rating**: the highest of what each finding shown by default needs at its severity
  (the taxonomy's, or ``knowledge/rating.json``'s where it differs: graphic violence is
  Mature, a death on the page Teen And Up) and of what the words need
  (``rating_text``: strong language Teen And Up, sexual terms Mature, an explicit scene
  Explicit), with the reason; a text too short to judge gets none;
- **categories**: one per kind of shown romantic pair, from the members' genders (he/he
  M/M, she/she F/F, he/she F/M, anyone else Other; unknown genders decide nothing; a
  member named by part of a character's name takes that character's gender);
  Multi for a relationship of three or more, or for more than one kind; Gen when
  no shown relationship is romantic;
- **tags**: each trigger finding's AO3 tag at its severity, tags for the cue groups
  behind a finding (groping without rape: Non-Consensual Touching; a slur: Homophobic
  Language), and the rules of ``tags.json`` over the notes and the words of the story
  (Angst, Fluff, Hurt/Comfort, Missing Scene, Episode Related...).

Each tag comes with the reason for it (``TagSuggestion``); the stage files the plain
names under ``tags`` and the reasons under ``tag_reasons``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .. import knowledge
from ..knowledge import FirstWordIndex, RatingRules, TagCondition, TriggerLabel
from ..model import CATEGORIES, SEVERITY_RANK, SHOWN_CONFIDENCE, ChapterLayout, Character, Finding, Relationship, TagSuggestion, Work
from ..pipeline import Inputs, Stage
from ..wordcount import count_words
from .rating_text import ContentMeasure, measure

PAIR_CATEGORIES = {("he", "he"): "M/M", ("she", "she"): "F/F", ("he", "she"): "F/M"}


@dataclass(slots=True)
class Suggestions:
    rating: str | None
    rating_reason: str
    categories: list[str]
    tags: list[TagSuggestion]


# --------------------------------------------------------------------------- rating


def _finding_rating(finding: Finding, triggers: Mapping[str, TriggerLabel], rules: RatingRules) -> str:
    """The least rating one finding needs: rating.json's for its label and severity, else
    the taxonomy's; an Archive Warning's own."""
    order = knowledge.AO3_RATINGS
    if finding.scheme == "ao3":
        return rules.archive_warnings.get(finding.label, order[0])
    own = rules.finding_ratings.get((finding.label, finding.severity))
    return own or triggers[finding.label].rating.get(finding.severity, order[0])


def _explicit_scene(content: ContentMeasure, rules: RatingRules) -> bool:
    """Explicit sex: enough different sexual terms close together."""
    return content.densest_scene >= rules.scene_terms


def _text_ratings(content: ContentMeasure, rules: RatingRules) -> list[tuple[str, str]]:
    """What the words themselves need, each with why."""
    order = knowledge.AO3_RATINGS
    needs = []
    if _explicit_scene(content, rules):
        needs.append((order[3], f"explicit sex ({content.densest_scene} different sexual terms within {rules.scene_words} words)"))
    elif content.sexual_terms >= rules.sexual_content_terms:
        needs.append((order[2], f"sexual content ({content.sexual_terms} sexual terms)"))
    if content.strong_swears >= rules.strong_language or content.mild_swears >= rules.mild_language:
        swears = content.strong_swears + content.mild_swears
        needs.append((order[1], f"strong language ({swears} swear word{'s' if swears != 1 else ''})"))
    return needs


def rate(findings: Iterable[Finding], content: ContentMeasure | None = None) -> tuple[str | None, str]:
    """AO3's rating for a work with these findings and words, and why: the highest any
    shown finding or the text itself needs. None when the text is too short to rate."""
    order = knowledge.AO3_RATINGS
    rules = knowledge.rating_rules()
    if content is not None and content.words < rules.min_words:
        return None, f"too little text to rate ({content.words} word{'s' if content.words != 1 else ''})"
    triggers = {label.label: label for label in knowledge.trigger_labels()}
    needs = [
        (_finding_rating(f, triggers, rules), f.label if f.scheme == "ao3" else f"{f.label} ({f.severity})")
        for f in findings
        if f.confidence >= SHOWN_CONFIDENCE
    ]
    if content is not None:
        needs += _text_ratings(content, rules)
    rating, reason = order[0], "nothing found that needs more"
    for needed, why in needs:
        if order.index(needed) > order.index(rating):
            rating, reason = needed, why
    return rating, reason


# --------------------------------------------------------------------------- categories


def member_gender(member: str, characters: Sequence[Character]) -> str | None:
    """A member's gender: the character's of that name, else the one gender of every
    character that name is a part or an alias of ("Lavellan" of "Fenina Lavellan")."""
    for character in characters:
        if character.name == member and character.gender is not None:
            return character.gender
    words = set(member.split())
    kinds = {c.gender for c in characters if c.gender is not None and (member in c.aliases or words < set(c.name.split()))}
    return kinds.pop() if len(kinds) == 1 else None


def categorize(relationships: Iterable[Relationship], characters: Iterable[Character]) -> list[str]:
    """AO3 categories from the shown romantic relationships (the ones a reader would tag)
    and their members' genders; hidden ones decide nothing."""
    cast = list(characters)
    found: set[str] = set()
    romantic = [r for r in relationships if r.kind == "romantic" and r.shown]
    for relationship in romantic:
        if len(relationship.members) > 2:
            found.add("Multi")
        known = [member_gender(member, cast) for member in relationship.members]
        kinds = [kind for kind in known if kind is not None]
        if len(kinds) < len(known):
            continue  # an unknown gender decides nothing
        if any(kind not in ("he", "she") for kind in kinds):
            found.add("Other")
        elif len(kinds) == 2:
            first, second = sorted(kinds)
            found.add(PAIR_CATEGORIES[(first, second)])
    if len(found - {"Multi"}) > 1:
        found.add("Multi")
    if not romantic:
        found.add("Gen")
    return [category for category in CATEGORIES if category in found]


# --------------------------------------------------------------------------- tags


@lru_cache(maxsize=1)
def _lexicon_index() -> FirstWordIndex:
    names = knowledge.warning_lexicon_names()
    return FirstWordIndex({name: knowledge.warning_lexicon_fragments(name) for name in names})


@lru_cache(maxsize=4096)
def _lexicons_of(word: str) -> tuple[str, ...]:
    """The lexicons a matched stretch of text belongs to (a word may be in several)."""
    return tuple(name for name in knowledge.warning_lexicon_names() if knowledge.warning_lexicon(name).fullmatch(word))


def lexicon_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each lexicon's words occur in ``texts``."""
    counts: Counter[str] = Counter()
    index = _lexicon_index()
    for text in texts:
        for match in index.matches(text):
            counts.update(_lexicons_of(text[match.start : match.end].lower()))
    return counts


def _notes(work: Work) -> str:
    """Everything the author says about the work: summary, notes, declared tags."""
    parts = [work.summary, work.notes, work.end_notes, *work.declared.tags]
    for chapter in work.chapters:
        parts += [chapter.summary, chapter.notes, chapter.end_notes]
    return "\n".join(p for p in parts if p)


class _Evidence:
    """What tag conditions are checked against."""

    def __init__(self, work: Work, findings: Sequence[Finding], relationships: Sequence[Relationship], counts: Mapping[str, int], words: int) -> None:
        self.notes = _notes(work)
        self.findings = {f.label: f for f in findings if f.scheme == "trigger"}
        self.kinds = {r.kind for r in relationships}
        self.counts = counts
        self.words = max(words, 1)

    def holds(self, condition: TagCondition) -> bool:
        if condition.lexicon is not None:
            count = self.counts.get(condition.lexicon, 0)
            return count >= condition.min and count * 1000 / self.words >= condition.per_1000_words
        if condition.notes is not None:
            return condition.notes.search(self.notes) is not None
        if condition.finding is not None:
            finding = self.findings.get(condition.finding)
            return finding is not None and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[condition.severity]
        if condition.relationship is not None:
            return condition.relationship in self.kinds
        return False


def _chapters(finding: Finding) -> str:
    numbers = sorted({span.chapter for span in finding.evidence})
    return f" in ch. {', '.join(map(str, numbers))}" if numbers else ""


def suggest_tags(
    work: Work,
    findings: Sequence[Finding],
    groups: Mapping[str, frozenset[str]],
    relationships: Sequence[Relationship],
    counts: Mapping[str, int],
    words: int,
) -> list[TagSuggestion]:
    """Additional tags in AO3's canonical spelling, each with the reason for it."""
    suggestions: dict[str, str] = {}
    triggers = {label.label: label for label in knowledge.trigger_labels()}
    for finding in findings:
        if finding.scheme != "trigger":
            continue
        tag = triggers[finding.label].tags.get(finding.severity)
        if tag:
            suggestions.setdefault(tag, f"{finding.label} {finding.severity}{_chapters(finding)}")
    for group_tag in knowledge.group_tags():
        found = groups.get(group_tag.label, frozenset())
        if found & set(group_tag.groups) and not found & set(group_tag.unless):
            suggestions.setdefault(group_tag.tag, f"{group_tag.label}: {', '.join(sorted(found & set(group_tag.groups)))}")
    evidence = _Evidence(work, findings, relationships, counts, words)
    for rule in knowledge.tag_rules():
        if (
            all(evidence.holds(c) for c in rule.all)
            and (not rule.any or any(evidence.holds(c) for c in rule.any))
            and not any(evidence.holds(c) for c in rule.none)
        ):
            suggestions.setdefault(rule.tag, rule.reason)
    return [TagSuggestion(tag, reason) for tag, reason in suggestions.items()]


def find(
    work: Work,
    findings: Sequence[Finding],
    groups: Mapping[str, frozenset[str]],
    relationships: Sequence[Relationship],
    characters: Sequence[Character],
    layouts: Sequence[ChapterLayout] = (),
) -> Suggestions:
    counts = lexicon_counts(chapter.text for chapter in work.chapters)
    words = sum(layout.words for layout in layouts) or sum(count_words(c.text) for c in work.chapters)
    rating, reason = rate(findings, measure(chapter.text for chapter in work.chapters))
    return Suggestions(
        rating=rating,
        rating_reason=reason,
        categories=categorize(relationships, characters),
        tags=suggest_tags(work, findings, groups, relationships, counts, words),
    )


def run(doc: Inputs) -> dict[str, object]:
    suggestions = find(doc.work, doc.warnings, doc.warning_groups, doc.relationships, doc.characters, doc.layout)
    return {
        "rating": suggestions.rating,
        "rating_reason": suggestions.rating_reason,
        "categories": suggestions.categories,
        "tags": [s.tag for s in suggestions.tags],
        "tag_reasons": suggestions.tags,
    }


STAGE = Stage(
    name="rating",
    reads=("work", "warnings", "warning_groups", "relationships", "characters", "layout"),
    assigns=("rating", "rating_reason", "categories", "tags", "tag_reasons"),
    compute=run,
)

__all__ = ["STAGE", "Suggestions", "TagSuggestion", "categorize", "find", "lexicon_counts", "rate", "suggest_tags"]
