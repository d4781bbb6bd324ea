"""``Library``: the Python API the CLI, the web app and batch jobs share."""

from __future__ import annotations

import builtins
import itertools
import json
import os
import sqlite3
import threading
from collections.abc import Generator, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ..errors import FilterError, LibraryError, WorkNotFoundError
from ..model import Analysis, Work, partial_note
from ..readers import DEFAULT_MAX_BYTES
from . import _store
from ._codec import analysis_from_dict
from ._import import ImportResult, import_records, records
from ._db import connect, migrate, read_transaction, write_transaction
from ._rows import rebuild_current_rows, rebuild_filter_rows
from ._schema import MIGRATIONS
from ._search import (
    HIT_END,
    HIT_START,
    SNIPPET_TOKENS,
    Filters,
    Sort,
    Where,
    build_where,
    order_by,
    parse_query,
)
from ._types import (
    AddResult,
    FacetCount,
    RemoveResult,
    Results,
    SnippetPart,
    StoredWork,
    VersionInfo,
    WarningTag,
    WorkSummary,
)

DB_ENV = "FICSCOPE_DB"
FACET_KINDS = ("rating", "warning", "category", "fandom", "relationship", "character", "tag", "trigger", "language")

# Every list and search reads the current versions' listing rows.
_LISTED = "listing v"
_MATCHING = "v.id IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH ?)"

_SUMMARY_COLUMNS = """w.id AS work_id, v.id AS version_id, v.number, v.is_current, v.title, v.authors, v.url,
    v.language, v.words, v.chapters, v.complete, w.added_at, v.published, v.updated,
    json_extract(v.analysis, '$.work.summary') AS summary,
    json_extract(v.analysis, '$.work.declared.chapters') AS declared_chapters,
    json_extract(v.analysis, '$.work.first_chapter') AS first_chapter"""


def default_db_path() -> Path:
    """``$FICSCOPE_DB``, or ``library.sqlite`` in the user's data directory for ficscope."""
    chosen = os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_data_path("ficscope", appauthor=False) / "library.sqlite"


class Library:
    """A private library of works in one SQLite file.

    Opening it creates the file or brings an older one up to date. Safe to share
    between threads (each gets its own connection) and processes (writers queue on
    SQLite's lock). What a caller can act on is raised as a ``FicscopeError``; nothing
    here prints or exits.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: builtins.list[sqlite3.Connection] = []
        migrate(self._db, MIGRATIONS, path=str(self.path))

    @property
    def _db(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def _writing(self) -> AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._db, path=str(self.path))

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------- writes

    def add(self, source: str | os.PathLike[str] | Work | Analysis, *, max_bytes: int = DEFAULT_MAX_BYTES) -> AddResult:
        """Store a work: a file (read and analysed), a ``Work`` (analysed) or an ``Analysis``.

        Content already stored is not analysed again ("exists"). A work with the URL,
        or the title and authors, of a stored one becomes its new current version.
        """
        if isinstance(source, Analysis):
            analysis = source
        else:
            from .. import analyze_work
            from ..readers import read_work

            work = source if isinstance(source, Work) else read_work(source, max_bytes=max_bytes)
            found = _store.existing_version(self._db, _store.content_hash(work))
            if found is not None:
                return AddResult(found.status, found.id, found.version, found.title, work.source)
            analysis = analyze_work(work)
        with self._writing() as conn:
            return _store.store(conn, analysis)

    def add_many(self, analyses: Iterable[Analysis], *, batch: int = 500) -> builtins.list[AddResult]:
        """Store analyses ``batch`` to a transaction, as ``add`` stores one: far faster for
        many (each transaction waits for the disk), and a crash loses only the batch
        being written. For bulk imports and benchmarks."""
        if batch < 1:
            raise ValueError("batch must be at least 1")
        results: builtins.list[AddResult] = []
        pending = iter(analyses)
        while chunk := builtins.list(itertools.islice(pending, batch)):
            with self._writing() as conn:
                results.extend(_store.store(conn, analysis) for analysis in chunk)
        return results

    def remove(self, work_id: int, *, version: int | None = None) -> RemoveResult:
        """Remove a work with all its versions, or only ``version`` of it."""
        with self._writing() as conn:
            return _store.remove(conn, work_id, version)

    def reindex(self) -> int:
        """Rebuild every version's tag and warning rows from its stored analysis (after
        the fandom packs learn new synonyms). Returns how many versions."""
        with self._writing() as conn:
            count = rebuild_filter_rows(conn)
            rebuild_current_rows(conn)
            return count

    # ----------------------------------------------------------------------- reads

    def has_hash(self, content_hash: str) -> bool:
        """True if a version with this ``content_hash`` (see ``content_hash(work)``) is stored."""
        return _store.existing_version(self._db, content_hash) is not None

    def get(self, work_id: int, *, version: int | None = None) -> StoredWork:
        """One work (its current version unless ``version`` is given) with its analysis JSON."""
        with read_transaction(self._db) as conn:
            row = _store.version_row(conn, work_id, version)
            summary = self._summaries(conn, [int(row["id"])])[0]
            versions = [
                VersionInfo(r["number"], bool(r["is_current"]), r["added_at"], r["words"], r["content_hash"])
                for r in conn.execute(
                    "SELECT number, is_current, added_at, words, content_hash FROM versions"
                    " WHERE work_id = ? ORDER BY number",
                    (work_id,),
                )
            ]
        return StoredWork(summary, versions, row["content_hash"], json.loads(row["analysis"]))

    def analysis(self, work_id: int, *, version: int | None = None) -> Analysis:
        """The stored analysis as an ``Analysis`` with its chapters' text, for the renderers."""
        with read_transaction(self._db) as conn:
            row = _store.version_row(conn, work_id, version)
            texts = [text for _, _, text in _store.chapter_texts(conn, row["id"])]
            return analysis_from_dict(json.loads(row["analysis"]), texts)

    def chapter_text(self, work_id: int, number: int, *, version: int | None = None) -> str:
        """The story text of chapter ``number`` (1-based), exactly as the reader produced it."""
        with read_transaction(self._db) as conn:
            row = _store.version_row(conn, work_id, version)
            found = conn.execute(
                "SELECT substr(t.body, c.start + 1, c.length) FROM chapters c JOIN texts t"
                " ON t.version_id = c.version_id WHERE c.version_id = ? AND c.number = ?",
                (row["id"], number),
            ).fetchone()
        if found is None:
            raise WorkNotFoundError(f"work #{work_id} has no chapter {number} (it has {row['chapters']})")
        return str(found[0])

    def export(self) -> Generator[dict[str, Any], None, None]:
        """Every stored version with its analysis and chapter texts, one dict each. Read it
        to the end, or ``close()`` it, before closing the library."""
        return _store.export(self._db)

    def import_export(self, path: str | os.PathLike[str]) -> ImportResult:
        """Read an export (``export``, as JSON Lines) back: every version with its analysis
        and texts, into this library, new or not. Versions held already are skipped, so
        importing twice changes nothing; a bad line imports nothing (see ``_import``)."""
        name = str(path)
        try:
            with open(path, encoding="utf-8") as handle, self._writing() as conn:
                return import_records(conn, records(handle, name), name)
        except FileNotFoundError:
            raise LibraryError("no such export file", path=name) from None
        except UnicodeDecodeError:
            raise LibraryError("the export is not UTF-8 text", path=name) from None
        except OSError as exc:
            raise LibraryError(f"cannot read the export ({exc.strerror or exc})", path=name) from None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM works").fetchone()[0])

    def search(
        self,
        query: str | None = None,
        filters: Filters | None = None,
        sort: Sort | str | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> Results:
        """Works whose story text matches ``query`` (words and "phrases", all of them,
        plus range terms such as ``words>5000``) and which pass ``filters``; each result
        carries a snippet around the hits. Without a query it is ``list``."""
        parsed = parse_query(query)
        filters = (filters or Filters()).narrowed(words=parsed.words, chapters=parsed.chapters)
        filtered = where = build_where(filters)
        sort = Sort(sort) if sort is not None else None
        if parsed.match is not None:
            # The text index as a set of ids: joined instead, SQLite may ask it once per work.
            where = Where([_MATCHING, *where.clauses], [parsed.match, *where.params])
        ranked = parsed.match is not None and sort in (None, Sort.BEST_MATCH)
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        conn = self._db
        try:
            with read_transaction(conn):
                total = int(conn.execute(f"SELECT count(*) FROM {_LISTED} WHERE {where.sql}", where.params).fetchone()[0])
                if ranked:
                    # Best match: the text index drives, scoring every matching work once.
                    sql = (
                        f"SELECT v.id FROM texts_fts JOIN {_LISTED} ON v.id = texts_fts.rowid"
                        f" WHERE texts_fts MATCH ? AND {filtered.sql}"
                        f" ORDER BY {order_by(Sort.BEST_MATCH, has_query=True)}{page}"
                    )
                    params = [parsed.match, *filtered.params]
                else:
                    ordering = order_by(sort, has_query=False)
                    sql = f"SELECT v.id FROM {_LISTED} WHERE {where.sql} ORDER BY {ordering}{page}"
                    params = where.params
                ids = [int(row[0]) for row in conn.execute(sql, params)]
                works = self._summaries(conn, ids, _snippets(conn, parsed.match, ids))
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc).lower() or "match" in str(exc).lower():
                raise FilterError(f"cannot search for {query!r} ({exc})") from None
            raise
        return Results(total, works)

    def facets(
        self, filters: Filters | None = None, query: str | None = None, *, limit: int | None = None
    ) -> dict[str, builtins.list[FacetCount]]:
        """Counts of matching works per rating, warning, category, fandom, relationship,
        character, additional tag, trigger label and language, most common first."""
        parsed = parse_query(query)
        filters = (filters or Filters()).narrowed(words=parsed.words, chapters=parsed.chapters)
        if filters == Filters() and parsed.match is None:
            return self._counted_facets(limit)
        return self._matching_facets(filters, parsed.match, limit)

    def _counted_facets(self, limit: int | None) -> dict[str, builtins.list[FacetCount]]:
        """The whole library's facets, from the counts every write keeps in step."""
        page = "" if limit is None else f" LIMIT {int(limit)}"
        found: dict[str, builtins.list[FacetCount]] = {}
        with read_transaction(self._db) as conn:
            for kind in FACET_KINDS:
                rows = conn.execute(
                    "SELECT name, key, works FROM facet_counts WHERE kind = ? AND works > 0"
                    f" ORDER BY works DESC, name COLLATE NOCASE{page}",
                    (kind,),
                )
                found[kind] = sorted((FacetCount(*row) for row in rows), key=_most_common_first)
        return found

    def _matching_facets(
        self, filters: Filters, match: str | None, limit: int | None, *, complement: bool | None = None
    ) -> dict[str, builtins.list[FacetCount]]:
        """Facets counted over the works that match, at read time. When most works
        match (an exclude or two), the few that do not are counted and taken from the
        stored whole-library counts instead."""
        where = build_where(filters)
        matching = f"SELECT v.id FROM {_LISTED} WHERE {where.sql}"
        params: builtins.list[Any] = list(where.params)
        if match is not None:
            matching += f" AND {_MATCHING}"
            params.append(match)
        with read_transaction(self._db) as conn:
            return self._facet_lists(conn, matching, params, filters.warnings_source, limit, complement)

    def _facet_lists(
        self,
        conn: sqlite3.Connection,
        matching: str,
        params: Sequence[Any],
        warnings_source: str,
        limit: int | None,
        complement: bool | None,
    ) -> dict[str, builtins.list[FacetCount]]:
        """Each kind's values over the versions ``matching`` selects, most common first."""
        counted = self._count_matching(conn, matching, params, warnings_source, complement)
        found: dict[str, builtins.list[FacetCount]] = {kind: [] for kind in FACET_KINDS}
        for (kind, key), (name, n) in counted.items():
            if n > 0:
                found[kind].append(FacetCount(name, key, n))
        for counts in found.values():
            counts.sort(key=_most_common_first)
            if limit is not None:
                del counts[limit:]
        return found

    def _count_matching(
        self,
        conn: sqlite3.Connection,
        matching: str,
        params: Sequence[Any],
        warnings_source: str,
        complement: bool | None,
    ) -> dict[tuple[str, str], tuple[str, int]]:
        """(kind, key) -> (name, works) over the versions ``matching`` selects, in SQL."""
        either = warnings_source == "either"
        source_filter = "" if either else f" AND (kind != 'warning' OR source = '{warnings_source}')"
        if complement is None:
            complement = either and 2 * _count(conn, f"SELECT count(*) FROM ({matching})", params) > _count(
                conn, "SELECT count(*) FROM listing", []
            )
        if complement:
            matching = f"SELECT id FROM listing WHERE id NOT IN ({matching})"
        queries = (
            f"SELECT kind, key, min(name), count(DISTINCT version_id) FROM tags"
            f" WHERE version_id IN ({matching}){source_filter} GROUP BY kind, key",
            f"SELECT 'trigger', label, label, count(*) FROM findings"
            f" WHERE scheme = 'trigger' AND version_id IN ({matching}) GROUP BY label",
            f"SELECT 'language', lower(language), min(language), count(*) FROM listing"
            f" WHERE language IS NOT NULL AND id IN ({matching}) GROUP BY lower(language)",
        )
        counted = {(kind, key): (name, int(n)) for sql in queries for kind, key, name, n in conn.execute(sql, params)}
        if complement:
            whole = conn.execute("SELECT kind, key, name, works FROM facet_counts WHERE works > 0")
            counted = {(kind, key): (name, n - counted.get((kind, key), ("", 0))[1]) for kind, key, name, n in whole}
        return counted

    def _summaries(
        self, conn: sqlite3.Connection, ids: Sequence[int], snippets: Mapping[int, str] | None = None
    ) -> builtins.list[WorkSummary]:
        """The summaries of these versions, in this order, with their tags and findings."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = conn.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM versions v JOIN works w ON w.id = v.work_id WHERE v.id IN ({marks})", ids
        ).fetchall()
        found = {row["version_id"]: _summary(row, (snippets or {}).get(row["version_id"])) for row in rows}
        summaries = {version_id: found[version_id] for version_id in ids if version_id in found}
        for version_id, kind, source_name, name in conn.execute(
            f"SELECT version_id, kind, source, name FROM tags WHERE version_id IN ({marks})"
            " ORDER BY version_id, kind, source, name COLLATE NOCASE",
            ids,
        ):
            _attach_tag(summaries[version_id], kind, source_name, name)
        for version_id, scheme, label, severity in conn.execute(
            f"SELECT version_id, scheme, label, severity FROM findings WHERE version_id IN ({marks})"
            " ORDER BY version_id, rank DESC, label",
            ids,
        ):
            _attach_finding(summaries[version_id], scheme, label, severity)
        return list(summaries.values())

    # Last: inside the class body the name ``list`` means this method from here on.
    def list(
        self, filters: Filters | None = None, sort: Sort | str | None = None, *, limit: int | None = None, offset: int = 0
    ) -> Results:
        """Works that pass ``filters``, newest first unless ``sort`` says otherwise."""
        return self.search(None, filters, sort, limit=limit, offset=offset)


def _count(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


def _most_common_first(facet: FacetCount) -> tuple[int, str]:
    return -facet.count, facet.name.casefold()


def _snippets(conn: sqlite3.Connection, match: str | None, ids: Sequence[int]) -> dict[int, str]:
    """FTS5's snippet around the hits, for the works on the page only."""
    if match is None or not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT rowid, snippet(texts_fts, 0, ?, ?, '…', {SNIPPET_TOKENS}) FROM texts_fts"
        f" WHERE texts_fts MATCH ? AND rowid IN ({marks})",
        [HIT_START, HIT_END, match, *ids],
    )
    return {int(rowid): snippet for rowid, snippet in rows}


def _summary(row: sqlite3.Row, snippet: str | None) -> WorkSummary:
    complete = row["complete"]
    return WorkSummary(
        id=row["work_id"],
        version=row["number"],
        current=bool(row["is_current"]),
        title=row["title"],
        authors=json.loads(row["authors"]),
        url=row["url"],
        language=row["language"],
        words=row["words"],
        chapters=row["chapters"],
        complete=None if complete is None else bool(complete),
        added=row["added_at"],
        published=row["published"],
        updated=row["updated"],
        summary=row["summary"],
        partial=partial_note(row["declared_chapters"], row["chapters"], row["first_chapter"] or 1),
        snippet=None if snippet is None else snippet_parts(snippet),
    )


def snippet_parts(snippet: str) -> list[SnippetPart]:
    """Split FTS5's marked snippet into plain and matched pieces."""
    parts: list[SnippetPart] = []
    for index, piece in enumerate(snippet.split(HIT_START)):
        hit, _, rest = piece.partition(HIT_END) if index else ("", "", piece)
        if hit:
            parts.append(SnippetPart(hit, True))
        if rest:
            parts.append(SnippetPart(rest, False))
    return parts


_TAG_LISTS = {
    "category": "categories",
    "fandom": "fandoms",
    "relationship": "relationships",
    "character": "characters",
    "tag": "tags",
}


def _attach_tag(summary: WorkSummary, kind: str, source: str, name: str) -> None:
    if kind == "rating":
        if summary.rating is None or source == "declared":
            summary.rating = name
    elif kind == "warning":
        if source == "declared":
            summary.warnings.append(WarningTag(name, "declared"))
    else:
        names: list[str] = getattr(summary, _TAG_LISTS[kind])
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)


def _attach_finding(summary: WorkSummary, scheme: str, label: str, severity: str) -> None:
    tag = WarningTag(label, "detected", severity)
    (summary.warnings if scheme == "ao3" else summary.triggers).append(tag)
