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

from ._progress import file_progress
from .errors import FicscopeError
from .library import AddResult, Filters, Library, Sort, TriggerFilter, WorkSummary, parse_range
from .readers import DEFAULT_MAX_BYTES

# Help options, completion and tracebacks are settled by the `ficscope` app this joins.
app = typer.Typer(
    help="Keep a private library of works: add them once, then search, filter and read them offline.",
    no_args_is_help=True,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DEFAULT_LIMIT = 50
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
        help="The library file. Default: $FICSCOPE_DB, else library.sqlite in your user data directory.",
        show_default=False,
    ),
]
WorkId = Annotated[int, typer.Argument(help="The work's number, as `library list` shows it (#3 is 3).")]
VersionOption = Annotated[
    int | None, typer.Option("--version", help="One stored version of the work instead of the current one.")
]
Many = list[str] | None


def _values(option: Many) -> tuple[str, ...]:
    return tuple(option or ())


@contextmanager
def _reported() -> Iterator[None]:
    """Any FicscopeError becomes one line on stderr and exit status 1."""
    try:
        yield
    except FicscopeError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None


def _add_one(library: Library, path: Path, max_bytes: int) -> AddResult:
    try:
        return library.add(path, max_bytes=max_bytes)
    except FicscopeError:
        raise
    except Exception as exc:  # a bug of ours: still one line, and the batch goes on
        raise FicscopeError(f"internal error ({type(exc).__name__}: {exc}); please report it", path=str(path)) from None


def _describe(result: AddResult) -> str:
    title = f"\u201c{result.title}\u201d" if result.title else "(untitled)"
    if result.status == "added":
        return f"added as #{result.id} {title}"
    if result.status == "new-version":
        return f"stored as version {result.version} of #{result.id} {title} (version {result.previous_version} kept)"
    return f"already in the library as #{result.id} {title} (version {result.version})"


@app.command()
def add(
    files: Annotated[list[Path], typer.Argument(help="Works to analyse and store: pasted text, AO3 HTML or EPUB, FanFicFare EPUB.")],
    db: Db = None,
    max_mb: Annotated[
        float, typer.Option("--max-mb", min=0.001, help="Refuse files larger than this many megabytes.")
    ] = DEFAULT_MAX_BYTES / 1048576,
) -> None:
    """Analyse works and store them.

    The same text again is skipped; a new text of a stored work (same AO3 URL, or same
    title and authors) becomes its current version and the old one is kept.
    """
    with _reported():
        library = Library(db)
    max_bytes = int(max_mb * 1048576)
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


@app.command()
def search(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help='Words to find in the story text (all of them); "exact phrases" in quotes;'
            " range terms words>5000, words<1000, words:1000-5000, chapters>=3.",
            show_default=False,
        ),
    ] = None,
    include_warning: Annotated[Many, typer.Option("--include-warning", help="Only works with this AO3 Archive Warning (repeat for all of several).")] = None,
    exclude_warning: Annotated[Many, typer.Option("--exclude-warning", help="No works with this AO3 Archive Warning.")] = None,
    warnings: Annotated[
        WarningSourceChoice,
        typer.Option("--warnings", help="Which archive warnings the warning filters read: the author's, ficscope's, or either."),
    ] = WarningSourceChoice.either,
    include_trigger: Annotated[
        Many, typer.Option("--include-trigger", help="Only works with this trigger label, as LABEL or LABEL:SEVERITY (that severity or worse).")
    ] = None,
    exclude_trigger: Annotated[
        Many,
        typer.Option(
            "--exclude-trigger",
            help="No works with this trigger label at this severity or worse (referenced < depicted < graphic),"
            " e.g. sexual-assault:depicted.",
        ),
    ] = None,
    rating: Annotated[Many, typer.Option("--rating", help="Only works with this rating (repeat for any of several).")] = None,
    exclude_rating: Annotated[Many, typer.Option("--exclude-rating", help="No works with this rating.")] = None,
    category: Annotated[Many, typer.Option("--category", help="Only works in this category (F/F, F/M, Gen, M/M, Multi, Other).")] = None,
    exclude_category: Annotated[Many, typer.Option("--exclude-category", help="No works in this category.")] = None,
    fandom: Annotated[Many, typer.Option("--fandom", help="Only works in this fandom.")] = None,
    exclude_fandom: Annotated[Many, typer.Option("--exclude-fandom", help="No works in this fandom.")] = None,
    character: Annotated[Many, typer.Option("--character", help="Only works with this character (any of their names: Izzy finds Isabelle Lightwood).")] = None,
    exclude_character: Annotated[Many, typer.Option("--exclude-character", help="No works with this character.")] = None,
    relationship: Annotated[
        Many, typer.Option("--relationship", help='Only works with this relationship, in any order or spelling ("Magnus/Alec").')
    ] = None,
    exclude_relationship: Annotated[Many, typer.Option("--exclude-relationship", help="No works with this relationship.")] = None,
    tag: Annotated[Many, typer.Option("--tag", help="Only works with this additional tag.")] = None,
    exclude_tag: Annotated[Many, typer.Option("--exclude-tag", help="No works with this additional tag.")] = None,
    language: Annotated[Many, typer.Option("--language", help="Only works in this language (repeat for any of several).")] = None,
    words: Annotated[
        str | None, typer.Option("--words", help="Word count as MIN-MAX, MIN- or -MAX (1000-5000, 10k-).", show_default=False)
    ] = None,
    complete: Annotated[
        bool | None, typer.Option("--complete/--wip", help="Only complete works, or only works in progress.", show_default=False)
    ] = None,
    sort: Annotated[
        Sort | None,
        typer.Option("--sort", help="Order: best-match (with a query), title, author, words, date-added, date-updated.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Show at most this many works (0: all).")] = DEFAULT_LIMIT,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many works first (the next page).")] = 0,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="text, or json (an array with one object per work).")
    ] = ListFormat.text,
    db: Db = None,
) -> None:
    """Search the story text of the works and filter them as AO3 does, include and exclude."""
    with _reported():
        filters = Filters(
            include_warnings=_values(include_warning),
            exclude_warnings=_values(exclude_warning),
            warnings_source=warnings.value,
            include_triggers=tuple(TriggerFilter.parse(t) for t in _values(include_trigger)),
            exclude_triggers=tuple(TriggerFilter.parse(t) for t in _values(exclude_trigger)),
            ratings=_values(rating),
            exclude_ratings=_values(exclude_rating),
            categories=_values(category),
            exclude_categories=_values(exclude_category),
            fandoms=_values(fandom),
            exclude_fandoms=_values(exclude_fandom),
            characters=_values(character),
            exclude_characters=_values(exclude_character),
            relationships=_values(relationship),
            exclude_relationships=_values(exclude_relationship),
            tags=_values(tag),
            exclude_tags=_values(exclude_tag),
            languages=_values(language),
            words=parse_range(words, "--words") if words is not None else (None, None),
            complete=complete,
        )
        with Library(db) as library:
            text = " ".join(query) if query else None
            results = library.search(text, filters, sort, limit=limit or None, offset=offset)
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


def list_works(**options: Any) -> None:
    """List the works in the library, newest first, with the same filters as search."""
    search(query=None, **options)


# `list` takes every option of `search` but the query.
list_works.__signature__ = inspect.signature(search, eval_str=True).replace(  # type: ignore[attr-defined]
    parameters=[p for p in inspect.signature(search, eval_str=True).parameters.values() if p.name != "query"]
)
app.command("list")(list_works)


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
    if work.complete is not None:
        facts.append("complete" if work.complete else "in progress")
    if work.language:
        facts.append(work.language)
    _line("", " \u00b7 ".join(facts))
    declared = [w.label for w in work.warnings if w.source == "declared"]
    # "No Archive Warnings Apply" has no severity to speak of.
    detected = [
        w.label if w.label == "No Archive Warnings Apply" else f"{w.label} ({w.severity})"
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


@app.command()
def show(
    work_id: WorkId,
    version: VersionOption = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="text (the report) or json (the stored analysis and the versions).")
    ] = ListFormat.text,
    spoilers: Annotated[bool, typer.Option("--spoilers", help="Show the evidence for warnings, not only their labels.")] = False,
    db: Db = None,
) -> None:
    """Show one stored work: its versions and the full report."""
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


@app.command()
def remove(
    work_id: WorkId,
    version: Annotated[
        int | None,
        typer.Option("--version", help="Remove only this version; the newest remaining one becomes current."),
    ] = None,
    db: Db = None,
) -> None:
    """Remove a work and all its versions from the library (or one version of it)."""
    with _reported(), Library(db) as library:
        result = library.remove(work_id, version=version)
    versions = ", ".join(map(str, result.removed_versions))
    if result.current_version is None:
        out.print(f"removed #{result.id} (version{'s' if len(result.removed_versions) > 1 else ''} {versions})")
    else:
        out.print(f"removed version {versions} of #{result.id}; version {result.current_version} is current")


@app.command()
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
    ] = None,
    db: Db = None,
) -> None:
    """Export every stored version, with its analysis and chapter texts, as JSON Lines."""
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


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="An export made by `ficscope library export` (JSON Lines).")],
    db: Db = None,
) -> None:
    """Read an export back: every version, with its analysis and chapter texts.

    Versions the library holds already are skipped, so importing twice changes nothing.
    """
    with _reported(), Library(db) as library:
        result = library.import_export(file)
    out.print(
        f"imported {result.imported} version{'s' if result.imported != 1 else ''} of {result.works}"
        f" work{'s' if result.works != 1 else ''}; {result.skipped} held already"
    )


@app.command()
def reindex(db: Db = None) -> None:
    """Rebuild the rows that filters read from the stored analyses.

    Run it after ficscope's fandom packs learn new names, so old works match them too.
    """
    with _reported(), Library(db) as library:
        count = library.reindex()
    out.print(f"reindexed {count} stored version{'s' if count != 1 else ''}")
