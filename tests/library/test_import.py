"""Reading an export back: ``Library.import_export`` and ``ficscope library import``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ficscope.errors import LibraryError
from ficscope.library import Library
from tests.library.works import HARBOUR, OBSERVATORY, ORCHARD, story

URL = "https://archiveofourown.org/works/31415"


def _filled(path: Path) -> Library:
    """Three works, one with three versions of which the second was removed."""
    library = Library(path)
    library.add(story("Harbour", HARBOUR, url=URL, tags=["Fluff"], warnings=["No Archive Warnings Apply"]))
    library.add(story("Gone", OBSERVATORY, authors=["someone"]))
    library.add(story("Harbour (revised)", [HARBOUR, ORCHARD], url=URL))
    library.add(story("Harbour (third)", [HARBOUR, ORCHARD, OBSERVATORY], url=URL))
    library.add(story("Orchard", ORCHARD, tags=["Angst"]))
    library.remove(2)
    library.remove(1, version=2)
    return library


def _export(library: Library, target: Path) -> Path:
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in library.export()), encoding="utf-8")
    return target


def test_export_then_import_into_a_new_library_exports_the_same_lines(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.sqlite") as source:
        first = _export(source, tmp_path / "first.jsonl")
        facets = source.facets()
        listed = [(w.id, w.version, w.title) for w in source.list(limit=None).works]
    with Library(tmp_path / "b.sqlite") as copy:
        result = copy.import_export(first)
        second = _export(copy, tmp_path / "second.jsonl")
        assert (result.imported, result.skipped, result.works) == (3, 0, 2)
        assert copy.facets() == facets
        assert [(w.id, w.version, w.title) for w in copy.list(limit=None).works] == listed
        assert copy.search("ferry").total == 1  # the current Harbour only
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_importing_the_same_export_twice_changes_nothing(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.sqlite") as source:
        first = _export(source, tmp_path / "first.jsonl")
    with Library(tmp_path / "b.sqlite") as copy:
        copy.import_export(first)
        again = copy.import_export(first)
        assert (again.imported, again.skipped) == (0, 3)
        assert _export(copy, tmp_path / "second.jsonl").read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_import_into_a_library_holding_the_work_adds_its_missing_versions(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.sqlite") as source:
        first = _export(source, tmp_path / "first.jsonl")
    with Library(tmp_path / "b.sqlite") as other:
        other.add(story("Lighthouse", OBSERVATORY, authors=["keeper"]))  # takes number 1
        other.add(story("Harbour", HARBOUR, url=URL))  # the first version, held already as work 2
        result = other.import_export(first)
        assert (result.imported, result.skipped) == (2, 1)
        harbour = other.get(2)
        assert [v.number for v in harbour.versions] == [1, 3]
        assert harbour.summary.title == "Harbour (third)"
        assert sorted(w.title for w in other.list(limit=None).works) == ["Harbour (third)", "Lighthouse", "Orchard"]


def test_a_bad_line_imports_nothing_and_names_the_file_and_line(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.sqlite") as source:
        lines = _export(source, tmp_path / "first.jsonl").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text(lines[0] + "\n" + '{"id": 1}\n', encoding="utf-8")
    with Library(tmp_path / "b.sqlite") as copy:
        with pytest.raises(LibraryError, match=r"broken\.jsonl: line 2 is not an exported version"):
            copy.import_export(broken)
        assert len(copy) == 0


def test_an_export_whose_text_was_changed_is_refused(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.sqlite") as source:
        record = next(iter(source.export()))
    record["chapters"][0]["text"] += " Someone else wrote this."
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Library(tmp_path / "b.sqlite") as copy, pytest.raises(LibraryError, match="content hash does not match"):
        copy.import_export(changed)


def test_import_of_a_missing_file_says_so(tmp_path: Path) -> None:
    with Library(tmp_path / "b.sqlite") as copy, pytest.raises(LibraryError, match="no such export file"):
        copy.import_export(tmp_path / "nowhere.jsonl")


def test_imported_versions_keep_their_filter_rows(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.sqlite") as source:
        first = _export(source, tmp_path / "first.jsonl")
    with Library(tmp_path / "b.sqlite") as copy:
        copy.import_export(first)
    queries = {
        "tags": "SELECT v.work_id, v.number, t.kind, t.source, t.key, t.name FROM tags t JOIN versions v ON v.id = t.version_id",
        "findings": "SELECT v.work_id, v.number, f.scheme, f.label, f.severity, f.rank, f.confidence, f.chapters"
        " FROM findings f JOIN versions v ON v.id = f.version_id",
        "listing": "SELECT v.work_id, v.number, v.is_current FROM listing l JOIN versions v ON v.id = l.id",
        "facets": "SELECT * FROM facet_counts",
    }
    with sqlite3.connect(tmp_path / "a.sqlite") as a, sqlite3.connect(tmp_path / "b.sqlite") as b:
        for name, query in queries.items():
            assert sorted(b.execute(query)) == sorted(a.execute(query)), name
