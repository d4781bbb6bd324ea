"""The reader as a character of works told in the second person."""

from __future__ import annotations

from ficscope.model import Chapter, Character, Mention
from ficscope.stages import characters_reader
from ficscope.stages.relationships import find

SECOND_PERSON = (
    "You pushed the door open and your lantern swung. You had walked for hours, and your boots "
    "were soaked. You set the lantern down. Orrin looked up from the fire and smiled at you. "
    "You crossed the room and kissed Orrin, and he laughed against your mouth. "
    "\"You're late,\" he said. You shrugged and you sat beside him, your hands cold. "
    "You watched the flames. You told yourself you would stay. Your heart was loud. "
    "You leaned on him and you closed your eyes, and you slept."
)
FIRST_PERSON = (
    "I pushed the door open. \"You are late,\" Orrin said, \"and you know it, and you never "
    "listen when you are told.\" I shrugged. \"You always say that. You and your rules. You, "
    "you, you.\" He laughed. I sat down by the fire and I watched him, and I kissed him."
)


def test_a_chapter_told_as_you_has_the_reader_with_each_you_of_its_narration() -> None:
    reader, mentions = characters_reader.find([Chapter(1, SECOND_PERSON)], ["Female Reader - Character", "Reader"])
    assert reader is not None and reader.name == "Reader"
    assert all(m.character == "Reader" and m.text.lower().startswith("you") for m in mentions)
    quoted = SECOND_PERSON.index("\"You're late")
    assert all(not quoted <= m.start < quoted + 14 for m in mentions)


def test_a_first_person_narrator_talking_to_someone_is_no_reader() -> None:
    assert characters_reader.find([Chapter(1, FIRST_PERSON)]) == (None, [])


def test_the_reader_kisses_someone_as_a_relationship_does() -> None:
    chapter = Chapter(1, SECOND_PERSON)
    reader, mentions = characters_reader.find([chapter])
    assert reader is not None
    start = SECOND_PERSON.index("Orrin")
    names = list(mentions)
    for offset in (start, SECOND_PERSON.index("Orrin", start + 1)):
        names.append(Mention(1, offset, offset + 5, "Orrin", "Orrin"))
    names.sort(key=lambda m: m.start)
    found = find([chapter], [Character("Orrin", gender="he"), reader], names, [])
    assert [(r.tag, r.kind) for r in found if r.shown] == [("Orrin/Reader", "romantic")]
