"""The web app's cached sidebar counts and result pages follow every write to the library."""

from __future__ import annotations

from pathlib import Path

from ficscope.library import Library
from ficscope.web._cache import CachedLibrary
from tests.library.works import ORCHARD, story


def test_cached_counts_and_results_are_reused_until_the_library_changes(db_path: Path) -> None:
    with CachedLibrary(db_path) as cached:
        first = cached.facets(limit=200)
        assert cached.facets(limit=200) is first
        listed = cached.search(None, limit=20)
        orchards = cached.search("orchard").total
        assert cached.search(None, limit=20) is listed
        with Library(db_path) as elsewhere:  # another connection, as a batch run would be
            added = elsewhere.add(story("An Orchard Kept", ORCHARD, tags=["Orchards"]))
        assert cached.search(None, limit=20).total == listed.total + 1
        assert any(f.name == "Orchards" for f in cached.facets(limit=200)["tag"])
        assert cached.search("orchard").total == orchards + 1
        cached.remove(added.id)
        assert cached.search("orchard").total == orchards
