"""The report's charts: matplotlib (Agg, no display) drawn to SVG for inlining.

Each chart is a self-contained ``<svg>`` element: no XML prolog, no DOCTYPE, no
metadata links, text kept as text (``svg.fonttype: none``) so it takes the page's
font and stays small. Element ids are salted per chart, so several charts can share
one page.
"""

from __future__ import annotations

import io
import re
from html import escape
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..model import SEVERITIES  # noqa: E402
from ._stats import Count, TriggerRow, WarningRow  # noqa: E402

INK = "#1f2328"
MUTED = "#626a73"
GRID = "#dcdfe3"
ACCENT = "#8a1c1c"
DECLARED = "#7a8593"
SEVERITY_COLOURS = {"referenced": "#e3c25a", "depicted": "#f0a35e", "graphic": "#b3261e"}
# AO3's own colours for its rating and category symbols.
RATING_COLOURS = {
    "General Audiences": "#77a600",
    "Teen And Up Audiences": "#e8d405",
    "Mature": "#de7e00",
    "Explicit": "#9c0000",
    "Not Rated": "#aaaaaa",
}
CATEGORY_COLOURS = {
    "F/F": "#c21312",
    "F/M": "#7a1b9f",
    "Gen": "#77a600",
    "M/M": "#0c4a8d",
    "Multi": "#333333",
    "Other": "#aaaaaa",
}

_STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
}
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_FONT_FAMILY = re.compile(r"font-family: [^;\"]*;? ?")
_PAGE_STYLE = re.compile(r"<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>")


def warnings_chart(rows: Sequence[WarningRow]) -> str:
    """Per AO3 warning: works whose author declared it, and works ficscope found it in."""
    labels = [row.label for row in rows]
    figure, axes = _figure(len(labels), per_bar=0.6)
    positions = range(len(labels))
    height = 0.38
    axes.barh([p - height / 2 for p in positions], [r.declared for r in rows], height, color=DECLARED, label="declared by the author")
    axes.barh([p + height / 2 for p in positions], [r.detected for r in rows], height, color=ACCENT, label="found by ficscope")
    axes.barh(
        [p + height / 2 for p in positions], [r.left_out for r in rows], height, color=ACCENT, edgecolor="white",
        hatch="///", linewidth=0, label="\u2026 of which the author left it out",
    )
    _labels(axes, labels)
    _legend(axes, columns=3)
    return _svg(figure, "warnings", "AO3 archive warnings: works declaring each, and works where ficscope found it")


def triggers_chart(rows: Sequence[TriggerRow]) -> str:
    """Per trigger label: works by the worst severity found, stacked."""
    labels = [row.label for row in rows]
    figure, axes = _figure(len(labels))
    left = [0] * len(rows)
    for severity in SEVERITIES:
        values = [getattr(row, severity) for row in rows]
        axes.barh(range(len(rows)), values, 0.7, left=left, color=SEVERITY_COLOURS[severity], label=severity)
        left = [a + b for a, b in zip(left, values, strict=True)]
    _labels(axes, labels)
    _legend(axes, columns=3)
    return _svg(figure, "triggers", "Trigger labels found, by the worst severity in each work")


def bars_chart(
    counts: Sequence[Count], name: str, description: str, colours: dict[str, str] | None = None, *, width: float = 4.2
) -> str:
    """One horizontal bar per name in the order given, with its count at the end. ``width``
    in inches: 4.2 for half a page."""
    figure, axes = _figure(len(counts), width=width)
    colour = [(colours or {}).get(c.name, ACCENT) for c in counts]
    bars = axes.barh(range(len(counts)), [c.count for c in counts], 0.7, color=colour)
    axes.bar_label(bars, padding=3, color=MUTED, fontsize=9)
    _labels(axes, [c.name for c in counts])
    return _svg(figure, name, description)


def lengths_chart(counts: Sequence[Count]) -> str:
    """Works per AO3 length bucket, shortest first."""
    with plt.rc_context(_STYLE):
        figure = plt.figure(figsize=(7.0, 2.8))
        axes = figure.add_subplot()
        bars = axes.bar(range(len(counts)), [c.count for c in counts], 0.75, color=ACCENT)
        axes.bar_label(bars, padding=2, color=MUTED, fontsize=9)
        axes.set_xticks(range(len(counts)), [c.name for c in counts])
        axes.set_xlabel("words")
        axes.set_ylabel("works")
        axes.yaxis.grid(True, color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        return _svg(figure, "lengths", "Works by length in words")


def _figure(bars: int, per_bar: float = 0.3, width: float = 7.0) -> tuple[Figure, plt.Axes]:
    with plt.rc_context(_STYLE):
        figure = plt.figure(figsize=(width, max(1.4, 0.7 + per_bar * bars)))
        axes = figure.add_subplot()
        axes.xaxis.grid(True, color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.set_xlabel("works")
    return figure, axes


def _legend(axes: plt.Axes, columns: int) -> None:
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=columns, frameon=False, fontsize=9)


def _labels(axes: plt.Axes, labels: Sequence[str]) -> None:
    axes.set_yticks(range(len(labels)), [_short(label) for label in labels])
    axes.invert_yaxis()  # the first (largest) at the top
    axes.xaxis.get_major_locator().set_params(integer=True)


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def _svg(figure: Figure, name: str, description: str) -> str:
    buffer = io.StringIO()
    with plt.rc_context({**_STYLE, "svg.hashsalt": f"ficscope-{name}"}):
        figure.tight_layout()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    plt.close(figure)
    svg = _PROLOG.sub("", buffer.getvalue(), count=1)
    # Ids must be unique across the page, whatever matplotlib called them.
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{name}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{name}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{name}-\1"', svg)
    svg = _PAGE_STYLE.sub("", svg, count=1)  # the page's CSS carries it, once
    svg = _FONT_FAMILY.sub("", svg)  # text takes the page's font
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(description)}" ', 1).strip()
