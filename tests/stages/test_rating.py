"""Rating, categories and additional tags, following AO3's definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

import ficscope
from ficscope.model import Chapter, Character, Finding, Relationship, Span, Work
from ficscope.pipeline import default_pipeline
from ficscope.model import SHOWN_CONFIDENCE
from ficscope.stages.rating import categorize, lexicon_counts, rate, suggest_tags
from ficscope.stages.rating_text import ContentMeasure, measure
from ficscope.wordcount import count_words


def finding(label: str, severity: str = "depicted", scheme: str = "trigger", chapter: int = 1) -> Finding:
    return Finding(scheme, label, severity, 0.9, [Span(chapter, 0, 1, "x")])  # type: ignore[arg-type]


def romance(*members: str) -> Relationship:
    return Relationship("/".join(members), "romantic", list(members))


def work(text: str = "", notes: str | None = None) -> Work:
    return Work(title="t", source_format="text", chapters=[Chapter(1, text)], notes=notes)


def tags_for(text: str = "", notes: str | None = None, findings: list[Finding] = (), groups=None, relationships=()) -> dict[str, str]:  # type: ignore[assignment]
    counts = lexicon_counts([text])
    suggested = suggest_tags(work(text, notes), list(findings), groups or {}, list(relationships), counts, max(1, len(text.split())))
    return {s.tag: s.reason for s in suggested}


@pytest.mark.parametrize(
    ("findings", "rating"),
    [
        ([], "General Audiences"),
        ([finding("death", "referenced")], "Teen And Up Audiences"),
        ([finding("violence", "depicted")], "Teen And Up Audiences"),
        ([finding("violence", "graphic")], "Mature"),
        ([finding("pornographic-content", "depicted")], "Mature"),
        ([finding("pornographic-content", "graphic")], "Mature"),
        ([finding("sexual-assault", "graphic")], "Explicit"),
        ([finding("Major Character Death", scheme="ao3")], "Teen And Up Audiences"),
        ([finding("No Archive Warnings Apply", "referenced", "ao3")], "General Audiences"),
        ([finding("pregnancy"), finding("violence", "graphic"), finding("death", "referenced")], "Mature"),
    ],
)
def test_the_rating_is_the_least_every_finding_needs(findings: list[Finding], rating: str) -> None:
    assert rate(findings)[0] == rating


def test_the_rating_says_why() -> None:
    assert rate([finding("violence", "graphic")]) == ("Mature", "violence (graphic)")


def test_a_finding_under_the_shown_confidence_raises_no_rating() -> None:
    unsure = Finding("trigger", "violence", "graphic", SHOWN_CONFIDENCE - 0.01, [Span(1, 0, 1, "x")])
    assert rate([unsure]) == ("General Audiences", "nothing found that needs more")


def test_strong_language_makes_a_work_teen_and_up() -> None:
    assert rate([], ContentMeasure(words=400, strong_swears=1)) == ("Teen And Up Audiences", "strong language (1 swear word)")
    assert rate([], ContentMeasure(words=400, mild_swears=3))[0] == "Teen And Up Audiences"
    assert rate([], ContentMeasure(words=400, mild_swears=2))[0] == "General Audiences"


def test_a_scene_with_several_different_sexual_terms_is_explicit_and_a_few_terms_are_mature() -> None:
    assert rate([], ContentMeasure(words=5000, sexual_terms=4, densest_scene=3))[0] == "Explicit"
    assert rate([], ContentMeasure(words=5000, sexual_terms=6, densest_scene=2)) == ("Mature", "sexual content (6 sexual terms)")
    assert rate([], ContentMeasure(words=5000, sexual_terms=2, densest_scene=2))[0] == "General Audiences"


def test_a_text_too_short_to_judge_gets_no_rating() -> None:
    assert rate([finding("violence")], ContentMeasure(words=6)) == (None, "too little text to rate (6 words)")


def test_the_text_measure_counts_sexual_terms_but_not_a_cocked_head_and_finds_the_densest_scene() -> None:
    calm = "He cocked his head at the rooster, the cock of the walk. " + "They walked on and talked. " * 300
    kiss = "Against the wall his cock pressed hers; their cocks lined up, and his cock ached. "
    scene = "She touched his cock, slick with lube, and he came hard, moaning. "
    content = measure([calm, kiss, "They slept. " * 600, scene])
    assert content.sexual_terms == 6
    assert content.densest_scene == 3  # cock, lube and "came hard"; the kiss names one term, three times
    assert rate([], measure([calm, kiss]))[0] == "Mature"
    assert rate([], content)[0] == "Explicit"
    assert content.words == count_words(calm) + count_words(kiss) + 1200 + count_words(scene)
    assert measure(["Fuck. What the shit, you bastard? Bullshit."]) == ContentMeasure(7, 0, 0, 1, 3)


@pytest.mark.parametrize(
    ("genders", "relationships", "categories"),
    [
        ({"Tomas": "he", "Bram": "he"}, [romance("Bram", "Tomas")], ["M/M"]),
        ({"Wren": "she", "Ada": "she"}, [romance("Ada", "Wren")], ["F/F"]),
        ({"Wren": "she", "Tomas": "he"}, [romance("Tomas", "Wren")], ["F/M"]),
        ({"Wren": "she", "Tomas": "he", "Bram": "he"}, [romance("Tomas", "Wren"), romance("Bram", "Tomas")], ["F/M", "M/M", "Multi"]),
        ({"Wren": "she", "Tomas": "he", "Bram": "he"}, [romance("Bram", "Tomas", "Wren")], ["Multi"]),
        ({"Sol": "they", "Tomas": "he"}, [romance("Sol", "Tomas")], ["Other"]),
        ({"Wren": "she", "Tomas": "he"}, [Relationship("Tomas & Wren", "platonic", ["Tomas", "Wren"])], ["Gen"]),
        ({"Wren": None, "Tomas": "he"}, [romance("Tomas", "Wren")], []),
    ],
)
def test_categories_follow_the_romantic_pairs_and_their_genders(
    genders: dict[str, str | None], relationships: list[Relationship], categories: list[str]
) -> None:
    characters = [Character(name, gender=gender) for name, gender in genders.items()]
    assert categorize(relationships, characters) == categories


def test_groping_without_rape_is_tagged_non_consensual_touching() -> None:
    tags = tags_for(findings=[finding("sexual-assault")], groups={"sexual-assault": frozenset({"groping", "touching"})})
    assert "Non-Consensual Touching" in tags and "Sexual Assault" in tags
    raped = tags_for(findings=[finding("sexual-assault")], groups={"sexual-assault": frozenset({"rape", "groping"})})
    assert "Non-Consensual Touching" not in raped


def test_a_slur_is_tagged_homophobic_language() -> None:
    tags = tags_for(findings=[finding("homophobia")], groups={"homophobia": frozenset({"slur"})})
    assert "Homophobic Language" in tags and "Homophobia" in tags


def test_a_kidnapping_is_tagged_kidnapping_with_its_chapter() -> None:
    tags = tags_for(findings=[finding("kidnapping", chapter=3)])
    assert tags["Kidnapping"] == "kidnapping depicted in ch. 3"


def test_notes_about_an_episode_scene_suggest_missing_scene_and_episode_related() -> None:
    tags = tags_for(notes="This takes place during the balcony scene in 2x05. Consider it an extended scene.")
    assert {"Missing Scene", "Episode Related"} <= set(tags)
    assert "Alternate Universe" not in tags


def test_an_au_in_the_notes_is_tagged_alternate_universe() -> None:
    tags = tags_for(notes="Coffee shop AU, no powers.")
    assert {"Alternate Universe", "Alternate Universe - Coffee Shops & Cafés"} <= set(tags)


FLUFF = (
    "Wren woke to the smell of coffee and smiled. Tomas kissed her forehead, warm and soft, and she laughed. "
    "They cuddled under the blanket, giggling, happy, until the cocoa went cold. He grinned and she blushed."
)


def test_warm_happy_scenes_are_fluff_unless_something_dark_happens() -> None:
    assert "Fluff" in tags_for(FLUFF)
    assert "Fluff" not in tags_for(FLUFF, findings=[finding("violence", "depicted")])


def test_someone_hurt_and_comforted_is_hurt_comfort() -> None:
    text = (
        "Tomas was bleeding from a cut on his arm, shaking with pain. Wren bandaged the wound and held him close. "
        "\u201cIt's okay,\u201d she said, soothing him. \u201cI've got you.\u201d"
    )
    assert "Hurt/Comfort" in tags_for(text)


def test_a_couple_already_together_is_an_established_relationship() -> None:
    text = "Tomas kissed his husband goodnight. Bram smiled."
    assert "Established Relationship" in tags_for(text, relationships=[romance("Bram", "Tomas")])
    assert "Established Relationship" not in tags_for(text)


def analyse(text: str, notes: str | None = None) -> ficscope.Analysis:
    return default_pipeline()(work(text, notes))


def test_the_pipeline_rates_and_tags_an_extended_episode_scene(shared_sample: Path) -> None:
    analysis = ficscope.analyze(shared_sample)
    assert analysis.rating == "Teen And Up Audiences"
    assert analysis.categories == ["Gen"]
    assert {"Implied/Referenced Character Death", "Missing Scene", "Episode Related", "Hurt/Comfort"} <= set(analysis.tags)
    assert [w.label for w in analysis.warnings if w.scheme == "ao3"] == ["No Archive Warnings Apply"]


def test_the_pipeline_rates_explicit_sex_between_adults_explicit() -> None:
    text = (
        "Marcus and Elena had been married for ten years. That night he undressed her slowly, and she wrapped her hand "
        "around his cock. He thrust into her, and she came with a cry. Marcus kissed Elena afterwards."
    )
    analysis = analyse(text)
    assert analysis.rating == "Explicit"
    assert "Explicit Sexual Content" in analysis.tags
    assert [w.label for w in analysis.warnings if w.scheme == "ao3"] == ["No Archive Warnings Apply"]


def test_the_pipeline_files_a_reason_for_every_tag() -> None:
    pipeline = default_pipeline()
    names = [stage.name for stage in pipeline.stages]
    assert names.index("relationships") < names.index("warnings") < names.index("rating") < names.index("stats")
    doc = pipeline.run(work(FLUFF))
    assert [r.tag for r in doc.tag_reasons] == doc.tags
    assert all(r.reason for r in doc.tag_reasons)


def test_the_analysis_carries_the_reason_for_every_suggested_tag() -> None:
    analysis = default_pipeline()(work(FLUFF))
    assert analysis.tags and [r.tag for r in analysis.tag_reasons] == analysis.tags
    assert all(r.reason for r in analysis.tag_reasons)
    assert [s.tag for s in analysis.tag_suggestions()] == analysis.tags


def test_a_member_known_by_a_part_of_a_name_takes_that_character_s_gender() -> None:
    cast = [Character("Fenina Lavellan", gender="she"), Character("Lavellan"), Character("Solas", gender="he"), Character("Ann Vale", gender="she")]
    assert categorize([romance("Lavellan", "Solas")], cast) == ["F/M"]
    twins = [Character("Ann Vale", gender="she"), Character("Tom Vale", gender="he"), Character("Vale"), Character("Solas", gender="he")]
    assert categorize([romance("Solas", "Vale")], twins) == []  # two genders go by that name: nothing is decided


def test_categories_come_from_the_shown_relationships_only() -> None:
    from ficscope.model import Character, Relationship
    from ficscope.stages.rating import categorize

    cast = [Character("Ann", gender="she"), Character("Bea", gender="she"), Character("Cal", gender="he")]
    shown = Relationship("Ann/Bea", "romantic", ["Ann", "Bea"], shown=True)
    hidden = Relationship("Ann/Cal", "romantic", ["Ann", "Cal"], shown=False)
    assert categorize([shown, hidden], cast) == ["F/F"]
    assert categorize([hidden], cast) == ["Gen"]


def test_the_rating_rules_name_real_labels_and_ratings() -> None:
    from ficscope import knowledge

    rules = knowledge.rating_rules()
    assert {label for label, _ in rules.finding_ratings} <= set(knowledge.TRIGGER_LABELS)
    assert set(rules.archive_warnings) <= set(knowledge.ARCHIVE_WARNING_LABELS)
    assert set(rules.finding_ratings.values()) | set(rules.archive_warnings.values()) <= set(knowledge.AO3_RATINGS)


def test_a_suicide_on_the_page_is_teen_and_up_and_mature_in_bodily_detail() -> None:
    assert rate([finding("suicide", "depicted")])[0] == "Teen And Up Audiences"
    assert rate([finding("suicide", "graphic")])[0] == "Mature"
