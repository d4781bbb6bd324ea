"""Reading a model the package ships as JSON under ``knowledge/models/``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..errors import FicscopeError


def read_model(parts: tuple[str, ...], what: str, error: type[FicscopeError]) -> tuple[dict[str, Any], str]:
    """The model file's data and its path; ``error`` names ``what`` when it cannot be read."""
    path = resources.files("ficscope").joinpath(*parts)
    try:
        return json.loads(path.read_text(encoding="utf-8")), str(path)
    except (OSError, ValueError) as exc:
        raise error(f"{path}: cannot read the {what} ({exc})") from None
