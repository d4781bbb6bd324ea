"""The ``ficscope`` command as a user runs it: real processes, real exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ficscope.schema import validate

EXE = [sys.executable, "-m", "ficscope.cli"]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_help_lists_the_analyze_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "analyze" in result.stdout


def test_analyze_help_explains_every_option() -> None:
    result = run("analyze", "--help")
    assert result.returncode == 0
    for option in ("--format", "--output", "--spoilers", "--max-mb"):
        assert option in result.stdout


def test_text_report_for_the_bundled_example(example_path: Path) -> None:
    result = run("analyze", example_path)
    assert result.returncode == 0, result.stderr
    assert "The Lighthouse Keepers" in result.stdout
    assert "Wren" in result.stdout


def test_json_output_validates_against_the_schema(example_path: Path) -> None:
    result = run("analyze", example_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    validate(data)
    assert data["stats"]["chapters"] == 2
    assert [c["title"] for c in data["chapters"]] == ["Salt", "Fresh Water"]
    assert {c["name"] for c in data["characters"]} == {"Wren", "Tomas"}
    assert all(q["speaker"] in ("Wren", "Tomas") for q in data["quotes"])
    # A quiet story about a storm: nothing to warn for, and the archive's mildest rating.
    assert [(w["scheme"], w["label"]) for w in data["warnings"]] == [("ao3", "No Archive Warnings Apply")]
    assert data["rating"] == "General Audiences" and data["categories"] == ["Gen"]


def test_several_files_as_json_lines_in_the_order_given(example_path: Path, shared_sample: Path) -> None:
    result = run("analyze", shared_sample, example_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    for record in records:
        validate(record)
    assert [r["work"]["title"] for r in records] == ["All The King's Horses", "The Lighthouse Keepers"]


def test_html_output_is_one_self_contained_file(example_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("analyze", example_path, "--format", "html", "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "The Lighthouse Keepers" in page
    assert "<script src=" not in page and "<link rel=\"stylesheet\" href=\"http" not in page


def _bad_files(tmp: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        files[name] = tmp / name
        files[name].write_bytes(data)

    put("empty.txt", b"")
    put("blank.txt", b"  \n\n\t \n")
    put("junk.bin", bytes(range(256)) * 64)
    put("truncated.epub", b"PK\x03\x04" + b"\x14\x00" * 40)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", "<container><rootfiles><rootfile full-path='content.opf'/></rootfiles></container>")
    put("no-opf.epub", buf.getvalue())
    put("not-ao3.html", b"<!DOCTYPE html><html><body><h1>My cat</h1><p>She is nice.</p></body></html>")
    put("broken.html", b"<html><body><div id='chapters'><div class='userstuff'><p>Once upon")
    put("work.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    put("work.mobi", b"\x00" * 60 + b"BOOKMOBI" + b"\x00" * 100)
    put("mixed.txt", "\u201cHi,\u201d she said.".encode() + " \u201cBye.\u201d".encode("cp1252"))
    files["missing.txt"] = tmp / "missing.txt"
    files["a-directory"] = tmp
    return files


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty"),
        ("blank.txt", "whitespace"),
        ("junk.bin", "binary"),
        ("truncated.epub", "zip"),
        ("no-opf.epub", "package"),
        ("not-ao3.html", "not an AO3 work"),
        ("work.pdf", "PDF that cannot be read"),
        ("work.mobi", "MOBI book with a damaged record table"),
        ("mixed.txt", "mixes encodings"),
        ("missing.txt", "no such file"),
        ("a-directory", "directory"),
    ],
)
def test_bad_input_gets_one_line_naming_file_and_reason(tmp_path: Path, name: str, reason: str) -> None:
    path = _bad_files(tmp_path)[name]
    result = run("analyze", path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert reason.lower() in lines[0].lower()
    assert "Traceback" not in result.stderr


def test_truncated_ao3_html_is_read_or_refused_cleanly(tmp_path: Path) -> None:
    result = run("analyze", _bad_files(tmp_path)["broken.html"])
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    result = run("analyze", big)
    assert result.returncode == 1
    assert "50.0 MB" in result.stderr and "limit" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_batch_goes_on_past_bad_files_and_lists_them(tmp_path: Path, example_path: Path) -> None:
    bad = _bad_files(tmp_path)
    result = run("analyze", bad["empty.txt"], example_path, bad["work.pdf"], "--format", "json")
    assert result.returncode == 1
    assert len(result.stdout.strip().splitlines()) == 1
    assert json.loads(result.stdout)["work"]["title"] == "The Lighthouse Keepers"
    assert "2 of 3 files failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_report_shows_the_authors_note_apart_from_the_story(example_path: Path) -> None:
    result = run("analyze", example_path)
    assert "Author's notes" in result.stdout
    assert "winter prompt exchange" in result.stdout


def test_dialogue_option_lists_every_line_with_its_speaker(tmp_path: Path) -> None:
    lines = [f"\u201cLine number {n}, Tomas,\u201d Wren said." if n % 2 else f"\u201cAnswer number {n}, Wren,\u201d Tomas said." for n in range(12)]
    work = tmp_path / "talk.txt"
    work.write_text("Talk\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    short = run("analyze", work)
    assert short.returncode == 0, short.stderr
    assert "Answer number" not in short.stdout  # the lines can be spoilers
    assert "--dialogue lists every line" in short.stdout
    full = run("analyze", work, "--dialogue")
    assert "Answer number 10" in full.stdout
    listed = [line for line in full.stdout.splitlines() if "number" in line]
    assert all(("Wren" in line) and ("Tomas" in line) for line in listed)
