"""The numbered migrations. Never edit one that has shipped: add the next number.

Policy (DESIGN.md): a migration only adds tables, columns and indexes, or rebuilds
*derived* rows (tags, warnings, the full-text index) from what is stored (the
analysis JSON and the story text), which no migration ever drops.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ._db import Migration
from ._identity import split_works_by_identity
from ._rows import rebuild_current_rows, rebuild_filter_rows

_V1_CONTENT = """
CREATE TABLE migrations (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- A work as the reader knows it, across every version of its text.
CREATE TABLE works (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    added_at TEXT NOT NULL
);

-- One stored text of a work and its analysis; exactly one version is current.
CREATE TABLE versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    work_id INTEGER NOT NULL REFERENCES works (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    content_hash TEXT NOT NULL UNIQUE,
    url_key TEXT,
    title_key TEXT,
    title TEXT,
    title_sort TEXT NOT NULL,
    authors TEXT NOT NULL,
    author_sort TEXT NOT NULL,
    url TEXT,
    source TEXT,
    source_format TEXT NOT NULL,
    language TEXT,
    words INTEGER NOT NULL,
    chapters INTEGER NOT NULL,
    complete INTEGER,
    published TEXT,
    updated TEXT,
    added_at TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    analysis TEXT NOT NULL,
    UNIQUE (work_id, number)
);
CREATE UNIQUE INDEX versions_one_current ON versions (work_id) WHERE is_current = 1;
CREATE INDEX versions_by_url ON versions (url_key) WHERE url_key IS NOT NULL;
CREATE INDEX versions_by_title ON versions (title_key) WHERE title_key IS NOT NULL;
CREATE INDEX versions_by_words ON versions (is_current, words);
CREATE INDEX versions_by_title_sort ON versions (is_current, title_sort);
CREATE INDEX versions_by_author_sort ON versions (is_current, author_sort);

-- The story: every chapter's text joined by a blank line, and where each one lies.
CREATE TABLE texts (
    version_id INTEGER PRIMARY KEY REFERENCES versions (id) ON DELETE CASCADE,
    body TEXT NOT NULL
);
CREATE TABLE chapters (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT,
    start INTEGER NOT NULL,
    length INTEGER NOT NULL,
    PRIMARY KEY (version_id, number)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE texts_fts USING fts5 (
    body, content = 'texts', content_rowid = 'version_id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER texts_after_insert AFTER INSERT ON texts BEGIN
    INSERT INTO texts_fts (rowid, body) VALUES (new.version_id, new.body);
END;
CREATE TRIGGER texts_after_delete AFTER DELETE ON texts BEGIN
    INSERT INTO texts_fts (texts_fts, rowid, body) VALUES ('delete', old.version_id, old.body);
END;
CREATE TRIGGER texts_after_update AFTER UPDATE ON texts BEGIN
    INSERT INTO texts_fts (texts_fts, rowid, body) VALUES ('delete', old.version_id, old.body);
    INSERT INTO texts_fts (rowid, body) VALUES (new.version_id, new.body);
END;
"""

_V2_FILTER_ROWS = """
-- Derived from versions.analysis: rebuildable at any time (Library.reindex).
CREATE TABLE tags (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('declared', 'detected')),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (version_id, kind, source, key)
) WITHOUT ROWID;
CREATE INDEX tags_by_key ON tags (kind, key, source, version_id);

CREATE TABLE findings (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    scheme TEXT NOT NULL,
    label TEXT NOT NULL,
    severity TEXT NOT NULL,
    rank INTEGER NOT NULL,
    confidence REAL NOT NULL,
    chapters TEXT NOT NULL,
    PRIMARY KEY (version_id, scheme, label)
) WITHOUT ROWID;
CREATE INDEX findings_by_label ON findings (scheme, label, rank, version_id);
"""


_V3_CURRENT = """
-- Derived from the current versions, rebuildable at any time (Library.reindex), kept in
-- step by every write. Lists and searches read these instead of ``versions``, whose long
-- rows (the analysis JSON) would make every scan slow.
-- The short columns lists sort and filter on, one row per current version.
CREATE TABLE listing (
    id INTEGER PRIMARY KEY REFERENCES versions (id) ON DELETE CASCADE,
    work_id INTEGER NOT NULL,
    words INTEGER NOT NULL,
    chapters INTEGER NOT NULL,
    complete INTEGER,
    language TEXT,
    title_sort TEXT NOT NULL,
    author_sort TEXT NOT NULL,
    updated TEXT,
    published TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX listing_by_work ON listing (work_id);
CREATE INDEX listing_by_title ON listing (title_sort, author_sort);
CREATE INDEX listing_by_author ON listing (author_sort, title_sort);
CREATE INDEX listing_by_words ON listing (words);

-- One document of filter tokens per current version (see _rows.filter_token): AO3's
-- includes and excludes become one FTS5 query over posting lists.
CREATE VIRTUAL TABLE filter_fts USING fts5 (tokens, detail = none);

-- How many current versions carry each facet value (a tag, a trigger label, a language).
CREATE TABLE facet_counts (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    works INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX facet_counts_by_works ON facet_counts (kind, works);
"""


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT the open transaction; run statement by statement.
        for statement in _statements(sql):
            conn.execute(statement)

    return apply


def _statements(sql: str) -> list[str]:
    """Split a script into statements; a CREATE TRIGGER body keeps its inner semicolons."""
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:80]!r}")
    return statements


def _filter_rows(conn: sqlite3.Connection) -> None:
    _script(_V2_FILTER_ROWS)(conn)
    rebuild_filter_rows(conn)


def _current_rows(conn: sqlite3.Connection) -> None:
    _script(_V3_CURRENT)(conn)
    rebuild_current_rows(conn)


MIGRATIONS: list[Migration] = [
    Migration(1, "works, versions, story text and its full-text index", _script(_V1_CONTENT)),
    Migration(2, "tags and findings for filters, rebuilt from the stored analyses", _filter_rows),
    Migration(3, "the current versions' listing, filter index and facet counts", _current_rows),
    Migration(4, "works keyed by the query parameters that name a story (sid, storyid)", split_works_by_identity),
]
LATEST = MIGRATIONS[-1].number
