"""A saved chapter page holds one chapter of a longer work: the library says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ficscope import analyze_work
from ficscope.library import Library
from ficscope.model import partial_note
from ficscope.readers import read_work
from ficscope.web import create_app
from tests.library.test_cli import library
from tests.web.shelf import BASE_URL

ROOT = Path(__file__).resolve().parents[2]
CHAPTER_PAGE = ROOT.parent / "shared/data/real-works/ao3js/works/17793689/chapters/41980418.html"


def test_partial_note_names_what_a_file_holds_of_the_posted_chapters() -> None:
    assert partial_note("14/?", 1) == "partial: holds chapter 1 of 14 posted"
    assert partial_note("14/?", 1, 2) == "partial: holds chapter 2 of 14 posted"
    assert partial_note("6/6", 2, 3) == "partial: holds chapters 3\u20134 of 6 posted"
    assert partial_note("1/1", 1) is None
    assert partial_note("3/10", 3) is None
    assert partial_note("?/?", 1) is None
    assert partial_note(None, 2) is None


@pytest.mark.skipif(not CHAPTER_PAGE.exists(), reason="shared real works are absent")
def test_a_saved_chapter_page_is_listed_as_partial_in_the_cli_and_on_the_web(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    assert library("add", CHAPTER_PAGE, db=db)[0] == 0
    code, listed, _ = library("list", db=db)
    assert code == 0
    assert "partial: holds chapter 1 of" in " ".join(listed.split())
    with Library(db) as stored:
        (summary,) = stored.list().works
    assert summary.partial is not None and summary.partial.startswith("partial: holds chapter 1 of")
    with TestClient(create_app(db, max_upload_mb=1), base_url=BASE_URL) as client:
        page = client.get("/")
    assert page.status_code == 200
    assert summary.partial in page.text


def test_a_whole_work_is_not_called_partial(tmp_path: Path) -> None:
    example = ROOT / "examples" / "lighthouse-keepers.txt"
    with Library(tmp_path / "w.db") as stored:
        stored.add(analyze_work(read_work(example)))
        (summary,) = stored.list().works
    assert summary.partial is None
