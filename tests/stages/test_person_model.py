"""The person model: its shipped file, its features, and what it makes of clear cases."""

from __future__ import annotations

from collections import Counter

import pytest

from ficscope.model import Chapter
from ficscope.stages import person_model
from ficscope.stages.characters import gather
from ficscope.stages.characters_candidates import occurrences, title, title_gender
from ficscope.stages.characters_features import FEATURES, features


def test_the_shipped_model_has_a_weight_for_every_feature_and_two_thresholds() -> None:
    model = person_model.load()
    assert len(model.weights) == len(FEATURES)
    assert 0 < model.threshold_rare <= model.threshold < 1
    assert model.threshold_for(person_model.FREQUENT) == model.threshold
    assert model.threshold_for(1) == model.threshold_rare


def test_a_model_file_that_does_not_fit_is_refused() -> None:
    weights = {f: 0.0 for f in FEATURES}
    good = {"format": person_model.FORMAT, "version": person_model.FORMAT_VERSION, "threshold": 0.5, "threshold_rare": 0.4, "weights": weights}
    assert person_model.from_json(good, "good").threshold == 0.5
    with pytest.raises(person_model.PersonModelError):
        person_model.from_json({**good, "weights": {"bias": 1.0}}, "few")
    with pytest.raises(person_model.PersonModelError):
        person_model.from_json({**good, "threshold": 1.5}, "threshold")
    with pytest.raises(person_model.PersonModelError):
        person_model.from_json({**good, "format": "other"}, "format")


def test_titles_come_from_the_honorifics_list_and_say_a_gender() -> None:
    text = "Mlle. Blanche smiled at Monsieur Astley. Whether Miss Woodhouse knew, nobody said."
    names = [o.name for o in occurrences(Chapter(number=1, text=text))]
    assert "Mlle. Blanche" in names and "Monsieur Astley" in names and "Miss Woodhouse" in names
    assert title("Mrs. Bates") == "mrs" and title("Bates") is None
    assert title_gender("Mrs. Bates") == "she" and title_gender("Mr. Bates") == "he"
    assert title_gender("Dr. Bates") is None


def test_a_speaking_person_scores_above_a_place_the_text_goes_to() -> None:
    text = (
        "\u201cCome in,\u201d said Ada. Ada smiled, and she poured the tea. "
        "They drove to Hartfield in the rain. The road into Hartfield was flooded, and "
        "the lights of Hartfield were out. \u201cSit down,\u201d Ada said, and Ada laughed."
    )
    chapters = [Chapter(number=1, text=text)]
    table = gather(chapters).table
    model = person_model.load()
    assert model.probability(table["Ada"]) > model.threshold_rare > model.probability(table["Hartfield"])


def test_features_read_cues_around_each_occurrence() -> None:
    text = "\u201cWait,\u201d said Wren. Wren's coat was wet. They lived in Brill. Brill was cold."
    chapter = Chapter(number=1, text=text)
    found = list(occurrences(chapter))
    table = features(found, {1: text}, Counter(), frequencies={})
    wren = dict(zip(FEATURES, table["Wren"]))
    brill = dict(zip(FEATURES, table["Brill"]))
    assert wren["speech_verb_before"] == 0.5 and wren["possessive"] == 0.5
    assert brill["place_before"] == 0.5 and brill["speech_verb_before"] == 0.0
