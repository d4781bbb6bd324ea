"""The search box and the filter sidebar as query parameters, shared by the pages and
the JSON API: ``/?q=lamp&fandom=Sherlock&exclude_trigger=death:depicted``.

The names follow the CLI's options (``--exclude-trigger`` is ``exclude_trigger``);
every include and exclude may repeat. Values are checked when ``filters()`` builds
the library's ``Filters``, which raises a FilterError naming what was wrong.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, create_model, field_validator

from ..errors import FilterError
from ..filter_options import (
    LIST_FILTERS,
    LIST_PARAMS,
    MAX_PAGE,
    OFFSET_HELP,
    QUERY_HELP,
    SORT_HELP,
    WARNINGS_HELP,
    filters_from,
)
from ..library import Filters, Sort, parse_range

DEFAULT_LIMIT = 20
MAX_VALUES = 100  # includes and excludes together: each one is a subquery


class _Search(BaseModel):
    """What the user asked for, as given; ``filters()`` checks and converts it. The
    list filters (``LIST_FILTERS``) are added as fields by ``SearchParams`` below."""

    model_config = {"frozen": True}

    q: str | None = Field(None, max_length=1000, description=QUERY_HELP)
    warnings: Literal["either", "declared", "detected"] = Field("either", description=WARNINGS_HELP)
    words_from: str | None = Field(None, max_length=40, description="At least this many words (5000, 5,000 or 5k).")
    words_to: str | None = Field(None, max_length=40, description="At most this many words.")
    status: Literal["any", "complete", "wip"] = Field("any", description="Complete works, works in progress, or any.")
    sort: Sort = Field(Sort.BEST_MATCH, description=SORT_HELP)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500, description="Works per page.")
    offset: int = Field(0, ge=0, le=MAX_PAGE, description=OFFSET_HELP)

    @field_validator("q", "words_from", "words_to")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    @field_validator(*LIST_PARAMS, check_fields=False)
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
        return filters_from(
            given, warnings_source=self.warnings, words=(low, high),
            complete=None if self.status == "any" else self.status == "complete",
        )

    @property
    def is_filtered(self) -> bool:
        """True when anything but the sort and the page was asked for."""
        return bool(self.model_dump(exclude_defaults=True).keys() - {"sort", "limit", "offset"})


SearchParams = create_model(
    "SearchParams",
    __base__=_Search,
    __doc__=_Search.__doc__,
    **{f.param: (list[str], Field(default_factory=list, description=f.help)) for f in LIST_FILTERS},  # type: ignore[call-overload]
)


def _count(text: str | None, what: str) -> int | None:
    if text is None:
        return None
    low, _ = parse_range(text, what)
    if low is None or text.strip()[0] in "<>=-":
        raise FilterError(f"{what} {text!r}: give one number (5000, 5,000 or 5k)")
    return low
