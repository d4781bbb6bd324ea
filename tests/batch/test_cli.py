"""The batch and report commands are documented: help for every option, and in the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from ficscope.cli import app

ROOT = Path(__file__).resolve().parents[2]


def command(name: str) -> Any:
    group: Any = typer.main.get_command(app)
    return group.commands[name]


@pytest.mark.parametrize("name", ["batch", "report"])
def test_command_and_every_option_have_help_and_are_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = command(name)
    assert found.help and found.help.strip()
    assert f"ficscope {name}" in readme
    for param in found.params:
        if param.param_type_name == "option":
            assert getattr(param, "help", None), f"{name} {param.name}"
            assert any(option in readme for option in param.opts), f"{name} {param.opts} is not in the README"


def test_batch_reads_the_scheduler_address_from_the_environment() -> None:
    scheduler = next(p for p in command("batch").params if p.name == "scheduler")
    assert scheduler.envvar == "DASK_SCHEDULER_ADDRESS"
