"""One wrapper turns whatever goes wrong while reading a file into a FicscopeError."""

from __future__ import annotations

import pytest

from ficscope.errors import FicscopeError, InputError, TooLargeError, reported_as_ficscope_error


def _deep() -> None:
    _deep()


def test_a_bug_becomes_one_line_naming_the_file() -> None:
    with pytest.raises(FicscopeError) as raised, reported_as_ficscope_error("story.html"):
        {}["missing"]
    assert str(raised.value) == "story.html: internal error (KeyError: 'missing'); please report it [E000]"


def test_deep_nesting_and_memory_are_reading_errors_of_the_kind_asked_for() -> None:
    with pytest.raises(InputError, match="nests too deeply"), reported_as_ficscope_error("a", reading=InputError):
        _deep()
    with pytest.raises(InputError, match="memory available"), reported_as_ficscope_error("a", reading=InputError):
        raise MemoryError


def test_a_ficscope_error_passes_through_unchanged() -> None:
    error = TooLargeError("too big", path="b.epub")
    with pytest.raises(TooLargeError) as raised, reported_as_ficscope_error("a"):
        raise error
    assert raised.value is error
