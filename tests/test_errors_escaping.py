"""Error messages stay one line whatever a file is called."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ficscope.errors import EmptyInputError, printable


def test_file_name_with_newline_or_terminal_escape_is_escaped_in_the_message() -> None:
    message = str(EmptyInputError("the file is empty", path="a\nb\x1b[2Jc\u2028d.txt"))
    assert message == "a\\nb\\x1b[2Jc\\u2028d.txt: the file is empty [E103]"
    assert message.isprintable()


def test_ordinary_file_names_keep_their_spaces_and_letters() -> None:
    assert printable("Élan vital — chapter 1.txt") == "Élan vital — chapter 1.txt"


def test_analyze_prints_one_escaped_line_for_a_file_named_with_control_characters(tmp_path: Path) -> None:
    named = tmp_path / "bad\nname\x1b[31m.txt"
    named.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "ficscope", "analyze", str(named)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "\x1b" not in done.stderr
    assert "bad\\nname\\x1b[31m.txt" in lines[0]
