"""Random and mutated input: the readers either return a work or raise ficscope's own error."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ficscope
from ficscope.errors import FicscopeError
from tests.builders import ao3

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SPEC = ao3.chaptered_work()
HTML = ao3.html_download(_SPEC).encode("utf-8")
EPUB = ao3.epub_download(_SPEC)


def outcome(data: bytes, name: str) -> None:
    try:
        work = ficscope.read_bytes(data, name)
    except FicscopeError:
        return
    ficscope.analyze_work(work)  # what was read must also analyse


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    buffer = bytearray(data)
    for position, cut, insert in edits:
        at = position % (len(buffer) + 1)
        buffer[at : at + cut] = insert
    return bytes(buffer)


EDITS = st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 64), st.binary(max_size=16)), min_size=1, max_size=8)


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["x.txt", "x.html", "x.epub", "x"]))
def test_random_bytes_never_escape_as_a_foreign_exception(data: bytes, name: str) -> None:
    outcome(data, name)


@FUZZ
@given(st.text(max_size=2000))
def test_random_text_never_escapes_as_a_foreign_exception(text: str) -> None:
    outcome(text.encode("utf-8"), "x.txt")


@FUZZ
@given(EDITS)
def test_mutated_ao3_html_is_read_or_refused(edits) -> None:
    outcome(mutate(HTML, edits), "work.html")


@FUZZ
@given(EDITS)
def test_mutated_epub_bytes_are_read_or_refused(edits) -> None:
    outcome(mutate(EPUB, edits), "work.epub")


@FUZZ
@given(st.data())
def test_epub_with_mutated_entries_is_read_or_refused(data) -> None:
    source = zipfile.ZipFile(io.BytesIO(EPUB))
    names = source.namelist()
    target = data.draw(st.sampled_from(names))
    action = data.draw(st.sampled_from(["drop", "mutate", "truncate"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            content = source.read(name)
            if name == target:
                if action == "drop":
                    continue
                if action == "truncate":
                    content = content[: data.draw(st.integers(0, len(content)))]
                else:
                    content = mutate(content, data.draw(EDITS))
            archive.writestr(name, content)
    outcome(out.getvalue(), "work.epub")
