"""The collection report as one self-contained HTML page with inline SVG charts."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .. import _templates as templates
from . import _plots
from ._stats import CollectionStats, WarningRow

TEMPLATE = "collection.html.j2"
TRIGGERS_SHOWN = 15


def render_html(stats: CollectionStats, *, top: int = 15) -> str:
    """The whole report as one HTML5 document: no scripts, nothing fetched."""
    from .. import __version__

    charts: dict[str, Any] = {}
    if stats.works:
        shown = stats.triggers[:TRIGGERS_SHOWN]
        charts = {
            "warnings": Markup(_plots.warnings_chart(stats.warnings)),
            "triggers": Markup(_plots.triggers_chart(shown)) if shown else "",
            "triggers_shown": len(shown),
            "ratings": Markup(_plots.bars_chart(stats.ratings, "ratings", "Works per rating", _plots.RATING_COLOURS)),
            "categories": Markup(
                _plots.bars_chart(stats.categories, "categories", "Works per category", _plots.CATEGORY_COLOURS)
            ) if stats.categories else "",
            "lengths": Markup(_plots.lengths_chart(stats.lengths)),
            "characters": Markup(_plots.bars_chart(stats.characters, "characters", "Works per character"))
            if stats.characters else "",
            "relationships": Markup(_plots.bars_chart(stats.relationships, "relationships", "Works per relationship"))
            if stats.relationships else "",
        }
    view = {"most_left_out": most_left_out(stats.warnings)}
    return _environment().get_template(TEMPLATE).render(stats=stats, charts=charts, view=view, top=top, version=__version__)


def most_left_out(rows: list[WarningRow]) -> WarningRow | None:
    """The warning authors leave out most: highest share of the works it was found in,
    then most works."""
    candidates = [row for row in rows if row.left_out]
    return max(candidates, key=lambda row: (row.left_out_share, row.left_out), default=None)


@cache
def _environment() -> Environment:
    return templates.environment("ficscope.report")
