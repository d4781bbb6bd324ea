"""Fixtures for the web app: a library with a few hand-built works, and a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ficscope.library import Library
from ficscope.web import create_app
from tests.web.shelf import BASE_URL, add_shelf


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "library.sqlite"
    with Library(path) as library:
        add_shelf(library)
    return path


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path, max_upload_mb=1), base_url=BASE_URL) as test_client:
        yield test_client
