"""Fixtures for the web app: a library with a few hand-built works, a client, and
Chromium for the tests in a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page

from ficscope.library import Library
from ficscope.web import create_app
from tests.web.served import chromium
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
