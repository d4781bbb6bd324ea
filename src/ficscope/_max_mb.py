"""``--max-mb``, the largest file one command reads, defined once for ``analyze``,
``check``, ``batch`` and ``library add``."""

from __future__ import annotations

from typing import Annotated

import typer

from .readers import DEFAULT_MAX_BYTES

# A terabyte is far beyond any work; past it the number is a typo (or infinity).
MAX_MB = 1048576.0

MaxMb = Annotated[
    float,
    typer.Option("--max-mb", metavar="MB", min=0.001, max=MAX_MB, help="Refuse files larger than this many megabytes."),
]
DEFAULT_MB = DEFAULT_MAX_BYTES / 1048576


def mb_to_bytes(max_mb: float) -> int:
    """The limit in bytes, for a value ``MaxMb`` has range-checked."""
    return int(max_mb * 1048576)
