"""The terminal report, drawn with Rich.

Every string that comes from the work goes in as a ``Text`` object, never as markup:
titles and tags may hold ``[`` or ``:emoji:`` and must print as written.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from itertools import groupby

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import REPORT_MIN_CONFIDENCE, Analysis
from ._rich import empty as _empty
from ._rich import heading as _heading
from ._rich import pairs as _pairs
from ._rich import table as _table
from ._rich import HIDDEN_REASONS, tag_reason_table, warning_table
from . import _view
from ._view import Report

# Long casts scroll a terminal away; the HTML report lists everyone.
MAX_CHARACTERS = 25
MAX_SPEAKERS = 10

__all__ = ["render", "render_to"]


def render(
    analysis: Analysis,
    *,
    spoilers: bool = False,
    dialogue: bool = False,
    console_width: int | None = None,
    all_relationships: bool = False,
    min_confidence: float = REPORT_MIN_CONFIDENCE,
) -> str:
    """The report as plain text; ``console_width`` None lets Rich choose (80 off a terminal).
    ``dialogue`` lists every line of dialogue with its speaker, not only the first few;
    ``all_relationships`` lists the relationships with less evidence too; warnings found
    with less confidence than ``min_confidence`` are only counted."""
    console = Console(file=io.StringIO(), record=True, width=console_width, color_system=None, emoji=False)
    render_to(console, analysis, spoilers=spoilers, dialogue=dialogue, all_relationships=all_relationships, min_confidence=min_confidence)
    return console.export_text()


def render_to(
    console: Console,
    analysis: Analysis,
    *,
    spoilers: bool = False,
    dialogue: bool = False,
    all_relationships: bool = False,
    min_confidence: float = REPORT_MIN_CONFIDENCE,
) -> None:
    """Print the report on ``console`` (the CLI passes its own, with colour)."""
    report = _view.build(analysis, min_confidence)
    for block in _blocks(report, spoilers=spoilers, dialogue=dialogue, all_relationships=all_relationships):
        console.print(block, soft_wrap=False)  # wrapped even on a soft-wrapping console, never cropped


def _blocks(report: Report, *, spoilers: bool, dialogue: bool = False, all_relationships: bool = False) -> Iterator[RenderableType]:
    yield _header(report)
    if report.declared:
        yield _heading("Declared tags")
        yield _pairs((group.label, ", ".join(group.values)) for group in report.declared)
    if report.summary_short:
        yield _heading("Summary")
        yield Text(report.summary_short)
    if report.notes_short:
        yield _heading("Author's notes")
        yield Text(report.notes_short)
    yield _heading("Stats")
    yield _stats(report)
    yield _heading("Chapters")
    yield _chapters(report)
    yield _heading("Characters")
    yield _characters(report)
    yield _heading("Relationships")
    yield _relationships(report, spoilers=spoilers, every=all_relationships)
    yield _heading("Dialogue")
    yield _dialogue(report, every_line=dialogue)
    yield _heading("Warnings")
    yield _warnings(report, spoilers=spoilers)
    yield _heading("Suggested tags")
    yield _suggested(report, spoilers=spoilers)


def _header(report: Report) -> Panel:
    lines = [Text(report.title, style="bold")]
    lines.append(Text("by " + ", ".join(report.authors)) if report.authors else _empty("author not given"))
    lines.append(Text(" · ".join([report.source_format, *report.facts]), style="dim"))
    if report.url:
        lines.append(Text(report.url, style="underline"))
    return Panel(Group(*lines), box=box.ROUNDED, expand=False)


def _stats(report: Report) -> Text:
    if not report.stats_known:
        return _empty(_view.STATS_NOT_RUN)
    parts = [
        f"{report.words:,} word{'s' if report.words != 1 else ''}",
        f"{report.chapter_count} chapter{'s' if report.chapter_count != 1 else ''}",
        f"about {report.reading_minutes} min to read",
    ]
    if report.dialogue_share is not None:
        parts.append(f"{report.dialogue_share} dialogue")
    return Text(" · ".join(parts))


def _chapters(report: Report) -> RenderableType:
    if not report.chapters:
        return _empty("No chapters.")
    table = _table("#", "Title", "Words", "Sections (POV)", "Scene breaks", "Author's notes")
    for column in (0, 2, 4, 5):
        table.columns[column].justify = "right"
    for row in report.chapters:
        if row.sections:
            sections = Text(f"{len(row.sections)}: {_pov_summary([section.pov or 'POV unknown' for section in row.sections])}")
        else:
            sections = _empty("—")
        table.add_row(
            str(row.number), Text(row.title or ""), f"{row.words:,}", sections, str(row.scene_breaks), str(row.author_notes)
        )
    return table


_POV_RUNS_LISTED = 6


def _pov_summary(povs: list[str]) -> str:
    """Sections' POVs in order, a run of one POV as "Alec \u00d73"; past a few runs, each POV's total."""
    runs = [(pov, len(list(group))) for pov, group in groupby(povs)]
    if len(runs) > _POV_RUNS_LISTED:
        runs = Counter(povs).most_common()
    return ", ".join(pov if count == 1 else f"{pov} \u00d7{count}" for pov, count in runs)


def _characters(report: Report) -> RenderableType:
    if not report.characters:
        return _empty()
    table = _table("Name", "Also called", "Mentions", "POV")
    table.columns[2].justify = "right"
    for character in report.characters[:MAX_CHARACTERS]:
        table.add_row(
            Text(character.name if character.named else f"{character.name} (unnamed)"),
            Text(", ".join(character.aliases)),
            str(character.mentions),
            "yes" if character.pov else "",
        )
    hidden = len(report.characters) - MAX_CHARACTERS
    return Group(table, _empty(f"and {hidden} more")) if hidden > 0 else table


def _relationships(report: Report, *, spoilers: bool, every: bool = False) -> RenderableType:
    rows = report.relationships + (report.other_relationships if every else [])
    hidden = 0 if every else len(report.other_relationships)
    more = _empty(f"and {hidden} more with less evidence (--all-relationships lists them)") if hidden else None
    if not rows:
        return more or _empty()
    table = _table("Relationship", "Kind", "Evidence")
    for row in rows:
        if spoilers:
            evidence = Text("\n".join(f"ch. {span.chapter}: {span.text}" for span in row.evidence))
        else:
            evidence = Text(f"{len(row.evidence)} passage{'s' if len(row.evidence) != 1 else ''}")
        table.add_row(Text(row.tag), row.kind, evidence)
    return Group(table, more) if more else table


def _dialogue(report: Report, *, every_line: bool = False) -> RenderableType:
    if not report.quote_count:
        return _empty()
    table = _table("Speaker", "Lines")
    table.columns[1].justify = "right"
    for speaker in report.speakers[:MAX_SPEAKERS]:
        name = Text(speaker.name) if speaker.name is not None else _empty("unattributed")
        table.add_row(name, str(speaker.lines))
    lines = "line" if report.quote_count == 1 else "lines"
    head = Text(f"{report.quote_count} quoted {lines}")
    if not every_line:
        # The lines themselves can give the story away: listed only when asked for.
        return Group(head, table, _empty("--dialogue lists every line with its speaker (it may give the story away)"))
    listing = _table("Ch.", "Speaker", "To", "Line")
    for chapter in report.quotes:
        for quote in chapter.quotes:
            speaker = Text(quote.speaker) if quote.speaker else _empty("unattributed")
            listing.add_row(str(chapter.number), speaker, Text(quote.addressee or ""), Text(quote.text))
    return Group(head, table, listing)


def _warnings(report: Report, *, spoilers: bool) -> RenderableType:
    hidden = _empty(f"{_view.hidden_warnings_note(report)} ({_view.CLI_HINT}).") if report.hidden_warnings else None
    if not report.warnings:
        if hidden is not None:
            return hidden
        # An empty list is not a promise that there is nothing to warn for.
        return _empty(f"{_view.NOT_ANALYSED} That is no promise the work has nothing to warn for.")
    table = warning_table(report.warnings, spoilers=spoilers)
    return Group(table, hidden) if hidden is not None else table


def _rating(report: Report) -> Text:
    if not report.rating:
        return _empty(f"None: {report.rating_reason}.") if report.rating_reason else _empty()
    line = Text(report.rating)
    if report.rating_reason:
        line.append(f": {report.rating_reason}", style="dim")
    return line


def _suggested(report: Report, *, spoilers: bool) -> RenderableType:
    def listed(values: list[str]) -> Text:
        return Text(", ".join(values)) if values else _empty()

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Rating", _rating(report))
    grid.add_row("Categories", listed(report.categories))
    grid.add_row("Fandoms", listed(report.fandoms))
    grid.add_row("Additional tags", listed(report.tags))
    if not any(suggestion.reason for suggestion in report.tag_reasons):
        return grid
    if not spoilers:
        return Group(grid, _empty(HIDDEN_REASONS))
    return Group(grid, Text(), tag_reason_table(report.tag_reasons))
