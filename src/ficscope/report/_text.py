"""The collection report as text for the terminal: the same numbers as the HTML page,
with bars drawn in characters."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ._html import most_left_out
from ._stats import CollectionStats, Count

BAR_WIDTH = 24


def render_text(stats: CollectionStats, console: Console) -> None:
    """Print the report."""
    if not stats.works:
        console.print("The library is empty. Add works with `ficscope batch FOLDER`, then run the report again.")
        return
    console.print(Text(
        f"{stats.works:,} work{'s' if stats.works != 1 else ''}, {stats.words:,} words, {stats.chapters:,} chapters;"
        f" median {stats.median_words:,} words, mean {stats.mean_words:,}.",
        style="bold",
    ))
    console.print()
    warnings = Table(title="Archive warnings", title_justify="left", title_style="bold")
    warnings.add_column("Warning")
    for name in ("declared", "found", "both", "left out"):
        warnings.add_column(name, justify="right")
    for row in stats.warnings:
        share = f" ({row.left_out_share:.0%})" if row.detected else ""
        warnings.add_row(row.label, f"{row.declared:,}", f"{row.detected:,}", f"{row.both:,}", f"{row.left_out:,}{share}")
    console.print(warnings)
    worst = most_left_out(stats.warnings)
    if worst is not None:
        console.print(Text(
            f"Authors leave out {worst.label} most: undeclared in {worst.left_out:,} of the {worst.detected:,}"
            f" works where it was found ({worst.left_out_share:.0%})."
        ))
    console.print(Text(
        f"{stats.chose_not_to_warn:,} declare Creator Chose Not To Use Archive Warnings; {stats.declared_none_apply:,}"
        f" declare No Archive Warnings Apply, and a warning was found in {stats.none_apply_but_found:,} of those.",
        style="dim",
    ))
    if stats.triggers:
        console.print()
        triggers = Table(title="Content found (works, by the worst severity)", title_justify="left", title_style="bold")
        triggers.add_column("Label")
        for name in ("referenced", "depicted", "graphic", "works"):
            triggers.add_column(name, justify="right")
        for trigger in stats.triggers[:15]:
            triggers.add_row(trigger.label, *(f"{n:,}" for n in (trigger.referenced, trigger.depicted, trigger.graphic, trigger.total)))
        console.print(triggers)
    for title, counts in (
        ("Ratings", stats.ratings),
        ("Categories", stats.categories),
        ("Lengths (words)", stats.lengths),
        ("Characters", stats.characters),
        ("Relationships", stats.relationships),
        ("Fandoms", stats.fandoms),
        ("Tags", stats.tags),
    ):
        if counts:
            console.print()
            console.print(_bars(title, counts))


def _bars(title: str, counts: Sequence[Count]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None, padding=(0, 1))
    table.add_column(overflow="fold")
    table.add_column(justify="right")
    table.add_column()
    largest = max(c.count for c in counts) or 1
    for count in counts:
        table.add_row(count.name, f"{count.count:,}", Text("\u2588" * max(1, round(BAR_WIDTH * count.count / largest)) if count.count else "", style="red"))
    return table
