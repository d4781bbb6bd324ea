"""The real app in a real browser: ``ficscope serve`` in a subprocess, driven through
Debian's Chromium by Playwright. Add a work through the form, filter the list, open
the work, reveal a warning's passages, and keep a screenshot.

Chromium must be there: ``scripts/test.sh`` installs it (``scripts/install-browser.sh``).
A missing browser fails these tests rather than skipping them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ficscope.library import Library
from tests.library.works import ORCHARD, story
from tests.web.served import serving
from tests.web.shelf import BEATING

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``ficscope serve`` on a free port over a library holding one quiet work."""
    data = tmp_path_factory.mktemp("served")
    with Library(data / "library.sqlite") as library:
        library.add(story(
            "Orchard Days", ORCHARD, authors=["appleby"], rating="General Audiences",
            warnings=["No Archive Warnings Apply"], categories=["F/F"], fandoms=["Original Work"],
        ))
    with serving(data / "library.sqlite") as base:
        yield base


def test_add_filter_open_and_reveal_a_warning(server: str, page: Page, tmp_path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None)

    # Add a work through the form.
    work_file = tmp_path / "back-alley.txt"
    work_file.write_text(BEATING, encoding="utf-8")
    page.goto(server + "/add")
    page.set_input_files("input[name=file]", str(work_file))
    page.get_by_role("button", name="Add to library").click()
    expect(page.get_by_role("status")).to_have_text("Added to your library as work #2.")
    expect(page.locator("h1")).to_have_text("The Back Alley")

    # Filter the list: both works, then only the one rated General Audiences.
    page.goto(server + "/")
    blurbs = page.locator("li.blurb h2 a")
    expect(blurbs).to_have_text(["The Back Alley", "Orchard Days"])
    page.locator("input[name=rating][value='General Audiences']").check()
    page.get_by_role("button", name="Sort and filter").first.click()
    expect(blurbs).to_have_text(["Orchard Days"])
    assert "rating=General+Audiences" in page.url
    # Exclude it instead: the uploaded work is left, found by its text.
    page.goto(server + "/?exclude_rating=General+Audiences")
    page.get_by_role("searchbox").fill("cobbles")
    page.get_by_role("button", name="Search").click()
    expect(blurbs).to_have_text(["The Back Alley"])
    expect(page.locator("blockquote.snippet mark")).to_have_text(["cobbles"])

    # Open the work: its warnings are there, their passages folded away.
    blurbs.first.click()
    expect(page).to_have_url(server + "/works/2")
    warnings = page.locator("#warnings details.warning")
    assert warnings.count() >= 1, "the beating should yield at least one warning"
    first = warnings.first
    label = first.locator("summary .label").inner_text()
    assert label
    evidence = first.locator("ol.evidence li").first
    expect(evidence).to_be_hidden()

    # Reveal its passages: they are text from the work.
    first.locator("summary").click()
    expect(evidence).to_be_visible()
    passage = evidence.inner_text().removeprefix("ch. 1").strip()
    assert passage and passage in " ".join(BEATING.split())

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "web-work-warning-revealed.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot of the revealed warning {label!r}: {shot}")
    assert shot.stat().st_size > 10_000
    assert not errors, errors


def test_the_chapter_reader_and_a_hostile_title(server: str, page: Page, tmp_path: Path) -> None:
    title = '<img src=x onerror="document.title=1"><script>document.title="owned"</script>'
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(f"{title}\n\nWren kept the lamp lit all night, and nobody came.\n", encoding="utf-8")
    page.goto(server + "/add")
    page.set_input_files("input[name=file]", str(hostile))
    page.get_by_role("button", name="Add to library").click()
    expect(page.get_by_role("status")).to_contain_text("Added to your library")
    expect(page.locator("h1")).to_have_text(title)  # shown as text, run as nothing
    assert page.locator("main img, main script").count() == 0
    assert page.title() == f"{title} · ficscope"
    page.get_by_role("link", name="Read chapter 1").click()
    expect(page.locator(".story")).to_contain_text("Wren kept the lamp lit all night")
    assert page.title().endswith(f"{title} · ficscope")
