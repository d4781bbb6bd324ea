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
    assert served == [{
        "db": tmp_path / "lib.sqlite", "host": "127.0.0.1", "port": 8000, "max_upload_mb": 40.0,
        "analysis_seconds": 300.0, "analysis_memory_mb": 3072.0,
    }]
    assert "warning" not in result.output


def test_serve_on_another_address_warns(served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0
    assert "warning:" in result.output and "anyone who can reach this computer" in result.output
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 9001


def test_serve_passes_the_upload_workers_limits(served: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--upload-max-mb", "5", "--upload-timeout", "600", "--upload-memory-mb", "1024"]
    )
    assert result.exit_code == 0, result.output
    limits = {key: served[0][key] for key in ("max_upload_mb", "analysis_seconds", "analysis_memory_mb")}
    assert limits == {"max_upload_mb": 5.0, "analysis_seconds": 600.0, "analysis_memory_mb": 1024.0}


def test_the_upload_limits_reach_the_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: apps.append(app))
    web.serve(tmp_path / "lib.sqlite", max_upload_mb=2, analysis_seconds=42, analysis_memory_mb=512)
    state = apps[0].state.ficscope
    assert (state.max_upload_bytes, state.worker.seconds, state.worker.memory_bytes) == (2 * 2**20, 42, 512 * 2**20)
    state.library.close()


def test_serve_keeps_the_old_name_of_the_upload_size_limit(served: list[dict[str, Any]]) -> None:
    assert CliRunner().invoke(app, ["serve", "--max-upload-mb", "2"]).exit_code == 0
    assert served[0]["max_upload_mb"] == 2.0


@pytest.mark.parametrize(("option", "value"), [
    ("--upload-timeout", "0"), ("--upload-timeout", "-5"), ("--upload-timeout", "1e400"), ("--upload-timeout", "nan"),
    ("--upload-timeout", "90000"), ("--upload-timeout", "soon"),
    ("--upload-memory-mb", "100"), ("--upload-memory-mb", "inf"), ("--upload-memory-mb", "nan"),
    ("--upload-memory-mb", "9" * 40),
    ("--upload-max-mb", "0"), ("--upload-max-mb", "1e400"), ("--max-upload-mb", "nan"), ("--upload-max-mb", "5000"),
])
def test_serve_refuses_an_upload_limit_out_of_range_in_one_line(
    served: list[dict[str, Any]], option: str, value: str
) -> None:
    result = CliRunner().invoke(app, ["serve", option, value])
    assert result.exit_code == 2
    assert served == []
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and option in errors[0], result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("host", "local"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.4", False), ("::", False), ("example.org", False),
])
def test_which_addresses_are_this_computer_only(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def test_serve_has_help_and_is_in_the_readme() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--upload-max-mb", "--max-upload-mb MB", "--upload-timeout SECONDS",
                   "--upload-memory-mb MB"):
        assert option in result.output
    assert "ficscope serve" in (ROOT / "README.md").read_text(encoding="utf-8")
