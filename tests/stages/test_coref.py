"""The coreference stage: each third-person pronoun resolved once, to a character or to nobody."""

from __future__ import annotations

import pytest

from ficscope.model import Chapter, Character, Mention, Work
from ficscope.pipeline import default_pipeline
from ficscope.stages import coref


def mentions_of(text: str, names: dict[str, str]) -> list[Mention]:
    """Every place ``text`` writes one of ``names`` (form -> character)."""
    found = []
    for form, character in names.items():
        start = text.find(form)
        while start >= 0:
            found.append(Mention(1, start, start + len(form), form, character))
            start = text.find(form, start + len(form))
    return sorted(found, key=lambda m: m.start)


def resolve(text: str, names: dict[str, str], genders: dict[str, str | None]) -> dict[str, str]:
    chapter = Chapter(1, text)
    cast = [Character(name, mentions=text.count(name.split()[0]), gender=gender) for name, gender in genders.items()]
    found = coref.resolve_chapter(chapter, mentions_of(text, names), cast, [])
    return {f"{text[o:o + 8].split()[0]}@{o}": who for (_, o), who in found.items()}


def test_a_pronoun_means_the_nearest_character_whose_gender_agrees() -> None:
    text = "Wren climbed to the lamp room. Wren trimmed the wick while Tomas waited below. She lit the lamp."
    found = resolve(text, {"Wren": "Wren", "Tomas": "Tomas"}, {"Wren": "she", "Tomas": "he"})
    assert found == {f"She@{text.index('She')}": "Wren"}


def test_a_pronoun_with_no_character_named_before_it_is_nobody_s() -> None:
    text = "He came in out of the rain. Later Wren climbed the stairs."
    assert resolve(text, {"Wren": "Wren"}, {"Wren": "she"}) == {}


def test_every_candidate_has_every_feature_and_nobody_comes_last() -> None:
    text = "Wren and Tomas sat by the fire. He laughed."
    chapter = Chapter(1, text)
    scan = coref._Scan(text, [])
    seen = [coref._Seen(m.start, m.character, 0, m.start == 0, False, -1) for m in mentions_of(text, {"Wren": "Wren", "Tomas": "Tomas"})]
    pronoun = coref.pronouns(chapter)[0]
    options = coref.candidates(pronoun, seen, scan, {"Wren": "she", "Tomas": "he"}, {})
    assert [o.character for o in options] == ["Tomas", "Wren", coref.NOBODY]
    assert all(len(o.features) == len(coref.FEATURES) for o in options)


def test_the_shipped_model_has_the_features_of_this_ficscope() -> None:
    model = coref.load()
    assert len(model.weights) == len(coref.FEATURES)
    with pytest.raises(coref.CorefModelError):
        coref.from_json({"format": coref.FORMAT, "version": coref.FORMAT_VERSION, "weights": {"bias": 1.0}}, "x.json")


def test_the_pipeline_files_pronouns_in_antecedents_for_later_stages() -> None:
    text = (
        "Wren Halloran shook her head at the storm. Wren Halloran climbed the stairs, and she lit the wick. "
        "Tomas Reyes rubbed his hands by the stove. Tomas Reyes called up to her, and he laughed at the wind."
    )
    doc = default_pipeline().run(Work(title="Lamp", source_format="text", chapters=[Chapter(1, text)]))
    she, he = text.index(" she ") + 1, text.index(" he laughed") + 1
    assert doc.antecedents.get((1, she)) == "Wren Halloran"
    assert doc.antecedents.get((1, he)) == "Tomas Reyes"
