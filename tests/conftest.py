"""Shared fixtures: paths to the bundled example and the shared sample. The compiled
knowledge cache goes to a directory of this run, never the user's ~/.cache."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CACHE_VARIABLE = "FICSCOPE_CACHE_DIR"
_run_cache: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    # Set before collection, which may already compile knowledge; worker processes the
    # tests start inherit it.
    global _run_cache
    _run_cache = tempfile.mkdtemp(prefix="ficscope-test-cache-")
    os.environ[CACHE_VARIABLE] = _run_cache


def pytest_unconfigure(config: pytest.Config) -> None:
    if _run_cache is not None:
        shutil.rmtree(_run_cache, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lighthouse-keepers.txt"
SHARED_SAMPLE = ROOT.parent / "shared" / "samples" / "episode-extended-scene.txt"


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def shared_sample() -> Path:
    if not SHARED_SAMPLE.exists():
        pytest.skip("../shared/samples is not beside this checkout")
    return SHARED_SAMPLE
