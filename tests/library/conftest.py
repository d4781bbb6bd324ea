"""Fixtures: a fresh library file in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ficscope.library import Library


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture
def fresh_library(db_path: Path) -> Iterator[Library]:
    with Library(db_path) as library:
        yield library
