"""Rich pieces the terminal reports share (``text`` for the analysis, ``check`` for the author's check).

Every string that comes from the work goes in as a ``Text`` object, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from . import _view
from ..model import TagSuggestion
from ._view import WarningRow

HIDDEN_PASSAGES = "Passages are hidden to spare spoilers; run with --spoilers to see them."
# A reason may quote the story, like a warning's passages.
HIDDEN_REASONS = "Why each tag is suggested is hidden to spare spoilers; run with --spoilers to see it."


def heading(title: str) -> Group:
    # The blank line keeps sections apart when the rule's dim style is lost (plain text, no colour).
    return Group(Text(), Rule(Text(title, style="bold"), align="left", style="dim"))


def empty(message: str = _view.NOT_ANALYSED) -> Text:
    return Text(message, style="dim italic")


def pairs(rows: Iterable[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(Text(label), Text(value))
    return grid


def table(*columns: str) -> Table:
    grid = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column in columns:
        grid.add_column(column)
    return grid


def warning_table(rows: list[WarningRow], *, spoilers: bool) -> RenderableType:
    """Label, kind, severity, chapters and confidence; the passages only with ``spoilers``."""
    columns = ["Warning", "Kind", "Severity", "Chapters", "Confidence"]
    grid = table(*columns, *(["Passages"] if spoilers else []))
    for row in rows:
        cells: list[RenderableType] = [Text(row.label), row.scheme, row.severity if row.graded else "", row.chapters, row.confidence]
        if spoilers:
            cells.append(Text("\n".join(f"ch. {span.chapter}: {span.text}" for span in row.evidence)))
        grid.add_row(*cells)
    return grid if spoilers else Group(grid, empty(HIDDEN_PASSAGES))


def tag_reason_table(suggestions: list[TagSuggestion]) -> Table:
    grid = table("Suggested tag", "Why")
    for suggestion in suggestions:
        grid.add_row(Text(suggestion.tag), Text(suggestion.reason) if suggestion.reason else empty("—"))
    return grid
