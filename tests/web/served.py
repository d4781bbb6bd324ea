"""``ficscope serve`` in a subprocess on a free port, and Debian's Chromium driven by
Playwright, for the tests that use a real browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path(os.environ.get("FICSCOPE_CHROMIUM", "/usr/bin/chromium"))
STARTUP_S = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The base URL of ``ficscope serve`` over ``db``, until the block ends."""
    port = _free_port()
    log_path = db.parent / "server.log"
    log = log_path.open("w")
    # The server runs elsewhere: a relative PYTHONPATH (src) must still name this source.
    search_path = [str(Path(entry).resolve()) for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    process = subprocess.Popen(
        [sys.executable, "-m", "ficscope.cli", "serve", "--port", str(port), "--db", str(db)],
        stdout=log, stderr=subprocess.STDOUT, cwd=db.parent, env={**os.environ, "PYTHONPATH": os.pathsep.join(search_path)},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_S
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"ficscope serve did not start: {log_path.read_text()}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/install-browser.sh` (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()
