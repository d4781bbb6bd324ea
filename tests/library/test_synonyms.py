"""Tag synonyms as AO3 has them: spellings of one tag filter as that tag."""

from __future__ import annotations

import pytest

from ficscope.library import Filters, Library, Resolver, query_keys
from tests.library.works import HARBOUR, ORCHARD, story

SHADOWHUNTERS = "Shadowhunters (TV)"


@pytest.mark.parametrize(
    "written",
    ["Alec/Magnus", "Magnus/Alec", "Alec Lightwood/Magnus Bane", "Magnus Bane / Alec Lightwood", "malec", "Alexander/Magnus"],
)
def test_spellings_of_a_ship_share_one_key(written: str) -> None:
    key = Resolver([SHADOWHUNTERS]).relationship(written)
    assert key.key == "alec lightwood/magnus bane"
    assert key.name == "Alec Lightwood/Magnus Bane"


def test_ship_synonyms_need_no_declared_fandom() -> None:
    assert Resolver().relationship("Magnus/Alec").key == "alec lightwood/magnus bane"


@pytest.mark.parametrize("written", ["Izzy", "izzy", "Isabelle", "Isabelle Lightwood", "Izzy Lightwood"])
def test_a_nickname_keys_to_the_canonical_character(written: str) -> None:
    key = Resolver([SHADOWHUNTERS]).character(written)
    assert (key.key, key.name) == ("isabelle lightwood", "Isabelle Lightwood")


def test_platonic_members_in_any_order_are_one_tag() -> None:
    resolver = Resolver([SHADOWHUNTERS])
    assert resolver.relationship("Izzy & Alec").key == resolver.relationship("Alec Lightwood & Isabelle Lightwood").key


def test_romantic_and_platonic_tags_stay_apart() -> None:
    resolver = Resolver([SHADOWHUNTERS])
    assert resolver.relationship("Alec & Magnus").key != resolver.relationship("Alec/Magnus").key


def test_original_characters_are_sorted_but_kept_as_written() -> None:
    key = Resolver().relationship("Wren/Marten Ashby")
    assert key.key == "marten ashby/wren"
    assert key.name == "Marten Ashby/Wren"
    assert Resolver().relationship("marten ashby / WREN").key == key.key


def test_a_fandom_keys_to_its_pack() -> None:
    assert Resolver().key("fandom", "The Mortal Instruments - Cassandra Clare").name == SHADOWHUNTERS
    assert Resolver().key("fandom", "Original Work").key == "original work"


def test_an_ambiguous_first_name_can_mean_each_character_it_names() -> None:
    keys = query_keys("character", "Max")
    assert {"max", "max lightwood"} <= keys
    assert len(keys) > 2  # Max in other fandoms too
    assert query_keys("character", "Max", [SHADOWHUNTERS]) == {"max", "max lightwood"}


def test_rating_and_warning_short_forms() -> None:
    assert Resolver().key("rating", "teen").name == "Teen And Up Audiences"
    assert Resolver().key("warning", "mcd").name == "Major Character Death"


def test_filters_match_works_tagged_with_any_synonym(fresh_library: Library) -> None:
    fresh_library.add(story("Declared", HARBOUR, fandoms=[SHADOWHUNTERS], relationships=["Magnus/Alec"], characters=["Izzy"]))
    fresh_library.add(story("Detected", ORCHARD, detected_fandoms=[SHADOWHUNTERS],
                            detected_relationships=["Alec Lightwood/Magnus Bane"],
                            detected_characters=["Isabelle Lightwood"]))
    fresh_library.add(story("Other ship", HARBOUR + " Two.", fandoms=[SHADOWHUNTERS], relationships=["Clary/Jace"]))
    for written in ("Alec/Magnus", "Magnus/Alec", "Alec Lightwood/Magnus Bane"):
        found = fresh_library.list(Filters(relationships=[written]), "title").works
        assert [w.title for w in found] == ["Declared", "Detected"], written
    for written in ("Izzy", "Isabelle Lightwood"):
        found = fresh_library.list(Filters(characters=[written]), "title").works
        assert [w.title for w in found] == ["Declared", "Detected"], written
    excluded = fresh_library.list(Filters(exclude_relationships=["Magnus/Alec"])).works
    assert [w.title for w in excluded] == ["Other ship"]


def test_results_show_canonical_names(fresh_library: Library) -> None:
    fresh_library.add(story("Declared", HARBOUR, fandoms=["Shadowhunters"], relationships=["Magnus/Alec"], characters=["Izzy"]))
    work = fresh_library.list().works[0]
    assert work.fandoms == [SHADOWHUNTERS]
    assert work.relationships == ["Alec Lightwood/Magnus Bane"]
    assert work.characters == ["Isabelle Lightwood"]
