"""A work's blurb in the library list stays short, as AO3 folds long tag lists."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from lxml import html

from ficscope.library import Library
from ficscope.web import create_app
from tests.library.works import ORCHARD, story
from tests.web.shelf import BASE_URL

NAMES = [f"Keeper {n}" for n in range(1, 21)]


def test_a_blurb_shows_the_first_few_names_and_how_many_more(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    with Library(db) as library:
        library.add(story(
            "Crowded House", ORCHARD, characters=NAMES, relationships=[f"{a}/{b}" for a, b in zip(NAMES, NAMES[1:])][:10],
            tags=[f"Tag {n}" for n in range(1, 16)], warnings=["No Archive Warnings Apply"],
        ))
    with TestClient(create_app(db, max_upload_mb=1), base_url=BASE_URL) as client:
        page = html.fromstring(client.get("/").text)
    blurb = page.xpath("//li[@class='blurb']")[0]
    assert len(blurb.xpath(".//ul[contains(@class, 'tags')]/li")) == 3 + 4 + 6
    assert blurb.xpath("string(.//p[@class='more-tags'])").strip() == f"+{10 + 20 + 15 - 13} more"
    assert [w.text_content() for w in blurb.xpath(".//li[contains(@class, 'warning')]")] == ["No Archive Warnings Apply"]


def test_the_sort_choices_fit_their_box(client: TestClient) -> None:
    page = html.fromstring(client.get("/").text)
    assert max(len(option.text_content()) for option in page.xpath("//select[@id='sort']/option")) <= 16


def test_a_rating_from_another_site_is_marked_as_such(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    with Library(db) as library:
        library.add(story("Small Hours", ORCHARD, rating="Tweenie"))
        library.add(story("Large Hours", ORCHARD, rating="Mature"))
    with TestClient(create_app(db, max_upload_mb=1), base_url=BASE_URL) as client:
        page = html.fromstring(client.get("/").text)
    ratings = [" ".join(label.text_content().split()) for label in page.xpath("//input[@name='rating']/..")]
    assert "Tweenie (another site's rating) (1)" in ratings and "Mature (1)" in ratings
    pills = [" ".join(p.text_content().split()) for p in page.xpath("//li[@class='rating']")]
    assert sorted(pills) == ["Mature", "Tweenie (another site's rating)"]
