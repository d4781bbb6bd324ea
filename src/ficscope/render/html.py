"""The HTML report: one self-contained file a reader can open anywhere, offline.

Built from ``templates/report.html.j2`` with autoescaping on, so a title holding
``<script>`` is shown as text. Warning passages sit in closed ``<details>``
elements: visible only when the reader opens one, or open from the start with
``spoilers=True``.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from .. import _templates as templates
from ..model import REPORT_MIN_CONFIDENCE, Analysis
from . import _view

TEMPLATE = "report.html.j2"

__all__ = ["render"]


def render(
    analysis: Analysis, *, spoilers: bool = False, all_relationships: bool = False, min_confidence: float = REPORT_MIN_CONFIDENCE
) -> str:
    """The whole report as one HTML5 document; ``all_relationships`` lists the
    relationships with less evidence too; warnings found with less confidence than
    ``min_confidence`` are only counted."""
    return _environment().get_template(TEMPLATE).render(
        report=_view.build(analysis, min_confidence), spoilers=spoilers, all_relationships=all_relationships
    )


@cache
def _environment() -> Environment:
    environment = templates.environment("ficscope.render")
    environment.globals["not_analysed"] = _view.NOT_ANALYSED
    environment.globals["stats_not_run"] = _view.STATS_NOT_RUN
    environment.globals["hidden_warnings_note"] = _view.hidden_warnings_note
    environment.globals["cli_hint"] = _view.CLI_HINT
    return environment
