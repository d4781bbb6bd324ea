"""The ``ficscope`` command. A thin layer: it reads arguments, calls the library, and
turns ``FicscopeError``s into one line on stderr and a non-zero exit status."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from . import __version__, analyze_work
from .cli_library import app as library_app
from .errors import FicscopeError
from .model import Analysis
from .readers import DEFAULT_MAX_BYTES, read_work
from .render import json as render_json

app = typer.Typer(
    help="Read a work of fan fiction and tell what is inside before you read it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ficscope {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Read a work of fan fiction and tell what is inside before you read it."""


def _fail(path: str, message: str) -> None:
    err.print(f"[bold red]error:[/] {_escape(message)}")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _analyse_one(path: Path, max_bytes: int) -> Analysis:
    try:
        return analyze_work(read_work(path, max_bytes=max_bytes))
    except FicscopeError:
        raise
    except RecursionError:
        raise FicscopeError("the file nests too deeply to read", path=str(path)) from None
    except MemoryError:
        raise FicscopeError("the file is too large to read in the memory available", path=str(path)) from None
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        raise FicscopeError(
            f"internal error while reading ({type(exc).__name__}: {exc}); please report it", path=str(path)
        ) from None


def _render(analysis: Analysis, fmt: OutputFormat, *, spoilers: bool, several: bool, dialogue: bool = False) -> str:
    if fmt is OutputFormat.json:
        return render_json.dumps(analysis, indent=None if several else 2)
    if fmt is OutputFormat.html:
        from .render import html

        return html.render(analysis, spoilers=spoilers)
    from .render import text

    return text.render(analysis, spoilers=spoilers, dialogue=dialogue)


@app.command()
def analyze(
    files: Annotated[list[Path], typer.Argument(help="Works to read: pasted text, AO3 HTML or EPUB, FanFicFare EPUB.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text (a report), json (one object; JSON Lines for several files) or html.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of standard output (a directory for HTML of several files)."),
    ] = None,
    spoilers: Annotated[bool, typer.Option("--spoilers", help="Show the evidence for warnings, not only their labels.")] = False,
    dialogue: Annotated[
        bool, typer.Option("--dialogue", help="In the text report, list every line of dialogue with its speaker, not only the first few.")
    ] = False,
    max_mb: Annotated[
        float, typer.Option("--max-mb", min=0.001, help="Refuse files larger than this many megabytes.")
    ] = DEFAULT_MAX_BYTES / 1048576,
) -> None:
    """Analyse works and print a report: structure, characters, relationships, who says each line, warnings."""
    several = len(files) > 1
    if output_format is OutputFormat.html and several and output is not None and output.exists() and not output.is_dir():
        raise typer.BadParameter("with several files, --output for HTML must be a directory", param_hint="--output")
    if output_format is OutputFormat.html and several and output is None:
        raise typer.BadParameter("HTML for several files needs --output DIRECTORY", param_hint="--output")
    max_bytes = int(max_mb * 1048576)
    failures: list[tuple[str, str]] = []
    chunks: list[str] = []
    show_progress = several and err.is_terminal
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("Reading", total=len(files))
        for path in files:
            try:
                analysis = _analyse_one(path, max_bytes)
            except FicscopeError as exc:
                failures.append((str(path), str(exc)))
                progress.console.print(f"[bold red]error:[/] {_escape(str(exc))}")
                progress.advance(task)
                continue
            rendered = "" if output_format is OutputFormat.text and output is None else _render(
                analysis, output_format, spoilers=spoilers, several=several, dialogue=dialogue
            )
            if output_format is OutputFormat.html and several and output is not None:
                output.mkdir(parents=True, exist_ok=True)
                (output / f"{path.stem}.html").write_text(rendered, encoding="utf-8")
            elif output_format is OutputFormat.text and output is None:
                from .render import text

                text.render_to(out, analysis, spoilers=spoilers, dialogue=dialogue)
            else:
                chunks.append(rendered)
            progress.advance(task)
    if chunks:
        joined = "\n".join(chunks) + "\n"
        if output is None:
            sys.stdout.write(joined)
        else:
            try:
                output.write_text(joined, encoding="utf-8")
            except OSError as exc:
                err.print(f"[bold red]error:[/] {_escape(str(output))}: cannot write ({exc.strerror or exc})")
                raise typer.Exit(1) from None
    if failures:
        if several:
            err.print(f"\n[bold]{len(failures)} of {len(files)} files failed:[/]")
            for path_text, reason in failures:
                err.print(f"  {_escape(reason)}")
        raise typer.Exit(1)


app.add_typer(library_app, name="library")


def run() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
