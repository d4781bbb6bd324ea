"""The PDNC loader: gold quotations whose offsets point at their words, speakers as cast names."""

from __future__ import annotations

import pytest

from bench.pdnc import PdncMissing, data_dir, novels
from bench.quotes_pdnc import with_marks


def _present() -> bool:
    try:
        data_dir()
    except PdncMissing:
        return False
    return True


needs_data = pytest.mark.skipif(not _present(), reason="the PDNC data is not beside this checkout")


@needs_data
def test_dev_split_has_five_novels_and_every_speaker_is_in_the_cast() -> None:
    dev = novels("dev")
    assert len(dev) == 5
    assert sum(len(n.quotations) for n in dev) == 6321
    for novel in dev:
        assert all(q.speaker in novel.cast for q in novel.quotations)


@needs_data
def test_alias_speaker_becomes_main_name() -> None:
    (room,) = novels("train", only="ARoomWithAView")
    speakers = {q.speaker for q in room.quotations}
    assert "Lucy" not in speakers and "Lucy" not in room.cast
    assert "Miss Honeychurch" in speakers


@needs_data
def test_quotation_spans_cover_the_quoted_words() -> None:
    (novel,) = novels("dev", only="TheInvisibleMan")
    first = novel.quotations[0]
    s, e = first.spans[0]
    start, end = with_marks(novel.text, s, e)
    assert novel.text[start] in "\"'\u201c\u2018`" and end - start >= e - s


def test_unknown_split_is_refused() -> None:
    with pytest.raises(ValueError, match="split must be"):
        novels("test")


def test_missing_directory_names_the_path(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FICSCOPE_PDNC", str(tmp_path))
    with pytest.raises(PdncMissing, match=str(tmp_path)):
        data_dir()
