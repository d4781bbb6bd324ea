"""The scoring added for the second warnings set: frozen held-out file, AO3 baseline, real works."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bench.warnings_eval import (
    DATA,
    HELDOUT_FILE,
    HELDOUT_SHA256,
    NO_WARNINGS,
    DataError,
    ao3_baseline,
    check_frozen,
    load_split,
    main,
    rating_steps,
    shown_precision,
    warnings_diff,
)

MCD, RAPE = "Major Character Death", "Rape/Non-Con"


def test_the_held_out_file_is_the_frozen_one() -> None:
    assert hashlib.sha256((DATA / HELDOUT_FILE).read_bytes()).hexdigest() == HELDOUT_SHA256


def test_a_held_out_file_with_another_checksum_is_refused(tmp_path: Path) -> None:
    changed = tmp_path / HELDOUT_FILE
    changed.write_bytes((DATA / HELDOUT_FILE).read_bytes() + b"\n")
    with pytest.raises(DataError, match="frozen"):
        check_frozen(changed)
    with pytest.raises(DataError, match=HELDOUT_FILE):
        load_split(tmp_path, "heldout")


def test_the_held_out_set_has_forty_passages_per_archive_warning_and_ten_per_label() -> None:
    passages = load_split(DATA, "heldout")
    for warning in ("Graphic Depictions Of Violence", MCD, RAPE, "Underage Sex"):
        assert sum(warning in p.ao3 for p in passages) >= 40, warning
    labels = {label for p in passages for label in p.triggers}
    assert len(labels) == 32
    assert all(sum(label in p.triggers for p in passages) >= 10 for label in labels)


def test_dev_joins_its_files_and_shares_no_text_with_held_out() -> None:
    dev, heldout = load_split(DATA, "dev"), load_split(DATA, "heldout")
    assert len({p.id for p in dev}) == len(dev)
    assert not {p.text for p in dev} & {p.text for p in heldout}


def test_ao3_baseline_counts_right_decisions_for_the_detector_and_for_predicting_nothing() -> None:
    pairs = [
        (frozenset({MCD}), frozenset({MCD})),  # MCD right
        (frozenset({MCD}), frozenset()),  # MCD missed
        (frozenset(), frozenset({MCD, NO_WARNINGS})),  # MCD false alarm; "none apply" ignored
        (frozenset(), frozenset()),
    ]
    counts, right, nothing = ao3_baseline(pairs)[MCD]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)
    assert (right, nothing) == (2, 2)
    counts, right, nothing = ao3_baseline(pairs)[RAPE]
    assert (counts.tp, counts.fp, counts.fn, right, nothing) == (0, 0, 0, 4, 4)


def test_rating_steps_measure_distance_on_the_four_ratings() -> None:
    assert rating_steps("Teen And Up Audiences", "Teen And Up Audiences") == 0
    assert rating_steps("General Audiences", "Mature") == 2
    assert rating_steps("Explicit", "Mature") == 1
    assert rating_steps("Not Rated", "Mature") is None
    assert rating_steps("Mature", None) is None


def test_warnings_diff_names_missed_and_undeclared_warnings() -> None:
    assert warnings_diff([MCD, "Graphic Depictions Of Violence"], {RAPE, MCD}) == (["Graphic Depictions Of Violence"], [RAPE])
    assert warnings_diff([NO_WARNINGS], {MCD}) == ([], [MCD])
    assert warnings_diff([NO_WARNINGS], set()) == ([], [])
    assert warnings_diff(["Creator Chose Not To Use Archive Warnings"], {MCD}) is None


def test_errors_are_refused_on_the_held_out_split(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--split", "heldout", "--errors"]) == 2
    assert "dev split" in capsys.readouterr().err


IMPLIED = {"child-abuse": "abuse", "childbirth": "pregnancy", "miscarriages": "pregnancy", "abortion": "pregnancy",
           "kidnapping": "abduction", "misogyny": "sexism"}  # fmt: skip


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_the_second_set_follows_the_implications_in_the_readme(split: str) -> None:
    for p in load_split(DATA, split):
        if not p.id.startswith(("d", "h")):
            continue  # the first set has its own test
        assert all(implied in p.triggers for label, implied in IMPLIED.items() if label in p.triggers), p.id
        assert ("Graphic Depictions Of Violence" in p.ao3) == (p.triggers.get("violence") == "graphic"), p.id
        assert (RAPE in p.ao3) == (p.triggers.get("sexual-assault") in ("depicted", "graphic")), p.id
        assert MCD not in p.ao3 or "death" in p.triggers, p.id
        assert "Underage Sex" not in p.ao3 or p.triggers.get("underage") == "referenced", p.id


def test_the_new_dev_passages_are_two_to_eight_sentences() -> None:
    ends = re.compile(r"[.!?]+[\"\u201d')]*(?=\s+[\"\u201c(A-Z]|\s*$)")
    dev = [p for p in load_split(DATA, "dev") if p.id.startswith("d")]
    assert len(dev) >= 200
    assert {p.id: n for p in dev if not 2 <= (n := len(ends.findall(p.text))) <= 8} == {}


def test_real_works_skip_unreadable_and_unrated_files_and_score_a_work_once(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from bench.warnings_eval import run_real_works
    from ficscope.errors import NotAWorkError
    from ficscope.model import Chapter, Declared, Finding, Work

    for name in ("a.html", "a-again.html", "locked.html", "unrated.html"):
        (tmp_path / name).write_text("<html></html>", encoding="utf-8")

    def read(path: Path) -> Work:
        if path.name == "locked.html":
            raise NotAWorkError(f"{path.name}: a locked work")
        rating = None if path.name == "unrated.html" else "Teen And Up Audiences"
        return Work("A", "html", [Chapter(1, "Same text.")], ["x"], Declared(rating=rating, warnings=[NO_WARNINGS]))

    def analyze(work: Work) -> SimpleNamespace:
        found = [Finding("ao3", MCD, "depicted", 0.9, [])]
        return SimpleNamespace(warnings=found, rating="Mature")

    results = run_real_works(tmp_path, analyze, read, 0.0)
    assert [(r.name, r.declared_rating, r.suggested_rating) for r in results] == [("a-again.html", "Teen And Up Audiences", "Mature")]
    assert results[0].found_warnings == frozenset({MCD})


def test_shown_precision_counts_only_trigger_findings_at_the_threshold() -> None:
    from ficscope.model import Finding

    findings = [
        Finding("trigger", "violence", "depicted", 0.95, []),
        Finding("trigger", "death", "depicted", 0.92, []),
        Finding("trigger", "blood", "depicted", 0.5, []),
        Finding("ao3", "Major Character Death", "depicted", 0.99, []),
    ]
    assert shown_precision([({"violence": "depicted"}, findings)]) == (1, 2)
