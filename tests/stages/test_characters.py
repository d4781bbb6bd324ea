"""Characters found in small original scenes, with their aliases clustered."""

from __future__ import annotations

from ficscope.model import Chapter
from ficscope.stages.characters import find
from ficscope.stages.nlp import Parser


def characters(text: str, fandoms: tuple[str, ...] = (), parser: Parser | None = None):
    found, mentions = find([Chapter(number=1, text=text)], fandoms, parser=parser)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return {c.name: c for c in found}


SHADOWHUNTERS = (
    "Alec Lightwood came back to the Institute after midnight. Alec did not turn on the lights.\n\n"
    "\u201cAlexander,\u201d Magnus said from the doorway. \u201cYou're bleeding.\u201d\n\n"
    "\u201cIt's nothing,\u201d Alec said. Izzy pushed past them both with the first-aid kit.\n\n"
    "\u201cSit,\u201d Isabelle ordered. Magnus Bane smiled at her, and Alec sat.\n\n"
    "Later, on the balcony over Brooklyn, Mr. Bane poured two drinks. Alec watched him."
)


def test_aliases_cluster_into_one_canonical_character() -> None:
    found = characters(SHADOWHUNTERS, ("Shadowhunters (TV)",))
    assert {"Alec Lightwood", "Magnus Bane", "Isabelle Lightwood"} <= set(found)
    assert {"Alec", "Alexander"} <= set(found["Alec Lightwood"].aliases)
    assert "Izzy" in found["Isabelle Lightwood"].aliases
    assert "Mr. Bane" in found["Magnus Bane"].aliases


def test_places_and_organisations_are_not_characters() -> None:
    found = characters(SHADOWHUNTERS, ("Shadowhunters (TV)",))
    assert "Brooklyn" not in found
    assert "Institute" not in found


def test_pack_is_inferred_from_the_characters_when_nothing_is_declared() -> None:
    found = characters(SHADOWHUNTERS)
    assert "Magnus Bane" in found and "Alec Lightwood" in found


def test_original_character_is_found_without_a_pack() -> None:
    text = (
        "Jake leaned against the car and pushed his hair back. \u201cYou coming or not?\u201d Jake asked.\n\n"
        "Mara shook her head. Jake laughed at her and lit a cigarette."
    )
    found = characters(text, parser=Parser())
    assert "Jake" in found and found["Jake"].mentions == 3
    assert found["Jake"].gender == "he"
    assert "Mara" in found


def test_nursery_rhyme_figure_talked_about_is_not_a_character() -> None:
    text = (
        "\u201cYou know the story of Humpty Dumpty, right?\u201d Magnus asked.\n\n"
        "Alec scoffed. \u201cWhen Humpty fell off the wall, he shattered.\u201d\n\n"
        "\u201cYou must think I'm crazy, quoting Mother Goose.\u201d"
    )
    found = characters(text)
    assert not any("Humpty" in name or "Goose" in name for name in found)


def test_capitalised_words_at_sentence_start_are_not_characters() -> None:
    text = (
        "Nothing moved. Somewhere a dog barked. Wren waited.\n\n"
        "Maybe it was nothing. Still, Wren counted the boats. Okay, she thought. Fine."
    )
    found = characters(text)
    assert set(found) == {"Wren"}


def test_full_name_joins_first_name_for_an_original_character() -> None:
    text = "Jake Miller knocked twice. Nobody answered, so Jake knocked again. Jake smiled."
    found = characters(text)
    assert set(found) == {"Jake Miller"}
    assert "Jake" in found["Jake Miller"].aliases


def test_parser_decides_a_name_the_model_leaves_open() -> None:
    # One mention, opening a sentence, of a name no list knows: the model is unsure.
    text = "Jake pushed his hair back. \u201cComing?\u201d Jake asked.\n\nMara shook her head. Jake laughed."
    without, _ = find([Chapter(number=1, text=text)])
    with_parser, _ = find([Chapter(number=1, text=text)], parser=Parser())
    assert "Mara" not in {c.name for c in without}
    assert "Mara" in {c.name for c in with_parser}


def test_named_places_are_not_characters() -> None:
    text = (
        "Wren walked to Kellynch Hall in the rain. Kellynch Hall was dark.\n\n"
        "Tomas waited on Baker Street. Wren found him there, and Tomas laughed."
    )
    found = characters(text)
    assert "Kellynch Hall" not in found and "Baker Street" not in found
    assert {"Wren", "Tomas"} <= set(found)


def test_title_and_surname_join_the_one_man_of_that_surname_without_a_pack() -> None:
    text = (
        "\u201cWe open at five,\u201d Tobias Wren said, and he tied his apron.\n\n"
        "\u201cMorning, Mr. Wren,\u201d the postman said. Tobias waved. He was tired."
    )
    found = characters(text)
    assert "Mr. Wren" in found["Tobias Wren"].aliases


def test_mrs_and_a_plain_named_girl_of_the_surname_stay_two_people() -> None:
    text = (
        "\u201cI won't come in,\u201d Edith Marsh said, and she hid in the orchard.\n\n"
        "\u201cEdith!\u201d Mrs. Marsh called from the porch. She called again. Edith did not answer."
    )
    found = characters(text)
    assert "Mrs. Marsh" in found and "Edith Marsh" in found


def test_a_house_named_for_a_person_opening_a_sentence_is_not_a_character() -> None:
    text = (
        'Bounderby laughed at the boy. "Go home," Bounderby said, and he walked off. '
        "Bounderby Hall stood dark on the hill. Bounderby Hall was cold that winter. "
        "Bounderby Hall had no fire in it. Louisa waited for him there."
    )
    found = characters(text)
    assert "Bounderby" in found
    assert not any("Hall" in " ".join([c.name, *c.aliases]) for c in found.values())


def test_an_old_interjection_opening_speech_is_not_a_character() -> None:
    text = (
        '"Nay, I will not go," said Catherine. "Nay, you must," said Isabella. '
        '"Hullo, Catherine," he said. "Nay, Isabella," Catherine answered. '
        '"Hullo there," Isabella said. "Nay," said Catherine. "Hullo!" she cried.'
    )
    found = characters(text)
    assert {"Catherine", "Isabella"} <= set(found)
    assert not set(found) & {"Nay", "Hullo"}


def test_one_distinctive_name_among_common_ones_brings_no_fandom_pack() -> None:
    text = (
        '"Come along, Will," said Jane. Mike followed them to the gate, and Robin waved. '
        'Joyce laughed at Will. "Robin, wait," Mike said. Jane took Will by the arm. '
        "Robin smiled at Joyce, and Mike and Will walked on."
    )
    found = characters(text)
    assert {"Will", "Jane", "Mike", "Robin"} <= set(found)
    assert all(c.fandom is None for c in found.values())


def test_declared_characters_are_the_preferred_names_and_join_their_parts() -> None:
    text = (
        "Granger put the book down. \u201cYou're late,\u201d Hermione said.\n\n"
        "Ron shrugged and sat beside her. Hermione Granger did not look up again."
    )
    found, _ = find([Chapter(number=1, text=text)], declared_characters=["Hermione Granger", "Ron Weasley"])
    names = {c.name: c for c in found}
    assert "Hermione Granger" in names
    assert {"Granger", "Hermione"} <= set(names["Hermione Granger"].aliases)
    assert "Granger" not in names and "Hermione" not in names
    assert "Ron Weasley" in names and "Ron" in names["Ron Weasley"].aliases


def test_names_only_in_an_authors_note_are_not_characters() -> None:
    from ficscope.model import Span

    note = "A/N: Thanks to Marguerite for the beta, and to Bartholomew for the idea!\n\n"
    story = "Wren waited by the door. \u201cLate again,\u201d Wren said, and Jake laughed at her."
    text = note + story
    notes = [Span(1, 0, len(note), note)]
    found, mentions = find([Chapter(number=1, text=text)], notes=notes)
    names = {c.name for c in found}
    assert "Marguerite" not in names and "Bartholomew" not in names
    assert "Wren" in names
    assert all(m.start >= len(note) for m in mentions)


def test_a_full_name_of_one_pack_character_brings_no_pack() -> None:
    # "Will Byers" alone is no evidence of Stranger Things: the text's own names stand.
    text = (
        "Will Byers had lived on Elm Street all his life. Jane smiled at Will. "
        "\u201cCome on,\u201d said Jane, and Will followed her."
    )
    found = characters(text)
    assert not any(c.fandom for c in found.values())
    assert "Jane" in found


def test_an_ordinary_word_opening_a_sentence_is_not_glued_to_the_name_after_it() -> None:
    text = (
        "Dorcas came in with the tray. \u201cIt was late,\u201d Dorcas said. She was tired. "
        "Was Dorcas right? Nobody was sure, and Dorcas said nothing more."
    )
    found = characters(text)
    assert "Was Dorcas" not in found
    assert found["Dorcas"].mentions == 4


def test_a_surname_miss_and_mrs_share_is_nobodys_and_they_stay_two() -> None:
    text = (
        "\u201cGood morning,\u201d said Miss Bates. Mrs. Bates nodded from her chair. "
        "Miss Bates poured the tea, and Mrs. Bates smiled at her. Bates was a name all "
        "Highbury knew. \u201cMore tea?\u201d Miss Bates asked. Mrs. Bates shook her head."
    )
    found = characters(text)
    assert "Miss Bates" in found and "Mrs. Bates" in found
    assert "Bates" not in found
    assert not any("Bates" in c.aliases for c in found.values())


def test_miss_and_a_surname_is_the_one_woman_of_that_surname_named_in_full() -> None:
    found = characters(
        "Prudence Cowley ran down the platform with her hat in her hand. She had missed the train again. "
        "\u201cMiss Cowley!\u201d the porter shouted after her. Prudence laughed and waved. "
        "\u201cYou are late, Miss Cowley,\u201d said the porter, and Prudence shrugged."
    )
    assert "Miss Cowley" in found["Prudence Cowley"].aliases
    assert "Miss Cowley" not in found


def test_miss_and_a_surname_stays_apart_when_two_of_that_surname_are_named_in_full() -> None:
    found = characters(
        "Maria Bertram walked in the shrubbery. She was tired of the house. Julia Bertram followed her, "
        "and she was angry. \u201cMiss Bertram,\u201d said the curate, bowing. Maria smiled at him. "
        "Julia looked away. \u201cMiss Bertram, you are kind,\u201d he said again."
    )
    assert not any("Miss Bertram" in c.aliases for c in found.values())


def candidates_kept(names: list[str]) -> list[str]:
    from ficscope.stages.characters import candidate_forms
    from ficscope.stages.characters_candidates import Occurrence

    return [o.name for o in candidate_forms([Occurrence(1, 0, len(n), n, None, False) for n in names], frozenset(), frozenset())]


def test_contractions_are_never_candidate_names_but_apostrophes_in_names_are() -> None:
    names = ["She'd", "They\u2019ve", "Couldn't", "Who'll", "O'Brien", "Fen'Harel", "D'Artagnan"]
    assert candidates_kept(names) == ["O'Brien", "Fen'Harel", "D'Artagnan"]


def test_the_declared_fandoms_world_is_not_a_character_but_its_people_may_be() -> None:
    text = (
        "Night Vale was quiet. Carlos walked under the lights of Night Vale and frowned. "
        "Percy Jackson waved at him across the street. \u201cCarlos!\u201d Percy said. Carlos smiled at him. "
        "Night Vale hummed. Percy laughed, and he ran to the car."
    )
    found = characters(text, ("Welcome to Night Vale", "Percy Jackson and the Olympians - Rick Riordan"))
    assert "Night Vale" not in found
    assert "Percy Jackson" in found


def test_well_known_places_are_not_candidates_unless_a_given_name_or_part_of_a_full_name() -> None:
    names = ["Transylvania", "New Orleans", "Wisconsin", "Florence", "Kent", "Clark Kent", "Iowa"]
    assert candidates_kept(names) == ["Florence", "Kent", "Clark Kent"]


def test_a_name_that_opens_one_longer_name_is_that_person() -> None:
    found = characters(
        "Soo Lin Yao worked late at the museum. Soo Lin locked the cases one by one. "
        "\u201cAre you still here?\u201d the guard asked. Soo Lin smiled at him and nodded. "
        "Soo Lin Yao went home at midnight, and Soo Lin slept."
    )
    assert "Soo Lin" in found["Soo Lin Yao"].aliases
    assert "Soo Lin" not in found


def test_a_nickname_and_the_surname_make_one_man_with_his_title() -> None:
    text = (
        "\u201cShut the door,\u201d Ned Hollis said, and he sat by the fire. Ned drank.\n\n"
        "\u201cMr. Edward Hollis, as I live,\u201d said the landlady. He grunted at her.\n\n"
        "\u201cAnother, Mr. Hollis?\u201d she asked. Mr. Hollis nodded, and he drank it. Ned slept.\n\n"
        "They knew him in every inn as Mr. Ned Hollis. Mr. Hollis paid and he left."
    )
    found = characters(text)
    assert "Ned Hollis" in found
    assert {"Mr. Edward Hollis", "Mr. Hollis"} <= set(found["Ned Hollis"].aliases)


def test_a_title_before_a_full_name_written_again_and_again_keeps_the_title_apart() -> None:
    text = (
        "\u201cGood day,\u201d Mr. Hollis said to his brother, and he bowed. "
        "John Hollis bowed back. Mr. John Hollis was the younger.\n\n"
        "\u201cYou are late,\u201d Mr. Hollis said. Mr. John Hollis laughed, and he sat down. "
        "Mr. John Hollis ate. Mr. Hollis watched him, and he frowned."
    )
    found = characters(text)
    assert "Mr. Hollis" in found and "John Hollis" in found
    assert "Mr. Hollis" not in found["John Hollis"].aliases


def test_an_ing_form_or_common_word_glued_before_a_name_is_not_part_of_it() -> None:
    opening = "Nudging Tavi\u2019s elbow, Oren grinned. \u201cLook,\u201d Oren said, and Tavi looked.\n\n"
    found = characters(opening + "Poor Tavi had not slept. Oren laughed, Seeing Tavi yawn. \u201cDrink,\u201d Oren said to Tavi.")
    assert {"Tavi", "Oren"} <= set(found)
    names = {n for c in found.values() for n in (c.name, *c.aliases)}
    assert not names & {"Nudging Tavi", "Poor Tavi", "Seeing Tavi"}
    assert found["Tavi"].mentions == 5  # the three after those words as well


def test_a_name_ending_in_ing_that_is_no_word_keeps_its_first_word() -> None:
    said = "\u201cIn,\u201d Sterling Voss said, and he waved them through. "
    assert "Sterling Voss" in characters("Sterling Voss opened the door. " + said * 3)
