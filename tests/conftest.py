"""Shared fixtures: paths to the bundled example and the shared sample."""

from __future__ import annotations

from pathlib import Path

import pytest

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
