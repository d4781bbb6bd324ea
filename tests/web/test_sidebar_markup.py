"""The sidebar's form fields carry the parameter names the filters read."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_every_trigger_select_is_named_for_its_filter(client: TestClient) -> None:
    page = client.get("/").text
    names = re.findall(r'<select name="([^"]*)" aria-label="([^"]*)"', page)
    assert {label for name, label in names if name == "include_trigger"} == {"blood", "death", "violence"}
    assert {label for name, label in names if name == "exclude_trigger"} == {"blood", "death", "violence"}
    assert {name for name, _ in names} == {"include_trigger", "exclude_trigger"}
