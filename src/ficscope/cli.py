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

from . import __version__, analyze_work
from . import _upload_limits as upload_limits
from ._help import HelpCommand
from ._max_mb import DEFAULT_MB, MaxMb, mb_to_bytes
from ._progress import file_progress
from .check import DEFAULT_MIN_CONFIDENCE
from .cli_library import app as library_app
from .errors import FicscopeError, reported_as_ficscope_error
from .model import REPORT_MIN_CONFIDENCE, Analysis
from .readers import read_work
from .render import json as render_json

app = typer.Typer(
    rich_markup_mode=None,  # plain help: it wraps at the terminal's width, nothing boxed or cut
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
    """Read a work of fan fiction and tell what is inside before you read it.

    Example: ficscope analyze story.html
    """


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _analyse_one(path: Path, max_bytes: int) -> Analysis:
    with reported_as_ficscope_error(str(path)):
        return analyze_work(read_work(path, max_bytes=max_bytes))


def _render(
    analysis: Analysis,
    fmt: OutputFormat,
    *,
    spoilers: bool,
    several: bool,
    dialogue: bool = False,
    all_relationships: bool = False,
    min_confidence: float = REPORT_MIN_CONFIDENCE,
) -> str:
    if fmt is OutputFormat.json:
        return render_json.dumps(analysis, indent=None if several else 2)
    if fmt is OutputFormat.html:
        from .render import html

        return html.render(analysis, spoilers=spoilers, all_relationships=all_relationships, min_confidence=min_confidence)
    from .render import text

    return text.render(analysis, spoilers=spoilers, dialogue=dialogue, all_relationships=all_relationships, min_confidence=min_confidence)


@app.command(cls=HelpCommand)
def analyze(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Works to read: pasted text, AO3 HTML or EPUB, FanFicFare EPUB.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text (a report), json (one object; JSON Lines for several files) or html.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write here instead of standard output (a directory for HTML of several files)."),
    ] = None,
    spoilers: Annotated[bool, typer.Option("--spoilers", help="Show the evidence for warnings, not only their labels.")] = False,
    dialogue: Annotated[
        bool, typer.Option("--dialogue", help="In the text report, list every line of dialogue with its speaker, not only the first few.")
    ] = False,
    all_relationships: Annotated[
        bool,
        typer.Option("--all-relationships", help="List every relationship found, not only the few a reader would tag (JSON always has them all)."),
    ] = False,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence", metavar="P", min=0.0, max=1.0,
            help="List only the warnings found with at least this confidence (0 to 1; default: all); the rest are counted. JSON always has them all.",
        ),
    ] = REPORT_MIN_CONFIDENCE,
    max_mb: MaxMb = DEFAULT_MB,
) -> None:
    """Analyse works and print a report on each.

    The report tells the structure, the characters and relationships, who says each
    line, and the warnings.

    Example: ficscope analyze story.html --format json -o story.json
    """
    several = len(files) > 1
    if output_format is OutputFormat.html and several and output is not None and output.exists() and not output.is_dir():
        raise typer.BadParameter("with several files, --output for HTML must be a directory", param_hint="--output")
    if output_format is OutputFormat.html and several and output is None:
        raise typer.BadParameter("HTML for several files needs --output DIRECTORY", param_hint="--output")
    max_bytes = mb_to_bytes(max_mb)
    failures: list[tuple[str, str]] = []
    chunks: list[str] = []
    show_progress = several and err.is_terminal
    with file_progress(err, show=show_progress) as progress:
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
                analysis, output_format, spoilers=spoilers, several=several, dialogue=dialogue,
                all_relationships=all_relationships, min_confidence=min_confidence,
            )
            if output_format is OutputFormat.html and several and output is not None:
                output.mkdir(parents=True, exist_ok=True)
                (output / f"{path.stem}.html").write_text(rendered, encoding="utf-8")
            elif output_format is OutputFormat.text and output is None:
                from .render import text

                text.render_to(
                    out, analysis, spoilers=spoilers, dialogue=dialogue, all_relationships=all_relationships, min_confidence=min_confidence
                )
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


@app.command(cls=HelpCommand)
def serve(
    host: Annotated[
        str, typer.Option("--host", metavar="ADDRESS", help="The address to listen on. Anything but 127.0.0.1 or localhost lets other computers in.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="N", min=1, max=65535, help="The port to listen on.")] = 8000,
    db: Annotated[
        Path | None,
        typer.Option("--db", metavar="FILE", help="The library file. Default: $FICSCOPE_DB, else library.sqlite in your user data directory.", show_default=False),
    ] = None,
    max_upload_mb: Annotated[
        float,
        typer.Option(
            "--upload-max-mb", "--max-upload-mb", metavar="MB", min=0.001, max=upload_limits.MAX_UPLOAD_MB,
            help="Refuse uploaded works larger than this many megabytes.",
        ),
    ] = DEFAULT_MB,
    upload_timeout: Annotated[
        float,
        typer.Option(
            "--upload-timeout", metavar="SECONDS", min=1.0, max=upload_limits.MAX_SECONDS,
            help="Stop reading and analysing an upload after this many seconds, and refuse it.",
        ),
    ] = upload_limits.DEFAULT_SECONDS,
    upload_memory_mb: Annotated[
        float,
        typer.Option(
            "--upload-memory-mb", metavar="MB", min=upload_limits.MIN_MEMORY_MB, max=upload_limits.MAX_MEMORY_MB,
            help="The memory the process analysing an upload may use; an upload needing more is refused.",
        ),
    ] = upload_limits.DEFAULT_MEMORY_MB,
) -> None:
    """Open your library in a web browser.

    Search and filter it, read works and chapters, add works, or use its JSON API.
    Each upload is read and analysed in a separate process, within the upload
    limits below, so the pages keep answering meanwhile.

    Example: ficscope serve --port 8080 --upload-timeout 600
    """
    from . import web

    if not web.is_loopback(host):
        err.print(
            f"[bold yellow]warning:[/] listening on {_escape(host)}: anyone who can reach this computer on port {port}"
            " can read and change your library (there is no login). Use --host 127.0.0.1 to keep it private."
        )
    try:
        web.serve(
            db, host=host, port=port, max_upload_mb=max_upload_mb,
            analysis_seconds=upload_timeout, analysis_memory_mb=upload_memory_mb,
        )
    except FicscopeError as exc:
        err.print(f"[bold red]error:[/] {_escape(str(exc))}")
        raise typer.Exit(1) from None


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


# Exit statuses of `ficscope check`, for scripts.
CHECK_OK, CHECK_MISSING, CHECK_ERROR = 0, 1, 2


@app.command(
    cls=HelpCommand,
    epilog=f"Exit status: {CHECK_OK} when nothing is missing; {CHECK_MISSING} when a warning is missing from the declaration"
    f" or the declared rating is lower than suggested; {CHECK_ERROR} when the file or --declared cannot be read."
)
def check(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The work: an AO3 HTML or EPUB download, a FanFicFare EPUB, or pasted text.")],
    declared: Annotated[
        str | None,
        typer.Option(
            "--declared",
            "-d",
            metavar="DECLARATION",
            help='What the work declares, e.g. "Rating: Mature; Warnings: Major Character Death; Tags: Angst, Hurt/Comfort"'
            " (labels as on AO3, or Tags; any case). A rating or warnings given here replace the file's; tags are added to them.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text (a report) or json (one object).")
    ] = CheckFormat.text,
    spoilers: Annotated[bool, typer.Option("--spoilers", help="Show the passages behind each missing warning, and why each tag is suggested.")] = False,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", metavar="P", min=0.0, max=1.0, help="Count a finding as missing only at this confidence or more.")
    ] = DEFAULT_MIN_CONFIDENCE,
    max_mb: MaxMb = DEFAULT_MB,
) -> None:
    """Compare what a work declares with what is in it.

    Lists the warnings missing from the declaration (their passages with
    --spoilers), declared warnings nothing supports, the declared rating against
    the suggested one, and suggested tags not declared.

    Example: ficscope check story.html --declared "Rating: Teen; Warnings: None"
    """
    from . import check as checking
    from .render import check as render_check

    try:
        given = checking.parse_declared(declared) if declared is not None else None
    except FicscopeError as exc:
        err.print(f"[bold red]error:[/] --declared: {_escape(str(exc))}")
        raise typer.Exit(CHECK_ERROR) from None
    try:
        analysis = _analyse_one(file, mb_to_bytes(max_mb))
    except FicscopeError as exc:
        err.print(f"[bold red]error:[/] {_escape(str(exc))}")
        raise typer.Exit(CHECK_ERROR) from None
    work_declared = analysis.work.declared if given is None else checking.extend_declared(analysis.work.declared, given)
    result = checking.compare(analysis, work_declared, min_confidence=min_confidence)
    if output_format is CheckFormat.json:
        sys.stdout.write(render_check.dumps(result) + "\n")
    else:
        render_check.render_to(out, result, spoilers=spoilers)
    raise typer.Exit(CHECK_MISSING if result.anything_missing else CHECK_OK)


from .cli_batch import register as _register_batch  # noqa: E402 (the batch and report commands)
_register_batch(app)


def run() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
