"""``ficscope serve``: its options, its warning when bound beyond this computer, its docs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ficscope import web
from ficscope.cli import app
from ficscope.web import is_loopback

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Calls to ``web.serve``, which does not start a server here."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(web, "serve", lambda db, **options: calls.append({"db": db, **options}))
    return calls


def test_serve_defaults_to_the_loopback_without_a_warning(served: list[dict[str, Any]], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "lib.sqlite")])
    assert result.exit_code == 0, result.output
    assert served == [{"db": tmp_path / "lib.sqlite", "host": "127.0.0.1", "port": 8000, "max_upload_mb": 40.0}]
    assert "warning" not in result.output


def test_serve_on_another_address_warns(served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0
    assert "warning:" in result.output and "anyone who can reach this computer" in result.output
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 9001


@pytest.mark.parametrize(("host", "local"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.4", False), ("::", False), ("example.org", False),
])
def test_which_addresses_are_this_computer_only(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def test_serve_has_help_and_is_in_the_readme() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--max-upload-mb"):
        assert option in result.output
    assert "ficscope serve" in (ROOT / "README.md").read_text(encoding="utf-8")
