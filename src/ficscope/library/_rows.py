"""The filter rows of one stored version, derived from its analysis JSON.

They hold nothing the analysis does not, so they can be rebuilt whenever the way
tags are matched changes (new fandom packs, a better canonical form).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any, get_args

from ..knowledge import fold
from ..model import Severity
from ._synonyms import Resolver, TagKey

SEVERITIES: tuple[str, ...] = get_args(Severity)  # mildest first


def severity_rank(severity: str) -> int:
    """1 for referenced, 2 for depicted, 3 for graphic."""
    return SEVERITIES.index(severity) + 1


def tag_rows(data: Mapping[str, Any]) -> Iterator[tuple[str, str, TagKey]]:
    """(kind, source, key) for every declared and detected tag of an analysis."""
    declared = data["work"]["declared"]
    resolver = Resolver([*declared["fandoms"], *data["fandoms"]])
    detected: dict[str, list[str]] = {
        "rating": [data["rating"]] if data.get("rating") else [],
        "warning": [f["label"] for f in data["warnings"] if f["scheme"] == "ao3"],
        "category": data["categories"],
        "fandom": data["fandoms"],
        # The library lists the relationships a reader would tag; the rest stay in the analysis.
        "relationship": [r["tag"] for r in data["relationships"] if r.get("shown", True) and r["kind"] != "antagonistic"],
        "character": [c["name"] for c in data["characters"]],
        "tag": data["tags"],
    }
    written: dict[str, list[str]] = {
        "rating": [declared["rating"]] if declared.get("rating") else [],
        "warning": declared["warnings"],
        "category": declared["categories"],
        "fandom": declared["fandoms"],
        "relationship": declared["relationships"],
        "character": declared["characters"],
        "tag": declared["tags"],
    }
    for source, by_kind in (("declared", written), ("detected", detected)):
        for kind, values in by_kind.items():
            for value in values:
                if value and value.strip():
                    yield kind, source, resolver.key(kind, value)


def finding_rows(data: Mapping[str, Any]) -> list[tuple[str, str, str, int, float, str]]:
    """(scheme, label, severity, rank, confidence, chapters JSON), the worst per label."""
    worst: dict[tuple[str, str], dict[str, Any]] = {}
    for finding in data["warnings"]:
        key = (finding["scheme"], finding["label"])
        kept = worst.get(key)
        if kept is None or severity_rank(finding["severity"]) > severity_rank(kept["severity"]):
            worst[key] = finding
    return [
        (
            scheme,
            label,
            f["severity"],
            severity_rank(f["severity"]),
            float(f["confidence"]),
            json.dumps(f.get("chapters") or sorted({s["chapter"] for s in f["evidence"]})),
        )
        for (scheme, label), f in worst.items()
    ]


def insert_filter_rows(conn: sqlite3.Connection, version_id: int, data: Mapping[str, Any]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO tags (version_id, kind, source, key, name) VALUES (?, ?, ?, ?, ?)",
        ((version_id, kind, source, tag.key, tag.name) for kind, source, tag in tag_rows(data)),
    )
    conn.executemany(
        "INSERT INTO findings (version_id, scheme, label, severity, rank, confidence, chapters)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((version_id, *row) for row in finding_rows(data)),
    )


def rebuild_filter_rows(conn: sqlite3.Connection) -> int:
    """Recompute every version's tags and findings from its stored analysis; call
    inside a write transaction. Returns how many versions were indexed."""
    conn.execute("DELETE FROM tags")
    conn.execute("DELETE FROM findings")
    rows = conn.execute("SELECT id, analysis FROM versions").fetchall()
    for version_id, analysis in rows:
        insert_filter_rows(conn, version_id, json.loads(analysis))
    return len(rows)



# --------------------------------------------------------------------------- current versions
#
# Lists, searches and the sidebar read only current versions, from three derived
# tables kept in step by every write (DESIGN.md, "The library answers from narrow data"):
# ``listing`` (the short columns lists sort and filter on), ``filter_fts`` (one document
# of filter tokens per version, so AO3's includes and excludes are one FTS5 query over
# posting lists) and ``facet_counts`` (the sidebar's counts for the whole library).

ALL_TOKEN = "all"  # in every document, so a filter made only of excludes has a start


def filter_token(*parts: object) -> str:
    """The word standing for one filter value in ``filter_fts``: ("fandom", key),
    ("warning", key, "declared"), ("trigger", label, rank), ("language", folded),
    ("complete", 1). Letters and digits only, so no tokenizer splits it."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"), digest_size=8)
    return "t" + digest.hexdigest()


def _filter_document(conn: sqlite3.Connection, version_id: int, language: str | None, complete: int | None) -> str:
    tokens = [ALL_TOKEN]
    for kind, source, key in conn.execute("SELECT kind, source, key FROM tags WHERE version_id = ?", (version_id,)):
        tokens += [filter_token(kind, key), filter_token(kind, key, source)]
    for label, rank in conn.execute(
        "SELECT label, rank FROM findings WHERE version_id = ? AND scheme = 'trigger'", (version_id,)
    ):
        tokens += [filter_token("trigger", label, at_least) for at_least in range(1, int(rank) + 1)]
    if language:
        tokens.append(filter_token("language", fold(language)))
    if complete is not None:
        tokens.append(filter_token("complete", int(complete)))
    return " ".join(dict.fromkeys(tokens))


_LISTING_COLUMNS = "id, work_id, words, chapters, complete, language, title_sort, author_sort, updated, published, added_at"

# One version's facet values: its tags (declared and detected alike count once), its
# trigger labels and its language, as ``Library.facets`` counts them.
_VERSION_FACETS = """
    SELECT kind, key, min(name) AS name FROM tags WHERE version_id = :version GROUP BY kind, key
    UNION ALL SELECT 'trigger', label, label FROM findings WHERE version_id = :version AND scheme = 'trigger'
    UNION ALL SELECT 'language', lower(language), language FROM versions WHERE id = :version AND language IS NOT NULL
"""


def _count_facets(conn: sqlite3.Connection, version_id: int, delta: int) -> None:
    conn.execute(
        f"INSERT INTO facet_counts (kind, key, name, works) SELECT kind, key, name, :delta FROM ({_VERSION_FACETS})"
        " WHERE true ON CONFLICT (kind, key) DO UPDATE SET works = works + excluded.works,"
        " name = min(name, excluded.name)",
        {"version": version_id, "delta": delta},
    )


def make_current(conn: sqlite3.Connection, version_id: int) -> None:
    """Enter a version that has become current (its tags and findings in place) into
    the listing, the filter index and the facet counts. Inside a write transaction."""
    conn.execute(
        f"INSERT INTO listing ({_LISTING_COLUMNS}) SELECT {_LISTING_COLUMNS} FROM versions WHERE id = ?", (version_id,)
    )
    language, complete = conn.execute("SELECT language, complete FROM versions WHERE id = ?", (version_id,)).fetchone()
    conn.execute(
        "INSERT INTO filter_fts (rowid, tokens) VALUES (?, ?)",
        (version_id, _filter_document(conn, version_id, language, complete)),
    )
    _count_facets(conn, version_id, 1)


def unmake_current(conn: sqlite3.Connection, version_id: int) -> None:
    """Take a version that stops being current out of them again."""
    _count_facets(conn, version_id, -1)
    conn.execute("DELETE FROM filter_fts WHERE rowid = ?", (version_id,))
    conn.execute("DELETE FROM listing WHERE id = ?", (version_id,))


def rebuild_current_rows(conn: sqlite3.Connection) -> None:
    """Rebuild the listing, the filter index and the facet counts from the current
    versions' rows; call inside a write transaction."""
    conn.execute("DELETE FROM listing")
    conn.execute("DELETE FROM filter_fts")
    conn.execute("DELETE FROM facet_counts")
    conn.execute(f"INSERT INTO listing ({_LISTING_COLUMNS}) SELECT {_LISTING_COLUMNS} FROM versions WHERE is_current = 1")
    rows = conn.execute("SELECT id, language, complete FROM versions WHERE is_current = 1").fetchall()
    conn.executemany(
        "INSERT INTO filter_fts (rowid, tokens) VALUES (?, ?)",
        ((version_id, _filter_document(conn, version_id, language, complete)) for version_id, language, complete in rows),
    )
    conn.execute(
        """INSERT INTO facet_counts (kind, key, name, works)
           SELECT kind, key, min(name), count(DISTINCT version_id) FROM tags
               WHERE version_id IN (SELECT id FROM listing) GROUP BY kind, key
           UNION ALL SELECT 'trigger', label, min(label), count(*) FROM findings
               WHERE scheme = 'trigger' AND version_id IN (SELECT id FROM listing) GROUP BY label
           UNION ALL SELECT 'language', lower(language), min(language), count(*) FROM listing
               WHERE language IS NOT NULL GROUP BY lower(language)"""
    )
