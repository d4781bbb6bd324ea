"""Reports list the warnings found with enough confidence and count the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ficscope.model import Analysis, Finding
from ficscope.render import html
from ficscope.render.text import render
from tests.builders.analysis import full_analysis

WIDE = 240


def with_an_unsure_finding() -> Analysis:
    analysis = full_analysis()
    analysis.warnings.append(Finding("trigger", "kidnapping", "referenced", 0.55, []))
    return analysis


def test_the_text_report_lists_every_finding_unless_asked_for_sure_ones_only() -> None:
    analysis = with_an_unsure_finding()
    every = render(analysis, console_width=WIDE)
    assert "kidnapping" in every and "more finding" not in every
    report = render(analysis, console_width=WIDE, min_confidence=0.9)
    assert "kidnapping" not in report
    assert "1 more finding under 90% confidence not listed (a lower --min-confidence lists them" in report.replace("\n", " ")
    assert "blood" in report


def test_the_html_report_counts_unsure_findings_too() -> None:
    page = html.render(with_an_unsure_finding(), min_confidence=0.9)
    assert "kidnapping" not in page and "1 more finding under 90% confidence" in page
    assert "kidnapping" in html.render(with_an_unsure_finding())


def test_analyze_takes_min_confidence_and_json_keeps_every_finding(example_path: Path) -> None:
    run = [sys.executable, "-m", "ficscope.cli", "analyze", str(example_path)]
    shown = subprocess.run([*run, "--min-confidence", "0.95"], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "No Archive Warnings" in shown.stdout  # always listed, whatever its confidence
    data = json.loads(subprocess.run([*run, "--format", "json", "--min-confidence", "1"], capture_output=True, text=True, timeout=120).stdout)
    default = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, timeout=120).stdout
    assert data["warnings"] == json.loads(default)["warnings"]


def test_the_work_page_lists_unsure_findings_with_their_confidence(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from ficscope.library import Library
    from ficscope.web import create_app
    from tests.library.works import HARBOUR, story

    db = tmp_path / "library.sqlite"
    analysis = story("Harbour Lights", HARBOUR)
    analysis.warnings.append(Finding("trigger", "kidnapping", "referenced", 0.4, []))
    with Library(db) as library:
        work_id = library.add(analysis).id
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        page = client.get(f"/works/{work_id}").text
    assert "kidnapping" in page and "40% sure" in page
