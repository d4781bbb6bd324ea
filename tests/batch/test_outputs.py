"""``ficscope batch`` as a user types it: bad files reported at the end with exit 1,
JSON Lines and Parquet outputs readable with the columns researchers expect."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficscope.batch._sinks import JsonlSink
from ficscope.batch._work import Analysed
from ficscope.cli import app
from ficscope.errors import BatchError
from tests.batch.conftest import Batched, Collection, stored

runner = CliRunner()

PARQUET_COLUMNS = [
    "path", "hash", "title", "authors", "language", "fandoms", "words", "chapters", "rating", "declared_rating",
    "categories", "warnings", "declared_warnings", "characters", "relationships", "tags", "analysis",
]


def row_of(table: str, path: Path) -> str:
    """The failure table's row for ``path`` (outside a terminal, each row is one line)."""
    rows = [line for line in table.splitlines() if str(path) in line]
    assert len(rows) == 1, table
    return rows[0]


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    files = {"pdf": bad / "scan.txt", "empty": bad / "empty.txt", "zip": bad / "archive.epub"}
    files["pdf"].write_bytes(b"%PDF-1.7\n%binary junk\n")
    files["empty"].write_bytes(b"")
    with zipfile.ZipFile(files["zip"], "w") as archive:
        archive.writestr("readme.txt", "not a book")
    return files


def test_bad_files_are_listed_at_the_end_with_exit_1_and_the_others_are_written(
    collection: Collection, bad_files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    missing = tmp_path / "nowhere"
    done = runner.invoke(app, ["batch", str(collection.directory), str(bad_files["pdf"].parent), str(missing), "--out", str(out)])
    assert done.exit_code == 1, done.output
    assert f"{collection.count} stored in {out}" in done.stdout
    assert "4 failed" in done.stdout
    assert f"4 of {collection.count + 4} failed" in done.stderr
    rows = {path: row_of(done.stderr, path) for path in (*bad_files.values(), missing)}
    assert "PDF that cannot be read" in rows[bad_files["pdf"]] and "[E115]" in rows[bad_files["pdf"]]
    assert "is empty [E103]" in rows[bad_files["empty"]]
    assert "[E110]" in rows[bad_files["zip"]]
    assert "no such file or directory" in rows[missing] and "[E101]" in rows[missing]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == collection.count
    assert list(records[0])[:3] == ["path", "content_hash", "schema_version"]
    assert {Path(r["path"]).name for r in records} == set(collection.names)


def test_parquet_output_has_flat_columns_and_a_rerun_adds_nothing(
    collection: Collection, local_batch: Batched, tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "results.parquet"
    done = runner.invoke(app, ["batch", str(collection.directory), "--out", str(out), "--workers", "2"])
    assert done.exit_code == 0, done.output
    table = pq.read_table(out)
    assert table.column_names == PARQUET_COLUMNS
    assert table.num_rows == collection.count
    rows = table.to_pylist()
    analyses = {row["hash"]: json.loads(row["analysis"]) for row in rows}
    assert analyses == stored(local_batch.db)
    harbour = next(row for row in rows if row["title"] == "A Quiet Kind of Morning")
    assert harbour["declared_rating"] == "General Audiences"
    assert harbour["declared_warnings"] == ["No Archive Warnings Apply"]
    assert "Shadowhunters (TV)" in harbour["fandoms"]
    assert all(w.count(":") >= 2 and w.split(":")[0] in ("ao3", "trigger") for row in rows for w in row["warnings"])
    assert any(row["warnings"] for row in rows)

    again = runner.invoke(app, ["batch", str(collection.directory), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert f"{collection.count} done before" in again.stdout
    assert pq.read_table(out).num_rows == collection.count


def analysed(name: str) -> Analysed:
    document = json.dumps({"schema_version": "1", "work": {"title": name}})
    return Analysed(f"/works/{name}.txt", f"sha256:{name}", 10, document=document)


def test_jsonl_output_cut_short_by_a_kill_loses_only_its_last_line(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    sink = JsonlSink(out)
    for name in ("one", "two"):
        sink.put(analysed(name))
    sink.close()
    whole = out.read_bytes()
    out.write_bytes(whole + b'{"path": "/works/three.txt", "content_hash": "sha256:thr')

    sink = JsonlSink(out)
    assert (sink.has("sha256:one"), sink.has("sha256:two"), sink.has("sha256:thr")) == (True, True, False)
    assert out.read_bytes() == whole
    assert sink.put(analysed("three")) and not sink.put(analysed("one"))
    sink.close()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["work"]["title"] for line in lines] == ["one", "two", "three"]


def test_jsonl_output_that_is_not_ours_is_refused_not_appended_to(tmp_path: Path) -> None:
    out = tmp_path / "notes.jsonl"
    out.write_text('{"title": "my reading list"}\n', encoding="utf-8")
    with pytest.raises(BatchError, match="no content_hash"):
        JsonlSink(out)
    assert out.read_text(encoding="utf-8") == '{"title": "my reading list"}\n'


def test_output_of_unknown_kind_and_both_outputs_are_refused(collection: Collection, tmp_path: Path) -> None:
    done = runner.invoke(app, ["batch", str(collection.directory), "--out", str(tmp_path / "results.csv")])
    assert done.exit_code == 1 and "must end in .jsonl" in done.stderr
    both = runner.invoke(
        app, ["batch", str(collection.directory), "--out", str(tmp_path / "r.jsonl"), "--db", str(tmp_path / "l.sqlite")]
    )
    assert both.exit_code == 2


def test_nothing_found_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "cover.jpg").write_bytes(b"\xff\xd8")
    done = runner.invoke(app, ["batch", str(tmp_path), "--db", str(tmp_path / "library.sqlite")])
    assert done.exit_code == 1
    assert done.stderr.count("\n") == 1
    assert f"error: no works found ({tmp_path}: no .txt, .html, .htm or .epub files in it) [E600]" in done.stderr
