"""Hand-built analyses shared by the renderer and schema tests."""

from __future__ import annotations

import pytest

from ficscope.model import Analysis
from tests.builders.analysis import full_analysis, minimal_analysis


@pytest.fixture
def full() -> Analysis:
    return full_analysis()


@pytest.fixture
def minimal() -> Analysis:
    return minimal_analysis()
