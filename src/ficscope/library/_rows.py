"""The filter rows of one stored version, derived from its analysis JSON.

They hold nothing the analysis does not, so they can be rebuilt whenever the way
tags are matched changes (new fandom packs, a better canonical form).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any, get_args

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
        "relationship": [r["tag"] for r in data["relationships"]],
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
