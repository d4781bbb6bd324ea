"""Every command's --help reads like a good CLI's at 80 columns: metavars a person
understands, an example, nothing cut."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from ficscope.cli import app

runner = CliRunner()


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, group)]
    for name, command in getattr(group, "commands", {}).items():
        found += _commands(command, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))
TYPE_NAMES = re.compile(r"<(bool|str|int|float|path|text|list\[[^>]*\])[^>]*>|list\[|\{\w+\}")


def _help(path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], terminal_width=80, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=lambda p: " ".join(p) or "ficscope")
def test_every_help_reads_well_at_80_columns(path: tuple[str, ...]) -> None:
    shown = _help(path)
    assert not TYPE_NAMES.search(shown), TYPE_NAMES.search(shown)
    assert "…" not in shown and "..." not in re.sub(r"(\b[A-Z]+|\])\.\.\.", "", shown), shown
    assert max(len(line) for line in shown.splitlines()) <= 80


@pytest.mark.parametrize(
    "path", [path for path, command in COMMANDS if not hasattr(command, "commands")], ids=" ".join
)
def test_every_command_shows_an_example(path: tuple[str, ...]) -> None:
    assert re.search(r"Example: ficscope " + " ".join(path), _help(path))
