"""Uploads are read and analysed in a worker process with its own limits: a slow or
huge one is refused with the reason, and neither stalls reads nor the server's shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from bench.generate import pasted_work
from ficscope.web import API_HEADER, create_app
from tests.web.shelf import BASE_URL, BEATING

CHANGE = {API_HEADER: "test"}
UPLOAD = {"file": ("back-alley.txt", BEATING.encode(), "text/plain")}


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        ({"analysis_seconds": 0.05}, "took longer than the 0.05 s limit for one work"),
        ({"analysis_memory_mb": 64}, "memory"),
    ],
)
def test_an_analysis_past_its_time_or_memory_limit_is_refused_and_the_next_upload_works(
    db_path: Path, limits: dict[str, float], reason: str
) -> None:
    with TestClient(create_app(db_path, **limits), base_url=BASE_URL) as client:
        response = client.post("/api/works", files=UPLOAD, headers=CHANGE)
        assert response.status_code == 422, response.text
        assert reason in response.json()["detail"]
        assert client.get("/api/works").json()["total"] == 3
    with TestClient(create_app(db_path), base_url=BASE_URL) as client:
        assert client.post("/api/works", files=UPLOAD, headers=CHANGE).status_code == 201


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_reads_answer_during_a_long_upload_and_sigterm_stops_the_server_promptly(db_path: Path, tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ficscope", "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/api/works", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        big = pasted_work(250_000).encode()
        upload = threading.Thread(
            target=lambda: _quietly(lambda: httpx.post(
                f"{base}/api/works", files={"file": ("long.txt", big, "text/plain")}, headers=CHANGE, timeout=120
            )),
            daemon=True,
        )
        upload.start()
        time.sleep(4)  # the worker has started and is analysing
        started = time.monotonic()
        assert httpx.get(f"{base}/api/works", timeout=10).json()["total"] == 3
        assert time.monotonic() - started < 2
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _quietly(call: object) -> None:
    try:
        call()  # type: ignore[operator]
    except httpx.HTTPError:
        pass
