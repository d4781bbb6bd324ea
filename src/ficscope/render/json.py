"""The analysis JSON contract (schema_version "1", see DESIGN.md and schema/analysis.schema.json)
as text; the data itself is ``model.as_dict``."""

from __future__ import annotations

import json

from ..model import Analysis, as_dict, finding_dict

__all__ = ["as_dict", "dumps", "finding_dict"]


def dumps(analysis: Analysis, *, indent: int | None = 2) -> str:
    return json.dumps(as_dict(analysis), ensure_ascii=False, indent=indent)
