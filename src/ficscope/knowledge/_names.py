"""Name word lists from names/: not-characters, figures of speech, honorifics, speech verbs,
person nouns and given-name diminutives."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import Literal, cast, get_args

from ._files import KnowledgeError, _columns, _data_lines
from ._fold import fold
from ._packs import GENDERS, Gender

FigureUsage = Literal["figure", "character"]
HonorificKind = Literal["title", "ambiguous", "suffix"]


@lru_cache(maxsize=1)
def not_characters() -> frozenset[str]:
    """Capitalised words that never name a character by themselves, folded ("oh", "monday")."""
    return frozenset(fold(line) for line in _data_lines("not_characters.txt"))


def is_not_character(word: str) -> bool:
    """True if ``word`` (any case) is on the not-characters list. A fandom pack's names win."""
    return fold(word) in not_characters()


@lru_cache(maxsize=1)
def figure_usages() -> Mapping[str, FigureUsage]:
    """Every listed figure, folded, with and without a leading "the" -> "figure" (usually
    only talked about) or "character" (often a real character in fan fiction: Loki, Zeus)."""
    found: dict[str, FigureUsage] = {}
    for name, usage in _columns("figures_of_speech.txt", 2):
        if usage not in get_args(FigureUsage):
            raise KnowledgeError(f"usage {usage!r} for {name!r}", path="figures_of_speech.txt")
        key = fold(name)
        found[key] = cast(FigureUsage, usage)
        found.setdefault(key.removeprefix("the "), cast(FigureUsage, usage))
    return MappingProxyType(found)


@lru_cache(maxsize=1)
def figures_of_speech() -> frozenset[str]:
    """Figures typically only talked about, folded ("humpty dumpty", "tooth fairy")."""
    return frozenset(name for name, usage in figure_usages().items() if usage == "figure")


def figure_usage(name: str) -> FigureUsage | None:
    """How a figure (any case, with or without "the") is usually used, or None if unlisted."""
    return figure_usages().get(fold(name))


def is_figure_of_speech(name: str) -> bool:
    """True if ``name`` is typically only talked about. A fandom pack's names win."""
    return figure_usage(name) == "figure"


@lru_cache(maxsize=1)
def _honorific_table() -> Mapping[str, HonorificKind]:
    found: dict[str, HonorificKind] = {}
    for form, kind in _columns("honorifics.txt", 2):
        if kind not in get_args(HonorificKind):
            raise KnowledgeError(f"kind {kind!r} for {form!r}", path="honorifics.txt")
        found[fold(form)] = cast(HonorificKind, kind)
    return MappingProxyType(found)


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Titles written before a name, folded ("mr.", "mr", "professor", "aunt")."""
    return frozenset(f for f, kind in _honorific_table().items() if kind != "suffix")


@lru_cache(maxsize=1)
def ambiguous_honorifics() -> frozenset[str]:
    """Titles that are also ordinary words or names on their own ("doctor", "father", "major")."""
    return frozenset(f for f, kind in _honorific_table().items() if kind == "ambiguous")


@lru_cache(maxsize=1)
def title_words() -> tuple[str, ...]:
    """Titles written before a name as prose writes them, without a full stop, longest
    first ("Mademoiselle", "Mrs", "Mr")."""
    found = {form.rstrip(".") for form, kind in _columns("honorifics.txt", 2) if kind != "suffix"}
    return tuple(sorted(found, key=lambda t: (-len(t), t)))


@lru_cache(maxsize=1)
def honorific_suffixes() -> frozenset[str]:
    """Honorifics written after a name, folded, without the hyphen: "san" in "Todoroki-san"."""
    return frozenset(f for f, kind in _honorific_table().items() if kind == "suffix")


@lru_cache(maxsize=1)
def speech_verbs() -> tuple[str, ...]:
    """Verbs that make a speech tag ("said", "snapped", "went on"), folded, longest first
    so that a regular expression built from them prefers "cried out" to "cried"."""
    forms = {fold(line) for line in _data_lines("speech_verbs.txt")}
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


@lru_cache(maxsize=1)
def perception_verbs() -> tuple[str, ...]:
    """What a point-of-view character does right after their name or pronoun ("watched",
    "couldn't believe"), folded, longest first."""
    forms = {fold(line) for line in _data_lines("perception_verbs.txt")}
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


@lru_cache(maxsize=1)
def not_speaker_nouns() -> frozenset[str]:
    """Nouns that stand where a speech tag's speaker stands but never name a person
    ("his advice concluded"), folded."""
    return frozenset(fold(line) for line in _data_lines("not_speakers.txt"))


@lru_cache(maxsize=1)
def person_nouns() -> Mapping[str, Gender]:
    """Nouns that name a person, folded, with the pronoun the noun implies
    ("girl" -> "she", "uncle" -> "he", "doctor" -> "they")."""
    return _gendered_words("person_nouns.tsv")


@lru_cache(maxsize=1)
def pronoun_genders() -> Mapping[str, Gender]:
    """Third-person pronouns with the gender each says ("his" -> "he", "herself" -> "she")."""
    return _gendered_words("pronouns.tsv")


@lru_cache(maxsize=1)
def title_genders() -> Mapping[str, Gender]:
    """Titles that say a gender, folded and without their full stop ("mrs" -> "she")."""
    return _gendered_words("title_genders.tsv")


def _gendered_words(path: str) -> Mapping[str, Gender]:
    """A names/ file of word<TAB>pronoun rows, folded."""
    found: dict[str, Gender] = {}
    for word, gender in _columns(path, 2):
        if gender not in GENDERS:
            raise KnowledgeError(f"gender {gender!r} for {word!r}", path=path)
        found[fold(word)] = cast(Gender, gender)
    return MappingProxyType(found)


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Words that end the name of a place or building, folded ("hall", "street")."""
    return frozenset(fold(line) for line in _data_lines("place_words.txt"))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Names of well-known places, folded ("transylvania", "new orleans")."""
    return frozenset(fold(line) for line in _data_lines("places.txt"))


@lru_cache(maxsize=1)
def word_frequencies() -> Mapping[str, int]:
    """How often each word is written in lower case in the fitting novels, folded
    ("well" -> 2314): how much a capitalised candidate is an ordinary English word."""
    found: dict[str, int] = {}
    for word, count in _columns("word_frequencies.tsv", 2):
        if not count.isdigit():
            raise KnowledgeError(f"count {count!r} for {word!r}", path="word_frequencies.tsv")
        found[word] = int(count)
    return MappingProxyType(found)


def known_given_name(name: str) -> bool:
    """True if ``name`` is a given name the nickname lists know ("emma", "alec")."""
    return fold(name) in _variants()


# --------------------------------------------------------------------------- given names


def _nicknames_package_pairs() -> list[tuple[str, str]]:
    """(canonical, nickname) pairs from the `nicknames` package's names.csv."""
    try:
        text = files("nicknames").joinpath("names.csv").read_text(encoding="utf-8")
    except ModuleNotFoundError as error:
        raise KnowledgeError("the 'nicknames' package is not installed") from error
    pairs = []
    for row in csv.reader(text.splitlines()[1:]):
        if len(row) == 3 and row[1] == "has_nickname":
            pairs.append((row[0].strip().lower(), row[2].strip().lower()))
    return pairs


@lru_cache(maxsize=1)
def nickname_groups() -> Mapping[str, frozenset[str]]:
    """Given name -> its diminutives, from `nicknames` plus names/nicknames_extra.tsv."""
    groups: dict[str, set[str]] = {}
    extra = [(fold(a), fold(b)) for a, b in _columns("nicknames_extra.tsv", 2)]
    for canonical, nickname in [*_nicknames_package_pairs(), *extra]:
        if canonical != nickname:
            groups.setdefault(canonical, set()).add(nickname)
    return MappingProxyType({k: frozenset(v) for k, v in groups.items()})


@lru_cache(maxsize=1)
def _variants() -> Mapping[str, frozenset[str]]:
    linked: dict[str, set[str]] = {}
    for canonical, nicknames in nickname_groups().items():
        for nickname in nicknames:
            linked.setdefault(canonical, {canonical}).add(nickname)
            linked.setdefault(nickname, {nickname}).add(canonical)
    return MappingProxyType({k: frozenset(v) for k, v in linked.items()})


def given_name_variants(name: str) -> frozenset[str]:
    """A given name, folded, with its diminutives and the names it is a diminutive of.

    One step only: "alexander" gives "alec" and "alex", "alec" gives "alexander", but
    "alec" does not give "alex" (two people called Alec and Alex are common).
    """
    key = fold(name)
    return _variants().get(key, frozenset({key}))


def same_person_names(a: str, b: str) -> bool:
    """True if two given names can name one person: equal, or one a diminutive of the other."""
    return fold(b) in given_name_variants(a)
