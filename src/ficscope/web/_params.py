"""The search box and the filter sidebar as query parameters, shared by the pages and
the JSON API: ``/?q=lamp&fandom=Sherlock&exclude_trigger=death:depicted``.

The names follow the CLI's options (``--exclude-trigger`` is ``exclude_trigger``);
every include and exclude may repeat. Values are checked when ``filters()`` builds
the library's ``Filters``, which raises a FilterError naming what was wrong.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from ..errors import FilterError
from ..library import Filters, Sort, parse_range

DEFAULT_LIMIT = 20
MAX_VALUES = 100  # includes and excludes together: each one is a subquery

# Query parameter -> Filters field, for the lists of values.
LIST_PARAMS = {
    "rating": "ratings",
    "exclude_rating": "exclude_ratings",
    "include_warning": "include_warnings",
    "exclude_warning": "exclude_warnings",
    "include_trigger": "include_triggers",
    "exclude_trigger": "exclude_triggers",
    "category": "categories",
    "exclude_category": "exclude_categories",
    "fandom": "fandoms",
    "exclude_fandom": "exclude_fandoms",
    "character": "characters",
    "exclude_character": "exclude_characters",
    "relationship": "relationships",
    "exclude_relationship": "exclude_relationships",
    "tag": "tags",
    "exclude_tag": "exclude_tags",
    "language": "languages",
}


def _values(description: str) -> list[str]:
    return Field(default_factory=list, description=description)  # type: ignore[no-any-return]


class SearchParams(BaseModel):
    """What the user asked for, as given; ``filters()`` checks and converts it."""

    model_config = {"frozen": True}

    q: str | None = Field(
        None, max_length=1000,
        description='Words to find in the story text; "exact phrases" in quotes; range terms words>5000, chapters>=3.',
    )
    rating: list[str] = _values("Only works with this rating (any of several).")
    exclude_rating: list[str] = _values("No works with this rating.")
    include_warning: list[str] = _values("Only works with this AO3 Archive Warning (all of several).")
    exclude_warning: list[str] = _values("No works with this AO3 Archive Warning.")
    warnings: Literal["either", "declared", "detected"] = Field(
        "either", description="Which archive warnings the warning filters read: the author's, ficscope's, or either."
    )
    include_trigger: list[str] = _values(
        "Only works with this trigger label, as LABEL or LABEL:SEVERITY (that severity or worse)."
    )
    exclude_trigger: list[str] = _values(
        "No works with this trigger label at this severity or worse (referenced < depicted < graphic)."
    )
    category: list[str] = _values("Only works in this category (F/F, F/M, Gen, M/M, Multi, Other).")
    exclude_category: list[str] = _values("No works in this category.")
    fandom: list[str] = _values("Only works in this fandom.")
    exclude_fandom: list[str] = _values("No works in this fandom.")
    character: list[str] = _values("Only works with this character (any of their names).")
    exclude_character: list[str] = _values("No works with this character.")
    relationship: list[str] = _values('Only works with this relationship, in any order or spelling ("Magnus/Alec").')
    exclude_relationship: list[str] = _values("No works with this relationship.")
    tag: list[str] = _values("Only works with this additional tag.")
    exclude_tag: list[str] = _values("No works with this additional tag.")
    language: list[str] = _values("Only works in this language (any of several).")
    words_from: str | None = Field(None, max_length=40, description="At least this many words (5000, 5,000 or 5k).")
    words_to: str | None = Field(None, max_length=40, description="At most this many words.")
    status: Literal["any", "complete", "wip"] = Field("any", description="Complete works, works in progress, or any.")
    sort: Sort = Field(
        Sort.BEST_MATCH,
        description="best-match (newest first without a query), title, author, words, date-added, date-updated.",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500, description="Works per page.")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Works to skip (the next page).")

    @field_validator("q", "words_from", "words_to")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    @field_validator(*LIST_PARAMS)
    @classmethod
    def _without_blanks(cls, values: list[str]) -> list[str]:
        """A form's "—" choice sends an empty value: it means nothing chosen."""
        return [value for value in values if value.strip()]

    def selected(self, param: str | None) -> tuple[str, ...]:
        return tuple(getattr(self, param)) if param else ()

    def filters(self) -> Filters:
        """The library's filters; a FilterError says which value was malformed."""
        given = {param: self.selected(param) for param in LIST_PARAMS}
        if sum(len(values) for values in given.values()) > MAX_VALUES:
            raise FilterError(f"at most {MAX_VALUES} includes and excludes at once")
        low = _count(self.words_from, "words from")
        high = _count(self.words_to, "words to")
        if low is not None and high is not None and low > high:
            raise FilterError(f"words from {low:,} is more than words to {high:,}")
        return Filters(
            **{LIST_PARAMS[param]: values for param, values in given.items()},
            warnings_source=self.warnings,
            words=(low, high),
            complete=None if self.status == "any" else self.status == "complete",
        )

    @property
    def is_filtered(self) -> bool:
        """True when anything but the sort and the page was asked for."""
        return bool(self.model_dump(exclude_defaults=True).keys() - {"sort", "limit", "offset"})


def _count(text: str | None, what: str) -> int | None:
    if text is None:
        return None
    low, _ = parse_range(text, what)
    if low is None or text.strip()[0] in "<>=-":
        raise FilterError(f"{what} {text!r}: give one number (5000, 5,000 or 5k)")
    return low
