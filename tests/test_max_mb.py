"""``--max-mb`` is range-checked the same way by every command that reads files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficscope._max_mb import MAX_MB, mb_to_bytes
from ficscope.cli import app

COMMANDS = (["analyze"], ["check"], ["batch"], ["library", "add"])


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("value", ["1e400", "inf", "-inf", "nan", "0", "-1", "9" * 40, "2000000", "lots"])
def test_an_out_of_range_max_mb_is_one_error_line_and_exit_2(tmp_path: Path, command: list[str], value: str) -> None:
    work = tmp_path / "work.txt"
    work.write_text("Chapter 1\n\nThe tide came in.\n", encoding="utf-8")
    result = CliRunner().invoke(app, [*command, "--max-mb", value, str(work)], env={"FICSCOPE_DB": str(tmp_path / "l.sqlite")})
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if "Error" in line]
    assert len(errors) == 1 and "--max-mb" in errors[0], result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_largest_max_mb_accepted_is_a_whole_number_of_bytes() -> None:
    assert mb_to_bytes(MAX_MB) == 1 << 40
    assert mb_to_bytes(0.001) == 1048
