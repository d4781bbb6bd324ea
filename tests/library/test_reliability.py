"""Nothing stored is ever lost: crashes, concurrent writers and migrations.

The crash and concurrency tests run real processes on a real file.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ficscope.errors import DatabaseError
from ficscope.library import Filters, Library, content_hash
from ficscope.library._db import Migration, connect, migrate
from ficscope.library._rows import rebuild_current_rows
from ficscope.library._schema import MIGRATIONS
from ficscope.render.json import as_dict
from tests.library.works import HARBOUR, OBSERVATORY, ORCHARD, numbered, story

ROOT = Path(__file__).resolve().parents[2]


def child(script: str, *args: str) -> subprocess.Popen[str]:
    """A Python process running ``script`` with this checkout importable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )


def assert_sound(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO texts_fts (texts_fts) VALUES ('integrity-check')")


# Adds one work but stops for a minute inside the write transaction, after every row
# is written and before COMMIT, and says so on stdout.
STUCK_IN_ADD = """
    import sys, time
    from ficscope.library import Library, _store
    from tests.library.works import story, ORCHARD

    original = _store.insert_filter_rows

    def then_hang(*args, **kwargs):
        original(*args, **kwargs)
        print("inside the transaction", flush=True)
        time.sleep(60)

    _store.insert_filter_rows = then_hang
    Library(sys.argv[1]).add(story("Interrupted", ORCHARD, tags=["Harvest"]))
"""


def test_kill_9_in_the_middle_of_an_add_leaves_the_library_as_it_was(db_path: Path) -> None:
    with Library(db_path) as library:
        library.add(story("Before", HARBOUR, tags=["Winter"]))
        before = list(library.export())
    process = child(STUCK_IN_ADD, str(db_path))
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.strip() == "inside the transaction", process.stderr.read() if process.stderr else ""
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert_sound(db_path)
    with Library(db_path) as library:
        assert list(library.export()) == before
        assert library.search("orchard").total == 0
        assert [f.name for f in library.facets()["tag"]] == ["Winter"]
        # The interrupted work was never stored, so it can be added now.
        assert library.add(story("Interrupted", ORCHARD, tags=["Harvest"])).status == "added"
    assert_sound(db_path)


def test_an_error_inside_an_add_rolls_everything_back(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ficscope.library import _store

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    with Library(db_path) as library:
        library.add(story("Before", HARBOUR))
        monkeypatch.setattr(_store, "insert_filter_rows", broken)
        with pytest.raises(RuntimeError):
            library.add(story("After", ORCHARD))
        monkeypatch.undo()
        assert [w.title for w in library.list().works] == ["Before"]
        assert library.search("orchard").total == 0
    assert_sound(db_path)


# Waits until the file named by argv[2] exists, then adds works argv[3:] (numbers;
# "s" adds the shared ones too) and prints each result's status as JSON.
ADDER = """
    import json, os, sys, time
    from ficscope.library import Library
    from tests.library.works import numbered

    library = Library(sys.argv[1])
    print("ready", flush=True)
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.005)
    statuses = [library.add(numbered(int(n))).status for n in sys.argv[3:]]
    print(json.dumps(statuses), flush=True)
"""


def test_two_processes_adding_at_once_both_succeed(db_path: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    shared = [str(n) for n in range(100, 110)]  # both processes add these
    first = child(ADDER, str(db_path), str(go), *[str(n) for n in range(0, 30)], *shared)
    second = child(ADDER, str(db_path), str(go), *shared, *[str(n) for n in range(30, 60)])
    processes = [first, second]
    try:
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready", process.stderr.read() if process.stderr else ""
        go.touch()
        results = []
        for process in processes:
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            results.append(json.loads(stdout.strip().splitlines()[-1]))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    assert results[0][:30] == ["added"] * 30 and results[1][10:] == ["added"] * 30
    shared_statuses = sorted(results[0][30:] + results[1][:10])
    assert shared_statuses == ["added"] * 10 + ["exists"] * 10
    assert_sound(db_path)
    with Library(db_path) as library:
        assert len(library) == 70
        for n in (*range(0, 60), *range(100, 110)):
            assert library.has_hash(content_hash(numbered(n).work))


# Waits for the file argv[2], then creates the library argv[1] and adds work argv[3].
CREATOR = """
    import os, sys, time
    from ficscope.library import Library
    from tests.library.works import numbered

    print("ready", flush=True)
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.001)
    Library(sys.argv[1]).add(numbered(int(sys.argv[3])))
"""


def test_processes_creating_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    go = tmp_path / "go"
    processes = [child(CREATOR, str(path), str(go), str(n)) for n in range(4)]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    go.touch()
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    with Library(path) as library:
        assert len(library) == 4
    assert_sound(path)


# --------------------------------------------------------------------------- migrations


def _v1_database(path: Path) -> list[dict[str, object]]:
    """A library as ficscope wrote it at schema 1: works, versions, texts and chapters,
    no tag rows. Returns the analyses stored."""
    conn = connect(path)
    migrate(conn, MIGRATIONS[:1], path=str(path))
    analyses = [
        story("Harbour", HARBOUR, fandoms=["Shadowhunters (TV)"], relationships=["Magnus/Alec"],
              findings=[("trigger", "blood", "graphic")]),
        story("Dome", [OBSERVATORY, ORCHARD], authors=["brightstar"], tags=["Angst"]),
    ]
    stored = []
    for work_id, analysis in enumerate(analyses, start=1):
        data = as_dict(analysis)
        stored.append(data)
        texts = [c.text for c in analysis.work.chapters]
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO works (id, added_at) VALUES (?, ?)", (work_id, f"2025-01-0{work_id}T00:00:00Z"))
        conn.execute(
            """INSERT INTO versions (id, work_id, number, is_current, content_hash, title, title_sort, authors,
                   author_sort, source_format, words, chapters, added_at, schema_version, analysis)
               VALUES (?, ?, 1, 1, ?, ?, ?, ?, ?, 'text', ?, ?, ?, '1', ?)""",
            (work_id, work_id, content_hash(analysis.work), analysis.work.title, str(analysis.work.title).lower(),
             json.dumps(analysis.work.authors), analysis.work.authors[0], analysis.stats.words,
             analysis.stats.chapters, f"2025-01-0{work_id}T00:00:00Z", json.dumps(data)),
        )
        conn.execute("INSERT INTO texts (version_id, body) VALUES (?, ?)", (work_id, "\n\n".join(texts)))
        start = 0
        for number, text in enumerate(texts, start=1):
            conn.execute("INSERT INTO chapters VALUES (?, ?, NULL, ?, ?)", (work_id, number, start, len(text)))
            start += len(text) + 2
        conn.execute("COMMIT")
    conn.close()
    return stored


def test_migrating_an_older_database_keeps_every_work(db_path: Path) -> None:
    stored = _v1_database(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    with Library(db_path) as library:
        assert [library.get(n).analysis for n in (1, 2)] == stored
        assert library.chapter_text(2, 2) == ORCHARD
        assert library.search("telescope").total == 1
        # The rows filters read were built from the stored analyses.
        assert [w.title for w in library.list(Filters(relationships=["Alec/Magnus"])).works] == ["Harbour"]
        assert [w.title for w in library.list(Filters(include_triggers=["blood:graphic"])).works] == ["Harbour"]
        assert [w.title for w in library.list(Filters(tags=["angst"])).works] == ["Dome"]
    with sqlite3.connect(db_path) as conn:
        assert [r[0] for r in conn.execute("SELECT number FROM migrations ORDER BY number")] == [m.number for m in MIGRATIONS]
        assert conn.execute("SELECT count(*) FROM listing").fetchone()[0] == 2  # built from what was stored
    assert_sound(db_path)


def test_a_failing_migration_leaves_the_database_as_it_was(db_path: Path) -> None:
    with Library(db_path) as library:
        library.add(story("Kept", HARBOUR))

    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("DROP TABLE tags")
        raise sqlite3.OperationalError("the new migration hit a bug")

    conn = connect(db_path)
    with pytest.raises(DatabaseError, match="hit a bug"):
        migrate(conn, [*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "broken", half_done)], path=str(db_path))
    conn.close()
    with Library(db_path) as library:
        assert [w.title for w in library.list(Filters(exclude_tags=["x"])).works] == ["Kept"]
    assert_sound(db_path)


def test_reindex_rebuilds_the_filter_rows_from_the_analyses(fresh_library: Library, db_path: Path) -> None:
    fresh_library.add(story("Harbour", HARBOUR, fandoms=["Shadowhunters (TV)"], characters=["Izzy"]))
    with sqlite3.connect(db_path) as conn:  # as an older pack left it
        conn.execute("UPDATE tags SET key = 'izzy' WHERE kind = 'character'")
        rebuild_current_rows(conn)
    assert fresh_library.list(Filters(characters=["Isabelle Lightwood"])).total == 0
    assert fresh_library.reindex() == 1
    assert fresh_library.list(Filters(characters=["Isabelle Lightwood"])).total == 1


def test_a_reader_sees_the_library_while_a_writer_holds_the_lock(db_path: Path) -> None:
    with Library(db_path) as library:
        library.add(story("Visible", HARBOUR))
    process = child(STUCK_IN_ADD, str(db_path))
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "inside the transaction"
        with Library(db_path) as library:
            assert [w.title for w in library.list().works] == ["Visible"]
        # The read is done while the writer is still inside its transaction: it never waited for the lock.
        assert process.poll() is None
    finally:
        process.kill()
        process.wait(timeout=10)
