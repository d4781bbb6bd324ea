"""Interrupted batches: Ctrl-C (SIGINT) or a kill (SIGTERM) stops cleanly with what is
done stored, and running the same command again finishes the rest without analysing
again what was stored, into a library or a JSON Lines file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.collection import write_collection
from ficscope.library import Library
from tests.batch.conftest import analysed, stored

WORKS = 16


def ficscope(*args: str | Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ficscope.cli", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def done_sources(output: Path) -> dict[str, str]:
    """Content hash → source path of every work stored in a library or a JSON Lines file."""
    if not output.exists():
        return {}
    if output.suffix == ".jsonl":
        lines = output.read_text(encoding="utf-8").split("\n")[:-1]  # whole lines only
        return {record["content_hash"]: record["path"] for record in map(json.loads, lines)}
    return {digest: analysis["work"]["source"] for digest, analysis in stored(output).items()}


def interrupt_after(process: subprocess.Popen[str], output: Path, works: int, how: signal.Signals) -> str:
    deadline = time.monotonic() + 120
    while len(done_sources(output)) < works:
        assert process.poll() is None, f"the batch ended before it could be interrupted: {process.communicate()}"
        assert time.monotonic() < deadline, "the batch stored nothing in two minutes"
        time.sleep(0.05)
    process.send_signal(how)
    return process.communicate(timeout=60)[1]


@pytest.mark.parametrize(
    ("how", "output"), [(signal.SIGINT, "library.sqlite"), (signal.SIGTERM, "results.jsonl")], ids=["ctrl-c", "kill"]
)
def test_interrupted_batch_resumes_without_analysing_stored_works_again(
    how: signal.Signals, output: str, tmp_path: Path
) -> None:
    works = tmp_path / "works"
    write_collection(works, WORKS, seed=5, sizes=[900] * WORKS)
    target = tmp_path / output
    option = "--db" if target.suffix == ".sqlite" else "--out"
    trace = tmp_path / "trace"
    trace.mkdir()
    env = {**os.environ, "FICSCOPE_BATCH_TRACE": str(trace)}

    first = ficscope("batch", works, option, target, "--workers", "1", env=env)
    stderr = interrupt_after(first, target, 3, how)
    assert first.returncode == 130, stderr
    assert "Interrupted" in stderr and "run the same command again" in stderr
    before = done_sources(target)
    assert 3 <= len(before) < WORKS, "the batch was not interrupted midway"
    added = {}
    if option == "--db":
        with Library(target) as library:
            added = {w.id: w.added for w in library.list(limit=None).works}

    second = ficscope("batch", works, option, target, "--workers", "1", env=env)
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode == 0, stderr
    assert f"{len(before)} done before" in stdout

    after = done_sources(target)
    assert len(after) == WORKS and before.items() <= after.items()
    if option == "--out":
        assert len(target.read_text(encoding="utf-8").splitlines()) == WORKS  # no line written twice
    runs = analysed(trace)
    assert all(runs.count(source) == 1 for source in before.values()), "a stored work was analysed again"
    assert len(set(runs)) == WORKS
    if added:
        with Library(target) as library:  # the first run's rows untouched
            assert {w.id: w.added for w in library.list(limit=None).works if w.id in added} == added
