"""The web app's cached sidebar counts and result pages follow every write to the library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ficscope.library import Filters, Library
from ficscope.web import _pages
from ficscope.web._cache import CachedLibrary
from tests.library.works import HARBOUR, ORCHARD, story


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


def test_library_page_and_facets_json_are_built_once_until_the_library_changes(
    client: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    render_page, count_facets = _pages._library_page, CachedLibrary.facets

    def counted_page(*args: Any) -> Any:
        built.append("page")
        return render_page(*args)

    def counted_facets(self: CachedLibrary, *args: Any, **kwargs: Any) -> Any:
        built.append("facets")
        return count_facets(self, *args, **kwargs)

    monkeypatch.setattr(_pages, "_library_page", counted_page)
    monkeypatch.setattr(CachedLibrary, "facets", counted_facets)
    first, facets = client.get("/?q=orchard"), client.get("/api/facets")
    assert client.get("/?q=orchard").content == first.content
    assert client.get("/api/facets").json() == facets.json()
    assert built.count("page") == 1
    assert built.count("facets") == 2  # the page's sidebar and the API, each once
    assert "An Orchard Kept" not in first.text
    with Library(db_path) as elsewhere:
        elsewhere.add(story("An Orchard Kept", ORCHARD, tags=["Orchards"]))
    assert "An Orchard Kept" in client.get("/?q=orchard").text
    assert any(f["name"] == "Orchards" for f in client.get("/api/facets").json()["tag"])
    assert built.count("page") == 2


def test_a_malformed_filter_is_still_refused_when_its_page_was_asked_for_before(client: TestClient) -> None:
    for _ in range(2):
        assert client.get("/?words_from=lots").status_code == 422
        response = client.get("/api/facets?words_from=lots")
        assert response.status_code == 422
        assert "lots" in response.json()["detail"]


def test_a_work_page_follows_the_library_after_it_was_shown(client: TestClient, db_path: Path) -> None:
    with Library(db_path) as elsewhere:
        added = elsewhere.add(story("An Orchard Kept", ORCHARD, tags=["Orchards"]))
    first = client.get(f"/works/{added.id}")
    assert first.status_code == 200 and "An Orchard Kept" in first.text
    assert client.get(f"/works/{added.id}").status_code == 200
    with Library(db_path) as elsewhere:
        elsewhere.remove(added.id)
    assert client.get(f"/works/{added.id}").status_code == 404


def test_a_chapter_page_is_built_once_until_the_library_changes(
    client: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    render_chapter = _pages._chapter_page

    def counted(library: Any, work_id: int, number: int, version: int | None) -> Any:
        built.append(number)
        return render_chapter(library, work_id, number, version)

    monkeypatch.setattr(_pages, "_chapter_page", counted)
    first = client.get("/works/1/chapters/1")
    assert first.status_code == 200
    assert client.get("/works/1/chapters/1").content == first.content
    assert client.get("/works/1/chapters/2").status_code == 200
    assert built == [1, 2]
    with Library(db_path) as elsewhere:
        elsewhere.remove(1)
    assert client.get("/works/1/chapters/1").status_code == 404
    assert built == [1, 2, 1]


def test_the_works_json_is_encoded_once_until_the_library_changes(
    client: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched: list[str | None] = []
    search = CachedLibrary.search

    def counted(self: CachedLibrary, query: str | None = None, *args: Any, **kwargs: Any) -> Any:
        searched.append(query)
        return search(self, query, *args, **kwargs)

    monkeypatch.setattr(CachedLibrary, "search", counted)
    first = client.get("/api/works?q=orchard")
    assert client.get("/api/works?q=orchard").content == first.content
    assert searched == ["orchard"]
    total = first.json()["total"]
    with Library(db_path) as elsewhere:
        elsewhere.add(story("An Orchard Kept", ORCHARD, tags=["Orchards"]))
    again = client.get("/api/works?q=orchard").json()
    assert again["total"] == total + 1
    assert "An Orchard Kept" in [work["title"] for work in again["works"]]
    assert searched == ["orchard", "orchard"]
    assert client.get("/api/works?words_from=lots").status_code == 422


def test_held_responses_stay_within_their_byte_budget(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from ficscope.web import _cache

    monkeypatch.setattr(_cache, "RESPONSE_BYTES", 3000)
    monkeypatch.setattr(_cache, "LARGEST_KEPT", 2000)
    with CachedLibrary(db_path) as cached:
        builds: list[str] = []

        def body(name: str, size: int) -> bytes:
            builds.append(name)
            return b"x" * size

        async def ask(name: str, size: int) -> bytes:
            return await cached.answer((name,), lambda: body(name, size))

        for name, size in [("a", 1000), ("b", 1000), ("huge", 2500), ("huge", 2500), ("c", 1500), ("b", 1000)]:
            asyncio.run(ask(name, size))
        # "huge" is never kept; "c" pushes out "a", the least recently used; "b" stays.
        assert builds == ["a", "b", "huge", "huge", "c"]
        asyncio.run(ask("a", 1000))
        assert builds[-1] == "a"
        assert cached._held_bytes <= 3000


MCD = "Major Character Death"


@pytest.mark.parametrize(("filters", "query"), [
    (None, "the"),
    (None, "orchard"),
    (Filters(exclude_tags=["Fluff"]), None),
    (Filters(warnings_source="declared"), "the"),
    (Filters(warnings_source="detected"), None),
    (Filters(languages=["English"]), "harbour"),
    (Filters(words=(1, None)), None),
])
def test_counts_from_the_facet_index_equal_the_counts_made_in_sql(
    db_path: Path, filters: Filters | None, query: str | None
) -> None:
    with Library(db_path) as library:
        library.add(story(
            "Both Ways", HARBOUR, warnings=[MCD], tags=["Winter", "winter"], detected_tags=["Winter"],
            findings=[("ao3", MCD, "depicted"), ("trigger", "death", "depicted")], language="Deutsch",
        ))
        in_sql = library.facets(filters, query)
    with CachedLibrary(db_path) as cached:
        assert cached.facets(filters, query) == in_sql
        assert cached.facets(filters, query, limit=1) == {kind: counts[:1] for kind, counts in in_sql.items()}


def test_the_facet_index_counts_a_warning_both_declared_and_detected_once_and_follows_writes(db_path: Path) -> None:
    with CachedLibrary(db_path) as cached:
        def deaths(source: str = "either") -> int:
            counts = cached.facets(Filters(warnings_source=source), "harbour")["warning"]  # type: ignore[arg-type]
            return next((f.count for f in counts if f.name == MCD), 0)

        before = deaths(), deaths("declared"), deaths("detected")
        with Library(db_path) as elsewhere:
            elsewhere.add(story("Both Ways", HARBOUR, warnings=[MCD], findings=[("ao3", MCD, "depicted")]))
        assert (deaths(), deaths("declared"), deaths("detected")) == (before[0] + 1, before[1] + 1, before[2] + 1)
