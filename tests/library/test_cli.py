"""``ficscope library`` as a user types it. Most tests run the command in-process
(the spaCy pipeline loads once); one runs the real executable for exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from ficscope.cli import app
from ficscope.library import Library
from tests.builders.ao3 import chaptered_work, html_download, one_shot
from tests.library.works import story

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def library(*args: str | Path, db: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["library", *map(str, args), "--db", str(db)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def downloads(tmp_path: Path) -> dict[str, Path]:
    """Two AO3 HTML downloads and a shorter, earlier text of the first one."""
    files = {
        "salt": chaptered_work(),
        "quiet": one_shot(work_id=1234),
        "salt-wip": chaptered_work(chapters=chaptered_work().chapters[:2], complete=False),
    }
    paths = {}
    for name, spec in files.items():
        paths[name] = tmp_path / f"{name}.html"
        paths[name].write_text(html_download(spec), encoding="utf-8")
    return paths


def library_commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    return dict(group.commands["library"].commands)


def test_every_library_command_and_option_has_help() -> None:
    group: Any = typer.main.get_command(app)
    assert group.commands["library"].help
    commands = library_commands()
    assert set(commands) >= {"add", "list", "search", "show", "remove", "export", "import"}
    for name, command in commands.items():
        assert command.help and command.help.strip(), name
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name}"
        assert any(p.name == "db" for p in command.params), f"{name} takes no --db"


def test_every_library_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in library_commands():
        assert f"ficscope library {name}" in readme, name


def test_add_list_search_show_remove(tmp_path: Path, downloads: dict[str, Path]) -> None:
    db = tmp_path / "lib.sqlite"
    code, out, err = library("add", downloads["salt"], downloads["quiet"], db=db)
    assert code == 0, err
    assert "added as #1 \u201cSalt & Ember\u201d" in out and "added as #2" in out

    code, out, _ = library("add", downloads["salt"], db=db)
    assert code == 0 and "already in the library as #1" in out

    code, out, _ = library("list", "--sort", "title", db=db)
    assert code == 0
    assert out.index("A Quiet Kind of Morning") < out.index("Salt & Ember")
    assert "Alec Lightwood/Magnus Bane" in out and "2 works." in out

    code, out, _ = library("search", "sourdough", db=db)
    assert code == 0 and "Salt & Ember" in out and "Quiet" not in out and "1 work." in out

    code, out, _ = library("list", "--relationship", "Magnus/Alec", "--format", "json", db=db)
    records = json.loads(out)
    assert [r["title"] for r in records] == ["Salt & Ember"]
    assert records[0]["url"] == "https://archiveofourown.org/works/4815162"

    code, out, _ = library("search", "--character", "Izzy", "--exclude-category", "M/M", "--format", "json", db=db)
    assert [r["title"] for r in json.loads(out)] == ["A Quiet Kind of Morning"]

    code, out, _ = library("show", "1", db=db)
    assert code == 0 and "#1, version 1 of 1 (current)" in out and "The Early Shift" in out

    code, out, _ = library("remove", "2", db=db)
    assert code == 0 and "removed #2" in out
    code, out, _ = library("list", "--format", "json", db=db)
    assert [r["id"] for r in json.loads(out)] == [1]


def test_a_new_text_of_a_stored_work_is_kept_as_a_version(tmp_path: Path, downloads: dict[str, Path]) -> None:
    db = tmp_path / "lib.sqlite"
    library("add", downloads["salt-wip"], db=db)
    code, out, _ = library("add", downloads["salt"], db=db)
    assert code == 0 and "stored as version 2 of #1" in out and "version 1 kept" in out
    code, out, _ = library("show", "1", "--version", "1", "--format", "json", db=db)
    shown = json.loads(out)
    assert shown["current"] is False and shown["chapters"] == 2
    assert [v["current"] for v in shown["versions"]] == [False, True]
    code, out, _ = library("list", "--wip", db=db)
    assert "No works match." in out


def test_a_bad_file_gets_one_line_and_the_others_go_on(tmp_path: Path, downloads: dict[str, Path]) -> None:
    db = tmp_path / "lib.sqlite"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = library("add", empty, downloads["quiet"], tmp_path / "missing.txt", db=db)
    assert code == 1
    assert "added as #1" in out
    assert "2 of 3 files failed" in err
    assert f"{empty}: " in err and "[E103]" in err and "missing.txt: no such file [E101]" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--words", "abc"], "--words 'abc': 'abc' is not a number"),
        (["list", "--include-trigger", "nonsense:worse"], "unknown label 'nonsense'"),
        (["list", "--exclude-trigger", "violence:worse"], "unknown severity 'worse'"),
        (["list", "--rating", "PG-13"], "not an AO3 rating"),
        (["search", "words>many"], "'many' is not a number"),
        (["search", "words>99999999999999999999"], "is more than 1,000,000,000"),
        (["search", "chapters>=" + "9" * 400], "is more than 1,000,000,000"),
        (["list", "--words", "99999999999999999999-"], "is more than 1,000,000,000"),
        (["show", "9"], "no work #9"),
        (["remove", "9"], "no work #9"),
    ],
)
def test_malformed_input_is_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = library(*args, db=tmp_path / "lib.sqlite")
    assert code == (1 if args[0] in ("show", "remove") else 2) and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert message in err and "[E40" in err


@pytest.mark.parametrize("option", ["--limit", "--offset"])
def test_a_page_number_too_large_is_a_usage_error(tmp_path: Path, option: str) -> None:
    result = runner.invoke(app, ["library", "list", option, "9" * 20, "--db", str(tmp_path / "lib.sqlite")])
    assert result.exit_code == 2 and not isinstance(result.exception, OverflowError)
    assert "less than or equal to 1000000000" in result.stderr


@pytest.mark.parametrize("query", ['"', "AND", "(", "ferry)", "*", 'NEAR("x"'])
def test_any_query_text_is_safe(tmp_path: Path, query: str) -> None:
    db = tmp_path / "lib.sqlite"
    with Library(db) as lib:
        lib.add(story("Harbour"))
    code, _, err = library("search", query, db=db)
    assert code == 0, err


def test_search_shows_a_snippet_around_the_hit(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    with Library(db) as lib:
        lib.add(story("Harbour"))
    code, out, _ = library("search", "slipway", db=db)
    assert "carried the crates up the slipway one at a time" in out
    code, out, _ = library("search", "slipway", "--format", "json", db=db)
    assert {"text": "slipway", "hit": True} in json.loads(out)[0]["snippet"]


def test_export_writes_json_lines_with_the_story_text(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    with Library(db) as lib:
        lib.add(story("Harbour"))
        lib.add(story("Orchard", "Apples."))
    target = tmp_path / "export.jsonl"
    code, _, err = library("export", "-o", target, db=db)
    assert code == 0, err
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["analysis"]["work"]["title"] for r in records] == ["Harbour", "Orchard"]
    assert records[1]["chapters"][0]["text"] == "Apples."


def test_import_reads_an_export_back_and_a_second_import_skips_everything(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.add(story("Harbour"))
        lib.add(story("Orchard", "Apples."))
    target = tmp_path / "export.jsonl"
    assert library("export", "-o", target, db=tmp_path / "lib.sqlite")[0] == 0
    code, out, err = library("import", target, db=tmp_path / "copy.sqlite")
    assert code == 0, err
    assert "imported 2 versions of 2 works; 0 held already" in out
    code, out, _ = library("import", target, db=tmp_path / "copy.sqlite")
    assert "imported 0 versions of 0 works; 2 held already" in out
    again = tmp_path / "again.jsonl"
    library("export", "-o", again, db=tmp_path / "copy.sqlite")
    assert again.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")


def test_import_of_a_file_that_is_not_an_export_is_one_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("shopping list\n", encoding="utf-8")
    code, _, err = library("import", bad, db=tmp_path / "copy.sqlite")
    assert code == 1
    assert err.strip().splitlines() == [f"error: {bad}: line 1 is not JSON (Expecting value) [E400]"]


def test_the_database_can_be_chosen_by_environment(tmp_path: Path) -> None:
    db = tmp_path / "from-env.sqlite"
    with Library(db) as lib:
        lib.add(story("Harbour"))
    result = runner.invoke(app, ["library", "list", "--format", "json"], env={"FICSCOPE_DB": str(db)})
    assert result.exit_code == 0
    assert [r["title"] for r in json.loads(result.stdout)] == ["Harbour"]


def test_the_real_command_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ficscope.cli", "library", "search", "--words", "5000-10", "--db", str(tmp_path / "x.sqlite")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: --words '5000-10': the minimum is larger than the maximum [E404]"
    ]



def test_list_shows_no_severity_for_no_archive_warnings_apply(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "lighthouse-keepers.txt"
    db = tmp_path / "l.db"
    assert library("add", example, db=db)[0] == 0
    code, listed, _ = library("list", db=db)
    assert code == 0
    assert "No Archive Warnings Apply" in listed
    assert "No Archive Warnings Apply (" not in listed
