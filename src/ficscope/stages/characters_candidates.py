"""Candidate names in a chapter: runs of capitalised words, with a title if one stands
before them ("Mr. Bennet", "Mlle. Blanche"), each with where it stands."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import knowledge
from ..model import Chapter

_UPPER = "A-Z\u00c0-\u00de"
# A capital then at least one lower-case letter somewhere ("McCoy", "O'Brien"), never
# an all-capitals heading word ("CHAPTER", "LATER"), never "_" (italics marks).
_WORD = rf"[{_UPPER}](?=[^\W_]*[a-z\u00df-\u00ff])[^\W_]*(?:['\u2019-][^\W_]+)*"
_SENTENCE_START = re.compile(r"(?:^|[.!?\u2026:;]\s*[\"'\u201c\u201d\u2018\u2019)]*\s*|[\"\u201c\u2018(]\s*|\n\s*)$")
STOP_WORDS = frozenset(
    """I I'm I'll I'd I've A An The He She It We They You Me My Your His Her Its Our Their This That These
    Those There Here What Who Whom Why When Where How Which Whose If And But Or So Yet For Nor Not No Yes
    Then Now Just Still Even Maybe Perhaps Well Oh Ah Okay OK Hey Hi Hello Please Thanks Thank Sorry
    Good God Lord Mom Mum Dad Mother Father Sir Ma'am Madam Miss Mister Chapter Part Prologue Epilogue
    Because Although While After Before Since Until Unless As At By In On Of To With Without From Into
    Once Every Each Some Any All Both Either Neither Nothing Something Everything Someone Everyone
    Anyone Nobody Somebody Everybody One Two Three Four Five Six Seven Eight Nine Ten First Second
    Last Next Another Other Such Only Also Too Very Really Again Later Soon Never Always Sometimes
    I\u2019m I\u2019ll I\u2019d I\u2019ve Don\u2019t Can\u2019t It\u2019s That\u2019s There\u2019s Let\u2019s
    Don't Doesn't Didn't Can't Couldn't Won't Wouldn't Isn't Aren't Wasn't Weren't It's That's
    There's Let's Let Like Love Dear Honey Baby Darling Sweetheart Babe POV A/N AN""".split()
)


@lru_cache(maxsize=1)
def _candidate() -> re.Pattern[str]:
    """A name with an optional title before it, the titles from knowledge/names/honorifics.txt."""
    title = "|".join(re.escape(t) for t in knowledge.title_words())
    # A title inside a run of capitals starts a new name: "Whether Miss Woodhouse".
    word = rf"(?!(?:{title})\b\.?[ \t]+[{_UPPER}]){_WORD}"
    return re.compile(
        rf"(?:\b(?P<honorific>(?:{title})\b\.?)[ \t]+(?=[{_UPPER}]))?"
        rf"(?P<name>{word}(?:[ \t]+(?:de|van|von|del|da|di|le|la)?[ \t]*{word}){{0,2}})"
    )


def title(form: str) -> str | None:
    """The title a name form starts with, folded without its full stop ("mrs"), if the
    form has a name after it."""
    words = form.split()
    if len(words) < 2:
        return None
    first = knowledge.fold(words[0])
    return first.rstrip(".") if first in knowledge.honorifics() or first + "." in knowledge.honorifics() else None


def title_gender(form: str) -> str | None:
    found = title(form)
    return knowledge.title_genders().get(found) if found else None


def bare(form: str) -> str:
    """A name form without its title: "Mrs. Rachel Lynde" -> "Rachel Lynde"."""
    return " ".join(form.split()[1:]) if title(form) else form


@dataclass(slots=True)
class Occurrence:
    chapter: int
    start: int
    end: int
    name: str
    honorific: str | None
    sentence_start: bool
    figure: bool = False  # a figure of speech ("Humpty Dumpty"), kept only to know its parts


def occurrences(chapter: Chapter) -> Iterable[Occurrence]:
    text = chapter.text
    for match in _candidate().finditer(text):
        name = match.group("name")
        honorific = match.group("honorific")
        # Trailing possessive: "Alec's" names Alec.
        name = re.sub(r"['\u2019]s?$", "", name)
        if knowledge.is_figure_of_speech(name):
            # "Mother Goose" whole, before "Mother" is dropped below.
            yield Occurrence(chapter.number, match.start("name"), match.start("name") + len(name), name, None, False, True)
            continue
        words = name.split()
        # Drop leading stop words: "When Alec" -> "Alec".
        while words and words[0] in STOP_WORDS:
            words.pop(0)
        if not words:
            continue
        name = " ".join(words)
        start = text.find(words[0], match.start("name"))
        end = start + len(name)
        if text[start:end] != name:
            continue
        first = match.start() if honorific else match.start("name")
        before = text[max(0, first - 40) : first]
        honorific = honorific if start == match.start("name") else None
        if honorific:
            # "Mr. Bennet" and "Mrs. Bennet" are two people: the title stays in the name.
            name = " ".join(text[match.start() : end].split())
        yield Occurrence(
            chapter.number,
            match.start() if honorific else start,
            end,
            name,
            honorific,
            bool(_SENTENCE_START.search(before)) and not honorific,
        )
