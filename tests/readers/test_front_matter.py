"""Front matter of EPUBs from other makers is never a chapter; its tags are read."""

from __future__ import annotations

import pytest

from ficscope.errors import NotAWorkError
from ficscope.readers import read_bytes
from tests.readers.test_epub_generic import FERRY, FOG, _page, _paragraphs, build_generic_epub

# A long information page, as WebToEpub and FicHub write them: over the 80 words a
# title page may have, and with a relationship tag that must not become a pairing.
INFORMATION = _page(
    "<h1>Information</h1>"
    "<p>Title: The Wrong Island<br/>Author: Lena Hart<br/>Rating: Teen And Up Audiences<br/>"
    "Fandom: Original Work<br/>Relationship: Ferryman/Lighthouse Keeper<br/>"
    "Characters: Ferryman, Lighthouse Keeper, The Harbourmaster<br/>"
    "Additional Tags: Slow Burn, Fog, Islands, Small Towns, Found Family, Sea Shanties, Weather, "
    "Boats, Lighthouses, Tea, Mild Peril, Happy Ending, Coastal Villages, Seagulls, Storms, Rescue, "
    "Letters, Maps, Old Legends, Night Watches, Harbour Lights, Rope Work, Tides<br/>"
    "Words: 1,204<br/>Chapters: 2/2<br/>Status: Completed<br/>Published: 2024-03-01<br/>"
    "Source: https://fics.example.org/viewstory.php?sid=12</p>"
)
CHAT = _page(
    "<h2>Group Chat</h2><p>Mara: are the boats in</p><p>Ilse: not yet</p><p>Mara: then I keep the lamp lit</p>"
    "<p>Ilse: all night?</p><p>Mara: all night</p>"
)


def test_an_information_page_is_no_chapter_and_its_tags_are_declared() -> None:
    epub = build_generic_epub({"info.xhtml": INFORMATION, "ch1.xhtml": _page("<h1>The Ferry</h1>" + _paragraphs(FERRY)),
                               "ch2.xhtml": _page("<h2>Fog</h2>" + _paragraphs(FOG))})
    work = read_bytes(epub, "island.epub")
    assert [chapter.title for chapter in work.chapters] == ["The Ferry", "Fog"]
    assert "Ferryman/Lighthouse Keeper" not in " ".join(chapter.text for chapter in work.chapters)
    assert work.declared.relationships == ["Ferryman/Lighthouse Keeper"]
    assert work.declared.rating == "Teen And Up Audiences"
    assert "Tides" in work.declared.tags


def test_a_chat_fic_chapter_of_name_colon_lines_stays_a_chapter() -> None:
    epub = build_generic_epub({"ch1.xhtml": _page("<h1>The Ferry</h1>" + _paragraphs(FERRY)), "chat.xhtml": CHAT})
    work = read_bytes(epub, "chat.epub")
    assert [chapter.title for chapter in work.chapters] == ["The Ferry", "Group Chat"]


def test_an_anthology_of_merged_works_is_refused_explaining_how_to_split_it() -> None:
    epub = build_generic_epub({
        "info1.xhtml": INFORMATION, "ch1.xhtml": _page("<h1>The Ferry</h1>" + _paragraphs(FERRY)),
        "info2.xhtml": INFORMATION.replace("The Wrong Island", "The Right Island"),
        "ch2.xhtml": _page("<h2>Fog</h2>" + _paragraphs(FOG)),
    })
    with pytest.raises(NotAWorkError, match="anthology of 2 works.*split it"):
        read_bytes(epub, "anthology.epub")
