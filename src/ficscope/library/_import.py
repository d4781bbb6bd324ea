"""Reading an export (``ficscope library export``, JSON Lines) back into a library.

Each line is one stored version. A version whose content hash the library holds
already is skipped, so importing the same file twice changes nothing. Into a library
that does not hold the work yet, the work keeps its number, its versions keep theirs,
and every timestamp is kept; where the number is taken by another work, or the
library holds the work already (the same URL, or the same title and authors), the
version joins that work under the next free number.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from ..errors import LibraryError
from ..model import Work
from ._codec import analysis_from_dict
from ._rows import insert_filter_rows, make_current, unmake_current
from ._store import _same_work, content_hash, existing_version, insert_version

_FIELDS = {"id": int, "version": int, "current": bool, "work_added": str, "added": str, "content_hash": str,
           "analysis": dict, "chapters": list}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``Library.import_export`` did: versions stored, and those held already."""

    imported: int
    skipped: int
    works: int  # distinct works the imported versions went to

    def as_dict(self) -> dict[str, int]:
        return {"imported": self.imported, "skipped": self.skipped, "works": self.works}


def records(lines: Iterable[str], path: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` for every non-blank line; a clear error for a bad one."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LibraryError(f"line {number} is not JSON ({exc.msg})", path=path) from None
        yield number, _checked(record, number, path)


def _checked(record: Any, number: int, path: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise LibraryError(f"line {number} is not an exported version (a JSON object)", path=path)
    for name, kind in _FIELDS.items():
        if not isinstance(record.get(name), kind) or (kind is int and isinstance(record[name], bool)):
            raise LibraryError(f"line {number} is not an exported version ({name!r} missing or not {kind.__name__})", path=path)
    if record["id"] < 1 or record["version"] < 1:
        raise LibraryError(f"line {number} has a work or version number below 1", path=path)
    return cast(dict[str, Any], record)


def import_records(conn: sqlite3.Connection, numbered: Iterable[tuple[int, dict[str, Any]]], path: str) -> ImportResult:
    """Store every record's version; inside a write transaction."""
    placed: dict[int, int] = {}  # the export's work number -> this library's
    imported = skipped = 0
    for number, record in numbered:
        work = _work(record, number, path)
        if existing_version(conn, record["content_hash"]) is not None:
            skipped += 1
            continue
        work_id = placed.get(record["id"]) or _place(conn, record, work)
        placed[record["id"]] = work_id
        _insert(conn, work_id, record, work)
        imported += 1
    return ImportResult(imported, skipped, len(placed))


def _work(record: Mapping[str, Any], number: int, path: str) -> Work:
    try:
        texts = [str(chapter["text"]) for chapter in record["chapters"]]
        work = analysis_from_dict(record["analysis"], texts).work
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise LibraryError(f"line {number} holds an analysis this ficscope cannot read ({exc!r})", path=path) from None
    if content_hash(work) != record["content_hash"]:
        raise LibraryError(f"line {number}: the content hash does not match the title, authors and chapters", path=path)
    return work


def _place(conn: sqlite3.Connection, record: Mapping[str, Any], work: Work) -> int:
    """The work a version joins: the one the library holds already, else a new one
    under the export's number when that is free."""
    same = _same_work(conn, work)
    if same is not None:
        return same
    taken = conn.execute("SELECT 1 FROM works WHERE id = ?", (record["id"],)).fetchone()
    if taken is None:
        conn.execute("INSERT INTO works (id, added_at) VALUES (?, ?)", (record["id"], record["work_added"]))
        return int(record["id"])
    return int(conn.execute("INSERT INTO works (added_at) VALUES (?)", (record["work_added"],)).lastrowid or 0)


def _insert(conn: sqlite3.Connection, work_id: int, record: Mapping[str, Any], work: Work) -> None:
    number = record["version"]
    if conn.execute("SELECT 1 FROM versions WHERE work_id = ? AND number = ?", (work_id, number)).fetchone():
        number = int(conn.execute("SELECT max(number) FROM versions WHERE work_id = ?", (work_id,)).fetchone()[0]) + 1
    current = conn.execute("SELECT id FROM versions WHERE work_id = ? AND is_current = 1", (work_id,)).fetchone()
    if current is not None:  # insert_version enters every version as current
        unmake_current(conn, int(current[0]))
        conn.execute("UPDATE versions SET is_current = 0 WHERE id = ?", (int(current[0]),))
    data = record["analysis"]
    version_id = insert_version(conn, work_id, number, record["content_hash"], data, work, record["added"])
    insert_filter_rows(conn, version_id, data)
    keep = version_id if record["current"] or current is None else int(current[0])
    if keep != version_id:
        conn.execute("UPDATE versions SET is_current = 0 WHERE id = ?", (version_id,))
        conn.execute("UPDATE versions SET is_current = 1 WHERE id = ?", (keep,))
    make_current(conn, keep)
