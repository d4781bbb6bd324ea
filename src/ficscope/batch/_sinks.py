"""Where a batch's results go. The parent process is the only writer.

- ``LibrarySink``: the private library (``--db``); a work whose content hash is stored
  is not stored again.
- ``JsonlSink``: one JSON object per line (``--out results.jsonl``): the analysis JSON
  with ``path`` and ``content_hash`` first. Opened for appending; a last line cut
  short by a killed run is dropped and done again.
- ``ParquetSink``: a Parquet dataset directory (``--out results.parquet``): every few
  hundred works become one more part file, written under a hidden name and renamed,
  so a killed run loses at most the works not yet flushed, and they are done again.

Each sink knows the content hashes it already holds, which is how a rerun resumes.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from ..errors import BatchError
from ._work import Analysed, Output

PARQUET_ROWS = 500  # works per part file
PARQUET_SECONDS = 60.0  # ... or at least this often, whichever comes first

_OUR_LINE = re.compile(r'\{"path": "(?:[^"\\]|\\.)*", "content_hash": "([^"]+)"')


class Sink(Protocol):
    """What the runner writes through."""

    output: Output

    def __len__(self) -> int:
        """How many works the sink held when opened plus those written since."""

    def has(self, content_hash: str) -> bool:
        """True if a work with this content hash is stored already."""

    def put(self, result: Analysed) -> bool:
        """Store one result; False if its content was stored already."""

    def close(self) -> None:
        """Flush and release; safe to call twice."""


def open_sink(db: str | os.PathLike[str] | None = None, out: str | os.PathLike[str] | None = None) -> Sink:
    """The library at ``db`` (the default library when both are None), or the file ``out``
    (``.jsonl`` for JSON Lines, ``.parquet`` for a Parquet dataset directory)."""
    if out is None:
        return LibrarySink(db)
    if db is not None:
        raise BatchError("give either a library (--db) or an output file (--out), not both")
    suffix = Path(out).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return JsonlSink(out)
    if suffix == ".parquet":
        return ParquetSink(out)
    raise BatchError("the output must end in .jsonl (JSON Lines) or .parquet (a Parquet dataset)", path=str(out))


class LibrarySink:
    output = Output.analysis

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        from ..library import Library

        self.library = Library(path)
        self.path = self.library.path

    def __len__(self) -> int:
        return len(self.library)

    def has(self, content_hash: str) -> bool:
        return self.library.has_hash(content_hash)

    def put(self, result: Analysed) -> bool:
        assert result.analysis is not None
        return self.library.add(result.analysis).status != "exists"

    def close(self) -> None:
        self.library.close()


class _HashedFile:
    """A file output that keeps the content hashes it holds in memory."""

    hashes: set[str]

    def __len__(self) -> int:
        return len(self.hashes)

    def has(self, content_hash: str) -> bool:
        return content_hash in self.hashes

    def put(self, result: Analysed) -> bool:
        if result.content_hash in self.hashes:
            return False
        self._write(result)
        self.hashes.add(result.content_hash)
        return True

    def _write(self, result: Analysed) -> None:
        raise NotImplementedError


class JsonlSink(_HashedFile):
    output = Output.json

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.hashes = _jsonl_hashes(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a", encoding="utf-8")

    def _write(self, result: Analysed) -> None:
        self._file.write(record_line(result))
        self._file.flush()  # a killed parent loses at most the line being written

    def close(self) -> None:
        if not self._file.closed:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()


def record_line(result: Analysed) -> str:
    """One JSON Lines record: ``path`` and ``content_hash``, then the analysis JSON's fields."""
    assert result.document is not None and result.document.startswith("{")
    head = f'{{"path": {json.dumps(result.path, ensure_ascii=False)}, "content_hash": {json.dumps(result.content_hash)}'
    rest = result.document[1:]
    return head + (", " + rest if rest != "}" else "}") + "\n"


def _jsonl_hashes(path: Path) -> set[str]:
    """The content hashes in an earlier output; a last line cut short is cut off."""
    hashes: set[str] = set()
    if not path.exists():
        return hashes
    if not path.is_file():
        raise BatchError("exists and is not a file", path=str(path))
    keep = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.endswith(b"\n"):
                digest = _line_hash(raw, path, number, last=True)
                if digest is not None:  # a whole record that only lacks its newline
                    hashes.add(digest)
                    keep += len(raw)
                break
            if raw.strip():
                digest = _line_hash(raw, path, number, last=False)
                assert digest is not None
                hashes.add(digest)
            keep += len(raw)
    size = path.stat().st_size
    if keep < size:
        with path.open("r+b") as handle:
            handle.truncate(keep)
    elif keep and not _ends_with_newline(path):
        with path.open("ab") as handle:
            handle.write(b"\n")
    return hashes


def _line_hash(raw: bytes, path: Path, number: int, *, last: bool) -> str | None:
    """A record's content hash; None for a last line that is not whole JSON (cut short)."""
    text = raw.decode("utf-8", "replace")
    found = _OUR_LINE.match(text)
    if found and not last:
        return found.group(1)
    try:
        record = json.loads(text)
    except ValueError:
        if last:
            return None
        raise BatchError(f"line {number} is not JSON: not a ficscope batch output", path=str(path)) from None
    if not isinstance(record, dict) or not isinstance(record.get("content_hash"), str):
        raise BatchError(f"line {number} has no content_hash: not a ficscope batch output", path=str(path))
    return str(record["content_hash"])


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


# ------------------------------------------------------------------------ Parquet

def parquet_schema() -> Any:
    """The flat columns of a Parquet output, for pandas, Polars and DuckDB."""
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return pa.schema(
        [
            ("path", pa.string()),
            ("hash", pa.string()),
            ("title", pa.string()),
            ("authors", strings),
            ("language", pa.string()),
            ("fandoms", strings),
            ("words", pa.int64()),
            ("chapters", pa.int64()),
            ("rating", pa.string()),
            ("declared_rating", pa.string()),
            ("categories", strings),
            ("warnings", strings),
            ("declared_warnings", strings),
            ("characters", strings),
            ("relationships", strings),
            ("tags", strings),
            ("analysis", pa.string()),
        ]
    )


def flat_row(path: str, content_hash: str, data: dict[str, Any], document: str) -> dict[str, Any]:
    """One Parquet row from the analysis JSON: detected values, with the author's rating
    and warnings beside them, and the whole JSON in ``analysis``."""
    work = data["work"]
    declared = work["declared"]
    return {
        "path": path,
        "hash": content_hash,
        "title": work["title"],
        "authors": list(work["authors"]),
        "language": work["language"],
        "fandoms": _unique([*declared["fandoms"], *data["fandoms"]]),
        "words": data["stats"]["words"],
        "chapters": data["stats"]["chapters"],
        "rating": data["rating"],
        "declared_rating": declared["rating"],
        "categories": list(data["categories"]),
        "warnings": [f"{w['scheme']}:{w['label']}:{w['severity']}" for w in data["warnings"]],
        "declared_warnings": list(declared["warnings"]),
        "characters": [c["name"] for c in data["characters"] if c.get("named", True)],
        "relationships": [r["tag"] for r in data["relationships"]],
        "tags": list(data["tags"]),
        "analysis": document,
    }


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


class ParquetSink(_HashedFile):
    output = Output.row

    def __init__(self, path: str | os.PathLike[str], *, rows_per_part: int = PARQUET_ROWS) -> None:
        import pyarrow.parquet as pq

        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise BatchError("exists and is not a directory: Parquet output is a dataset directory of part files", path=str(path))
        self.path.mkdir(parents=True, exist_ok=True)
        for leftover in self.path.glob(".part-*.tmp"):  # from a run that was killed mid-write
            leftover.unlink()
        self.hashes: set[str] = set()
        for part in sorted(self.path.glob("*.parquet")):
            try:
                column = pq.read_table(part, columns=["hash"]).column("hash")
            except (OSError, KeyError, ValueError) as exc:
                raise BatchError(f"{part.name} is not a ficscope part file ({exc})", path=str(self.path)) from None
            self.hashes.update(str(h) for h in column.to_pylist())
        self.rows_per_part = rows_per_part
        self._rows: list[dict[str, Any]] = []
        self._run = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        self._parts = 0
        self._flushed_at = time.monotonic()

    def _write(self, result: Analysed) -> None:
        assert result.row is not None
        self._rows.append(result.row)
        if len(self._rows) >= self.rows_per_part or time.monotonic() - self._flushed_at >= PARQUET_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the rows held so far as one more part file."""
        self._flushed_at = time.monotonic()
        if not self._rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._parts += 1
        name = f"part-{self._run}-{self._parts:05d}.parquet"
        temporary = self.path / f".{name}.tmp"
        pq.write_table(pa.Table.from_pylist(self._rows, schema=parquet_schema()), temporary, compression="zstd")
        os.replace(temporary, self.path / name)
        self._rows.clear()

    def close(self) -> None:
        self.flush()
