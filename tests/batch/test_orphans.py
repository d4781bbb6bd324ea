"""A local batch leaves no process behind when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.collection import write_collection

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def _session(sid: int) -> list[int]:
    """Every process whose session is ``sid`` (the batch and everything it started)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state ppid pgrp session
            members.append(int(entry.name))
    return members


def test_batch_killed_with_sigkill_leaves_no_worker_forkserver_or_tracker(tmp_path: Path) -> None:
    works = tmp_path / "works"
    write_collection(works, 60, seed=5)
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path("src").resolve()), *sys.path]))
    batch = subprocess.Popen(
        [sys.executable, "-m", "ficscope", "batch", str(works), "--db", str(tmp_path / "library.sqlite"), "--workers", "2"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while len(_session(batch.pid)) < 5 and batch.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)  # the batch, its resource tracker, the forkserver and two workers
        assert batch.poll() is None, "the batch ended before it could be killed"
        assert len(_session(batch.pid)) >= 5, "the batch never started its workers"
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
        deadline = time.monotonic() + 15
        while _session(batch.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _session(batch.pid) == []
    finally:
        for pid in _session(batch.pid):
            os.kill(pid, signal.SIGKILL)
        if batch.poll() is None:
            batch.kill()
            batch.wait()
