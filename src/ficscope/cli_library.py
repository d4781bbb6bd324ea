"""``ficscope library``: the private library from the command line.

A thin layer over ``ficscope.library.Library``: it turns options into ``Filters``,
prints results, and turns ``FicscopeError``s into one line on stderr and exit 1.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ._help import HelpCommand
from ._max_mb import DEFAULT_MB, MaxMb, mb_to_bytes
from ._progress import file_progress
from .errors import FicscopeError, FilterError, reported_as_ficscope_error
from .filter_options import LIST_FILTERS, MAX_PAGE, OFFSET_HELP, QUERY_HELP, SORT_HELP, WARNINGS_HELP, ListFilter, filters_from
from .library import AddResult, Library, Sort, WorkSummary, parse_range
from .model import NO_ARCHIVE_WARNINGS


# Help options, completion and tracebacks are settled by the `ficscope` app this joins.
app = typer.Typer(
    rich_markup_mode=None,  # plain help: it wraps at the terminal's width, nothing boxed or cut
    help="Keep a private library of works.\n\nAdd them once, then search, filter and read them offline.",
    no_args_is_help=True,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DEFAULT_LIMIT = 50
USAGE_ERROR = 2  # as for an unknown option
_ONE_SPACE = re.compile(r"\s+")


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class WarningSourceChoice(str, Enum):
    declared = "declared"
    detected = "detected"
    either = "either"


Db = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="The library file. Default: $FICSCOPE_DB, else library.sqlite in your user data directory.",
        show_default=False,
    ),
]
WorkId = Annotated[int, typer.Argument(metavar="N", help="The work's number, as `library list` shows it (#3 is 3).")]
VersionOption = Annotated[
    int | None, typer.Option("--version", metavar="N", help="One stored version of the work instead of the current one.")
]
Many = list[str] | None


def _values(option: Many) -> tuple[str, ...]:
    return tuple(option or ())


@contextmanager
def _reported() -> Iterator[None]:
    """Any FicscopeError becomes one line on stderr and exit status 1; a malformed
    filter or query is a usage error, exit status 2."""
    try:
        yield
    except FicscopeError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(USAGE_ERROR if isinstance(exc, FilterError) else 1) from None


def _add_one(library: Library, path: Path, max_bytes: int) -> AddResult:
    with reported_as_ficscope_error(str(path)):  # a bug of ours: still one line, and the others go on
        return library.add(path, max_bytes=max_bytes)


def _describe(result: AddResult) -> str:
    title = f"\u201c{result.title}\u201d" if result.title else "(untitled)"
    if result.status == "added":
        return f"added as #{result.id} {title}"
    if result.status == "new-version":
        return f"stored as version {result.version} of #{result.id} {title} (version {result.previous_version} kept)"
    return f"already in the library as #{result.id} {title} (version {result.version})"


@app.command(cls=HelpCommand)
def add(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Works to analyse and store: pasted text, AO3 HTML or EPUB, FanFicFare EPUB.")],
    db: Db = None,
    max_mb: MaxMb = DEFAULT_MB,
) -> None:
    """Analyse works and store them.

    Example: ficscope library add story.html other.epub

    The same text again is skipped; a new text of a stored work (same AO3 URL, or same
    title and authors) becomes its current version and the old one is kept.
    """
    with _reported():
        library = Library(db)
    max_bytes = mb_to_bytes(max_mb)
    failures: list[str] = []
    with library, file_progress(err, show=len(files) > 1 and err.is_terminal) as progress:
        task = progress.add_task("Adding", total=len(files))
        for path in files:
            try:
                result = _add_one(library, path, max_bytes)
            except FicscopeError as exc:
                failures.append(str(exc))
                progress.console.print(f"[bold red]error:[/] {escape(str(exc))}")
            else:
                out.print(Text(f"{path}: {_describe(result)}"))
            progress.advance(task)
    if failures:
        if len(files) > 1:
            err.print(f"\n[bold]{len(failures)} of {len(files)} files failed:[/]")
            for reason in failures:
                err.print(f"  {escape(reason)}")
        raise typer.Exit(1)


def search(
    query: Annotated[
        list[str] | None, typer.Argument(metavar="QUERY", help=QUERY_HELP, show_default=False)
    ] = None,
    warnings: Annotated[
        WarningSourceChoice, typer.Option("--warnings", metavar="SOURCE", help=WARNINGS_HELP)
    ] = WarningSourceChoice.either,
    words: Annotated[
        str | None,
        typer.Option("--words", metavar="MIN-MAX", help="Word count as MIN-MAX, MIN- or -MAX (1000-5000, 10k-).", show_default=False),
    ] = None,
    complete: Annotated[
        bool | None, typer.Option("--complete/--wip", help="Only complete works, or only works in progress.", show_default=False)
    ] = None,
    sort: Annotated[Sort | None, typer.Option("--sort", metavar="ORDER", help=SORT_HELP, show_default=False)] = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=0, max=MAX_PAGE, help="Show at most this many works (0: all).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, typer.Option("--offset", metavar="N", min=0, max=MAX_PAGE, help=OFFSET_HELP)] = 0,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text, or json (an array with one object per work).")
    ] = ListFormat.text,
    db: Db = None,
    **filters: Many,
) -> None:
    """Search the story text of the works and filter them.

    The filters include and exclude as AO3's do.

    Example: ficscope library search ferry --exclude-trigger violence:depicted
    """
    with _reported():
        chosen = filters_from(
            filters,
            warnings_source=warnings.value,
            words=parse_range(words, "--words") if words is not None else (None, None),
            complete=complete,
        )
        with Library(db) as library:
            text = " ".join(query) if query else None
            results = library.search(text, chosen, sort, limit=limit or None, offset=offset)
    if output_format is ListFormat.json:
        sys.stdout.write(json.dumps([w.as_dict() for w in results.works], ensure_ascii=False, indent=2) + "\n")
        return
    if not results.works:
        out.print("No works match." if results.total == 0 else f"No works after the first {results.total}.")
        return
    for work in results.works:
        _print_summary(work)
    shown = len(results.works)
    noun = "work" if results.total == 1 else "works"
    if shown < results.total:
        out.print(f"Showing {offset + 1}\u2013{offset + shown} of {results.total} {noun} (--limit and --offset for more).")
    else:
        out.print(f"{results.total} {noun}.")


def _filter_parameter(spec: ListFilter) -> inspect.Parameter:
    option = typer.Option(spec.option, metavar=spec.metavar, help=spec.help, show_default=False)
    return inspect.Parameter(spec.param, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[Many, option])


def _with_filters(command: Any, *, without: str | None = None) -> Any:
    """``command`` with one option per list filter in place of its ``**filters``."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD and p.name != without]
    positional = [p for p in kept if p.default is inspect.Parameter.empty or p.name == "query"]
    rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in kept if p not in positional]
    command.__signature__ = signature.replace(
        parameters=[*positional, *(_filter_parameter(spec) for spec in LIST_FILTERS), *rest]
    )
    return command


app.command(cls=HelpCommand)(_with_filters(search))


def list_works(**options: Any) -> None:
    """List the works in the library, newest first.

    It takes the same filters as search.

    Example: ficscope library list --rating teen --words 1000-5000
    """
    search(query=None, **options)


list_works.__signature__ = inspect.signature(search).replace(  # type: ignore[attr-defined]
    parameters=[p for p in inspect.signature(search).parameters.values() if p.name != "query"]
)
app.command("list", cls=HelpCommand)(list_works)


def _print_summary(work: WorkSummary) -> None:
    head = Text()
    head.append(f"#{work.id}  ", style="bold cyan")
    head.append(work.title or "(untitled)", style="bold")
    if work.authors:
        head.append(f"  by {', '.join(work.authors)}")
    if not work.current:
        head.append(f"  (version {work.version}, not current)", style="yellow")
    out.print(head)
    facts = [*work.fandoms[:3], work.rating or "Not rated", f"{work.words:,} words",
             f"{work.chapters} chapter{'s' if work.chapters != 1 else ''}"]
    if work.partial:
        facts.append(work.partial)
    if work.complete is not None:
        facts.append("complete" if work.complete else "in progress")
    if work.language:
        facts.append(work.language)
    _line("", " \u00b7 ".join(facts))
    declared = [w.label for w in work.warnings if w.source == "declared"]
    # "No Archive Warnings Apply" has no severity to speak of.
    detected = [
        w.label if w.label == NO_ARCHIVE_WARNINGS else f"{w.label} ({w.severity})"
        for w in work.warnings
        if w.source == "detected"
    ]
    _line("Warnings: ", "; ".join(filter(None, [", ".join(declared), "detected: " + ", ".join(detected) if detected else ""])))
    _line("Triggers: ", ", ".join(f"{t.label} ({t.severity})" for t in work.triggers))
    _line("Relationships: ", ", ".join(work.relationships[:6]))
    _line("Characters: ", ", ".join(work.characters[:10]))
    _line("Tags: ", ", ".join(work.tags[:10]))
    if work.snippet:
        snippet = Text("    ")
        for part in work.snippet:
            snippet.append(_ONE_SPACE.sub(" ", part.text), style="bold underline" if part.hit else "")
        out.print(snippet)
    out.print()


def _line(label: str, value: str) -> None:
    if value:
        line = Text("    ")
        line.append(label, style="dim")
        line.append(value)
        out.print(line)


@app.command(cls=HelpCommand)
def show(
    work_id: WorkId,
    version: VersionOption = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text (the report) or json (the stored analysis and the versions).")
    ] = ListFormat.text,
    spoilers: Annotated[bool, typer.Option("--spoilers", help="Show the evidence for warnings, not only their labels.")] = False,
    db: Db = None,
) -> None:
    """Show one stored work: its versions and the full report.

    Example: ficscope library show 3 --spoilers
    """
    with _reported(), Library(db) as library:
        stored = library.get(work_id, version=version)
        analysis = library.analysis(work_id, version=version) if output_format is ListFormat.text else None
    if analysis is None:
        sys.stdout.write(json.dumps(stored.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    from .render import text

    summary = stored.summary
    state = "current" if summary.current else "not current"
    out.print(Text(f"#{summary.id}, version {summary.version} of {len(stored.versions)} ({state}), added {summary.added}"))
    if len(stored.versions) > 1:
        listed = ", ".join(f"{v.number}{' (current)' if v.current else ''} added {v.added}" for v in stored.versions)
        out.print(Text(f"Versions: {listed}"))
    text.render_to(out, analysis, spoilers=spoilers)


@app.command(cls=HelpCommand)
def remove(
    work_id: WorkId,
    version: Annotated[
        int | None,
        typer.Option("--version", metavar="N", help="Remove only this version; the newest remaining one becomes current."),
    ] = None,
    db: Db = None,
) -> None:
    """Remove a work and all its versions, or one version of it.

    Example: ficscope library remove 3 --version 1
    """
    with _reported(), Library(db) as library:
        result = library.remove(work_id, version=version)
    versions = ", ".join(map(str, result.removed_versions))
    if result.current_version is None:
        out.print(f"removed #{result.id} (version{'s' if len(result.removed_versions) > 1 else ''} {versions})")
    else:
        out.print(f"removed version {versions} of #{result.id}; version {result.current_version} is current")


@app.command(cls=HelpCommand)
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of standard output.")
    ] = None,
    db: Db = None,
) -> None:
    """Export every stored version as JSON Lines.

    Each line holds a version's analysis and chapter texts.

    Example: ficscope library export -o library.jsonl
    """
    with _reported(), Library(db) as library, closing(library.export()) as records:
        lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        if output is None:
            try:
                sys.stdout.writelines(lines)
                sys.stdout.flush()
            except BrokenPipeError:  # `| head`: the reader has what it wanted
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        try:
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines)
        except OSError as exc:
            raise FicscopeError(f"cannot write ({exc.strerror or exc})", path=str(output)) from None


@app.command("import", cls=HelpCommand)
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An export made by `ficscope library export` (JSON Lines).")],
    db: Db = None,
) -> None:
    """Read an export back into the library.

    Every version comes back with its analysis and chapter texts. Versions the library
    holds already are skipped, so importing twice changes nothing.

    Example: ficscope library import library.jsonl
    """
    with _reported(), Library(db) as library:
        result = library.import_export(file)
    out.print(
        f"imported {result.imported} version{'s' if result.imported != 1 else ''} of {result.works}"
        f" work{'s' if result.works != 1 else ''}; {result.skipped} held already"
    )


@app.command(cls=HelpCommand)
def reindex(db: Db = None) -> None:
    """Rebuild the rows that filters read from the stored analyses.

    Run it after ficscope's fandom packs learn new names, so old works match them too.

    Example: ficscope library reindex
    """
    with _reported(), Library(db) as library:
        count = library.reindex()
    out.print(f"reindexed {count} stored version{'s' if count != 1 else ''}")
