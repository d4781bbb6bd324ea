"""The filter sidebar: AO3's include and exclude lists, each value with its count of
matching works, and the values the user chose kept in view even when none match."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import FilterError
from ..knowledge import fold
from ..library import FacetCount, TriggerFilter
from ..model import SEVERITIES as MODEL_SEVERITIES
from ._params import SearchParams

SHOWN_PER_KIND = 12
COUNTED_PER_KIND = 200  # the most common values counted, so a chosen one shows its count
SEVERITIES = MODEL_SEVERITIES


@dataclass(frozen=True, slots=True)
class Choice:
    name: str
    count: int | None  # None for a chosen value not among the counted (a synonym, or a rare one)
    included: bool
    excluded: bool


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    include_param: str
    exclude_param: str | None
    choices: list[Choice]


@dataclass(frozen=True, slots=True)
class TriggerChoice:
    label: str
    count: int | None
    include_severity: str | None  # the mildest severity that counts, or None
    exclude_severity: str | None


# (facet kind, heading, include parameter, exclude parameter)
GROUPS = (
    ("rating", "Ratings", "rating", "exclude_rating"),
    ("warning", "Archive warnings", "include_warning", "exclude_warning"),
    ("category", "Categories", "category", "exclude_category"),
    ("fandom", "Fandoms", "fandom", "exclude_fandom"),
    ("character", "Characters", "character", "exclude_character"),
    ("relationship", "Relationships", "relationship", "exclude_relationship"),
    ("tag", "Additional tags", "tag", "exclude_tag"),
    ("language", "Languages", "language", None),
)


def groups(facets: dict[str, list[FacetCount]], params: SearchParams) -> list[Group]:
    built = []
    for kind, label, include, exclude in GROUPS:
        included = {fold(v): v for v in params.selected(include)}
        excluded = {fold(v): v for v in params.selected(exclude)}
        counts = {fold(f.name): f for f in facets.get(kind, [])}
        shown = [f.name for f in facets.get(kind, [])[:SHOWN_PER_KIND]]
        shown_keys = {fold(name) for name in shown}
        for key, value in [*included.items(), *excluded.items()]:
            if key not in shown_keys:
                shown.append(counts[key].name if key in counts else value)
                shown_keys.add(key)
        choices = []
        for name in shown:
            key = fold(name)
            choices.append(Choice(name, counts[key].count if key in counts else None, key in included, key in excluded))
        built.append(Group(label, include, exclude, choices))
    return built


def triggers(facets: dict[str, list[FacetCount]], params: SearchParams) -> list[TriggerChoice]:
    """Every trigger label among the matching works, and every one the user chose."""
    counts = {f.name: f.count for f in facets.get("trigger", [])}
    include = _severities(params.include_trigger)
    exclude = _severities(params.exclude_trigger)
    labels = [*counts, *(label for label in [*include, *exclude] if label not in counts)]
    return [
        TriggerChoice(label, counts.get(label), include.get(label), exclude.get(label))
        for label in dict.fromkeys(labels)
    ]


def _severities(values: tuple[str, ...]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for value in values:
        try:
            parsed = TriggerFilter.parse(value)
        except FilterError:
            continue
        chosen[parsed.label] = parsed.severity
    return chosen
