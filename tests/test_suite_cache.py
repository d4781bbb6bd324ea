"""The test suite keeps the compiled knowledge cache out of the user's home."""

from __future__ import annotations

import os
from pathlib import Path

from ficscope.knowledge import _disk_cache


def test_the_suite_writes_the_knowledge_cache_to_a_directory_of_its_own() -> None:
    chosen = _disk_cache.directory()
    assert chosen is not None
    assert Path(os.environ["FICSCOPE_CACHE_DIR"]) == chosen
    assert not chosen.is_relative_to(Path.home() / ".cache")
    assert chosen.name.startswith("ficscope-test-cache-")
