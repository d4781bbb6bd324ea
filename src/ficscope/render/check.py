"""The author's check (``ficscope check``) as JSON and as a terminal report.

Spoiler-free like the analysis report: without ``spoilers`` a missing warning shows its
label, severity and chapters, and the reasons for suggested tags stay hidden. The JSON
always carries the evidence, as the analysis JSON does.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from .. import knowledge
from ..check import CHOSE_NOT_TO_WARN, CheckResult, Unsupported
from . import _view
from ._rich import HIDDEN_REASONS, empty, heading, pairs, table, tag_reason_table, warning_table
from .json import finding_dict

__all__ = ["as_dict", "dumps", "render", "render_to"]


def as_dict(result: CheckResult) -> dict[str, Any]:
    declared = result.declared
    return {
        "work": {"title": result.title, "source": result.source},
        "min_confidence": result.min_confidence,
        "declared": {"rating": declared.rating, "warnings": list(declared.warnings), "tags": list(declared.tags)},
        "anything_missing": result.anything_missing,
        "missing": [finding_dict(f) for f in result.missing],
        "creator_chose_not_to_warn": result.chose_not_to_warn,
        "covered_by_choice": [finding_dict(f) for f in result.covered_by_choice],
        "below_threshold": [finding_dict(f) for f in result.below_threshold],
        "mentioned": [finding_dict(f) for f in result.mentioned],
        "unsupported": [{"declared": u.declared, "scheme": u.scheme, "labels": list(u.labels)} for u in result.unsupported],
        "rating": {
            "declared": result.rating.declared,
            "suggested": result.rating.suggested,
            "lower_than_suggested": result.rating.lower_than_suggested,
            "reason": result.rating.reason,
        },
        "suggested_tags": [{"tag": s.tag, "reason": s.reason} for s in result.suggested_tags],
    }


def dumps(result: CheckResult, *, indent: int | None = 2) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=indent)


def render(result: CheckResult, *, spoilers: bool = False, console_width: int | None = None) -> str:
    """The report as plain text."""
    console = Console(file=io.StringIO(), record=True, width=console_width, color_system=None, emoji=False)
    render_to(console, result, spoilers=spoilers)
    return console.export_text()


def render_to(console: Console, result: CheckResult, *, spoilers: bool = False) -> None:
    for block in _blocks(result, spoilers=spoilers):
        console.print(block)


def _blocks(result: CheckResult, *, spoilers: bool) -> Iterator[RenderableType]:
    yield Text(f"Author's check: {result.title or 'Untitled'}", style="bold")
    if result.source:
        yield Text(result.source, style="dim")
    yield heading("Declared")
    yield _declared(result)
    yield heading("Missing from the declaration")
    yield _missing(result, spoilers=spoilers)
    yield heading("Declared but not found")
    yield _unsupported(result.unsupported)
    yield heading("Rating")
    yield _rating(result)
    yield heading("Suggested tags not declared")
    yield _suggested(result, spoilers=spoilers)
    yield Text()
    yield _verdict(result)


def _declared(result: CheckResult) -> RenderableType:
    declared = result.declared
    rows = [
        ("Rating", declared.rating or ""),
        ("Archive warnings", ", ".join(declared.warnings)),
        ("Additional tags", ", ".join(declared.tags)),
    ]
    shown = [(label, value) for label, value in rows if value]
    return pairs(shown) if shown else empty("Nothing declared: give the declaration with --declared.")


def _missing(result: CheckResult, *, spoilers: bool) -> RenderableType:
    blocks: list[RenderableType] = []
    if result.missing:
        blocks.append(warning_table(_view.warning_rows(result.missing), spoilers=spoilers))
    else:
        blocks.append(Text(f"Nothing missing: every warning found at {_view.percent(result.min_confidence)} confidence or more is declared."))
    if result.chose_not_to_warn:
        found = ", ".join(f"{row.label} ({row.severity}, {row.chapters})" for row in _view.warning_rows(result.covered_by_choice))
        blocks.append(
            Text(
                f"The work declares {CHOSE_NOT_TO_WARN!r}, which covers every AO3 Archive Warning and what they warn for, so none is missing"
                + (f"; found: {found}." if found else ".")
            )
        )
    if result.mentioned:
        labels = ", ".join(row.label for row in _view.warning_rows(result.mentioned))
        blocks.append(empty(f"Only referenced (talked about, not on the page), so not counted as missing: {labels}."))
    if result.below_threshold:
        count = len(result.below_threshold)
        blocks.append(empty(f"{count} more finding{'s' if count != 1 else ''} under {_view.percent(result.min_confidence)} confidence not counted (see --min-confidence)."))
    return Group(*blocks)


def _unsupported(unsupported: list[Unsupported]) -> RenderableType:
    if not unsupported:
        return empty("Everything declared that ficscope can read for has support in the text.")
    grid = table("Declared", "Kind", "Looked for")
    for item in unsupported:
        kind = _view.SCHEMES["ao3"] if item.scheme == "ao3" else "tag"
        grid.add_row(Text(item.declared), kind, ", ".join(item.labels))
    return Group(grid, empty("For information: the detector can miss what a reader would see."))


def _rating(result: CheckResult) -> Text:
    rating = result.rating
    if rating.suggested is None:
        return empty("No rating suggested: " + (f"{rating.reason}." if rating.reason else _view.NOT_ANALYSED.lower()))
    if rating.declared is None:
        return Text(f"No rating declared; suggested: {rating.suggested}.")
    if rating.declared not in knowledge.AO3_RATINGS:
        return Text(f"Declared {rating.declared} (not one of AO3's four ratings, so not compared); suggested: {rating.suggested}.")
    line = f"Declared {rating.declared}; suggested {rating.suggested}" + (f": {rating.reason}." if rating.reason else ".")
    if rating.lower_than_suggested:
        return Text(line + " The declared rating is lower than suggested.", style="bold")
    return Text(line)


def _suggested(result: CheckResult, *, spoilers: bool) -> RenderableType:
    if not result.suggested_tags:
        return empty("None.")
    if not spoilers:
        return Group(Text(", ".join(s.tag for s in result.suggested_tags)), empty(HIDDEN_REASONS))
    return tag_reason_table(result.suggested_tags)


def _verdict(result: CheckResult) -> Text:
    problems = []
    if result.missing:
        problems.append(f"{len(result.missing)} warning{'s' if len(result.missing) != 1 else ''} missing")
    if result.rating.lower_than_suggested:
        problems.append("the rating is lower than suggested")
    if not problems:
        return Text("Nothing missing.", style="bold green")
    return Text("Under-warned: " + "; ".join(problems) + ".", style="bold red")
