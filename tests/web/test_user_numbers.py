"""Every number and query a user can send is checked: a 422 naming the value, never a
500; NUL and control characters in a query only separate words."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficscope.filter_options import LIST_PARAMS

PATHS = ("/api/works", "/api/facets", "/")
TOO_LARGE = (
    {"q": "words>99999999999999999999"},
    {"words_from": "9" * 40},
    {"words_from": "99999999999999999999.5"},
    {"words_to": "9" * 40},
    {"q": "chapters>=" + "9" * 20},
    {"q": "words>" + "9" * 400},
    {"q": "words:1-" + "9" * 30},
)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("params", TOO_LARGE)
def test_a_count_too_large_is_a_422_naming_it(client: TestClient, path: str, params: dict[str, str]) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert "more than 1,000,000,000" in response.text


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", ["limit", "offset"])
def test_a_page_number_too_large_is_a_422(client: TestClient, path: str, name: str) -> None:
    assert client.get(path, params={name: "9" * 20}).status_code == 422


@pytest.mark.parametrize("path", PATHS)
def test_nul_and_control_characters_in_a_query_separate_words(client: TestClient, path: str) -> None:
    for query in ("\x00x", "ferry\x00", "\x1b[31mferry", "fer\x7fry", '"\x00"'):
        assert client.get(path, params={"q": query}).status_code == 200, repr(query)
    found = client.get("/api/works", params={"q": "\x00ferry\x01"}).json()
    plain = client.get("/api/works", params={"q": "ferry"}).json()
    assert found["total"] >= 1 and found["works"] == plain["works"]


TEXT = st.text(st.characters(codec="utf-8"), max_size=30) | st.from_regex(
    r"\A(words|chapters)?[:<>=]{0,2}[0-9.,k-]{0,30}\Z"
)
PARAM_NAMES = [*LIST_PARAMS, "q", "words_from", "words_to", "status", "sort", "warnings", "limit", "offset"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(params=st.dictionaries(st.sampled_from(PARAM_NAMES), TEXT, max_size=4), path=st.sampled_from(PATHS))
def test_no_filter_or_query_value_ends_in_a_server_error(client: TestClient, params: dict[str, str], path: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code in (200, 422), (params, response.text[:300])
    assert "Traceback" not in response.text
