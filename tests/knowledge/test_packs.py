"""The shipped knowledge: fandom packs validate, and the lookups a stage relies on work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest

from ficscope import knowledge
from ficscope.knowledge import (
    KnowledgeError,
    check_pack,
    fandom_packs,
    fold,
    given_name_variants,
    load_pack,
    pack_for,
    relationship_synonyms,
    same_person_names,
)

PACK_FILES = sorted(
    (entry for entry in files("ficscope.knowledge").joinpath("fandoms").iterdir()
     if entry.name.endswith(".json")),
    key=lambda entry: entry.name,
)


def _shadowhunters() -> knowledge.FandomPack:
    pack = pack_for("Shadowhunters (TV)")
    assert pack is not None
    return pack


# --------------------------------------------------------------------------- every pack


def test_twenty_fandoms_and_shadowhunters_are_shipped() -> None:
    assert len(PACK_FILES) >= 21
    assert any(entry.name == "shadowhunters.json" for entry in PACK_FILES)


@pytest.mark.parametrize("entry", PACK_FILES, ids=lambda entry: entry.name)
def test_shipped_pack_has_no_problems(entry: Traversable) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert check_pack(data) == []


def test_every_fandom_name_belongs_to_one_pack() -> None:
    owner: dict[str, str] = {}
    for pack in fandom_packs():
        for name in pack.names:
            for key in (name, *name.split(" | ")):
                other = owner.setdefault(fold(key), pack.fandom)
                assert other == pack.fandom, f"{key!r} is claimed by {other!r} and {pack.fandom!r}"


def test_every_fandom_name_finds_its_own_pack() -> None:
    for pack in fandom_packs():
        for name in pack.names:
            assert pack_for(name) is pack
            assert pack_for(name.upper()) is pack


def test_every_pack_has_enough_characters_and_relationships() -> None:
    for pack in fandom_packs():
        assert len(pack.characters) >= 7, pack.fandom
        assert len(pack.relationships) >= 5, pack.fandom


def test_relationship_members_are_the_packs_canonical_names() -> None:
    for pack in fandom_packs():
        names = {character.name for character in pack.characters}
        for relationship in pack.relationships:
            assert set(relationship.members) <= names, relationship.tag
            assert len(relationship.members) >= 2


# --------------------------------------------------------------------------- check_pack


def _minimal() -> dict[str, object]:
    return {
        "fandom": "Example (TV)",
        "characters": [
            {"name": "Ann Example", "aliases": ["Ann"], "gender": "she"},
            {"name": "Bo Example", "aliases": ["Bo"], "gender": "he"},
        ],
        "relationships": [{"tag": "Ann Example/Bo Example", "aliases": ["Bo/Ann"]}],
        "non_characters": ["Example City"],
    }


def test_check_pack_accepts_a_minimal_pack() -> None:
    assert check_pack(_minimal()) == []


def test_check_pack_reports_a_missing_field() -> None:
    data = _minimal()
    del data["fandom"]
    assert any("'fandom'" in problem for problem in check_pack(data))


def test_check_pack_reports_a_relationship_member_who_is_not_a_character() -> None:
    data = _minimal()
    data["relationships"] = [{"tag": "Ann Example/Cy Example"}]
    assert any("cy example" in problem for problem in check_pack(data))


def test_check_pack_reports_an_alias_two_characters_share() -> None:
    data = _minimal()
    data["characters"] = [
        {"name": "Ann Example", "aliases": ["Example"], "gender": "she"},
        {"name": "Bo Example", "aliases": ["example"], "gender": "he"},
    ]
    assert any("also a name of" in problem for problem in check_pack(data))


def test_check_pack_reports_a_gender_outside_he_she_they() -> None:
    data = _minimal()
    data["characters"] = [{"name": "Ann Example", "gender": "female"}, {"name": "Bo Example"}]
    assert any("gender" in problem for problem in check_pack(data))


def test_check_pack_reports_a_family_kind_on_a_romantic_tag() -> None:
    data = _minimal()
    data["relationships"] = [{"tag": "Ann Example/Bo Example", "kind": "family"}]
    assert any("kind" in problem for problem in check_pack(data))


def test_check_pack_reports_a_non_character_that_is_a_characters_name() -> None:
    data = _minimal()
    data["non_characters"] = ["Ann"]
    assert any("non-character" in problem for problem in check_pack(data))


def test_check_pack_names_unknown_fields_where_they_stand() -> None:
    data = _minimal()
    data["colour"] = "red"
    data["characters"] = [{"name": "Ann Example", "age": 30}, {"name": "Bo Example"}]
    data["relationships"] = [{"tag": "Ann Example/Bo Example", "since": 2020, "ship": "yes"}]
    problems = check_pack(data)
    assert "unknown fields ['colour']" in problems
    assert "characters[0]: unknown fields ['age']" in problems
    assert "relationships[0]: unknown fields ['ship', 'since']" in problems


def test_load_pack_refuses_a_broken_pack_with_every_problem() -> None:
    data = _minimal()
    data["characters"] = [{"name": "Ann Example", "gender": "x"}, {"name": "Bo Example"}]
    data["relationships"] = [{"tag": "Ann Example/Cy Example"}]
    with pytest.raises(KnowledgeError) as raised:
        load_pack(data, source="broken.json")
    assert "gender" in str(raised.value) and "cy example" in str(raised.value)
    assert raised.value.code == "E300"


# --------------------------------------------------------------------------- Shadowhunters


def test_shadowhunters_alec_answers_to_alec_and_alexander() -> None:
    pack = _shadowhunters()
    alec = pack.character("Alec Lightwood")
    assert alec is not None
    assert {"Alec", "Alexander"} <= set(alec.aliases)
    assert alec.gender == "he" and alec.distinctive
    assert pack.character("alexander") is alec
    assert pack.character("Lightwood") is None  # the whole family is called that


def test_shadowhunters_isabelle_answers_to_izzy() -> None:
    pack = _shadowhunters()
    isabelle = pack.character("Isabelle Lightwood")
    assert isabelle is not None and "Izzy" in isabelle.aliases
    assert pack.character("IZZY") is isabelle


def test_shadowhunters_magnus_answers_to_mr_bane() -> None:
    magnus = _shadowhunters().character("Mr. Bane")
    assert magnus is not None and magnus.name == "Magnus Bane"


@pytest.mark.parametrize("typed", ["Malec", "Magnus/Alec", "alec/magnus", "Alec / Magnus", "Magnus Bane/Alec Lightwood"])
def test_malec_is_reachable_from_what_authors_type(typed: str) -> None:
    assert relationship_synonyms()[knowledge.fold_tag(typed)] == "Alec Lightwood/Magnus Bane"
    assert knowledge.canonical_relationship(typed) == "Alec Lightwood/Magnus Bane"
    relationship = _shadowhunters().relationship(typed)
    assert relationship is not None
    assert relationship.kind == "romantic"
    assert relationship.members == ("Alec Lightwood", "Magnus Bane")


def test_platonic_tag_is_not_a_synonym_of_the_romantic_one() -> None:
    assert knowledge.canonical_relationship("Alec & Magnus") is None


def test_tv_and_book_fandom_tags_give_the_same_pack() -> None:
    tv = pack_for("Shadowhunters (TV)")
    books = pack_for("The Mortal Instruments - Cassandra Clare")
    assert tv is not None and tv is books
    assert pack_for("shadowhunter chronicles - all media types") is tv


def test_brooklyn_is_a_place_in_the_shadowhunters_pack() -> None:
    pack = _shadowhunters()
    assert pack.is_non_character("Brooklyn")
    assert pack.is_non_character("the Clave")
    assert pack.character("Brooklyn") is None


def test_unknown_fandom_has_no_pack() -> None:
    assert pack_for("An Original Work With No Fandom") is None


# --------------------------------------------------------------------------- other packs


def test_disambiguated_character_answers_to_its_bare_name() -> None:
    marvel = pack_for("Marvel Cinematic Universe")
    assert marvel is not None
    thor = marvel.character("Thor")
    assert thor is not None and thor.name == "Thor (Marvel)"
    assert knowledge.canonical_relationship("Thor (Marvel)/Loki (Marvel)") == "Loki/Thor (Marvel)"


def test_each_half_of_a_two_name_tag_is_a_name() -> None:
    mdzs = pack_for("Mo Dao Zu Shi")
    assert mdzs is not None
    wei = mdzs.character("Wei Wuxian")
    assert wei is not None and wei is mdzs.character("Wei Ying")
    assert knowledge.canonical_relationship("WangXian") == "Lan Zhan | Lan Wangji/Wei Ying | Wei Wuxian"


def test_weak_alias_matches_only_when_asked() -> None:
    hp = pack_for("Harry Potter - J. K. Rowling")
    assert hp is not None
    assert hp.character("Potter") is None
    harry = hp.character("Potter", weak=True)
    assert harry is not None and harry.name == "Harry Potter"


def test_one_part_of_a_multi_script_fandom_name_finds_the_pack() -> None:
    pack = pack_for("My Hero Academia")
    assert pack is not None
    assert pack.fandom == "僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia"


def test_distinctive_full_names_point_to_their_fandom() -> None:
    names = knowledge.distinctive_names()
    assert names["magnus bane"] == ("Shadowhunters (TV)",)
    assert "magnus" not in names  # a lone first name is no evidence


# --------------------------------------------------------------------------- names


def test_alexander_and_alec_are_one_given_name() -> None:
    assert "alec" in given_name_variants("Alexander")
    assert "alexander" in given_name_variants("ALEC")
    assert same_person_names("Alec", "Alexander")


def test_izzy_and_isabelle_are_one_given_name() -> None:
    assert same_person_names("Izzy", "Isabelle")
    assert same_person_names("Isabelle", "izzy")


def test_unrelated_given_names_are_not_one_person() -> None:
    assert not same_person_names("Alec", "Magnus")
    assert given_name_variants("Magnus") == frozenset({"magnus"})


def test_extra_nicknames_are_well_formed_and_new() -> None:
    text = files("ficscope.knowledge").joinpath("names/nicknames_extra.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) >= 200
    assert all(len(row) == 2 and row == [cell.strip().lower() for cell in row] for row in rows)
    assert len({tuple(row) for row in rows}) == len(rows)


def test_humpty_dumpty_is_a_figure_of_speech() -> None:
    assert knowledge.is_figure_of_speech("Humpty Dumpty")
    assert "humpty dumpty" in knowledge.figures_of_speech()
    assert knowledge.is_figure_of_speech("the Tooth Fairy")
    assert knowledge.figure_usage("Loki") == "character"


def test_interjections_and_days_are_not_characters_but_name_months_may_be() -> None:
    for word in ("Oh", "Okay", "Monday", "Christmas", "God"):
        assert knowledge.is_not_character(word), word
    assert not knowledge.is_not_character("May")  # May Parker
    assert not knowledge.is_not_character("Magnus")


def test_honorifics_separate_titles_from_words() -> None:
    assert {"mr.", "mr", "professor", "aunt"} <= knowledge.honorifics()
    assert "doctor" in knowledge.ambiguous_honorifics()
    assert "mr." not in knowledge.ambiguous_honorifics()
    assert {"san", "gege", "hyung"} <= knowledge.honorific_suffixes()


# --------------------------------------------------------------------------- speed


def test_importing_ficscope_loads_no_knowledge_and_no_spacy() -> None:
    """Start-up stays small: knowledge files and the language model load on first use."""
    src = Path(knowledge.__file__).resolve().parents[2]
    probe = (
        "import sys, ficscope; "
        "print(sorted(m for m in sys.modules if m.startswith(('spacy', 'ficscope.knowledge', 'ficscope.stages'))))"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.strip() == "[]"


def test_knowledge_loads_once_and_is_then_served_from_cache() -> None:
    knowledge.fandom_packs.cache_clear()
    first = knowledge.fandom_packs()
    assert knowledge.fandom_packs() is first
    assert knowledge.fandom_packs.cache_info().hits >= 1
