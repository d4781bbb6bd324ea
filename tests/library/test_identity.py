"""A work's identity keeps what its URL says about which story it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficscope.library import Library
from ficscope.library._db import connect, migrate, write_transaction
from ficscope.library._identity import url_key
from ficscope.library._rows import rebuild_current_rows
from ficscope.library._schema import MIGRATIONS
from ficscope.library._store import store
from tests.library.works import HARBOUR, OBSERVATORY, ORCHARD, story

SITE = "https://fics.example.org/viewstory.php"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (f"{SITE}?sid=1", f"{SITE}?sid=3"),
        ("http://tthfanfic.example/Story-1/viewstory.php?storyid=12", "http://tthfanfic.example/Story-1/viewstory.php?storyid=13"),
    ],
)
def test_urls_that_differ_in_the_story_parameter_are_different_works(fresh_library: Library, one: str, other: str) -> None:
    first = fresh_library.add(story("Harbour", HARBOUR, url=one))
    second = fresh_library.add(story("Orchard", ORCHARD, url=other))
    assert second.status == "added" and second.id != first.id
    assert sorted(work.title for work in fresh_library.list().works) == ["Harbour", "Orchard"]


def test_a_chapter_or_view_parameter_is_still_the_same_work() -> None:
    assert url_key(f"{SITE}?sid=7&chapter=2") == url_key(f"http://www.fics.example.org/viewstory.php?chapter=9&sid=7")
    assert url_key(f"{SITE}?sid=7&chapter=2") != url_key(f"{SITE}?sid=8&chapter=2")
    assert url_key("https://archiveofourown.org/works/42/chapters/7?view_adult=true") == "ao3:42"


def _v3_library_that_merged_two_works(path: Path) -> None:
    """A library as schema 3 left it: ?sid=3 stored as version 2 of ?sid=1 (their keys
    were both the bare viewstory.php address), and a third, unrelated work."""
    conn = connect(path)
    migrate(conn, MIGRATIONS[:3], path=str(path))
    with write_transaction(conn, path=str(path)):
        for analysis in (
            story("Harbour", HARBOUR, url=f"{SITE}?sid=1"),
            story("Orchard", [ORCHARD, HARBOUR], url=f"{SITE}?sid=3"),
            story("Dome", OBSERVATORY, url=f"{SITE}?sid=5&chapter=1"),
        ):
            store(conn, analysis)
        conn.execute("UPDATE versions SET url_key = 'fics.example.org/viewstory.php'")
        conn.execute("UPDATE versions SET is_current = 0 WHERE work_id = 1")
        conn.execute("UPDATE versions SET work_id = 1, number = 2, is_current = 1 WHERE work_id = 2")
        conn.execute("UPDATE versions SET work_id = 1, number = 3, is_current = 0 WHERE work_id = 3")
        conn.execute("UPDATE versions SET is_current = 0 WHERE work_id = 1 AND number = 2")
        conn.execute("UPDATE versions SET is_current = 1 WHERE work_id = 1 AND number = 3")
        conn.execute("DELETE FROM works WHERE id IN (2, 3)")
        rebuild_current_rows(conn)
    conn.close()


def test_migration_4_separates_works_a_v3_library_merged_and_loses_nothing(db_path: Path) -> None:
    _v3_library_that_merged_two_works(db_path)
    with Library(db_path) as library:
        listed = {work.title: work.id for work in library.list().works}
        assert sorted(listed) == ["Dome", "Harbour", "Orchard"]
        assert library.chapter_text(listed["Harbour"], 1) == HARBOUR
        assert [library.chapter_text(listed["Orchard"], n) for n in (1, 2)] == [ORCHARD, HARBOUR]
        assert library.chapter_text(listed["Dome"], 1) == OBSERVATORY
        for work_id in listed.values():
            assert [(version.number, version.current) for version in library.get(work_id).versions] == [(1, True)]
        again = library.add(story("Orchard", [ORCHARD, HARBOUR], url=f"{SITE}?sid=3"))
        assert again.status == "exists" and again.id == listed["Orchard"]
