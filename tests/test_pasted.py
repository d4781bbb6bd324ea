"""Text pasted from a work page, or a plain text file."""

from ficscope.readers import read_bytes


def read(text: str):
    return read_bytes(text.encode("utf-8"), "pasted.txt")


def test_shared_sample_has_title_note_and_one_chapter(shared_sample) -> None:
    work = read_bytes(shared_sample.read_bytes(), str(shared_sample))
    assert work.title == "All The King's Horses"
    assert work.notes is not None and "2x05" in work.notes
    assert len(work.chapters) == 1
    assert work.chapters[0].text.startswith("\u201c") or work.chapters[0].text.startswith('"')
    assert "2x05" not in work.chapters[0].text


def test_plain_story_without_title_is_one_chapter() -> None:
    work = read('"Run," she said.\n\nThey ran until the road gave out.\n')
    assert work.title is None
    assert len(work.chapters) == 1
    assert work.chapters[0].text == '"Run," she said.\n\nThey ran until the road gave out.'


def test_chapter_text_markers_split_chapters_and_keep_titles() -> None:
    text = (
        "Chapter 1: Salt\n\nChapter Text\n\nThe sea was loud.\n\n"
        "Chapter 2\n\nChapter Text\n\nThe sea was quiet.\n\n"
        "Chapter 3: The End Of It\n\nChapter Text\n\nThey slept.\n"
    )
    work = read(text)
    assert [c.title for c in work.chapters] == ["Salt", None, "The End Of It"]
    assert [c.text for c in work.chapters] == ["The sea was loud.", "The sea was quiet.", "They slept."]
    for chapter in work.chapters:
        assert text[chapter.source_start : chapter.source_start + len(chapter.text)] == chapter.text


def test_chapter_summary_notes_and_end_notes_stay_out_of_the_story() -> None:
    text = (
        "Chapter 1: Salt\n\nSummary:\n\nA storm comes.\n\nNotes:\n\nFor my sister.\n\n"
        "Chapter Text\n\nThe storm came.\n\nChapter End Notes\n\nMore soon!\n"
    )
    chapter = read(text).chapters[0]
    assert chapter.summary == "A storm comes."
    assert chapter.notes == "For my sister."
    assert chapter.end_notes == "More soon!"
    assert chapter.text == "The storm came."


def test_work_page_labels_become_declared_tags() -> None:
    text = (
        "Rating:\n    Teen And Up Audiences\n"
        "Archive Warning:\n    Graphic Depictions Of Violence\n"
        "Category:\n    M/M\n"
        "Fandom:\n    Shadowhunters (TV)\n"
        "Relationship:\n    Alec Lightwood/Magnus Bane\n"
        "Characters:\n    Alec Lightwood, Magnus Bane, Isabelle Lightwood\n"
        "Additional Tags:\n    Hurt/Comfort, Missing Scene\n"
        "Language:\n    English\n"
        "Stats:\n    Published: 2017-02-14 Words: 1,204 Chapters: 1/1 Kudos: 40\n\n"
        "Balcony\n\nsomeone_wrote\n\nSummary:\n\nAfter the fight.\n\nNotes:\n\nSet during 2x05.\n\n"
        "Work Text:\n\nAlec did not look up.\n"
    )
    work = read(text)
    declared = work.declared
    assert declared.rating == "Teen And Up Audiences"
    assert declared.warnings == ["Graphic Depictions Of Violence"]
    assert declared.categories == ["M/M"]
    assert declared.fandoms == ["Shadowhunters (TV)"]
    assert declared.relationships == ["Alec Lightwood/Magnus Bane"]
    assert declared.characters == ["Alec Lightwood", "Magnus Bane", "Isabelle Lightwood"]
    assert declared.tags == ["Hurt/Comfort", "Missing Scene"]
    assert work.language == "English"
    assert (work.published, work.declared_words, work.declared_chapters, work.complete) == ("2017-02-14", 1204, "1/1", True)
    assert work.title == "Balcony"
    assert work.authors == ["someone_wrote"]
    assert work.summary == "After the fight."
    assert work.notes == "Set during 2x05."
    assert [c.text for c in work.chapters] == ["Alec did not look up."]


def test_a_wip_says_so() -> None:
    work = read("Stats:\n    Published: 2020-01-02 Updated: 2020-03-01 Words: 900 Chapters: 2/?\n\nWork Text:\n\nText.\n")
    assert work.complete is False and work.updated == "2020-03-01"


def test_prologue_and_epilogue_are_chapter_headings() -> None:
    work = read("Prologue\n\nIt began.\n\nChapter 1\n\nIt went on.\n\nEpilogue\n\nIt ended.\n")
    assert [c.title for c in work.chapters] == ["Prologue", None, "Epilogue"]


def test_page_furniture_after_the_last_chapter_is_dropped() -> None:
    work = read("Work Text:\n\nThe end came quietly.\n\nActions\n\nKudos \u2665\n\nComments (3)\n")
    assert work.chapters[0].text == "The end came quietly."


def test_title_then_by_line_gives_the_author() -> None:
    work = read("Low Tide\nby sea_glass\n\nThe water went out and did not come back.\n")
    assert work.title == "Low Tide"
    assert work.authors == ["sea_glass"]


def test_crlf_pasted_text_reads_like_lf() -> None:
    lf = "Chapter 1\n\nChapter Text\n\nShe waited.\n"
    assert read(lf.replace("\n", "\r\n")).chapters[0].text == read(lf).chapters[0].text
