"""The library's filters as a user names them, defined once for ``ficscope library``
and the web app: ``--exclude-trigger`` on the command line is ``exclude_trigger`` in a
URL, with the same help. Each one may repeat."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from .library import Filters


@dataclass(frozen=True, slots=True)
class ListFilter:
    """One include or exclude: its query parameter, the ``Filters`` field it fills,
    its help, and what the command line shows as its value."""

    param: str
    field: str
    help: str
    metavar: str

    @property
    def option(self) -> str:
        return "--" + self.param.replace("_", "-")


LIST_FILTERS: tuple[ListFilter, ...] = (
    ListFilter("rating", "ratings", "Only works with this rating (repeat for any of several): general, teen, mature, explicit.", "RATING"),
    ListFilter("exclude_rating", "exclude_ratings", "No works with this rating.", "RATING"),
    ListFilter("include_warning", "include_warnings", "Only works with this AO3 Archive Warning (repeat for all of several).", "WARNING"),
    ListFilter("exclude_warning", "exclude_warnings", "No works with this AO3 Archive Warning.", "WARNING"),
    ListFilter(
        "include_trigger", "include_triggers",
        "Only works with this content warning at this severity or worse (referenced < depicted < graphic).",
        "LABEL[:SEVERITY]",
    ),
    ListFilter(
        "exclude_trigger", "exclude_triggers",
        "No works with this content warning at this severity or worse, e.g. sexual-assault:depicted.",
        "LABEL[:SEVERITY]",
    ),
    ListFilter("category", "categories", "Only works in this category (F/F, F/M, Gen, M/M, Multi, Other).", "CATEGORY"),
    ListFilter("exclude_category", "exclude_categories", "No works in this category.", "CATEGORY"),
    ListFilter("fandom", "fandoms", "Only works in this fandom.", "FANDOM"),
    ListFilter("exclude_fandom", "exclude_fandoms", "No works in this fandom.", "FANDOM"),
    ListFilter("character", "characters", "Only works with this character, by any of their names (Izzy finds Isabelle Lightwood).", "NAME"),
    ListFilter("exclude_character", "exclude_characters", "No works with this character.", "NAME"),
    ListFilter("relationship", "relationships", 'Only works with this relationship, in any order or spelling ("Magnus/Alec").', "A/B"),
    ListFilter("exclude_relationship", "exclude_relationships", "No works with this relationship.", "A/B"),
    ListFilter("tag", "tags", "Only works with this additional tag.", "TAG"),
    ListFilter("exclude_tag", "exclude_tags", "No works with this additional tag.", "TAG"),
    ListFilter("language", "languages", "Only works in this language (repeat for any of several).", "LANGUAGE"),
)
LIST_PARAMS: dict[str, str] = {f.param: f.field for f in LIST_FILTERS}

QUERY_HELP = (
    'Words to find in the story text (all of them); "exact phrases" in quotes;'
    " range terms words>5000, words<1000, words:1000-5000, chapters>=3."
)
WARNINGS_HELP = "Which archive warnings the warning filters read: the author's, ficscope's, or either."
SORT_HELP = "Order: best-match (newest first without a query), title, author, words, date-added, date-updated."
OFFSET_HELP = "Skip this many works first (the next page)."
# Larger offsets and limits are typing slips; SQLite's integers end not far beyond.
MAX_PAGE = 1_000_000_000


def filters_from(
    values: Mapping[str, Sequence[str] | None],
    *,
    warnings_source: str = "either",
    words: tuple[int | None, int | None] = (None, None),
    complete: bool | None = None,
) -> Filters:
    """The library's filters from the values given to each list filter (by parameter)."""
    return Filters(
        **{f.field: tuple(values.get(f.param) or ()) for f in LIST_FILTERS},
        warnings_source=warnings_source,  # type: ignore[arg-type]
        words=words,
        complete=complete,
    )

