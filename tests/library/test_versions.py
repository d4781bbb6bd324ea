"""Versions: the same text is a no-op; a new text of a stored work keeps the old one."""

from __future__ import annotations

import pytest

from ficscope.library import Filters, Library
from tests.library.works import HARBOUR, OBSERVATORY, ORCHARD, story

URL = "https://archiveofourown.org/works/4815162"


def test_adding_the_same_text_again_changes_nothing(fresh_library: Library) -> None:
    first = fresh_library.add(story("Harbour", HARBOUR))
    again = fresh_library.add(story("Harbour", HARBOUR))
    assert again.status == "exists" and (again.id, again.version) == (first.id, first.version)
    assert len(fresh_library) == 1
    assert len(fresh_library.get(first.id).versions) == 1


def test_a_new_text_at_the_same_url_becomes_the_current_version(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR, url=URL))
    second = fresh_library.add(story("Harbour (revised)", [HARBOUR, ORCHARD], url=URL))
    assert second.status == "new-version"
    assert (second.id, second.version, second.previous_version) == (1, 2, 1)
    listed = fresh_library.list().works
    assert [(w.id, w.version, w.title) for w in listed] == [(1, 2, "Harbour (revised)")]
    versions = fresh_library.get(1).versions
    assert [(v.number, v.current) for v in versions] == [(1, False), (2, True)]
    old = fresh_library.get(1, version=1)
    assert old.summary.title == "Harbour" and not old.summary.current
    assert fresh_library.chapter_text(1, 1, version=1) == HARBOUR
    assert fresh_library.chapter_text(1, 2) == ORCHARD


@pytest.mark.parametrize(
    "other_spelling",
    [
        "http://archiveofourown.org/works/4815162/chapters/99",
        "https://www.archiveofourown.org/works/4815162?view_full_work=true",
        "https://archiveofourown.org/collections/winterfest/works/4815162",
    ],
)
def test_any_spelling_of_an_ao3_url_is_the_same_work(fresh_library: Library, other_spelling: str) -> None:
    fresh_library.add(story("Harbour", HARBOUR, url=URL))
    assert fresh_library.add(story("Harbour", ORCHARD, url=other_spelling)).status == "new-version"


def test_same_title_and_author_without_url_is_a_new_version(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR, authors=["fernwright"]))
    result = fresh_library.add(story("HARBOUR", ORCHARD, authors=["Fernwright"]))
    assert result.status == "new-version" and result.id == 1


def test_same_title_by_another_author_is_another_work(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR, authors=["fernwright"]))
    assert fresh_library.add(story("Harbour", ORCHARD, authors=["saltmarsh"])).status == "added"


def test_same_title_and_author_at_different_urls_are_two_works(fresh_library: Library) -> None:
    fresh_library.add(story("Untitled", HARBOUR, url="https://archiveofourown.org/works/1"))
    result = fresh_library.add(story("Untitled", ORCHARD, url="https://archiveofourown.org/works/2"))
    assert result.status == "added" and result.id == 2


def test_a_work_without_title_or_author_is_never_merged(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR, authors=[]))
    assert fresh_library.add(story("Harbour", ORCHARD, authors=[])).status == "added"


def test_old_versions_are_not_searched_or_filtered(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR, url=URL, tags=["Winter"]))
    fresh_library.add(story("Harbour", ORCHARD, url=URL, tags=["Harvest"]))
    assert fresh_library.search("ferry").total == 0
    assert fresh_library.search("orchard").total == 1
    assert fresh_library.list(Filters(tags=["Winter"])).total == 0


def test_re_adding_an_old_version_is_still_a_no_op(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR, url=URL))
    fresh_library.add(story("Harbour", ORCHARD, url=URL))
    result = fresh_library.add(story("Harbour", HARBOUR, url=URL))
    assert (result.status, result.version) == ("exists", 1)
    assert fresh_library.get(1).summary.version == 2


def test_removing_the_current_version_makes_the_newest_left_current(fresh_library: Library) -> None:
    for text in (HARBOUR, ORCHARD, OBSERVATORY):
        fresh_library.add(story("Harbour", text, url=URL))
    removed = fresh_library.remove(1, version=3)
    assert removed.current_version == 2
    assert fresh_library.get(1).summary.version == 2
    assert fresh_library.search("orchard").total == 1
    fresh_library.remove(1, version=1)
    fresh_library.remove(1, version=2)
    assert len(fresh_library) == 0


def test_a_new_version_after_removing_one_gets_a_fresh_number(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR, url=URL))
    fresh_library.add(story("Harbour", ORCHARD, url=URL))
    fresh_library.remove(1, version=1)
    assert fresh_library.add(story("Harbour", OBSERVATORY, url=URL)).version == 3

