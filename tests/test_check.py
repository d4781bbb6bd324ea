"""The author's check: what a work declares against what was found in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ficscope import knowledge
from ficscope.aliases import canonical
from ficscope.check import compare, extend_declared, normalise_declared, parse_declared
from ficscope.errors import DeclaredTagsError
from ficscope.library import Filters
from ficscope.model import SHOWN_CONFIDENCE, Analysis, Declared, Finding, Span, TagSuggestion
from ficscope.render import check as render_check
from tests.builders.analysis import BLOOD_EVIDENCE, full_analysis
from tests.builders.ao3 import ChapterSpec, html_download, one_shot

EXE = [sys.executable, "-m", "ficscope.cli"]

# An original scene written for these tests: a beating told blow by blow.
BEATING = [
    "Jake caught Tomas behind the boathouse after dark.",
    "Jake punched Tomas in the face. Tomas\u2019s nose cracked and blood poured over his lips.",
    "Jake hit him again and again, and Tomas felt his ribs snap under the boots. He spat blood onto the boards.",
]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    # Wide enough that no label wraps onto two lines of the report.
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*EXE, *map(str, args)], capture_output=True, text=True, timeout=120, env=env)


def declare(**fields: object) -> Declared:
    return Declared(**fields)  # type: ignore[arg-type]


def missing_labels(analysis: Analysis, declared: Declared, **options: float) -> list[tuple[str, str]]:
    return [(f.scheme, f.label) for f in compare(analysis, declared, **options).missing]


# --------------------------------------------------------------------------- parse_declared


def test_parse_declared_reads_rating_warnings_and_tags() -> None:
    declared = parse_declared(
        "Rating: Mature; Warnings: Graphic Depictions Of Violence, Major Character Death; Tags: Angst, Hurt/Comfort"
    )
    assert declared.rating == "Mature"
    assert declared.warnings == ["Graphic Depictions Of Violence", "Major Character Death"]
    assert declared.tags == ["Angst", "Hurt/Comfort"]


def test_parse_declared_takes_ao3_labels_in_any_case_and_gives_ao3_spellings() -> None:
    declared = parse_declared(
        "RATING: explicit\narchive warnings: rape/non-con, underage\nCategory: m/m, gen\nadditional tags: self-harm, blood and injury, Slow Burn;"
    )
    assert declared.rating == "Explicit"
    assert declared.warnings == ["Rape/Non-Con", "Underage Sex"]  # "Underage" is the warning's older name
    assert declared.categories == ["M/M", "Gen"]
    assert declared.tags == ["Self-Harm", "Blood and Injury", "Slow Burn"]


def test_declared_takes_the_short_names_the_filters_take() -> None:
    declared = parse_declared("Rating: Teen; Warnings: mcd; Category: ff")
    assert declared.rating == "Teen And Up Audiences"
    assert declared.warnings == ["Major Character Death"]
    assert declared.categories == ["F/F"]
    with pytest.raises(DeclaredTagsError, match="cannot go with"):
        parse_declared("Warnings: mcd, none")
    for kind, short in (("rating", "teen"), ("warning", "mcd"), ("category", "ff")):
        assert canonical(kind, short) == getattr(Filters(**{FILTER_FIELD[kind]: [short]}), FILTER_FIELD[kind])[0]


FILTER_FIELD = {"rating": "ratings", "warning": "include_warnings", "category": "categories"}


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("", "empty"),
        ("  ;\n ", "empty"),
        ("Mature", "'Mature' has no label"),
        ("Ratng: Mature", "'Ratng' is not a label"),
        ("Rating: Spicy", "'Spicy' is not an AO3 rating"),
        ("Rating: Mature, Explicit", "one rating"),
        ("Rating: Mature; Rating: Explicit", "rating is given twice"),
        ("Warnings: Gore", "'Gore' is not an AO3 Archive Warning"),
        ("Warnings: No Archive Warnings Apply, Major Character Death", "cannot go with other Archive Warnings"),
        ("Category: Slash", "'Slash' is not an AO3 category"),
        ("Tags: , ,", "'Tags' has no value"),
    ],
)
def test_parse_declared_names_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(DeclaredTagsError) as caught:
        parse_declared(text)
    assert complaint in str(caught.value)
    assert "\n" not in str(caught.value)


def test_declared_on_the_command_line_replaces_the_rating_and_warnings_and_adds_tags() -> None:
    base = declare(rating="General Audiences", warnings=["No Archive Warnings Apply"], tags=["Slow Burn"])
    merged = extend_declared(base, parse_declared("Rating: Mature; Warnings: Graphic Depictions Of Violence; Tags: Blood, slow burn"))
    assert merged.rating == "Mature"
    assert merged.warnings == ["Graphic Depictions Of Violence"]
    assert merged.tags == ["Slow Burn", "Blood"]
    assert extend_declared(base, parse_declared("Tags: Angst")).warnings == ["No Archive Warnings Apply"]


def test_a_files_older_warning_names_are_read_as_ao3_writes_them_today() -> None:
    declared = normalise_declared(declare(warnings=["Underage", "choose not to use archive warnings"], tags=["hurt/comfort"]))
    assert declared.warnings == ["Underage Sex", "Creator Chose Not To Use Archive Warnings"]
    assert declared.tags == ["Hurt/Comfort"]


# --------------------------------------------------------------------------- compare


def test_a_warning_found_and_declared_is_not_missing() -> None:
    # full_analysis finds blood (depicted) and a Major Character Death; it declares the death.
    assert missing_labels(full_analysis(), declare(warnings=["Major Character Death"], tags=["Blood"])) == []


def test_a_content_warning_no_declared_tag_covers_is_missing() -> None:
    assert missing_labels(full_analysis(), declare(warnings=["Major Character Death"], tags=["Grief"])) == [("trigger", "blood")]


def test_no_archive_warnings_apply_misses_what_was_found() -> None:
    result = compare(full_analysis(), declare(rating="Teen And Up Audiences", warnings=["No Archive Warnings Apply"], tags=["Blood"]))
    assert [(f.scheme, f.label) for f in result.missing] == [("ao3", "Major Character Death")]
    assert result.missing[0].evidence  # the evidence comes with it
    assert result.anything_missing


def test_an_archive_warning_covers_its_content_warnings() -> None:
    analysis = full_analysis()
    analysis.warnings.append(Finding("trigger", "violence", "graphic", 0.9, list(analysis.warnings[0].evidence)))
    declared = declare(warnings=["Graphic Depictions Of Violence", "Major Character Death"])
    assert missing_labels(analysis, declared) == []  # it covers violence and blood
    assert ("trigger", "violence") in missing_labels(analysis, declare(warnings=["Major Character Death"]))


def test_creator_chose_not_to_warn_covers_every_archive_warning_and_says_so() -> None:
    result = compare(full_analysis(), declare(warnings=["Creator Chose Not To Use Archive Warnings"], tags=["Blood"]))
    assert result.missing == [] and not result.anything_missing
    assert result.chose_not_to_warn
    assert [f.label for f in result.covered_by_choice] == ["Major Character Death"]
    report = render_check.render(result, console_width=200)
    assert "covers every AO3 Archive Warning" in report and "Major Character Death (referenced, ch. 2)" in report


def test_choosing_not_to_warn_covers_what_the_archive_warnings_warn_for_but_nothing_else() -> None:
    analysis = full_analysis()
    evidence = list(analysis.warnings[0].evidence)
    analysis.warnings += [Finding("trigger", "violence", "depicted", 0.95, evidence), Finding("trigger", "kidnapping", "depicted", 0.95, evidence)]
    result = compare(analysis, declare(warnings=["Creator Chose Not To Use Archive Warnings"]))
    assert {f.label for f in result.covered_by_choice} == {"Major Character Death", "blood", "violence"}
    assert [f.label for f in result.missing] == ["kidnapping"]


def test_findings_under_the_minimum_confidence_are_not_missing() -> None:
    declared = declare(warnings=["No Archive Warnings Apply"], tags=["Blood"])
    result = compare(full_analysis(), declared, min_confidence=0.93)  # the death was found at 0.92
    assert result.missing == [] and [f.label for f in result.below_threshold] == ["Major Character Death"]
    assert missing_labels(full_analysis(), declared, min_confidence=0.5) == [("ao3", "Major Character Death")]


def test_by_default_only_what_the_report_shows_counts_as_missing() -> None:
    analysis = full_analysis()
    analysis.warnings.append(Finding("trigger", "violence", "depicted", SHOWN_CONFIDENCE - 0.05, list(analysis.warnings[0].evidence)))
    result = compare(analysis, declare(warnings=["Major Character Death"]))
    assert result.min_confidence == SHOWN_CONFIDENCE
    assert [f.label for f in result.missing] == ["blood"]
    assert [f.label for f in result.below_threshold] == ["violence"]


def test_a_content_warning_only_referenced_is_mentioned_not_missing() -> None:
    analysis = full_analysis()
    analysis.warnings.append(Finding("trigger", "suicide", "referenced", 0.95, list(analysis.warnings[0].evidence)))
    result = compare(analysis, declare(warnings=["Major Character Death"], tags=["Blood"]))
    assert result.missing == [] and not result.anything_missing
    assert [f.label for f in result.mentioned] == ["suicide"]
    report = render_check.render(result, console_width=200)
    assert "Only referenced (talked about, not on the page), so not counted as missing: suicide." in report
    assert "Nothing missing." in report


def test_the_rating_check_says_why_the_rating_is_suggested() -> None:
    analysis = full_analysis()
    analysis.rating, analysis.rating_reason = "Mature", "violence (graphic)"
    result = compare(analysis, declare(rating="Teen And Up Audiences"))
    assert result.rating.lower_than_suggested and result.rating.reason == "violence (graphic)"
    assert "suggested Mature: violence (graphic)." in render_check.render(result, console_width=200)
    assert json.loads(render_check.dumps(result))["rating"]["reason"] == "violence (graphic)"


def test_declared_warnings_and_tags_nothing_supports_are_listed() -> None:
    declared = declare(warnings=["Major Character Death", "Rape/Non-Con"], tags=["Self-Harm", "Blood", "Slow Burn", "Kidnapping"])
    unsupported = compare(full_analysis(), declared).unsupported
    assert [(u.declared, u.scheme, u.labels) for u in unsupported] == [
        ("Rape/Non-Con", "ao3", ("Rape/Non-Con",)),
        ("Self-Harm", "trigger", ("self-harm",)),
        ("Kidnapping", "trigger", ("kidnapping", "abduction")),
    ]


@pytest.mark.parametrize(
    ("declared", "suggested", "lower"),
    [
        ("General Audiences", "Teen And Up Audiences", True),
        ("Teen And Up Audiences", "Mature", True),
        ("Mature", "Mature", False),
        ("Explicit", "Teen And Up Audiences", False),
        ("Not Rated", "Explicit", False),
        (None, "Mature", False),
        ("Mature", None, False),
    ],
)
def test_the_declared_rating_is_set_beside_the_suggested_one(declared: str | None, suggested: str | None, lower: bool) -> None:
    analysis = full_analysis()
    analysis.rating = suggested
    rating = compare(analysis, declare(rating=declared, warnings=["Major Character Death"], tags=["Blood"])).rating
    assert (rating.declared, rating.suggested, rating.lower_than_suggested) == (declared, suggested, lower)


def test_a_rating_lower_than_suggested_counts_as_missing() -> None:
    result = compare(full_analysis(), declare(rating="General Audiences", warnings=["Major Character Death"], tags=["Blood"]))
    assert result.missing == [] and result.anything_missing


def test_an_explicit_rating_warns_for_sexual_content() -> None:
    analysis = full_analysis()
    analysis.warnings = [Finding("trigger", "pornographic-content", "graphic", 0.9, list(analysis.warnings[0].evidence))]
    assert missing_labels(analysis, declare(rating="Explicit")) == []
    assert missing_labels(analysis, declare(rating="Mature")) == [("trigger", "pornographic-content")]


def test_suggested_tags_not_declared_come_with_their_reasons() -> None:
    analysis = full_analysis()
    analysis.tags = ["Grief", "Blood and Injury"]
    analysis.tag_reasons = [TagSuggestion("Grief", "mourning"), TagSuggestion("Blood and Injury", "blood depicted in ch. 1")]
    result = compare(analysis, declare(tags=["grief"]))
    assert result.suggested_tags == [TagSuggestion("Blood and Injury", "blood depicted in ch. 1")]


def test_the_check_json_has_missing_unsupported_rating_and_suggested_tags() -> None:
    analysis = full_analysis()
    analysis.tag_reasons = [TagSuggestion("Grief", "mourning")]
    result = compare(analysis, declare(rating="General Audiences", warnings=["No Archive Warnings Apply"], tags=["Self-Harm"]))
    data = json.loads(render_check.dumps(result))
    assert [(m["scheme"], m["label"], m["chapters"]) for m in data["missing"]] == [
        ("trigger", "blood", [1]),
        ("ao3", "Major Character Death", [2]),
    ]
    assert data["missing"][0]["evidence"][0]["text"] == BLOOD_EVIDENCE
    assert data["unsupported"] == [{"declared": "Self-Harm", "scheme": "trigger", "labels": ["self-harm"]}]
    assert data["rating"] == {"declared": "General Audiences", "suggested": "Teen And Up Audiences", "lower_than_suggested": True, "reason": None}
    assert data["suggested_tags"] == [{"tag": "Grief", "reason": "mourning"}, {"tag": "Lighthouses", "reason": ""}]
    assert data["anything_missing"] is True


def test_the_check_report_hides_evidence_unless_asked() -> None:
    result = compare(full_analysis(), declare(warnings=["Major Character Death"]))
    quiet = render_check.render(result, console_width=200)
    assert "blood" in quiet and "depicted" in quiet and "ch. 1" in quiet
    assert BLOOD_EVIDENCE not in quiet
    assert BLOOD_EVIDENCE in render_check.render(result, spoilers=True, console_width=200)


# --------------------------------------------------------------------------- the data


def test_the_tag_to_label_map_is_sound_and_listed_in_the_readme() -> None:
    assert knowledge.check_declared_tag_data() == []
    readme = knowledge._data_dir("warnings").joinpath("README.md").read_text(encoding="utf-8")
    assert f"`{knowledge.DECLARED_TAGS_FILE}`" in readme
    tag_map = knowledge.declared_tag_map()
    assert tag_map.labels_for("self-harm") == {"self-harm"}
    assert tag_map.labels_for("Suicidal Thoughts") == tag_map.labels_for("suicide") == {"suicide"}
    assert tag_map.labels_for("Rape/Non-Con") == {"sexual-assault"}
    assert "death" in tag_map.labels_for("Major Character Death")
    assert tag_map.labels_for("Homophobic Language") == tag_map.labels_for("homophobia") == {"homophobia"}
    assert tag_map.labels_for("Blood and Gore") >= {"blood"}  # a tag ficscope itself suggests
    assert tag_map.labels_for("Slow Burn") == frozenset()


# --------------------------------------------------------------------------- the command


def test_check_help_documents_the_exit_statuses() -> None:
    result = run("check", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for option in ("--declared", "--format", "--spoilers", "--min-confidence"):
        assert option in text
    assert "Exit status: 0 when nothing is missing; 1 when a warning is missing" in text
    assert "2 when the file or --declared cannot be read" in text


def test_check_finds_the_warning_an_ao3_download_left_out(tmp_path: Path) -> None:
    path = tmp_path / "low-water.html"
    path.write_text(html_download(one_shot(title="Low Water", chapters=[ChapterSpec(paragraphs=BEATING)])), encoding="utf-8")
    result = run("check", path)
    assert result.returncode == 1, result.stderr
    assert "Graphic Depictions Of Violence" in result.stdout
    assert "No Archive Warnings Apply" in result.stdout  # what the work declares
    assert "Jake punched Tomas" not in result.stdout  # spoiler-free by default
    data = json.loads(run("check", path, "--format", "json").stdout)
    missing = {m["label"]: m for m in data["missing"]}
    assert missing["Graphic Depictions Of Violence"]["severity"] == "graphic"
    assert missing["Graphic Depictions Of Violence"]["evidence"][0]["text"] == "Jake punched Tomas in the face."
    assert data["declared"]["warnings"] == ["No Archive Warnings Apply"]
    assert data["rating"]["lower_than_suggested"] is True  # General Audiences for a graphic beating


def test_check_passes_pasted_text_whose_declaration_covers_everything(tmp_path: Path) -> None:
    path = tmp_path / "low-water.txt"
    path.write_text("Low Water\n\n" + "\n\n".join(BEATING) + "\n", encoding="utf-8")
    assert run("check", path).returncode == 1  # nothing declared: everything found is missing
    result = run("check", path, "--declared", "rating: mature; warnings: graphic depictions of violence")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing missing." in result.stdout


def test_check_of_a_bad_file_is_one_line_and_exit_status_2(tmp_path: Path) -> None:
    path = tmp_path / "work.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = run("check", path)
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(path) in line and "PDF that cannot be read" in line


def test_check_with_a_malformed_declaration_is_one_line_and_exit_status_2(tmp_path: Path) -> None:
    path = tmp_path / "low-water.txt"
    path.write_text("Low Water\n\n" + "\n\n".join(BEATING) + "\n", encoding="utf-8")
    result = run("check", path, "--declared", "Rating: Spicy")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "--declared" in line and "'Spicy' is not an AO3 rating" in line


def test_the_readme_documents_the_check() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "ficscope check" in readme and "--declared" in readme and "--min-confidence" in readme
