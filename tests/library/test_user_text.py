"""Whatever a user types into a query or a filter, the library answers or raises a
FilterError: never an SQLite error, an overflow or another exception."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficscope.errors import FilterError
from ficscope.filter_options import LIST_PARAMS, filters_from
from ficscope.library import Library, parse_range
from tests.library.works import story

TEXT = st.text(st.characters(codec="utf-8"), max_size=25) | st.from_regex(
    r"\A(words|chapters)?[:<>=]{0,2}[0-9.,_k -]{0,45}\Z"
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    with Library(tmp_path_factory.mktemp("user-text") / "library.sqlite") as opened:
        opened.add(story("Harbour", fandoms=["Original Work"], characters=["Marten"], tags=["Winter"]))
        yield opened


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(query=TEXT, param=st.sampled_from(sorted(LIST_PARAMS)), value=TEXT, words=TEXT)
def test_any_query_and_filter_text_is_answered_or_refused_clearly(
    library: Library, query: str, param: str, value: str, words: str
) -> None:
    try:
        filters = filters_from({param: [value]}, words=parse_range(words) if words.strip() else (None, None))
        library.facets(filters, query)
        assert library.search(query, filters, limit=5).total >= 0
    except FilterError as error:
        assert "\n" not in str(error) and str(error).endswith("[E404]")

