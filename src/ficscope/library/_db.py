"""The database file: connections, transactions and numbered migrations.

One SQLite file in WAL mode. Every write runs inside ``BEGIN IMMEDIATE`` so a
writer holds the lock from its first statement and a crash leaves the file as it
was before. Migrations are numbered, run in order, each in its own transaction,
and recorded in the ``migrations`` table together with ``PRAGMA user_version``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from ..errors import DatabaseError, NewerDatabaseError

T = TypeVar("T")

# Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def now() -> str:
    """The current time as ISO 8601 in UTC, to the second: "2026-03-04T12:00:00Z"."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` in WAL mode with a busy timeout."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"cannot open the library ({exc})", path=str(path)) from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        mode = _when_unlocked(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        conn.execute("PRAGMA synchronous = FULL")  # a work reported as added survives a power cut
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        conn.close()
        raise DatabaseError(f"cannot open the library ({exc})", path=str(path)) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"is not a ficscope library ({exc})", path=str(path)) from None
    if str(mode).lower() != "wal" and str(path) != ":memory:":
        conn.close()
        raise DatabaseError(f"cannot switch the library to WAL mode (got {mode!r})", path=str(path))
    return conn


def _when_unlocked(step: Callable[[], T]) -> T:
    """Run ``step``, waiting while SQLite says "locked" without waiting itself: two
    processes that open a new file at once race to switch it to WAL, and SQLite
    answers the loser at once instead of calling its busy handler."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.005
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


@contextmanager
def write_transaction(conn: sqlite3.Connection, *, path: str | None = None) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception. SQLite's own
    failures (still locked after the busy timeout, disk full) become a DatabaseError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot write to the library ({exc})", path=path) from None


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One consistent snapshot for several reads."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        try:
            conn.execute("COMMIT")
        except sqlite3.ProgrammingError:  # closed under an abandoned generator: nothing to end
            pass


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: list[Migration], *, path: str) -> int:
    """Bring the database up to the last migration; returns how many were applied."""
    latest = migrations[-1].number
    try:
        current = schema_version(conn)
        if current == 0:
            _refuse_foreign_database(conn, path)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"cannot read the library ({exc})", path=path) from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"is not a ficscope library ({exc})", path=path) from None
    if current > latest:
        raise NewerDatabaseError(
            f"was made by a newer ficscope (schema {current}; this one knows up to {latest}); upgrade ficscope",
            path=path,
        )
    applied = 0
    for migration in migrations:
        if migration.number <= current:
            continue
        with write_transaction(conn, path=path):
            # Another process may have migrated while we waited for the lock.
            if schema_version(conn) >= migration.number:
                continue
            migration.apply(conn)
            conn.execute(
                "INSERT INTO migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (migration.number, migration.name, now()),
            )
            conn.execute(f"PRAGMA user_version = {migration.number}")
            applied += 1
    return applied


def _refuse_foreign_database(conn: sqlite3.Connection, path: str) -> None:
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    if tables and "migrations" not in tables:
        raise DatabaseError(
            f"is an SQLite database but not a ficscope library (it holds {', '.join(sorted(tables)[:5])})",
            path=path,
        )
