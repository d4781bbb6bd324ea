"""A report on a whole collection: what its works warn for (declared against found),
ratings, categories, lengths, characters and relationships, as text or as one
self-contained HTML page with charts.

    from ficscope.library import Library
    from ficscope.report import collect, render_html

    with Library("works.sqlite") as library:
        stats = collect(library)
    Path("report.html").write_text(render_html(stats))
"""

from __future__ import annotations

from ._html import most_left_out, render_html
from ._stats import CollectionStats, Count, TriggerRow, WarningRow, collect
from ._text import render_text

__all__ = [
    "CollectionStats",
    "Count",
    "TriggerRow",
    "WarningRow",
    "collect",
    "most_left_out",
    "render_html",
    "render_text",
]
