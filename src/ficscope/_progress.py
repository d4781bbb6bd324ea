"""The progress bar the commands show while they work through several files."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


def file_progress(console: Console, *, show: bool) -> Progress:
    """A bar of files done out of all, with the time left; gone when the work is done."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not show,
    )
