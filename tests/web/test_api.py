"""The JSON API: the same library as the pages, described by its OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ficscope.library import Library
from ficscope.web import API_HEADER
from tests.library.works import HARBOUR
from tests.web.shelf import BEATING, HOSTILE

CHANGE = {API_HEADER: "test"}


def test_list_and_search_take_the_pages_filters(client: TestClient) -> None:
    listed = client.get("/api/works").json()
    assert listed["total"] == 3 and [w["title"] for w in listed["works"]] == [HOSTILE, "Orchard Days", "Harbour Lights"]
    found = client.get("/api/works", params={"q": "ferry", "exclude_trigger": "violence", "sort": "title"}).json()
    assert [w["title"] for w in found["works"]] == ["Harbour Lights"]
    assert any(part["hit"] and part["text"].lower() == "ferry" for part in found["works"][0]["snippet"])
    page = client.get("/api/works", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and [w["title"] for w in page["works"]] == ["Orchard Days"]


def test_facets_count_the_matching_works(client: TestClient) -> None:
    facets = client.get("/api/facets", params={"exclude_rating": "Mature"}).json()
    assert {f["name"]: f["count"] for f in facets["rating"]} == {"General Audiences": 1, "Teen And Up Audiences": 1}
    assert {f["name"]: f["count"] for f in facets["trigger"]} == {"blood": 1, "death": 1}


def test_a_malformed_filter_is_a_422_with_the_reason(client: TestClient) -> None:
    response = client.get("/api/works", params={"words_from": "lots"})
    assert response.status_code == 422
    reason = "words from 'lots': 'lots' is not a number (write 5000, 5,000 or 5k) [E404]"
    assert response.json() == {"detail": reason, "code": "E404"}


def test_work_detail_is_the_stored_analysis(client: TestClient, db_path: Path) -> None:
    with Library(db_path) as library:
        stored = library.get(1)
    detail = client.get("/api/works/1").json()
    assert detail["analysis"] == stored.analysis
    assert detail["title"] == "Harbour Lights" and detail["versions"][0]["current"] is True
    assert client.get("/api/works/1/analysis").json() == stored.analysis


def test_chapter_text_is_exact(client: TestClient) -> None:
    chapter = client.get("/api/works/1/chapters/1").json()
    assert chapter == {"work_id": 1, "version": 1, "number": 1, "title": "Part 1", "text": HARBOUR}


def test_missing_things_are_404_with_a_code(client: TestClient) -> None:
    assert client.get("/api/works/99").json() == {"detail": "no work #99 in the library [E403]", "code": "E403"}
    assert client.get("/api/works/1/chapters/9").status_code == 404


def test_upload_stores_the_work_and_returns_its_number(client: TestClient) -> None:
    files = {"file": ("back-alley.txt", BEATING.encode(), "text/plain")}
    response = client.post("/api/works", files=files, headers=CHANGE)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "status": "added", "id": 4, "version": 1, "title": "The Back Alley", "source": "back-alley.txt",
        "previous_version": None,
    }
    again = client.post("/api/works", files=files, headers=CHANGE)
    assert again.status_code == 200 and again.json()["status"] == "exists"
    analysis = client.get("/api/works/4/analysis").json()
    assert analysis["schema_version"] == "1" and analysis["stats"]["words"] > 100


@pytest.mark.parametrize(
    ("files", "status", "code"),
    [
        ({"file": ("a.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png")}, 422, "E106"),
        ({"file": ("big.txt", HARBOUR.encode() * 20000, "text/plain")}, 413, "E104"),
        ({"other": ("x.txt", b"", "text/plain")}, 400, "E113"),
    ],
)
def test_a_bad_upload_is_refused_with_the_reason(
    client: TestClient, files: dict[str, tuple[str, bytes, str]], status: int, code: str
) -> None:
    response = client.post("/api/works", files=files, headers=CHANGE)
    assert response.status_code == status and response.json()["code"] == code, response.text


def test_an_upload_that_is_no_form_is_refused(client: TestClient) -> None:
    response = client.post("/api/works", content=BEATING.encode(), headers={**CHANGE, "Content-Type": "text/plain"})
    assert response.status_code == 400 and "multipart/form-data" in response.json()["detail"]


def test_changes_need_the_api_header(client: TestClient) -> None:
    files = {"file": ("back-alley.txt", BEATING.encode(), "text/plain")}
    refused = client.post("/api/works", files=files)
    assert refused.status_code == 403 and refused.json()["code"] == "E501"
    assert client.delete("/api/works/1").status_code == 403
    assert client.delete("/api/works/1", headers={**CHANGE, "Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.get("/api/works").json()["total"] == 3


def test_delete_removes_a_work(client: TestClient) -> None:
    response = client.delete("/api/works/2", headers=CHANGE)
    assert response.json() == {"id": 2, "removed_versions": [1], "current_version": None}
    assert client.get("/api/works/2").status_code == 404


def test_openapi_describes_the_api_and_only_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/works", "/api/facets", "/api/works/{work_id}", "/api/works/{work_id}/analysis",
        "/api/works/{work_id}/chapters/{number}",
    }
    assert set(schema["paths"]["/api/works"]) == {"get", "post"}
    assert "multipart/form-data" in schema["paths"]["/api/works"]["post"]["requestBody"]["content"]
    parameters = {p["name"] for p in schema["paths"]["/api/works"]["get"]["parameters"]}
    assert {"q", "exclude_trigger", "include_warning", "warnings", "words_from", "status", "sort"} <= parameters
    assert client.get("/docs").status_code == 404  # the interactive docs would load scripts from a CDN
