"""Storing works: what goes in comes back out exactly, and the file is a sound library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import ficscope.library
from ficscope.errors import DatabaseError, NewerDatabaseError, WorkNotFoundError
from ficscope.library import Library, content_hash, default_db_path
from ficscope.model import Character, FandomEvidence, TagSuggestion
from ficscope.render.json import as_dict
from tests.builders.analysis import full_analysis
from tests.library.works import HARBOUR, ORCHARD, story


def test_public_api_is_sorted_and_complete() -> None:
    names = ficscope.library.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        assert hasattr(ficscope.library, name)


def test_stored_analysis_comes_back_as_the_same_json(fresh_library: Library) -> None:
    analysis = full_analysis()
    result = fresh_library.add(analysis)
    assert result.status == "added" and result.id == 1 and result.version == 1
    stored = fresh_library.get(result.id)
    assert stored.analysis == as_dict(analysis)
    assert stored.content_hash == content_hash(analysis.work)


def test_rebuilt_analysis_keeps_every_span_on_its_text(fresh_library: Library) -> None:
    analysis = full_analysis()
    fresh_library.add(analysis)
    rebuilt = fresh_library.analysis(1)
    assert as_dict(rebuilt) == as_dict(analysis)
    assert [c.text for c in rebuilt.work.chapters] == [c.text for c in analysis.work.chapters]
    for finding in rebuilt.warnings:
        for span in finding.evidence:
            assert rebuilt.work.chapter(span.chapter).text[span.start : span.end] == span.text


def test_rebuilt_analysis_keeps_unnamed_speakers_fandom_evidence_and_tag_reasons(fresh_library: Library) -> None:
    analysis = full_analysis()
    analysis.characters.append(Character("the nurse", mentions=2, named=False))
    analysis.characters[0].fandom = "Original Work"
    analysis.fandom_evidence.append(FandomEvidence("Original Work", 0.9, "characters", ("Wren", "Tomas")))
    analysis.tag_reasons = [TagSuggestion(tag, f"found {tag.lower()} in chapter 1") for tag in analysis.tags]
    fresh_library.add(analysis)
    rebuilt = fresh_library.analysis(1)
    assert as_dict(rebuilt) == as_dict(analysis)
    assert not rebuilt.characters[-1].named
    assert rebuilt.tag_reasons == analysis.tag_reasons


def test_add_many_stores_in_batches_as_add_would(fresh_library: Library) -> None:
    analyses = [story(f"Tide Table {n}", f"On day {n} the tide turned. " + HARBOUR) for n in range(7)]
    results = fresh_library.add_many([*analyses, analyses[0]], batch=3)
    assert [r.status for r in results] == ["added"] * 7 + ["exists"]
    assert [r.id for r in results] == [1, 2, 3, 4, 5, 6, 7, 1]
    assert fresh_library.get(5).analysis == as_dict(analyses[4])
    assert fresh_library.search("tide").total == 7


def test_add_many_keeps_the_batches_before_a_failure_and_none_of_its_own(fresh_library: Library) -> None:
    analyses = [story(f"Tide Table {n}", f"On day {n} the tide turned. " + HARBOUR) for n in range(5)]
    analyses[4] = story("Broken", HARBOUR, findings=[("trigger", "death", "worst")])
    with pytest.raises(ValueError):
        fresh_library.add_many(analyses, batch=3)
    assert [w.title for w in fresh_library.list(sort="title").works] == [f"Tide Table {n}" for n in range(3)]


def test_chapter_text_is_exactly_what_the_reader_produced(fresh_library: Library) -> None:
    texts = [HARBOUR, "  Leading spaces, a tab\tand \u201ccurly quotes\u201d stay.\n\n", ORCHARD + " \U0001f34e"]
    fresh_library.add(story("Three Parts", texts))
    assert [fresh_library.chapter_text(1, n) for n in (1, 2, 3)] == texts


def test_missing_work_or_chapter_is_a_clear_error(fresh_library: Library) -> None:
    fresh_library.add(story("One"))
    with pytest.raises(WorkNotFoundError, match="no work #7"):
        fresh_library.get(7)
    with pytest.raises(WorkNotFoundError, match="no chapter 2"):
        fresh_library.chapter_text(1, 2)
    with pytest.raises(WorkNotFoundError, match="no version 3"):
        fresh_library.get(1, version=3)


def test_has_hash_lets_a_batch_skip_what_is_stored(fresh_library: Library) -> None:
    analysis = story("Resumable")
    digest = content_hash(analysis.work)
    assert not fresh_library.has_hash(digest)
    fresh_library.add(analysis)
    assert fresh_library.has_hash(digest)


def test_content_hash_follows_the_text_not_the_analysis() -> None:
    first = story("Same", HARBOUR, tags=["Fluff"])
    retagged = story("Same", HARBOUR, tags=["Angst"])
    changed = story("Same", HARBOUR + " One more line.")
    assert content_hash(first.work) == content_hash(retagged.work)
    assert content_hash(first.work) != content_hash(changed.work)


def test_export_holds_everything_needed_to_rebuild(fresh_library: Library) -> None:
    fresh_library.add(story("Harbour", HARBOUR))
    fresh_library.add(story("Orchard", [ORCHARD, HARBOUR]))
    records = list(fresh_library.export())
    assert [r["id"] for r in records] == [1, 2]
    assert records[1]["chapters"] == [
        {"number": 1, "title": "Part 1", "text": ORCHARD},
        {"number": 2, "title": "Part 2", "text": HARBOUR},
    ]
    assert records[0]["analysis"]["work"]["title"] == "Harbour"
    json.dumps(records)  # plain JSON all the way down


def test_remove_deletes_the_work_its_text_and_its_index(fresh_library: Library, db_path: Path) -> None:
    fresh_library.add(story("Harbour", HARBOUR))
    fresh_library.add(story("Orchard", ORCHARD))
    removed = fresh_library.remove(1)
    assert removed.removed_versions == [1] and removed.current_version is None
    assert [w.title for w in fresh_library.list().works] == ["Orchard"]
    assert fresh_library.search("ferry").total == 0
    with sqlite3.connect(db_path) as conn:
        for table in ("versions", "texts", "chapters"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM tags WHERE version_id = 1").fetchone()[0] == 0
        conn.execute("INSERT INTO texts_fts (texts_fts) VALUES ('integrity-check')")
    with pytest.raises(WorkNotFoundError):
        fresh_library.remove(1)


def test_ids_are_never_reused(fresh_library: Library) -> None:
    fresh_library.add(story("First"))
    fresh_library.remove(1)
    assert fresh_library.add(story("Second")).id == 2


def test_the_file_is_in_wal_mode_with_recorded_migrations(fresh_library: Library, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        numbers = [row[0] for row in conn.execute("SELECT number FROM migrations ORDER BY number")]
        assert numbers == list(range(1, ficscope.library.SCHEMA_VERSION + 1))
        assert conn.execute("PRAGMA user_version").fetchone()[0] == ficscope.library.SCHEMA_VERSION


def test_reopening_keeps_the_works(db_path: Path) -> None:
    with Library(db_path) as library:
        library.add(story("Kept"))
    with Library(db_path) as library:
        assert [w.title for w in library.list().works] == ["Kept"]
        assert len(library) == 1


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(DatabaseError, match="not a ficscope library"):
        Library(path)
    assert path.read_text().startswith("these are my notes")


def test_someone_elses_sqlite_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(DatabaseError, match="holds recipes"):
        Library(path)


def test_a_database_from_a_newer_ficscope_is_refused(db_path: Path) -> None:
    Library(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(NewerDatabaseError, match="newer ficscope"):
        Library(db_path)


def test_default_path_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FICSCOPE_DB", str(tmp_path / "chosen.sqlite"))
    assert default_db_path() == tmp_path / "chosen.sqlite"
    monkeypatch.delenv("FICSCOPE_DB")
    default = default_db_path()
    assert default.name == "library.sqlite" and "ficscope" in default.parts


def test_adding_a_file_reads_and_analyses_it(fresh_library: Library, example_path: Path) -> None:
    result = fresh_library.add(example_path)
    assert result.status == "added" and result.title == "The Lighthouse Keepers"
    assert result.source == str(example_path)
    work = fresh_library.get(result.id).summary
    assert set(work.characters) >= {"Wren", "Tomas"}
    assert fresh_library.add(example_path).status == "exists"
