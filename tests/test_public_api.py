"""The package's public names: each listed once, and every one importable."""

from __future__ import annotations

import ficscope


def test_every_public_name_is_listed_once_and_resolves() -> None:
    assert len(set(ficscope.__all__)) == len(ficscope.__all__)
    for name in ficscope.__all__:
        assert getattr(ficscope, name) is not None


def test_the_library_is_reachable_from_the_package() -> None:
    from ficscope.library import Library

    assert ficscope.Library is Library


def test_python_dash_m_runs_the_command() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "ficscope", "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.startswith("ficscope ")
