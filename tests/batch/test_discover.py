"""Which files a batch picks up from directories, patterns and names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ficscope.batch import discover


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("a.txt", "b.HTML", "c.epub", "d.htm", "notes.md", "cover.jpg", ".hidden.txt",
                 "deep/e.txt", "deep/deeper/f.epub", ".git/g.txt", "deep/.cache/h.html"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def names(paths: list[str], root: Path) -> list[str]:
    return [os.path.relpath(p, root) for p in paths]


def test_directory_is_searched_recursively_for_work_extensions_without_hidden_files(tree: Path) -> None:
    found = discover([tree])
    assert names(found.paths, tree) == ["a.txt", "b.HTML", "c.epub", "d.htm", "deep/deeper/f.epub", "deep/e.txt"]
    assert found.unmatched == []


def test_glob_pattern_picks_works_and_searches_matched_directories(tree: Path) -> None:
    found = discover([str(tree / "*.txt"), str(tree / "dee*")])
    assert names(found.paths, tree) == ["a.txt", "deep/deeper/f.epub", "deep/e.txt"]


def test_file_named_outright_is_taken_whatever_its_extension(tree: Path) -> None:
    assert names(discover([tree / "notes.md"]).paths, tree) == ["notes.md"]


def test_each_work_once_even_when_named_twice(tree: Path) -> None:
    found = discover([tree / "a.txt", tree, str(tree / "*.txt")])
    assert names(found.paths, tree).count("a.txt") == 1


def test_inputs_that_match_nothing_are_reported(tree: Path) -> None:
    (tree / "empty").mkdir()
    found = discover([tree / "missing.txt", str(tree / "*.pdf"), tree / "empty", tree / "a.txt"])
    assert [(u.given, u.reason) for u in found.unmatched] == [
        (str(tree / "missing.txt"), "no such file or directory"),
        (str(tree / "*.pdf"), "no works match this pattern"),
        (str(tree / "empty"), "no .txt, .html, .htm or .epub files in it"),
    ]
    assert names(found.paths, tree) == ["a.txt"]


def test_paths_are_absolute_so_every_worker_finds_them(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    assert discover(["deep"]).paths == [str(tree / "deep/deeper/f.epub"), str(tree / "deep/e.txt")]
