"""Relationships in AO3 syntax with the sentences that show them."""

from __future__ import annotations

import re

from ficscope.model import Chapter, Character, Mention
from ficscope.stages.relationships import find, tag_for


def related(text: str, names: tuple[str, ...]):
    chapter = Chapter(number=1, text=text)
    mentions = [Mention(1, m.start(), m.end(), m.group(0), m.group(0)) for m in re.finditer(r"\b(" + "|".join(names) + r")\b", text)]
    found = find([chapter], [Character(n) for n in names], mentions, [])
    for relationship in found:
        for span in relationship.evidence:
            assert text[span.start : span.end] == span.text
    return {r.tag: r for r in found}


def test_a_kiss_makes_a_romantic_pair_with_slash_syntax() -> None:
    found = related("Wren kissed Tomas on the stairs. The lamp burned.", ("Wren", "Tomas"))
    assert list(found) == ["Tomas/Wren"]
    assert found["Tomas/Wren"].kind == "romantic"
    assert found["Tomas/Wren"].evidence[0].text == "Wren kissed Tomas on the stairs."


def test_siblings_are_family_with_ampersand_syntax() -> None:
    found = related("Ada was Bram's sister, and she never let him forget it.", ("Ada", "Bram"))
    assert found["Ada & Bram"].kind == "family"


def test_forced_contact_is_antagonistic_never_romance() -> None:
    text = "Jake pinned her down and kissed Mara against her will."
    found = related(text, ("Jake", "Mara"))
    assert [r.kind for r in found.values()] == ["antagonistic"]


def test_a_negated_cue_is_no_evidence() -> None:
    assert related("Wren never kissed Tomas, not once.", ("Wren", "Tomas")) == {}


def test_a_known_pairing_takes_the_fandom_pack_spelling() -> None:
    assert tag_for(["Magnus Bane", "Alec Lightwood"], "romantic") == "Alec Lightwood/Magnus Bane"


def test_two_people_who_keep_talking_to_each_other_are_a_platonic_pair() -> None:
    from ficscope.model import Quote

    text = "\u201cOne.\u201d \u201cTwo.\u201d \u201cThree.\u201d \u201cFour.\u201d"
    spans = [m.span() for m in re.finditer(r"\u201c[^\u201d]*\u201d", text)]
    people = ["Wren", "Tomas", "Wren", "Tomas"]
    quotes = [
        Quote(1, s, e, text[s:e], speaker=who, addressee="Tomas" if who == "Wren" else "Wren", confidence=0.9)
        for (s, e), who in zip(spans, people)
    ]
    found = find([Chapter(number=1, text=text)], [Character("Wren"), Character("Tomas")], [], quotes)
    assert [(r.tag, r.kind) for r in found] == [("Tomas & Wren", "platonic")]
    assert found[0].evidence[0].text == "\u201cOne.\u201d"
    assert find([Chapter(number=1, text=text)], [], [], quotes[:3]) == []


# --------------------------------------------------------------------------- evidence that links the two


def cast(text: str, people: dict[str, str | None]):
    """The relationships of ``text`` with ``people`` (name -> pronoun) as its named cast."""
    chapter = Chapter(number=1, text=text)
    mentions = [
        Mention(1, m.start(), m.end(), m.group(0), m.group(0))
        for m in re.finditer(r"\b(" + "|".join(people) + r")\b", text)
    ]
    found = find([chapter], [Character(n, gender=g) for n, g in people.items()], mentions, [])
    for relationship in found:
        for span in relationship.evidence:
            assert text[span.start : span.end] == span.text
    return {frozenset(r.members): r for r in found}


def test_watching_someone_kiss_a_stranger_links_no_one() -> None:
    found = cast("Alec and Izzy watched Magnus kiss a stranger at the bar.", {"Alec": "he", "Izzy": "she", "Magnus": "he"})
    assert found == {}


def test_a_pronoun_possessor_makes_family() -> None:
    found = cast("Theo ran into the arms of Nora, his mother.", {"Theo": "he", "Nora": "she"})
    assert found[frozenset({"Nora", "Theo"})].kind == "family"
    assert found[frozenset({"Nora", "Theo"})].tag == "Nora & Theo"


def test_an_appositive_relation_noun_makes_family() -> None:
    found = cast("Maryse, Alec's mother, had not spoken to him in a week.", {"Maryse": "she", "Alec": "he"})
    assert found[frozenset({"Alec", "Maryse"})].kind == "family"


def test_a_goodnight_kiss_between_mother_and_son_is_family_not_romance() -> None:
    found = cast("Harriet kissed her son Owen on the forehead.", {"Harriet": "she", "Owen": "he"})
    relationship = found[frozenset({"Harriet", "Owen"})]
    assert (relationship.kind, relationship.kin) == ("family", True)


def test_romance_between_relatives_needs_romance_between_them_and_is_marked_kin() -> None:
    text = "Cora and Emmett were cousins. Emmett kissed Cora behind the chapel. Later Cora kissed Emmett by the river."
    relationship = cast(text, {"Cora": "she", "Emmett": "he"})[frozenset({"Cora", "Emmett"})]
    assert (relationship.kind, relationship.kin, relationship.tag) == ("romantic", True, "Cora/Emmett")


def test_a_forced_kiss_is_coercion_and_never_shown() -> None:
    relationship = cast("Victor pinned Elsie against the wall and forced a kiss on her.", {"Victor": "he", "Elsie": "she"})[
        frozenset({"Elsie", "Victor"})
    ]
    assert relationship.kind == "antagonistic"
    assert not relationship.shown


def test_a_pronoun_object_is_not_the_subject_of_its_own_verb() -> None:
    found = cast("Sasha found Tom in the kitchen. She kissed him before he could speak.", {"Sasha": "she", "Tom": "he"})
    assert found[frozenset({"Sasha", "Tom"})].kind == "romantic"


def test_friends_by_a_predicate_noun_are_platonic() -> None:
    found = cast("Pia and June had been friends since they were six.", {"Pia": "she", "June": "she"})
    assert found[frozenset({"June", "Pia"})].kind == "platonic"


def test_the_main_pairing_is_shown_and_a_passing_pair_is_not() -> None:
    text = (
        "Wren kissed Tomas on the stairs. Tomas kissed Wren at the door. Wren married Tomas in June. "
        "Wren was in love with Tomas. Ida hugged Bo once."
    )
    found = cast(text, {"Wren": "she", "Tomas": "he", "Ida": "she", "Bo": "he"})
    assert found[frozenset({"Tomas", "Wren"})].shown
    assert not found[frozenset({"Bo", "Ida"})].shown
    assert found[frozenset({"Tomas", "Wren"})].score > found[frozenset({"Bo", "Ida"})].score


def test_i_love_you_said_to_the_addressee_the_speech_tag_names_is_romance() -> None:
    from ficscope.model import Quote

    text = "\u201cI love you,\u201d Ben told Sami."
    quote = Quote(1, 0, 14, text[:14], speaker="Ben", confidence=0.9)
    mentions = [Mention(1, m.start(), m.end(), m.group(0), m.group(0)) for m in re.finditer(r"\b(Ben|Sami)\b", text)]
    found = find([Chapter(1, text)], [Character("Ben", gender="he"), Character("Sami", gender="he")], mentions, [quote])
    assert [(r.tag, r.kind) for r in found] == [("Ben/Sami", "romantic")]


def test_unnamed_characters_are_never_members() -> None:
    chapter = Chapter(1, "Alec kissed the nurse.")
    mentions = [Mention(1, 0, 4, "Alec", "Alec"), Mention(1, 12, 21, "the nurse", "the nurse")]
    found = find([chapter], [Character("Alec", gender="he"), Character("the nurse", named=False)], mentions, [])
    assert found == []


def test_members_are_spelled_as_the_work_declares_them() -> None:
    from ficscope.stages.relationships_tags import Speller

    speller = Speller(
        [Character("Dia", ["Onee-chan"]), Character("Ruby")], ["Kurosawa Dia/Kurosawa Ruby"], ["Kurosawa Dia", "Kurosawa Ruby"]
    )
    assert speller(["Dia", "Ruby"], "romantic") == "Kurosawa Dia/Kurosawa Ruby"
    assert speller(["Dia", "Ruby"], "family") == "Kurosawa Dia & Kurosawa Ruby"
    assert Speller([Character("Fenina Lavellan"), Character("Solas")], [], ["Lavellan (Dragon Age)"])(
        ["Fenina Lavellan", "Solas"], "romantic"
    ) == "Lavellan (Dragon Age)/Solas"


def test_a_son_of_a_city_is_no_family_but_the_mother_of_a_person_is() -> None:
    people = {"Emmet": "he", "Arden": None, "Lys": "she"}
    assert cast("Emmet was a son of Arden and proud of it.", people) == {}
    found = cast("Lys was the mother of Emmet.", people)
    assert found[frozenset({"Emmet", "Lys"})].kind == "family"



FIRST_STORY = "Wren kissed Tomas on the stairs. Tomas kissed Wren back. Wren kissed Tomas again in the hall."


def _shown_over_chapters(*texts: str) -> list[str]:
    chapters = [Chapter(number=n, text=t) for n, t in enumerate(texts, 1)]
    names = ("Wren", "Tomas", "Ilse", "Maren")
    pattern = re.compile(r"\b(" + "|".join(names) + r")\b")
    mentions = [Mention(c.number, m.start(), m.end(), m.group(0), m.group(0)) for c in chapters for m in pattern.finditer(c.text)]
    return [r.tag for r in find(chapters, [Character(n) for n in names], mentions, []) if r.shown]


def test_an_anthologys_next_story_shows_its_own_pairing() -> None:
    second = "Years later, in another town, Ilse kissed Maren by the river."
    assert _shown_over_chapters(FIRST_STORY, second) == ["Tomas/Wren", "Ilse/Maren"]


def test_a_chapter_that_still_names_the_main_pair_shows_no_side_pairing() -> None:
    second = "Wren and Tomas were away. Ilse kissed Maren by the river."
    assert _shown_over_chapters(FIRST_STORY, second) == ["Tomas/Wren"]


def test_cheating_on_or_breaking_up_with_someone_says_the_two_are_a_couple() -> None:
    found = related("Tomas had cheated on Wren with a stranger, and the town knew it.", ("Wren", "Tomas"))
    assert found["Tomas/Wren"].kind == "romantic"
    found = related("Last spring Wren broke up with Tomas.", ("Wren", "Tomas"))
    assert found["Tomas/Wren"].kind == "romantic"


def test_a_name_that_is_only_a_form_of_address_is_no_member() -> None:
    text = "Ruby kissed Onee-chan on the cheek, and Onee-chan kissed Ruby back. Mei-chan kissed Ruby too."
    found = related(text, ("Ruby", "Onee-chan", "Mei-chan"))
    assert [tag for tag in found if "Onee-chan" in tag] == []
    assert "Mei-chan/Ruby" in found


def test_kin_said_as_a_vocative_makes_the_two_family_but_a_bare_brother_does_not() -> None:
    from ficscope.model import Quote

    def said(line: str) -> list[tuple[str, str]]:
        text = f"\u201c{line}\u201d Wren said."
        quote = Quote(1, 0, len(line) + 2, text[: len(line) + 2], speaker="Wren", addressee="Tomas", confidence=0.9)
        found = find([Chapter(number=1, text=text)], [Character("Wren"), Character("Tomas")], [], [quote])
        return [(r.tag, r.kind) for r in found]

    assert said("You're a celebrity, little brother.") == [("Tomas & Wren", "family")]
    assert said("Goodnight, Mom") == [("Tomas & Wren", "family")]
    assert said("Wrong big brother.") == []


def test_feelings_narrated_for_someone_are_romance_unless_there_are_none() -> None:
    assert related("Wren had feelings for Tomas, and everyone knew it.", ("Wren", "Tomas"))["Tomas/Wren"].kind == "romantic"
    assert related("For three years Wren pined for Tomas.", ("Wren", "Tomas"))["Tomas/Wren"].kind == "romantic"
    assert related("Wren had no feelings for Tomas at all.", ("Wren", "Tomas")) == {}


def test_a_pronoun_the_coreference_stage_left_to_nobody_is_nobody_s_here_too() -> None:
    from ficscope.model import Character, Mention
    from ficscope.stages.relationships_people import People

    text = "Wren met Tomas at the door. He smiled. Later he left."
    cast = [Character("Wren", mentions=1, gender="she"), Character("Tomas", mentions=1, gender="he")]
    named = [Mention(1, 0, 4, "Wren", "Wren"), Mention(1, 9, 14, "Tomas", "Tomas")]
    first, second = text.index("He"), text.index("he left")
    # Without the coreference stage, the nearest man named before is taken.
    assert People(cast, named, {}, []).resolve(1, second, "he") == "Tomas"
    # With it, a pronoun it resolved is taken and one it left to nobody stays nobody's.
    people = People(cast, named, {(1, 0): "Wren", (1, 9): "Tomas", (1, first): "Tomas"}, [])
    assert people.resolve(1, first, "He") == "Tomas"
    assert people.resolve(1, second, "he") is None
