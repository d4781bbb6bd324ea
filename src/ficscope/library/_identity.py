"""Which stored work a URL names, and migration 4, which re-derives it for a library.

Up to schema 3 a URL's query was dropped whole, so two works of a ``viewstory.php``
site (``?sid=1`` and ``?sid=3``) keyed alike and the second became a version of the
first. The key now keeps the query parameters that name a story; migration 4
recomputes every version's key and moves the versions of each other work, with their
text and analysis untouched, out into a work of their own.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from urllib.parse import parse_qsl, urlencode

from ._rows import rebuild_current_rows

_AO3_WORK = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:archiveofourown\.org|ao3\.org)(?:/collections/[^/]+)?/works/(\d+)", re.I
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
# Query parameters that say which story a page is (eFiction's viewstory.php and its
# kin); every other parameter (chapter, view, style, warning) names a view of it.
IDENTIFYING_PARAMETERS = frozenset({"sid", "storyid", "story_id", "story"})


def url_key(url: str | None) -> str | None:
    """The same work's URL in any spelling keys alike: an AO3 work by its number
    (chapter and collection paths, http/https and www ignored), others without scheme,
    fragment or trailing slash, keeping only the query parameters that name a story."""
    if not url or not url.strip():
        return None
    url = url.strip()
    ao3 = _AO3_WORK.match(url)
    if ao3:
        return f"ao3:{ao3.group(1)}"
    bare, _, query = _SCHEME.sub("", url).split("#", 1)[0].partition("?")
    host, _, path = bare.rstrip("/").partition("/")
    kept = sorted((name.lower(), value) for name, value in parse_qsl(query) if name.lower() in IDENTIFYING_PARAMETERS)
    key = f"{host.lower().removeprefix('www.')}/{path}"
    return f"{key}?{urlencode(kept)}" if kept else key


def split_works_by_identity(conn: sqlite3.Connection) -> None:
    """Migration 4: re-key every version; where one work's versions now name several
    works, the versions of all but the first move to new works. Nothing is deleted."""
    rows = conn.execute("SELECT id, work_id, url, is_current, added_at FROM versions ORDER BY work_id, id").fetchall()
    conn.executemany("UPDATE versions SET url_key = ? WHERE id = ?", [(url_key(row[2]), row[0]) for row in rows])
    by_work: dict[int, list[tuple[int, str | None, int, str]]] = defaultdict(list)
    for version_id, work_id, url, is_current, added_at in rows:
        by_work[work_id].append((version_id, url_key(url), is_current, added_at))
    for work_id, versions in by_work.items():
        keys = list(dict.fromkeys(key for _, key, _, _ in versions if key is not None))
        if len(keys) < 2:
            continue
        groups: dict[str | None, list[tuple[int, str | None, int, str]]] = defaultdict(list)
        for version in versions:
            groups[version[1] if version[1] is not None else keys[0]].append(version)
        # Out of the way first: (work_id, number) and "one current per work" are unique.
        conn.execute("UPDATE versions SET is_current = 0, number = -id WHERE work_id = ?", (work_id,))
        for index, key in enumerate(keys):
            target = work_id if index == 0 else _new_work(conn, groups[key][0][3])
            _renumber(conn, target, groups[key])
    rebuild_current_rows(conn)


def _new_work(conn: sqlite3.Connection, added_at: str) -> int:
    return int(conn.execute("INSERT INTO works (added_at) VALUES (?)", (added_at,)).lastrowid)


def _renumber(conn: sqlite3.Connection, work_id: int, versions: list[tuple[int, str | None, int, str]]) -> None:
    """Give ``versions`` to ``work_id`` as versions 1..n; the one that was current stays
    current, else the newest becomes so."""
    current = next((version[0] for version in versions if version[2]), versions[-1][0])
    ids = [version[0] for version in versions]
    conn.executemany(
        "UPDATE versions SET work_id = ?, number = ? WHERE id = ?",
        [(work_id, number, version_id) for number, version_id in enumerate(ids, start=1)],
    )
    conn.execute("UPDATE versions SET is_current = 1 WHERE id = ?", (current,))
