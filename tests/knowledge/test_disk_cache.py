"""Compiled knowledge cached on disk gives the same index as compiling afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficscope import knowledge
from ficscope.knowledge import _disk_cache

FRAGMENTS = {"a": [r"slit(?:s|ted)? (?:his|her) wrists?", r"\bnoose"], "b": [r"[a-z]+ed him"]}
TEXT = "She slitted her wrist. He found the noose. They watched him."


def spans(index: knowledge.FirstWordIndex) -> list[tuple[int, int, frozenset[str]]]:
    return [(m.start, m.end, frozenset(m.tags)) for m in index.matches(TEXT)]


def test_first_words_read_back_from_the_disk_cache_match_a_fresh_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FICSCOPE_CACHE_DIR", "off")
    fresh = spans(knowledge.FirstWordIndex(FRAGMENTS))
    monkeypatch.setenv("FICSCOPE_CACHE_DIR", str(tmp_path))
    first = spans(knowledge.FirstWordIndex(FRAGMENTS))
    assert len(list(tmp_path.glob("first-words-*.json"))) == 1
    cached = spans(knowledge.FirstWordIndex(FRAGMENTS))
    assert fresh == first == cached and fresh


def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FICSCOPE_CACHE_DIR", str(tmp_path))
    expected = spans(knowledge.FirstWordIndex(FRAGMENTS))
    (cache_file,) = tmp_path.glob("first-words-*.json")
    cache_file.write_text("{not json", encoding="utf-8")
    assert spans(knowledge.FirstWordIndex(FRAGMENTS)) == expected
    assert _disk_cache.load("first-words", cache_file.stem.removeprefix("first-words-")) is not None


def test_an_unwritable_cache_directory_only_costs_the_compilation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("FICSCOPE_CACHE_DIR", str(blocker / "cache"))
    assert spans(knowledge.FirstWordIndex(FRAGMENTS))
