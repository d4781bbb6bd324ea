"""The HTML report: one safe, self-contained page, spoiler-free unless asked."""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement

from ficscope.model import Analysis, Stats
from ficscope.render.html import render
from tests.builders.analysis import BLOOD_EVIDENCE, DEATH_EVIDENCE, GRIEF_REASON, full_analysis, no_warnings_apply, with_tag_reasons

WORK_URL = "https://archiveofourown.org/works/4815162"


def _page(html: str) -> HtmlElement:
    return lxml.html.document_fromstring(html)


def _visible_text(page: HtmlElement) -> str:
    """The page's text a reader sees without clicking: closed <details> show only their <summary>."""
    page = lxml.html.fromstring(lxml.html.tostring(page))  # a copy to cut down
    for details in page.xpath("//details[not(@open)]"):
        for child in list(details):
            if child.tag != "summary":
                details.remove(child)
    for hidden in page.xpath("//style|//head"):
        hidden.getparent().remove(hidden)
    return " ".join(page.text_content().split())


def test_html_report_is_one_html5_document(full: Analysis) -> None:
    html = render(full)
    assert html.startswith("<!DOCTYPE html>")
    page = _page(html)
    assert page.xpath("string(//h1)") == "The Keeper's Daughter"
    assert page.xpath("//meta[@name='viewport']")
    assert page.find("head/title").text.startswith("The Keeper's Daughter")


def test_html_report_escapes_script_in_title_and_chapter_title() -> None:
    analysis = full_analysis(title="<script>alert('t')</script>", chapter_title="Low <script>alert('c')</script> Tide")
    html = render(analysis)
    assert "<script>" not in html
    page = _page(html)
    assert not page.xpath("//script")
    assert page.xpath("string(//h1)") == "<script>alert('t')</script>"
    assert "Low <script>alert('c')</script> Tide" in page.xpath("string(//section[@id='chapters'])")


def test_html_report_fetches_nothing_from_the_web(full: Analysis) -> None:
    html = render(full)
    page = _page(html)
    assert not page.xpath("//*[@src]")
    assert not page.xpath("//link|//script|//iframe|//object|//embed|//img")
    assert [a.get("href") for a in page.xpath("//*[@href]")] == [WORK_URL]
    style = page.xpath("string(//style)")
    assert "url(" not in style and "@import" not in style
    # No other address anywhere in the file: the work's own link is the only one.
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {WORK_URL}


def test_html_report_links_only_web_addresses(full: Analysis) -> None:
    full.work.url = "javascript:alert(1)"
    page = _page(render(full))
    assert not page.xpath("//*[@href]")
    assert "javascript:alert(1)" in page.xpath("string(//header)")  # shown, as text


def test_html_report_works_in_light_and_dark_mode_and_on_phones(full: Analysis) -> None:
    style = _page(render(full)).xpath("string(//style)")
    assert "@media (prefers-color-scheme: dark)" in style
    assert "@media (max-width:" in style


def test_html_report_shows_declared_tags_as_pills(full: Analysis, minimal: Analysis) -> None:
    page = _page(render(full))
    pills = page.xpath("//section[@id='declared']//ul[@class='pills']/li/text()")
    assert pills == [
        "Teen And Up Audiences", "Major Character Death", "Gen", "Original Work",
        "Wren & Tomas", "Wren", "Tomas", "Lighthouses", "Grief",
    ]
    assert not _page(render(minimal)).xpath("//section[@id='declared']")


def test_html_report_lists_chapters_with_pov_and_counts(full: Analysis) -> None:
    page = _page(render(full))
    chapters = page.xpath("//section[@id='chapters']/ol/li")
    assert [c.xpath("string(.//h3)") for c in chapters] == ["Low Tide", "High Water"]
    assert chapters[0].xpath(".//ul[contains(@class, 'pov')]/li/text()") == ["Wren", "Tomas"]
    meta = " ".join(chapters[0].xpath("string(.//p[@class='meta'])").split())
    assert meta == "2 sections · 1 scene break · 1 author's note"


def test_html_report_shows_each_quote_with_its_speaker(full: Analysis) -> None:
    page = _page(render(full))
    lines = [" ".join(li.text_content().split()) for li in page.xpath("//section[@id='dialogue']//ol/li")]
    assert lines == [
        "Wren to Tomas: \"They're late,\"",
        "Tomas to Wren: \"They're always late,\"",
        "Wren to Tomas: \"You kept the oar,\"",
        "unattributed: \"Someone has to remember him,\"",
    ]


def test_html_report_keeps_warning_passages_folded_without_spoilers(full: Analysis) -> None:
    page = _page(render(full))
    warnings = page.xpath("//section[@id='warnings']/details")
    assert [w.get("open") for w in warnings] == [None, None]
    summaries = [" ".join(w.xpath("string(summary)").split()) for w in warnings]
    assert summaries == [
        "Major Character Death referenced AO3 archive warning · ch. 2 · 92% sure",
        "blood depicted content warning · ch. 1 · 95% sure",
    ]
    visible = _visible_text(page)
    assert "Major Character Death" in visible
    assert BLOOD_EVIDENCE not in visible
    assert DEATH_EVIDENCE not in visible  # also a line of dialogue, folded there too
    assert "handed her the lamp" not in visible
    # ...but one click away: the passage is inside the closed <details>.
    assert BLOOD_EVIDENCE in warnings[1].text_content()


def test_html_report_opens_warning_passages_with_spoilers(full: Analysis) -> None:
    page = _page(render(full, spoilers=True))
    assert all(d.get("open") is not None for d in page.xpath("//details"))
    visible = _visible_text(page)
    assert BLOOD_EVIDENCE in visible
    assert DEATH_EVIDENCE in visible


def test_html_report_says_not_analysed_instead_of_inventing(minimal: Analysis) -> None:
    page = _page(render(minimal))
    assert page.xpath("string(//h1)") == "Untitled"
    assert len(page.xpath("//p[@class='empty' and starts-with(., 'None found.')]")) == 8
    assert not page.xpath("//details")


def test_html_report_does_not_print_zero_stats_when_stats_did_not_run(full: Analysis) -> None:
    full.stats = Stats()
    page = _page(render(full))
    assert not page.xpath("//ul[@class='stats']")
    assert page.xpath("string(//p[contains(@class, 'stats-missing')])").startswith("Stats: not analysed.")


def test_html_report_folds_why_tags_are_suggested_in_a_closed_details() -> None:
    page = _page(render(with_tag_reasons(full_analysis())))
    [reasons] = page.xpath("//section[@id='suggested']/details")
    assert reasons.get("open") is None
    assert GRIEF_REASON not in _visible_text(page)
    items = [" ".join(li.text_content().split()) for li in reasons.xpath(".//li")]
    assert items == [f"Grief: {GRIEF_REASON}", "Lighthouses: no reason recorded"]


def test_html_report_opens_why_tags_are_suggested_with_spoilers() -> None:
    page = _page(render(with_tag_reasons(full_analysis()), spoilers=True))
    assert GRIEF_REASON in _visible_text(page)


def test_html_report_gives_no_severity_for_no_archive_warnings_apply(minimal: Analysis) -> None:
    page = _page(render(no_warnings_apply(minimal)))
    [warning] = page.xpath("//section[@id='warnings']/details")
    assert " ".join(warning.xpath("string(summary)").split()) == "No Archive Warnings Apply AO3 archive warning · 90% sure"
    assert not warning.xpath(".//*[@class='badge']") and "sev-" not in warning.get("class")


def test_html_report_says_what_raised_the_suggested_rating(full: Analysis) -> None:
    full.rating, full.rating_reason = "Mature", "violence (graphic) <b>"
    text = _visible_text(_page(render(full)))
    assert "Mature violence (graphic) <b>" in " ".join(text.split())
