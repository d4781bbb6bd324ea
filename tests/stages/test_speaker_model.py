"""The learned choice among candidate speakers, and the model file it is read from."""

from __future__ import annotations

import json
import re

import pytest

from ficscope.model import Chapter, Character, Mention, Quote
from ficscope.stages import speaker_model, speakers
from ficscope.stages.speaker_model import FEATURES, Candidate, Model, ModelError, from_json

PEOPLE = {"Anne": "she", "Diana": "she", "Matthew": "he"}


def scene(text: str) -> tuple[Chapter, list[Quote], list[Mention], list[Character]]:
    quotes = [Quote(1, m.start(), m.end(), m.group(0), confidence=1.0) for m in re.finditer(r"\u201c[^\u201d]*\u201d", text)]
    mentions = [Mention(1, m.start(), m.end(), m.group(0), m.group(0)) for m in re.finditer(r"\b(Anne|Diana|Matthew)\b", text)]
    return Chapter(number=1, text=text), quotes, mentions, [Character(n, gender=g) for n, g in PEOPLE.items()]


# "fluted" is no speech verb the rules know: they find no speaker here.
UNKNOWN_VERB = "Matthew came in from the yard.\n\n\u201cOh, do come quick,\u201d fluted Diana nervously."


def test_shipped_model_loads_with_every_feature() -> None:
    speaker_model.load.cache_clear()
    model = speaker_model.load()
    assert model is not None and len(model.weights) == len(FEATURES)
    assert "tag" not in model.decides and "narrator" not in model.decides


def test_model_file_with_other_features_is_refused() -> None:
    data = {"format": "ficscope-speaker-model", "version": speaker_model.FORMAT_VERSION, "weights": {"rule": 1.0}}
    with pytest.raises(ModelError, match="model.json: its features do not match"):
        from_json(data, "model.json")


def test_model_file_of_another_format_is_refused() -> None:
    with pytest.raises(ModelError, match="x.json: not a version"):
        from_json(json.loads('{"format": "pickle"}'), "x.json")


def test_model_chooses_the_highest_scoring_candidate() -> None:
    weights = tuple(1.0 if f == "first_after" else 0.0 for f in FEATURES)
    first_after = tuple(float(f == "first_after") for f in FEATURES)
    options = [Candidate("Matthew", tuple(0.0 for _ in FEATURES)), Candidate("Diana", first_after)]
    name, probability = Model(weights, frozenset({""})).choose(options)
    assert name == "Diana" and 0.5 < probability < 1.0


def test_candidates_include_the_people_named_around_the_line() -> None:
    _, view = speakers.rules(*scene(UNKNOWN_VERB))
    (options,) = speaker_model.candidates(view)
    assert {"Matthew", "Diana"} <= {c.name for c in options}
    diana = next(c for c in options if c.name == "Diana")
    assert diana.features[FEATURES.index("first_after")] == 1.0


def test_rules_find_no_speaker_after_an_unknown_verb() -> None:
    results, view = speakers.rules(*scene(UNKNOWN_VERB))
    assert results[0].speaker is None and view.cues == [""]


def test_model_names_the_speaker_the_rules_miss() -> None:
    (quote,) = speakers.attribute(*scene(UNKNOWN_VERB))
    assert quote.speaker == "Diana"


def test_without_a_model_the_rules_answer_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speaker_model, "load", lambda: None)
    (quote,) = speakers.attribute(*scene(UNKNOWN_VERB))
    assert quote.speaker is None
