"""The LitBank loader: readable text whose offsets lead back to every token and gold quote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.litbank import ENV_VAR, LitbankDoc, LitbankMissing, data_dir, detokenise, documents, load, split_names

_QUOTE_MARKS = set("\"'\u201c\u201d\u2018\u2019`")


def _data_present() -> bool:
    try:
        data_dir()
    except LitbankMissing:
        return False
    return True


needs_data = pytest.mark.skipif(not _data_present(), reason="the LitBank data is not beside this checkout")


@pytest.fixture(scope="module")
def all_docs() -> list[LitbankDoc]:
    return documents("all")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_missing_data_directory_says_where_and_how_to_fix_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    with pytest.raises(LitbankMissing, match=ENV_VAR) as caught:
        data_dir()
    assert str(tmp_path) in str(caught.value)


def test_detokenised_text_reads_like_prose() -> None:
    text, spans = detokenise([["\u201c", "I", "do", "n't", "know", ",", "\u201d", "she", "said", "."], ["He", "left", "."]])
    assert text == "\u201cI don't know,\u201d she said. He left."
    assert [text[s:e] for s, e in spans[0]] == ["\u201c", "I", "do", "n't", "know", ",", "\u201d", "she", "said", "."]


def test_quote_paragraphs_start_at_opening_marks_and_end_after_closing_ones() -> None:
    sentences = [["He", "waited", "."], ['"', "Ready", "?", '"'], ["Nobody", "answered", "."]]
    text, _ = detokenise(sentences, "quote")
    assert text == 'He waited.\n\n"Ready?"\n\nNobody answered.'
    assert detokenise(sentences, "sentence")[0] == 'He waited.\n\n"Ready?"\n\nNobody answered.'
    tagged, _ = detokenise([['"', "Ready", "?", '"'], ["she", "asked", "."]], "quote")
    assert tagged == '"Ready?" she asked.'


@needs_data
def test_split_has_eighty_dev_and_twenty_test_texts() -> None:
    dev, test = split_names("dev"), split_names("test")
    assert len(dev) == 80 and len(test) == 20 and not set(dev) & set(test)


@needs_data
def test_every_token_span_is_the_token(all_docs: list[LitbankDoc]) -> None:
    for doc in all_docs:
        for sentence, spans in zip(doc.sentences, doc.token_spans):
            assert [doc.text[s:e] for s, e in spans] == sentence, doc.name


@needs_data
def test_every_gold_quote_span_reads_as_its_annotation(all_docs: list[LitbankDoc]) -> None:
    quotes = [(doc, q) for doc in all_docs for q in doc.quotes]
    assert len(quotes) == 1765
    for doc, quote in quotes:
        assert doc.text[quote.start : quote.end] == quote.text
        assert _squash(quote.text) == _squash(quote.annotation), (doc.name, quote.id)
    opening_with_a_mark = sum(q.text[0] in _QUOTE_MARKS for _, q in quotes)
    assert opening_with_a_mark / len(quotes) > 0.9


@needs_data
def test_coref_mentions_and_entities_are_slices_of_the_text(all_docs: list[LitbankDoc]) -> None:
    for doc in all_docs:
        for mentions in doc.clusters.values():
            assert all(doc.text[m.start : m.end] == m.text for m in mentions)
        assert all(doc.text[e.start : e.end] == e.text for e in doc.entities)


@needs_data
def test_speaker_ids_resolve_to_the_cluster_that_names_them_not_to_their_number() -> None:
    doc = load("974_the_secret_agent_a_simple_tale")
    [quote] = doc.quotes
    assert quote.speaker == "Winnie_Verloc-3"
    assert quote.cluster == 2  # the CoNLL export renumbered the brat entity 3
    assert "Winnie Verloc" in {m.text for m in doc.clusters[2]}
    assert "Winnie Verloc" in quote.speaker_names


@needs_data
def test_entities_are_proper_names_with_their_clusters() -> None:
    doc = load("974_the_secret_agent_a_simple_tale")
    names = {e.text for e in doc.entities}
    assert "Mr Verloc" in names
    assert not {"his brother-in-law", "his wife", "Mr"} & names
    verloc = next(e for e in doc.entities if e.text == "Mr Verloc")
    assert verloc.cluster == 0
