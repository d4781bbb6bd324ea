"""The library sidebar in headless Chromium: each filter, chosen as a reader chooses
it, lists exactly the works the library's own filters find, and never all of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ficscope.filter_options import filters_from
from ficscope.library import Library
from tests.library.works import ORCHARD, story
from tests.web.served import serving
from tests.web.shelf import add_shelf

# (control, parameter, value): how the reader picks it, and what the form must send.
CHOICES = [
    ("checkbox", "rating", "Teen And Up Audiences"),
    ("checkbox", "exclude_rating", "Mature"),
    ("checkbox", "include_warning", "Major Character Death"),
    ("checkbox", "exclude_warning", "No Archive Warnings Apply"),
    ("checkbox", "category", "F/F"),
    ("checkbox", "exclude_category", "Gen"),
    ("checkbox", "fandom", "Original Work"),
    ("checkbox", "exclude_fandom", "Original Work"),
    ("checkbox", "character", "Marten"),
    ("checkbox", "exclude_character", "Ilse"),
    ("checkbox", "relationship", "Ilse/Noor"),
    ("checkbox", "exclude_relationship", "Ilse/Noor"),
    ("checkbox", "tag", "Fluff"),
    ("checkbox", "exclude_tag", "Winter"),
    ("checkbox", "language", "Deutsch"),
    ("select", "include_trigger", "pornographic-content"),
    ("select", "include_trigger", "blood:graphic"),
    ("select", "exclude_trigger", "death:depicted"),
    ("select", "exclude_trigger", "violence"),
    ("text", "words_from", "60"),
    ("text", "words_to", "60"),
    ("radio", "status", "wip"),
    ("radio", "status", "complete"),
]


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("sidebar") / "library.sqlite"
    with Library(db) as library:
        add_shelf(library)
        library.add(story(
            "Zwei Gärten", ORCHARD * 3, authors=["noor"], rating="Explicit", language="Deutsch",
            categories=["F/F"], fandoms=["Original Work"], relationships=["Ilse/Noor"], characters=["Ilse", "Noor"],
            findings=[("trigger", "pornographic-content", "depicted")],
        ))
    with serving(db) as base:
        yield base, db


def _expected(db: Path, param: str, value: str) -> set[str]:
    lists = {param: [value]} if param not in ("words_from", "words_to", "status") else {}
    words = (int(value), None) if param == "words_from" else (None, int(value)) if param == "words_to" else (None, None)
    complete = {"wip": False, "complete": True}.get(value) if param == "status" else None
    with Library(db) as library:
        found = library.search(None, filters_from(lists, words=words, complete=complete), None, limit=None)
    return {work.title or "" for work in found.works}


@pytest.mark.parametrize(("control", "param", "value"), CHOICES, ids=lambda v: str(v))
def test_each_sidebar_filter_lists_the_works_it_names(
    shelf: tuple[str, Path], page: Page, control: str, param: str, value: str
) -> None:
    base, db = shelf
    page.goto(base + "/")
    every = set(page.locator("li.blurb h2 a").all_inner_texts())
    page.evaluate("document.querySelectorAll('details.facet').forEach(d => d.open = true)")
    if control == "checkbox":
        page.locator(f"input[name={param}][value='{value}']").check()
    elif control == "select":
        label = value.partition(":")[0]
        page.locator(f"select[name={param}][aria-label='{label}']").select_option(value)
    elif control == "text":
        page.locator(f"input[name={param}]").fill(value)
    else:
        page.locator(f"input[name={param}][value={value}]").check()
    page.get_by_role("button", name="Sort and filter").first.click()
    expected = _expected(db, param, value)
    assert expected != every, "a filter that keeps every work tests nothing"
    expect(page.locator("li.blurb h2 a")).to_have_count(len(expected))
    assert set(page.locator("li.blurb h2 a").all_inner_texts()) == expected
    assert param in page.url
