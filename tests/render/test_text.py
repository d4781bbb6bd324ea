"""The terminal report: what a reader sees before opening the work."""

from __future__ import annotations

import io

from rich.console import Console

from ficscope.model import Analysis, Stats
from ficscope.render._view import build
from ficscope.render.text import render, render_to
from tests.builders.analysis import BLOOD_EVIDENCE, DEATH_EVIDENCE, GRIEF_REASON, full_analysis, no_warnings_apply, with_tag_reasons

# Wide enough that no table cell wraps a passage onto two lines.
WIDE = 240


def _lines_with(report: str, needle: str) -> list[str]:
    return [line for line in report.splitlines() if needle in line]


def test_text_report_shows_title_authors_source_and_url(full: Analysis) -> None:
    report = render(full)
    assert "The Keeper's Daughter" in report
    assert "by fernwright, saltmarsh" in report
    assert "AO3 HTML download" in report
    assert "https://archiveofourown.org/works/4815162" in report


def test_text_report_shows_word_count_chapters_and_reading_time(full: Analysis) -> None:
    full.stats.words = 12_345
    report = render(full)
    assert "12,345 words" in report
    assert "2 chapters" in report
    assert "about 1 min to read" in report
    assert "25% dialogue" in report


def test_text_report_lists_chapters_with_sections_pov_breaks_and_notes(full: Analysis) -> None:
    report = render(full, console_width=WIDE)
    [first] = _lines_with(report, "Low Tide")
    # words, sections with their POV, one scene break, one note beside the chapter
    assert first.split() == ["1", "Low", "Tide", "54", "2:", "Wren,", "Tomas", "1", "1"]
    [second] = _lines_with(report, "High Water")
    assert second.split() == ["2", "High", "Water", "32", "1:", "Wren", "0", "1"]


def test_text_report_shows_declared_tags_only_when_present(full: Analysis, minimal: Analysis) -> None:
    report = render(full, console_width=WIDE)
    assert "Declared tags" in report
    assert _lines_with(report, "Additional tags")[0].split()[2:] == ["Lighthouses,", "Grief"]
    assert "Declared tags" not in render(minimal)


def test_text_report_shortens_a_long_summary(full: Analysis) -> None:
    report = render(full, console_width=WIDE)
    assert "Two keepers of a northern light" in report
    assert "…" in report
    assert report.count("Two keepers") < 12


def test_text_report_lists_characters_relationships_and_speakers(full: Analysis) -> None:
    report = render(full, console_width=WIDE)
    assert "the keeper's daughter" in report
    assert "Wren & Tomas" in report
    assert "4 quoted lines" in report
    assert _lines_with(report, "unattributed")[0].split() == ["unattributed", "1"]


def test_text_report_says_none_found_instead_of_inventing(minimal: Analysis) -> None:
    report = render(minimal, console_width=WIDE)
    assert "Untitled" in report
    # characters, relationships, dialogue, warnings, and four suggested-tag lines
    assert report.count("None found.") == 8 and "Not analysed yet" not in report
    assert "no promise the work has nothing to warn for" in report


def test_text_report_hides_warning_passages_without_spoilers(full: Analysis) -> None:
    report = render(full, console_width=WIDE)
    assert "Major Character Death" in report
    assert "blood" in _lines_with(report, "depicted")[0]
    assert "ch. 2" in _lines_with(report, "Major Character Death")[-1]
    assert BLOOD_EVIDENCE not in report
    assert DEATH_EVIDENCE not in report
    assert "handed her the lamp" not in report  # relationship evidence is a spoiler too


def test_text_report_shows_warning_passages_with_spoilers(full: Analysis) -> None:
    report = render(full, spoilers=True, console_width=WIDE)
    assert BLOOD_EVIDENCE in report
    assert DEATH_EVIDENCE in report
    assert "handed her the lamp" in report


def test_text_report_prints_markup_in_work_text_as_written() -> None:
    analysis = full_analysis(title="[bold]Salt[/bold] and [link=x]Iron[/link] :fire:", chapter_title="[red]Tide")
    report = render(analysis, console_width=WIDE)
    assert "[bold]Salt[/bold] and [link=x]Iron[/link] :fire:" in report
    assert "[red]Tide" in report


def test_render_to_prints_on_a_colour_console(full: Analysis) -> None:
    full.work.title = "[i]Brackish[/i]"
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=WIDE)
    render_to(console, full, spoilers=False)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in output
    assert "[i]Brackish[/i]" in output


def test_text_report_follows_console_width(full: Analysis) -> None:
    narrow = render(full, console_width=60)
    assert max(len(line) for line in narrow.splitlines()) <= 60


def test_text_report_does_not_print_zero_stats_when_stats_did_not_run(full: Analysis) -> None:
    full.stats = Stats()
    report = render(full, console_width=WIDE)
    assert "0 words" not in report
    assert "Stats" in report and "Not analysed." in report.split("Stats", 1)[1].split("Chapters", 1)[0]


def test_text_report_hides_why_tags_are_suggested_without_spoilers() -> None:
    report = render(with_tag_reasons(full_analysis()), console_width=WIDE)
    assert "Grief" in _lines_with(report, "Additional tags")[-1]
    assert GRIEF_REASON not in report and DEATH_EVIDENCE not in report
    assert "Why each tag is suggested is hidden" in report


def test_text_report_shows_each_suggested_tag_with_its_reason_with_spoilers() -> None:
    report = render(with_tag_reasons(full_analysis()), spoilers=True, console_width=WIDE)
    assert _lines_with(report, GRIEF_REASON)[0].split()[0] == "Grief"
    assert _lines_with(report, "Lighthouses")[-1].split() == ["Lighthouses", "—"]


def test_text_report_gives_no_severity_for_no_archive_warnings_apply(minimal: Analysis) -> None:
    report = render(no_warnings_apply(minimal), console_width=WIDE)
    [row] = _lines_with(report, "No Archive Warnings Apply")
    assert row.split() == ["No", "Archive", "Warnings", "Apply", "AO3", "archive", "warning", "90%"]


def test_hidden_passages_name_the_option_that_shows_them(full: Analysis) -> None:
    report = render(full, console_width=WIDE)
    assert "run with --spoilers to see them" in report


def test_a_section_without_a_known_pov_says_so_in_words(full: Analysis) -> None:
    for layout in full.layout:
        for section in layout.sections:
            section.pov = None
    report = render(full, console_width=WIDE)
    assert "POV unknown" in report and ": ?" not in report


def test_the_header_wraps_on_a_soft_wrapping_console_instead_of_being_cut(full: Analysis) -> None:
    console = Console(file=io.StringIO(), record=True, width=50, color_system=None, soft_wrap=True)
    render_to(console, full)
    shown = console.export_text()
    header = shown.split("Declared tags")[0]
    words = " ".join(build(full).facts).split()
    assert all(word in header for word in words), header
    assert max(len(line) for line in shown.splitlines()) <= 50


def test_text_report_says_what_raised_the_suggested_rating_or_why_there_is_none(full: Analysis) -> None:
    full.rating, full.rating_reason = "Mature", "violence (graphic)"
    assert _lines_with(render(full, console_width=WIDE), "Mature: violence (graphic)")
    full.rating, full.rating_reason = None, "too little text to rate (6 words)"
    assert _lines_with(render(full, console_width=WIDE), "None: too little text to rate (6 words).")


def test_sections_of_one_pov_in_a_row_are_counted_once() -> None:
    from ficscope.render.text import _pov_summary

    assert _pov_summary(["Alec", "Magnus", "Alec"]) == "Alec, Magnus, Alec"
    assert _pov_summary(["POV unknown"] * 8) == "POV unknown \u00d78"
    assert _pov_summary(["Alec", "Alec", "Magnus"]) == "Alec \u00d72, Magnus"


def test_many_pov_changes_are_summed_per_pov() -> None:
    from ficscope.render.text import _pov_summary

    povs = ["Alec", "Magnus"] * 4 + ["Izzy"]
    assert _pov_summary(povs) == "Alec \u00d74, Magnus \u00d74, Izzy"
