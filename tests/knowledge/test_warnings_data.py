"""The shipped warning taxonomy, cues and lexicons: complete, licensed, and matching as meant."""

from __future__ import annotations

import re

import pytest

from ficscope import knowledge
from ficscope.knowledge import FirstWordIndex, compile_fragments
from ficscope.knowledge._fragment_words import first_words
from ficscope.schema import load_schema

README = "warnings/README.md"


def test_the_shipped_warning_data_has_no_problems() -> None:
    assert knowledge.check_warning_data() == []


def test_the_labels_are_the_schemas_32_pan_labels_and_ao3_warnings() -> None:
    schema = load_schema()["$defs"]
    assert sorted(knowledge.TRIGGER_LABELS) == sorted(schema["triggerLabel"]["enum"])
    assert len(knowledge.TRIGGER_LABELS) == 32
    assert [t.label for t in knowledge.trigger_labels()] == list(knowledge.TRIGGER_LABELS)
    assert set(knowledge.archive_warning_rules()) <= set(schema["archiveWarning"]["enum"])
    assert set(knowledge.archive_warning_rules()) == set(knowledge.ARCHIVE_WARNING_LABELS)


def test_every_label_has_a_definition_a_rating_and_cues() -> None:
    for label in knowledge.trigger_labels():
        assert label.definition and label.groups, label.label
        assert set(label.rating) == set(knowledge.SEVERITIES)
        assert set(label.rating.values()) <= set(knowledge.AO3_RATINGS)


def test_every_file_names_its_source_and_licence_and_the_readme_lists_it() -> None:
    readme = knowledge._data_dir("warnings").joinpath("README.md").read_text(encoding="utf-8")
    for name in ("taxonomy.json", "cues.json", "lexicons.json", "idioms.json", "context.json", "slurs.json", "tags.json"):
        data = knowledge.warning_data(name)
        assert data["source"] and data["licence"], name
        assert f"`{name}`" in readme, name
    # Empath's MIT licence asks for its notice wherever its words are copied.
    assert "Copyright (c) 2016 Ethan Fast" in readme


@pytest.mark.parametrize(
    "phrase",
    [
        "it's killing me to see you", "I'm dying to see it", "dead tired", "to die for", "murdered that song",
        "drop dead gorgeous", "blood on my hands", "a panic attack", "after a beat", "shot him a look", "bloody hell",
        "a pregnant pause", "suicide mission", "abort the mission",
    ],
)
def test_figures_of_speech_are_listed_as_idioms(phrase: str) -> None:
    assert knowledge.warning_idioms().search(phrase), phrase
    assert knowledge.idiom_index().spans(phrase), phrase


@pytest.mark.parametrize(
    ("label", "text"),
    [("sexual-assault", "the therapist"), ("sexual-assault", "a bunch of grapes"), ("death", "the skillet"), ("violence", "a hitch")],
)
def test_cues_match_whole_words_only(label: str, text: str) -> None:
    groups = next(t for t in knowledge.trigger_labels() if t.label == label).groups
    assert not any(group.pattern.search(text) for group in groups)


SAMPLES = [
    "Jake punched Tomas in the face, and blood poured from his nose. He pointed the gun at Wren.",
    "She was pregnant. The fairy lights glowed. \u201cMove, you f*ggot,\u201d he said. Tomas bled out on the stairs.",
    "Kill(ed) him? They were dying; he'd been kidnapped and held hostage, tied to a chair.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_first_word_index_finds_what_the_plain_pattern_finds(text: str) -> None:
    fragments = [f for label in knowledge.trigger_labels() for group in label.groups for f in group.fragments]
    plain = compile_fragments(fragments)
    indexed = {start for start, _ in knowledge.cue_index().spans(text)}
    assert {m.start() for m in plain.finditer(text)} <= indexed


def test_the_first_word_index_searches_a_range_and_keeps_offsets() -> None:
    index = FirstWordIndex({"a": ["hit (?:him|her)"], "b": ["\\d+x\\d+"]})
    text = "He hit her in 2x05, and hit him."
    matches = index.matches(text, 3)
    assert [(text[m.start : m.end], sorted(m.tags)) for m in matches] == [("hit her", ["a"]), ("2x05", ["b"]), ("hit him", ["a"])]
    assert index.spans(text, 20) == [(24, 31)]


def test_macros_expand_to_their_lexicons() -> None:
    pattern = compile_fragments(["(?:kicked|beat) the {ANIMAL}"])
    assert pattern.search("he kicked the dog") and not pattern.search("he kicked the door")
    with pytest.raises(knowledge.KnowledgeError):
        compile_fragments(["{NOSUCHMACRO}"])


def test_every_slur_list_has_strong_words_and_every_target_is_a_label() -> None:
    slurs = knowledge.warning_data("slurs.json")["slurs"]
    assert set(slurs) <= set(knowledge.TRIGGER_LABELS)
    for label, lists in slurs.items():
        assert lists["strong"], label
        for kind in lists.values():
            for word in kind:
                re.compile(word)


@pytest.mark.parametrize(
    ("fragment", "words"),
    [
        ("kill(?:ed|ing|s)? {PERSON}", {"kill", "killed", "killing", "kills"}),
        ("(?:his|her) mouth", {"his", "her"}),
        ("(?:(?<=was )|(?<=were ))killed(?! in (?:a|an) accident)", {"killed"}),
        ("blood[- ]red", {"blood"}),
        ("f\\*+g", {"f"}),
        ("ab ?c", {"ab", "abc"}),
        ("fianc[eé]e?", {"fiance", "fiancee", "fiancé", "fiancée"}),
        ("(?:x)? bar", None),  # may start with the space: not listable
        ("\\w+ dies", None),
        ("(?-i:[A-Z][a-z]+)'s heart", None),
        ("[^a]b", None),
    ],
)
def test_the_first_words_of_a_fragment_are_read_from_the_fragment(fragment: str, words: set[str] | None) -> None:
    expanded = knowledge.expand_fragments([fragment])[0]
    assert first_words(expanded, 3000) == (frozenset(words) if words is not None else None)


def test_every_cue_starts_with_a_listed_word_so_none_is_searched_the_slow_way() -> None:
    assert knowledge.cue_index()._rest is None
    assert knowledge.idiom_index()._rest is None


def test_every_derived_rule_names_labels_groups_and_lexicons_that_exist() -> None:
    groups = {(t.label, g.name) for t in knowledge.trigger_labels() for g in t.groups}
    for rule in knowledge.derived_labels():
        assert rule.label in knowledge.TRIGGER_LABELS
        assert all(any((source, group) in groups for source in rule.sources) for group in rule.groups), rule
