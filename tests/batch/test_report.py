"""``ficscope report``: the collection's numbers, as text and as one self-contained HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from ficscope.cli import app
from ficscope.library import Library
from ficscope.model import Relationship
from ficscope.report import collect, most_left_out, render_html
from tests.batch.conftest import Batched, Collection
from tests.library.works import story

runner = CliRunner()
VIOLENCE = "Graphic Depictions Of Violence"
DEATH = "Major Character Death"


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """Five works whose authors declare some warnings and leave others out."""
    db = tmp_path / "library.sqlite"
    with Library(db) as library:
        library.add(story("Declared", warnings=[VIOLENCE], findings=[("ao3", VIOLENCE, "graphic"), ("trigger", "violence", "graphic")],
                          rating="Mature", detected_characters=["Marten", "Ilse"]))
        library.add(story("Left out", warnings=["No Archive Warnings Apply"],
                          findings=[("ao3", VIOLENCE, "depicted"), ("ao3", DEATH, "depicted"), ("trigger", "death", "referenced")],
                          detected_characters=["Marten"], detected_relationships=["Ilse/Marten"]))
        library.add(story("Chose not to", warnings=["Creator Chose Not To Use Archive Warnings"],
                          findings=[("ao3", DEATH, "depicted"), ("trigger", "death", "depicted")], rating="Explicit"))
        library.add(story("Over-declared", warnings=[DEATH], detected_rating="Teen And Up Audiences"))
        library.add(story("Quiet", warnings=["No Archive Warnings Apply"], rating="General Audiences",
                          text="Nothing much happened on the island that winter, and nobody minded at all."))
    return db


def test_warnings_declared_against_found_and_what_authors_leave_out(warned: Path) -> None:
    with Library(warned) as library:
        stats = collect(library)
    rows = {row.label: row for row in stats.warnings}
    assert (rows[VIOLENCE].declared, rows[VIOLENCE].detected, rows[VIOLENCE].both, rows[VIOLENCE].left_out) == (1, 2, 1, 1)
    # "Creator Chose Not To Use Archive Warnings" covers the death it did not declare
    assert (rows[DEATH].declared, rows[DEATH].detected, rows[DEATH].both, rows[DEATH].left_out) == (1, 2, 0, 1)
    assert (stats.chose_not_to_warn, stats.declared_none_apply, stats.none_apply_but_found) == (1, 2, 1)
    assert most_left_out(stats.warnings).label == VIOLENCE  # 1 of 2 for both: then the one listed first
    triggers = {row.label: (row.referenced, row.depicted, row.graphic) for row in stats.triggers}
    assert triggers == {"death": (1, 1, 0), "violence": (0, 0, 1)}
    assert [(c.name, c.count) for c in stats.ratings] == [
        ("General Audiences", 1), ("Teen And Up Audiences", 1), ("Mature", 1), ("Explicit", 1), ("Not Rated", 1)
    ]
    assert [(c.name, c.count) for c in stats.characters] == [("Marten", 2), ("Ilse", 1)]
    assert [(c.name, c.count) for c in stats.relationships] == [("Ilse/Marten", 1)]
    assert stats.works == 5 and sum(c.count for c in stats.lengths) == 5


def test_text_report_prints_the_numbers(local_batch: Batched, collection: Collection) -> None:
    done = runner.invoke(app, ["report", "--db", str(local_batch.db)])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"{collection.count} works, ")
    for heading in ("Archive warnings", "Ratings", "Categories", "Lengths (words)", "Characters", "Relationships", "Fandoms"):
        assert heading in done.stdout
    assert VIOLENCE in done.stdout and "left out" in done.stdout
    assert "Original Work" in done.stdout and "Shadowhunters (TV)" in done.stdout


def test_html_report_is_one_self_contained_page_with_charts(local_batch: Batched, collection: Collection, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    done = runner.invoke(app, ["report", "--db", str(local_batch.db), "--html", str(page)])
    assert done.exit_code == 0, done.output
    assert f"wrote {page} ({collection.count} works)" in done.stdout
    text = page.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(text)
    csp = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp and "default-src 'none'" in csp[0]
    assert not tree.xpath("//script | //link | //img | //iframe | //object")
    for attribute in ("src", "href", "xlink:href", "action"):
        assert not re.search(rf'\b{attribute}="(?!#)', text), f"{attribute} pointing outside the page"
    assert not re.search(r"url\((?!#)", text)
    charts = re.findall(r"<svg\b", text)
    assert len(charts) >= 6
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), "two charts share an element id"
    for section in ("warnings", "ratings", "categories", "lengths", "characters", "relationships"):
        assert tree.get_element_by_id(section) is not None
    assert "Authors leave out" in text or "No work leaves out" in text


def test_html_report_of_an_empty_library_says_so(tmp_path: Path) -> None:
    with Library(tmp_path / "library.sqlite") as library:
        page = render_html(collect(library))
    assert "The library is empty" in page and "<svg" not in page


def test_html_report_escapes_names_from_the_works(tmp_path: Path) -> None:
    with Library(tmp_path / "library.sqlite") as library:
        library.add(story("<script>alert(1)</script>", detected_characters=["<img src=x onerror=alert(1)>"]))
        page = render_html(collect(library))
    assert "<script>" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_html_report_counts_every_fandom_not_only_the_top_ones(tmp_path: Path) -> None:
    with Library(tmp_path / "library.sqlite") as library:
        for n in range(5):
            library.add(story(f"Work {n}", f"Text number {n} of the harbour.", fandoms=[f"Fandom {n}"]))
        page = lxml_html.fromstring(render_html(collect(library, top=2)))
    counts = [" ".join(li.text_content().split()) for li in page.xpath("//li[contains(., 'fandoms')]")]
    assert "5fandoms" in [c.replace(" ", "") for c in counts] and not any("or more" in c for c in counts)


def test_all_relationships_counts_the_ones_kept_out_of_the_tags_but_never_antagonists(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    analysis = story("Quiet harbour", detected_relationships=["Ilse/Marten"])
    analysis.relationships += [
        Relationship("Ilse & Oda", "platonic", ["Ilse", "Oda"], shown=False),
        Relationship("Marten & Oda", "antagonistic", ["Marten", "Oda"], shown=False),
    ]
    with Library(db) as library:
        library.add(analysis)
        shown = [c.name for c in collect(library).relationships]
        every = [c.name for c in collect(library, all_relationships=True).relationships]
    assert shown == ["Ilse/Marten"]
    assert every == ["Ilse & Oda", "Ilse/Marten"]
    result = runner.invoke(app, ["report", "--db", str(db), "--all-relationships"])
    assert result.exit_code == 0, result.output
    assert "Ilse & Oda" in result.output and "Marten & Oda" not in result.output
