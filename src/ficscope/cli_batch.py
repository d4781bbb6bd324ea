"""``ficscope batch`` and ``ficscope report``: whole collections from the command line.

Thin layers over ``ficscope.batch.run_batch`` and ``ficscope.report``: options in,
a progress bar while it runs, a summary and a table of failures out, and exit status
1 when any file failed (130 when interrupted).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ._help import HelpCommand
from ._max_mb import DEFAULT_MB, MaxMb, mb_to_bytes
from .batch import BatchResult, run_batch
from .cli_library import Db
from .cli_library import _reported as reported_errors
from .errors import FicscopeError


err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``report`` to the ``ficscope`` command."""
    app.command(cls=HelpCommand)(batch)
    app.command(cls=HelpCommand)(report)


@contextmanager
def _terminate_like_interrupt() -> Iterator[None]:
    """``kill PID`` stops a batch as Ctrl-C does: what is done stays stored."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _WordsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.fields.get("words", 0) / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} words/s", style="progress.data.speed")


class _Failed(ProgressColumn):
    def render(self, task: Task) -> Text:
        failed = task.fields.get("failed", 0)
        return Text(f"{failed} failed", style="bold red" if failed else "dim")


class _Bar:
    """The batch's observer: one Rich progress bar over every work found."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("Finding works", total=None, words=0, failed=0)
        self.where = ""

    def started(self, total: int, backend: str, workers: int) -> None:
        self.where = _workers(workers, backend)
        self.progress.update(self.task, total=total, description=f"Starting {self.where}")

    def checking(self) -> None:
        self.progress.update(self.task, description="Checking what is done")

    def analysing(self, count: int) -> None:
        self.progress.update(self.task, description=f"Analysing on {self.where}")

    def advanced(self, path: str, status: str, words: int, reason: str | None) -> None:
        task = self.progress.tasks[self.task]
        failed = task.fields["failed"] + (status == "failed")
        self.progress.update(self.task, advance=1, words=task.fields["words"] + words, failed=failed)
        if reason is not None and self.progress.live.is_started:
            self.progress.console.print(f"[bold red]error:[/] {escape(reason)}")


def batch(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Works to analyse: files, directories (searched recursively for .txt, .html, .htm and .epub)"
            " and glob patterns (quote them: 'downloads/**/*.epub').",
            show_default=False,
        ),
    ],
    db: Db = None,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Write one record per work instead of storing it: results.jsonl (JSON Lines) or"
            " results.parquet (a Parquet dataset directory, one part file per few hundred works).",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", metavar="N", min=1, help="Local worker processes. Default: one per core.", show_default=False),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            envvar="DASK_SCHEDULER_ADDRESS",
            help="Run on this Dask cluster (tcp://host:8786) instead of local processes. Its workers need"
            " ficscope installed and the files at the same paths.",
            show_default=False,
        ),
    ] = None,
    max_mb: MaxMb = DEFAULT_MB,
) -> None:
    """Analyse every work in folders, files or patterns.

    It runs on all cores, or on a Dask cluster with --scheduler.

    Results go to your library (or --db), or to a JSON Lines or Parquet file with --out.
    Running the same command again skips works already done, so an interrupted batch
    finishes where it stopped.

    Example: ficscope batch downloads/ --out results.jsonl
    """
    if db is not None and out_file is not None:
        raise typer.BadParameter("give either --db (a library) or --out (a file), not both", param_hint="--out")
    with reported_errors(), _terminate_like_interrupt(), Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _WordsPerSecond(),
        _Failed(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        result = run_batch(
            paths,
            db=db,
            out=out_file,
            workers=workers,
            scheduler=scheduler,
            max_bytes=mb_to_bytes(max_mb),
            observer=_Bar(progress),
        )
    out.print(_summary(result, out_file))
    if result.failures:
        # In a terminal the table fits the window; in a log, each row stays on one line.
        widest = max(len(f.path) + len(f.reason) for f in result.failures) + 8
        table_console = err if err.is_terminal else Console(stderr=True, highlight=False, width=max(80, widest))
        table_console.print(_failure_table(result))
    if result.interrupted:
        err.print("[bold yellow]Interrupted.[/] What was done is stored; run the same command again to finish the rest.")
        raise typer.Exit(130)
    if result.failures:
        raise typer.Exit(1)


def _summary(result: BatchResult, out_file: Path | None) -> Text:
    where = str(out_file) if out_file is not None else "the library"
    parts = [f"{_plural(result.found, 'work')} found", f"{result.stored:,} stored in {where}"]
    if result.done_before:
        parts.append(f"{result.done_before:,} done before")
    if result.duplicates:
        parts.append(f"{_plural(result.duplicates, 'duplicate')} of others")
    if result.failures:
        parts.append(f"{len(result.failures):,} failed")
    line = ", ".join(parts) + "."
    if result.analysed:
        rate = result.words / result.seconds if result.seconds > 0 else 0.0
        line += (
            f" Analysed {result.analysed:,} ({result.words:,} words) in {result.seconds:,.1f} s"
            f" on {_workers(result.workers, result.backend)}: {rate:,.0f} words/s."
        )
    return Text(line)


def _workers(count: int, backend: str) -> str:
    return _plural(count, "local worker" if backend == "local" else "Dask worker")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _failure_table(result: BatchResult) -> Table:
    table = Table(title=f"{len(result.failures)} of {result.found} failed", title_justify="left", expand=False)
    table.add_column("File", overflow="fold")
    table.add_column("Why", overflow="fold")
    for failure in result.failures:
        reason = failure.reason.removeprefix(f"{failure.path}: ")
        table.add_row(Text(failure.path), Text(reason))
    return table


def report(
    db: Db = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Write the report with its charts to this HTML file (one self-contained page).", show_default=False),
    ] = None,
    top: Annotated[int, typer.Option("--top", metavar="N", min=1, help="How many characters, relationships, fandoms and tags to show.")] = 15,
    all_relationships: Annotated[
        bool,
        typer.Option("--all-relationships", help="Count every relationship found in a work, not only the few a reader would tag."),
    ] = False,
) -> None:
    """Report on a whole library.

    It covers warnings declared and found, ratings, lengths and characters.

    Text on standard output, or with --html one self-contained page with charts: which
    warnings authors leave out most, rating and category mixes, the commonest characters
    and relationships, and how long the works are.

    Example: ficscope report --html library.html
    """
    from .library import Library
    from .report import collect, render_html, render_text

    with reported_errors():
        with Library(db) as library:
            stats = collect(library, top=top, all_relationships=all_relationships)
        if html is None:
            render_text(stats, out)
            return
        try:
            html.write_text(render_html(stats, top=top), encoding="utf-8")
        except OSError as exc:
            raise FicscopeError(f"cannot write ({exc.strerror or exc})", path=str(html)) from None
    out.print(Text(f"wrote {html} ({_plural(stats.works, 'work')})"))
