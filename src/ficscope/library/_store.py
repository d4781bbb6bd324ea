"""Writes: storing an analysis (a new work or a new version of one), removing, exporting.

Every function here that writes expects to run inside ``write_transaction``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Generator
from typing import Any

from ..errors import WorkNotFoundError
from ..knowledge import fold
from ..model import Analysis, Work, as_dict
from ._db import now, read_transaction
from ._identity import url_key
from ._rows import insert_filter_rows, make_current, unmake_current
from ._types import AddResult, AddStatus, RemoveResult

# Chapters are stored as one text, joined by a blank line so no two words run together.
CHAPTER_SEPARATOR = "\n\n"

def content_hash(work: Work) -> str:
    """The identity of a work's content: its title, authors and every chapter's title
    and text. Adding a work whose hash is stored already does nothing."""
    payload = json.dumps(
        [work.title, list(work.authors), [[c.title, c.text] for c in work.chapters]], ensure_ascii=False
    )
    return "sha256:" + hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def title_key(title: str | None, authors: list[str]) -> str | None:
    """Title and authors, folded; None unless the work has both."""
    if not title or not title.strip() or not authors:
        return None
    return "\x1f".join([fold(title), *sorted(fold(a) for a in authors)])


def _same_work(conn: sqlite3.Connection, work: Work) -> int | None:
    """The stored work this one is a version of: same URL, or same title and authors
    where at most one of the two has a URL."""
    by_url = url_key(work.url)
    if by_url is not None:
        row = conn.execute("SELECT work_id FROM versions WHERE url_key = ? ORDER BY id DESC LIMIT 1", (by_url,)).fetchone()
        if row is not None:
            return int(row[0])
    by_title = title_key(work.title, work.authors)
    if by_title is None:
        return None
    candidates = conn.execute(
        "SELECT work_id, group_concat(url_key, char(31)) FROM versions WHERE work_id IN"
        " (SELECT work_id FROM versions WHERE title_key = ?) GROUP BY work_id ORDER BY max(id) DESC",
        (by_title,),
    ).fetchall()
    for work_id, urls in candidates:
        if by_url is None or not urls:
            return int(work_id)
    return None


def existing_version(conn: sqlite3.Connection, digest: str) -> AddResult | None:
    row = conn.execute(
        "SELECT work_id, number, title FROM versions WHERE content_hash = ?", (digest,)
    ).fetchone()
    if row is None:
        return None
    return AddResult("exists", int(row[0]), int(row[1]), row[2])


def store(conn: sqlite3.Connection, analysis: Analysis) -> AddResult:
    """Store an analysis and its story text as a new work or a new current version."""
    work = analysis.work
    digest = content_hash(work)
    found = existing_version(conn, digest)
    if found is not None:
        return AddResult(found.status, found.id, found.version, found.title, work.source)
    added_at = now()
    work_id = _same_work(conn, work)
    previous: int | None = None
    if work_id is None:
        work_id = int(conn.execute("INSERT INTO works (added_at) VALUES (?)", (added_at,)).lastrowid or 0)
        number = 1
    else:
        row = conn.execute(
            "SELECT max(number), max(CASE WHEN is_current THEN number END) FROM versions WHERE work_id = ?",
            (work_id,),
        ).fetchone()
        number, previous = int(row[0]) + 1, row[1]
        _retire_current(conn, work_id)
        conn.execute("UPDATE versions SET is_current = 0 WHERE work_id = ? AND is_current = 1", (work_id,))
    data = as_dict(analysis)
    version_id = insert_version(conn, work_id, number, digest, data, work, added_at)
    insert_filter_rows(conn, version_id, data)
    make_current(conn, version_id)
    status: AddStatus = "added" if number == 1 else "new-version"
    return AddResult(status, work_id, number, work.title, work.source, previous)


def insert_version(
    conn: sqlite3.Connection, work_id: int, number: int, digest: str, data: dict[str, Any], work: Work, added_at: str
) -> int:
    """The version row, its text and its chapters (the full-text index follows by trigger)."""
    info = data["work"]
    authors: list[str] = info["authors"]
    cursor = conn.execute(
        """INSERT INTO versions (work_id, number, is_current, content_hash, url_key, title_key, title, title_sort,
               authors, author_sort, url, source, source_format, language, words, chapters, complete,
               published, updated, added_at, schema_version, analysis)
           VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            work_id, number, digest, url_key(work.url), title_key(work.title, authors), info["title"],
            fold(info["title"] or ""), json.dumps(authors, ensure_ascii=False), fold(authors[0]) if authors else "",
            info["url"], info["source"], info["source_format"], info["language"], data["stats"]["words"],
            data["stats"]["chapters"], None if info["complete"] is None else int(info["complete"]),
            info["published"], info["updated"], added_at, data["schema_version"],
            json.dumps(data, ensure_ascii=False),
        ),
    )
    version_id = int(cursor.lastrowid or 0)
    start = 0
    rows = []
    for chapter in work.chapters:
        rows.append((version_id, chapter.number, chapter.title, start, len(chapter.text)))
        start += len(chapter.text) + len(CHAPTER_SEPARATOR)
    body = CHAPTER_SEPARATOR.join(chapter.text for chapter in work.chapters)
    conn.execute("INSERT INTO texts (version_id, body) VALUES (?, ?)", (version_id, body))
    conn.executemany("INSERT INTO chapters (version_id, number, title, start, length) VALUES (?, ?, ?, ?, ?)", rows)
    return version_id


def version_row(conn: sqlite3.Connection, work_id: int, version: int | None) -> sqlite3.Row:
    """The version row asked for (the current one when ``version`` is None)."""
    row: sqlite3.Row | None
    if version is None:
        row = conn.execute("SELECT * FROM versions WHERE work_id = ? AND is_current = 1", (work_id,)).fetchone()
    else:
        row = conn.execute("SELECT * FROM versions WHERE work_id = ? AND number = ?", (work_id, version)).fetchone()
    if row is None:
        exists = conn.execute("SELECT 1 FROM works WHERE id = ?", (work_id,)).fetchone()
        if exists is None or version is None:
            raise WorkNotFoundError(f"no work #{work_id} in the library")
        raise WorkNotFoundError(f"work #{work_id} has no version {version}")
    return row


def remove(conn: sqlite3.Connection, work_id: int, version: int | None) -> RemoveResult:
    """Remove a whole work, or one version of it (the newest remaining one becomes current)."""
    if version is None:
        version_row(conn, work_id, None)
        numbers = [r[0] for r in conn.execute("SELECT number FROM versions WHERE work_id = ? ORDER BY number", (work_id,))]
        _retire_current(conn, work_id)
        conn.execute("DELETE FROM works WHERE id = ?", (work_id,))
        return RemoveResult(work_id, numbers, None)
    if version_row(conn, work_id, version)["is_current"]:
        _retire_current(conn, work_id)
    conn.execute("DELETE FROM versions WHERE work_id = ? AND number = ?", (work_id, version))
    current = conn.execute("SELECT number FROM versions WHERE work_id = ? AND is_current = 1", (work_id,)).fetchone()
    if current is None:
        newest = conn.execute("SELECT max(number) FROM versions WHERE work_id = ?", (work_id,)).fetchone()[0]
        if newest is None:
            conn.execute("DELETE FROM works WHERE id = ?", (work_id,))
            return RemoveResult(work_id, [version], None)
        conn.execute("UPDATE versions SET is_current = 1 WHERE work_id = ? AND number = ?", (work_id, newest))
        promoted = conn.execute("SELECT id FROM versions WHERE work_id = ? AND number = ?", (work_id, newest)).fetchone()
        make_current(conn, int(promoted[0]))
        current = (newest,)
    return RemoveResult(work_id, [version], int(current[0]))


def _retire_current(conn: sqlite3.Connection, work_id: int) -> None:
    """The work's current version leaves the listing, the filter index and the counts."""
    row = conn.execute("SELECT id FROM versions WHERE work_id = ? AND is_current = 1", (work_id,)).fetchone()
    if row is not None:
        unmake_current(conn, int(row[0]))


def chapter_texts(conn: sqlite3.Connection, version_id: int) -> list[tuple[int, str | None, str]]:
    """(number, title, text) of every chapter of a version."""
    rows = conn.execute(
        "SELECT c.number, c.title, substr(t.body, c.start + 1, c.length) FROM chapters c"
        " JOIN texts t ON t.version_id = c.version_id WHERE c.version_id = ? ORDER BY c.number",
        (version_id,),
    ).fetchall()
    return [(int(n), title, text) for n, title, text in rows]


def export(conn: sqlite3.Connection) -> Generator[dict[str, Any], None, None]:
    """Every stored version, oldest work first: enough to rebuild the library."""
    with read_transaction(conn):
        rows = conn.execute(
            "SELECT v.id, v.work_id, v.number, v.is_current, v.content_hash, v.added_at, v.analysis, w.added_at"
            " FROM versions v JOIN works w ON w.id = v.work_id ORDER BY v.work_id, v.number"
        )
        for version_id, work_id, number, current, digest, added, analysis, first_added in rows:
            yield {
                "id": work_id,
                "version": number,
                "current": bool(current),
                "work_added": first_added,
                "added": added,
                "content_hash": digest,
                "analysis": json.loads(analysis),
                "chapters": [
                    {"number": n, "title": title, "text": text} for n, title, text in chapter_texts(conn, version_id)
                ],
            }
