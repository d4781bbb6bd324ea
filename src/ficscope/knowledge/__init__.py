"""What ficscope knows before it reads: fandom packs and name lexicons.

The knowledge is data (``fandoms/*.json``, ``names/*``; see README.md beside this
file). This module reads it once, checks it, and answers questions about it. Every
public function is cached: call it as often as you like.

Matching is case-insensitive throughout: names are compared after ``fold`` (Unicode
NFKC, casefold, curly apostrophes made straight, whitespace folded), and every set
or mapping of names this module returns holds folded forms: look up ``fold(word)``,
or call the ``is_...`` helpers, which fold for you.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from itertools import accumulate, permutations
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast, get_args

from ..errors import FicscopeError
from ..model import ARCHIVE_WARNINGS, CATEGORIES, RATINGS, SEVERITIES, RelationshipKind, Severity
from . import _disk_cache, _fragment_words
from ._fragment_words import first_words

Gender = Literal["he", "she", "they"]
FigureUsage = Literal["figure", "character"]
HonorificKind = Literal["title", "ambiguous", "suffix"]

GENDERS: tuple[str, ...] = get_args(Gender)
RELATIONSHIP_KINDS: tuple[str, ...] = get_args(RelationshipKind)

# Relationship tags with this many members or fewer also match in every order.
_MAX_PERMUTED_MEMBERS = 4

_PACK_FIELDS = frozenset(
    {"fandom", "ao3_names", "characters", "relationships", "non_characters", "notes"}
)
_CHARACTER_FIELDS = frozenset({"name", "aliases", "weak_aliases", "gender", "distinctive"})
_RELATIONSHIP_FIELDS = frozenset({"tag", "aliases", "kind"})

_DISAMBIGUATOR = re.compile(r"\s+\([^()]+\)$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
_AROUND_SLASH = re.compile(r"\s*/\s*")
_AROUND_AMPERSAND = re.compile(r"\s*&\s*")


class KnowledgeError(FicscopeError):
    """A shipped knowledge file is missing or malformed (a packaging or editing bug)."""

    code = "E300"


# --------------------------------------------------------------------------- folding


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The form names are compared in: NFKC, casefolded, one space between words."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return " ".join(text.casefold().split())


def fold_tag(tag: str) -> str:
    """``fold`` for relationship tags: also ignores spaces around "/" and "&"."""
    folded = _AROUND_SLASH.sub("/", fold(tag))
    return _AROUND_AMPERSAND.sub(" & ", folded)


def without_disambiguator(name: str) -> str:
    """AO3's name without its trailing fandom disambiguator: "Thor (Marvel)" -> "Thor"."""
    return _DISAMBIGUATOR.sub("", name)


def _tag_members(tag: str) -> tuple[str, list[str]]:
    """Split a relationship tag into its separator ("/" or "&") and member names."""
    separator = "/" if "/" in tag else "&"
    return separator, [part.strip() for part in tag.split(separator)]


# --------------------------------------------------------------------------- packs


@dataclass(frozen=True, slots=True)
class PackCharacter:
    """One character as a fandom pack knows them.

    ``name`` is AO3's canonical character tag. ``aliases`` are every other name the
    text may use for them alone: those the pack lists plus the forms the tag implies
    (its bare form "Thor" for "Thor (Marvel)", each side of "Lan Zhan | Lan Wangji").
    ``weak_aliases`` usually mean them but can mean a relative (a surname said alone),
    so treat a match as weaker evidence.
    """

    name: str
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    gender: Gender | None = None
    distinctive: bool = False

    @property
    def display_name(self) -> str:
        """The tag without AO3's disambiguator: "Natasha Romanov (Marvel)" -> "Natasha Romanov"."""
        return without_disambiguator(self.name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every strong name: the tag first, then the aliases."""
        return (self.name, *self.aliases)


def implied_names(tag: str) -> list[str]:
    """The names a character tag implies besides itself: its bare form and each side of " | ".

    A one-letter side ("V" in "Kim Taehyung | V") is left out: too risky to match.
    """
    bare = without_disambiguator(tag)
    parts = [part.strip() for part in bare.split(" | ")] if " | " in bare else []
    return [n for n in _unique([bare, *parts]) if fold(n) != fold(tag) and len(n) > 1]


@dataclass(frozen=True, slots=True)
class PackRelationship:
    """A relationship tag in AO3 syntax: "A/B" romantic or sexual, "A & B" platonic."""

    tag: str
    kind: RelationshipKind
    members: tuple[str, ...]  # canonical character names, as in PackCharacter.name
    aliases: tuple[str, ...] = ()

    @property
    def synonyms(self) -> tuple[str, ...]:
        """The tag, its aliases and its members' full tags joined, each in every member
        order, folded with ``fold_tag``: "magnus/alec", "loki (marvel)/thor (marvel)"."""
        joiner = "/" if self.kind == "romantic" else " & "
        return _tag_synonyms(self.tag, (*self.aliases, joiner.join(self.members)))


@dataclass(frozen=True, slots=True)
class FandomPack:
    """Everything one fandom pack says. Build with ``load_pack``, not by hand."""

    fandom: str
    ao3_names: tuple[str, ...]
    characters: tuple[PackCharacter, ...]
    relationships: tuple[PackRelationship, ...]
    non_characters: tuple[str, ...]
    source: str = ""  # the pack's file name
    _by_name: Mapping[str, PackCharacter] = field(
        default_factory=dict, repr=False, compare=False
    )
    _by_weak_name: Mapping[str, PackCharacter] = field(
        default_factory=dict, repr=False, compare=False
    )
    _by_synonym: Mapping[str, PackRelationship] = field(
        default_factory=dict, repr=False, compare=False
    )
    _non_characters: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical fandom name first, then the other AO3 fandom tags it covers."""
        return (self.fandom, *self.ao3_names)

    def character(self, name: str, *, weak: bool = False) -> PackCharacter | None:
        """The character this name (any alias, any case) means; weak aliases only if asked."""
        key = fold(name)
        found = self._by_name.get(key)
        if found is None and weak:
            found = self._by_weak_name.get(key)
        return found

    def relationship(self, tag: str) -> PackRelationship | None:
        """The relationship a tag, ship name or swapped order ("Magnus/Alec") means."""
        return self._by_synonym.get(fold_tag(tag))

    def is_non_character(self, name: str) -> bool:
        """True for this fandom's places, groups, species and objects ("Idris", "the Clave")."""
        key = fold(name)
        return key in self._non_characters or key.removeprefix("the ") in self._non_characters


def load_pack(data: object, *, source: str = "") -> FandomPack:
    """Build a pack from parsed JSON; raises KnowledgeError listing every problem."""
    problems = check_pack(data)
    if problems:
        raise KnowledgeError("; ".join(problems), path=source or None)
    raw = cast(dict[str, object], data)
    characters = tuple(_character(cast(dict[str, object], c)) for c in _list(raw["characters"]))
    by_bare = {fold(c.display_name): c for c in characters}
    relationships = tuple(
        _relationship(cast(dict[str, object], r), by_bare)
        for r in _list(raw.get("relationships", []))
    )
    by_name = {fold(n): c for c in characters for n in c.names}
    by_weak = {fold(n): c for c in characters for n in c.weak_aliases}
    by_synonym = {s: r for r in relationships for s in r.synonyms}
    non_characters = tuple(_strings(raw.get("non_characters", [])))
    return FandomPack(
        fandom=cast(str, raw["fandom"]),
        ao3_names=tuple(_strings(raw.get("ao3_names", []))),
        characters=characters,
        relationships=relationships,
        non_characters=non_characters,
        source=source,
        _by_name=MappingProxyType(by_name),
        _by_weak_name=MappingProxyType(by_weak),
        _by_synonym=MappingProxyType(by_synonym),
        _non_characters=frozenset(fold(n).removeprefix("the ") for n in non_characters),
    )


def _character(raw: dict[str, object]) -> PackCharacter:
    name = cast(str, raw["name"])
    gender = raw.get("gender")
    aliases = _unique([*implied_names(name), *_strings(raw.get("aliases", []))])
    return PackCharacter(
        name=name,
        aliases=tuple(a for a in aliases if fold(a) != fold(name)),
        weak_aliases=tuple(_strings(raw.get("weak_aliases", []))),
        gender=cast(Gender, gender) if gender is not None else None,
        distinctive=bool(raw.get("distinctive", False)),
    )


def _relationship(raw: dict[str, object], by_bare: Mapping[str, PackCharacter]) -> PackRelationship:
    tag = cast(str, raw["tag"])
    members = tuple(by_bare[key].name for key in _member_keys(tag))
    separator, _ = _tag_members(tag)
    default: RelationshipKind = "romantic" if separator == "/" else "platonic"
    return PackRelationship(
        tag=tag,
        kind=cast(RelationshipKind, raw.get("kind", default)),
        members=members,
        aliases=tuple(_strings(raw.get("aliases", []))),
    )


def _member_keys(tag: str) -> list[str]:
    """Folded bare names of a tag's members; AO3 writes one disambiguator at the end."""
    _, members = _tag_members(without_disambiguator(tag))
    return [fold(without_disambiguator(m)) for m in members]


def _tag_synonyms(tag: str, aliases: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for written in (tag, without_disambiguator(tag), *aliases):
        folded = fold_tag(written)
        separator, members = _tag_members(folded)
        if len(members) < 2 or len(members) > _MAX_PERMUTED_MEMBERS:
            found.append(folded)
            continue
        joiner = "/" if separator == "/" else " & "
        found.extend(joiner.join(order) for order in permutations(members))
    return _unique(found)


# --------------------------------------------------------------------------- checking


def check_pack(data: object) -> list[str]:
    """Every problem with one parsed fandom pack, as sentences; empty when it is sound."""
    if not isinstance(data, dict):
        return ["a pack must be a JSON object"]
    problems: list[str] = []
    unknown = sorted(set(data) - _PACK_FIELDS)
    if unknown:
        problems.append(f"unknown fields {unknown}")
    fandom = data.get("fandom")
    if not isinstance(fandom, str) or not fandom.strip():
        problems.append("'fandom' must be a non-empty string")
    for key in ("ao3_names", "non_characters"):
        problems += _check_strings(data.get(key, []), key)
    if isinstance(fandom, str) and fold(fandom) in {fold(n) for n in _strings(data.get("ao3_names", []))}:
        problems.append("'ao3_names' repeats 'fandom'")
    characters = data.get("characters")
    if not isinstance(characters, list) or not characters:
        problems.append("'characters' must be a non-empty list")
        return problems
    owner: dict[str, str] = {}  # folded name -> the character it belongs to
    bare_names: dict[str, str] = {}
    for index, raw in enumerate(characters):
        problems += _check_character(raw, index, owner, bare_names)
    non_characters = {fold(n): n for n in _strings(data.get("non_characters", []))}
    for key, name in non_characters.items():
        if key in owner:
            problems.append(f"non-character {name!r} is also a name of {owner[key]!r}")
    relationships = data.get("relationships", [])
    if not isinstance(relationships, list):
        problems.append("'relationships' must be a list")
        return problems
    synonym_owner: dict[str, str] = {}
    for index, raw in enumerate(relationships):
        problems += _check_relationship(raw, index, bare_names, synonym_owner)
    return problems


def _check_character(
    raw: object, index: int, owner: dict[str, str], bare_names: dict[str, str]
) -> list[str]:
    where = f"characters[{index}]"
    if not isinstance(raw, dict):
        return [f"{where} must be an object"]
    problems: list[str] = []
    unknown = sorted(set(raw) - _CHARACTER_FIELDS)
    if unknown:
        problems.append(f"{where}: unknown fields {unknown}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        return [*problems, f"{where}: 'name' must be a non-empty string without outer spaces"]
    where = f"character {name!r}"
    for key in ("aliases", "weak_aliases"):
        problems += _check_strings(raw.get(key, []), f"{where} {key}")
    gender = raw.get("gender")
    if gender is not None and gender not in GENDERS:
        problems.append(f"{where}: gender {gender!r} is not one of {list(GENDERS)}")
    if not isinstance(raw.get("distinctive", False), bool):
        problems.append(f"{where}: 'distinctive' must be true or false")
    bare = fold(without_disambiguator(name))
    if bare in bare_names:
        problems.append(f"{where}: same bare name as {bare_names[bare]!r}")
    bare_names[bare] = name
    derived = {fold(n) for n in (name, *implied_names(name))}
    listed = [*_strings(raw.get("aliases", [])), *_strings(raw.get("weak_aliases", []))]
    for alias in listed:
        if fold(alias) in derived:
            problems.append(f"{where}: alias {alias!r} repeats the name")
        if len(alias.strip()) < 2:
            problems.append(f"{where}: alias {alias!r} is too short to match safely")
    strong = {fold(a) for a in _strings(raw.get("aliases", []))}
    for alias in _strings(raw.get("weak_aliases", [])):
        if fold(alias) in strong:
            problems.append(f"{where}: {alias!r} is both a strong and a weak alias")
    character = _character(cast(dict[str, object], raw))
    for alias in (*character.names, *character.weak_aliases):
        key = fold(alias)
        other = owner.get(key)
        if other is not None and other != name:
            problems.append(f"{where}: alias {alias!r} is also a name of {other!r}")
        owner.setdefault(key, name)
    return problems


def _check_relationship(
    raw: object, index: int, bare_names: Mapping[str, str], synonym_owner: dict[str, str]
) -> list[str]:
    where = f"relationships[{index}]"
    if not isinstance(raw, dict):
        return [f"{where} must be an object"]
    problems: list[str] = []
    unknown = sorted(set(raw) - _RELATIONSHIP_FIELDS)
    if unknown:
        problems.append(f"{where}: unknown fields {unknown}")
    tag = raw.get("tag")
    if not isinstance(tag, str) or not tag.strip():
        return [*problems, f"{where}: 'tag' must be a non-empty string"]
    where = f"relationship {tag!r}"
    if ("/" in tag) == (" & " in tag):
        return [*problems, f"{where}: a tag joins names with '/' or ' & ', exactly one of them"]
    separator, _ = _tag_members(tag)
    keys = _member_keys(tag)
    if len(keys) < 2:
        problems.append(f"{where}: needs at least two members")
    if len(set(keys)) != len(keys):
        problems.append(f"{where}: a member appears twice")
    for key in keys:
        if key not in bare_names:
            problems.append(f"{where}: member {key!r} is not among the pack's characters")
    kind = raw.get("kind", "romantic" if separator == "/" else "platonic")
    allowed = ("romantic",) if separator == "/" else ("platonic", "family", "antagonistic")
    if kind not in allowed:
        problems.append(f"{where}: kind {kind!r} does not fit '{separator}' (use {list(allowed)})")
    aliases = raw.get("aliases", [])
    problems += _check_strings(aliases, f"{where} aliases")
    for alias in _strings(aliases):
        if ("/" in alias and separator == "&") or (" & " in alias and separator == "/"):
            problems.append(f"{where}: alias {alias!r} uses the other separator")
    joined = (" & " if separator == "&" else "/").join(bare_names.get(k, k) for k in keys)
    for synonym in _tag_synonyms(tag, (*_strings(aliases), joined)):
        other = synonym_owner.setdefault(synonym, tag)
        if other != tag:
            problems.append(f"{where}: {synonym!r} also names {other!r}")
    return problems


def _check_strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list):
        return [f"{where} must be a list of strings"]
    problems: list[str] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str) or not item.strip() or item != item.strip():
            problems.append(f"{where}: {item!r} must be a non-empty string without outer spaces")
            continue
        key = fold(item)
        if key in seen:
            problems.append(f"{where}: {item!r} appears twice")
        seen.add(key)
    return problems


# --------------------------------------------------------------------------- pack access


def _data_dir(name: str) -> Traversable:
    return files(__name__).joinpath(name)


@lru_cache(maxsize=1)
def fandom_packs() -> tuple[FandomPack, ...]:
    """Every shipped fandom pack, checked, in file-name order."""
    packs: list[FandomPack] = []
    entries = sorted(
        (e for e in _data_dir("fandoms").iterdir() if e.name.endswith(".json")),
        key=lambda e: e.name,
    )
    for entry in entries:
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise KnowledgeError(f"not valid JSON: {error}", path=entry.name) from error
        packs.append(load_pack(data, source=entry.name))
    if not packs:
        raise KnowledgeError("no fandom packs found; is the package data installed?")
    return tuple(packs)


@lru_cache(maxsize=1)
def _packs_by_fandom_name() -> Mapping[str, FandomPack]:
    index: dict[str, FandomPack] = {}
    for pack in fandom_packs():
        for name in pack.names:
            # "僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia" also
            # answers to each of its parts.
            for key in (name, *name.split(" | ")):
                index.setdefault(fold(key), pack)
    return MappingProxyType(index)


def pack_for(fandom_name: str) -> FandomPack | None:
    """The pack for an AO3 fandom tag (canonical, related, or one part of "A | B | C")."""
    return _packs_by_fandom_name().get(fold(fandom_name))


@lru_cache(maxsize=1)
def relationship_synonyms() -> Mapping[str, str]:
    """Every relationship alias and member order (``fold_tag``-ed) -> AO3's canonical tag.

    A synonym two packs give to different tags is left out: look it up in the pack.
    """
    found: dict[str, str] = {}
    clashes: set[str] = set()
    for pack in fandom_packs():
        for relationship in pack.relationships:
            for synonym in relationship.synonyms:
                if found.setdefault(synonym, relationship.tag) != relationship.tag:
                    clashes.add(synonym)
    for synonym in clashes:
        del found[synonym]
    return MappingProxyType(found)


def canonical_relationship(tag: str) -> str | None:
    """AO3's canonical tag for a relationship tag as an author typed it, if a pack knows it."""
    return relationship_synonyms().get(fold_tag(tag))


@lru_cache(maxsize=1)
def distinctive_names() -> Mapping[str, tuple[str, ...]]:
    """Folded names that point to a fandom -> the fandoms they point to.

    Only ``distinctive`` characters count, and of their names only those of two or
    more words, or a canonical one-word name ("Castiel", "Aziraphale"): a lone
    "Magnus" or "Alec" is no evidence on its own.
    """
    found: dict[str, list[str]] = {}
    for pack in fandom_packs():
        for character in pack.characters:
            if not character.distinctive:
                continue
            for name in character.names:
                if " " in name.strip() or fold(name) == fold(character.display_name):
                    fandoms = found.setdefault(fold(name), [])
                    if pack.fandom not in fandoms:
                        fandoms.append(pack.fandom)
    return MappingProxyType({k: tuple(v) for k, v in found.items()})


# --------------------------------------------------------------------------- lexicons


def _data_lines(path: str) -> list[str]:
    """A names/ file's data lines: comments ('#' to the end of a line) and blanks dropped."""
    text = _data_dir("names").joinpath(path).read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            lines.append(line)
    return lines


def _columns(path: str, count: int) -> list[list[str]]:
    rows = []
    for line in _data_lines(path):
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != count or not all(cells):
            raise KnowledgeError(f"expected {count} tab-separated columns in {line!r}", path=path)
        rows.append(cells)
    return rows


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
def not_speaker_nouns() -> frozenset[str]:
    """Nouns that stand where a speech tag's speaker stands but never name a person
    ("his advice concluded"), folded."""
    return frozenset(fold(line) for line in _data_lines("not_speakers.txt"))


@lru_cache(maxsize=1)
def person_nouns() -> Mapping[str, Gender]:
    """Nouns that name a person, folded, with the pronoun the noun implies
    ("girl" -> "she", "uncle" -> "he", "doctor" -> "they")."""
    found: dict[str, Gender] = {}
    for noun, gender in _columns("person_nouns.tsv", 2):
        if gender not in GENDERS:
            raise KnowledgeError(f"gender {gender!r} for {noun!r}", path="person_nouns.tsv")
        found[fold(noun)] = cast(Gender, gender)
    return MappingProxyType(found)


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


# --------------------------------------------------------------------------- helpers


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _strings(value: object) -> list[str]:
    return [item for item in _list(value) if isinstance(item, str)]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept = []
    for item in items:
        key = fold(item)
        if item and key not in seen:
            seen.add(key)
            kept.append(item)
    return tuple(kept)


__all__ = [
    "FandomPack",
    "FigureUsage",
    "GENDERS",
    "Gender",
    "HonorificKind",
    "KnowledgeError",
    "PackCharacter",
    "PackRelationship",
    "RELATIONSHIP_KINDS",
    "ambiguous_honorifics",
    "canonical_relationship",
    "check_pack",
    "distinctive_names",
    "fandom_packs",
    "figure_usage",
    "figure_usages",
    "figures_of_speech",
    "fold",
    "fold_tag",
    "given_name_variants",
    "honorific_suffixes",
    "honorifics",
    "implied_names",
    "is_figure_of_speech",
    "is_not_character",
    "load_pack",
    "nickname_groups",
    "not_characters",
    "pack_for",
    "relationship_synonyms",
    "same_person_names",
    "without_disambiguator",
]


# --------------------------------------------------------------------------- content warnings
#
# warnings/*.json (see warnings/README.md): the AO3 and PAN 2023 taxonomy, the cue
# patterns per trigger label, shared lexicons, idioms that cancel a cue, the words
# that decide negation, modality and reference, slurs by the people they target, and
# the rules for suggested tags. Patterns are regular-expression fragments matched
# case-insensitively as whole words on text whose curly quotes were made straight.

CueRole = Literal["event", "state", "mention", "slur"]

CUE_ROLES: tuple[str, ...] = get_args(CueRole)
TRIGGER_LABELS: tuple[str, ...] = (
    "pornographic-content", "violence", "death", "sexual-assault", "abuse", "blood", "suicide", "pregnancy",
    "child-abuse", "incest", "underage", "homophobia", "self-harm", "dying", "kidnapping", "mental-illness",
    "dissection", "eating-disorders", "abduction", "body-hatred", "childbirth", "racism", "sexism", "miscarriages",
    "transphobia", "abortion", "fat-phobia", "animal-death", "ableism", "classism", "misogyny", "animal-cruelty",
)  # fmt: skip
AO3_RATINGS: tuple[str, ...] = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
SLUR_GROUPS = {"strong": 0.85, "ambiguous": 0.5}  # cue group name suffix -> weight

_WARNING_FILES = ("taxonomy.json", "cues.json", "lexicons.json", "idioms.json", "context.json", "slurs.json", "tags.json")
_MACRO = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True, slots=True)
class CueGroup:
    """One named group of cue patterns for a trigger label.

    ``requires`` names lexicons one of whose words must stand near the cue (the
    window: two sentences either side); ``graphic`` marks acts that are gory in
    themselves, ``graphic`` False acts that never are (dying of an illness). Slur groups are named ``slur`` and ``slur-ambiguous``.
    ``pattern`` is compiled on first use: most works meet only some of the groups.
    """

    label: str
    name: str
    role: CueRole
    weight: float
    fragments: tuple[str, ...]  # the patterns, macros expanded
    graphic: bool | None = None  # True: gory in itself; False: never graphic; None: detail words decide
    requires: tuple[str, ...] = ()
    where: str = "warnings/cues.json"  # the file and group, for error messages

    @property
    def pattern(self) -> re.Pattern[str]:
        """The fragments as one whole-word pattern."""
        return _compiled_group(self.fragments, self.where)


@lru_cache(maxsize=None)
def _compiled_group(fragments: tuple[str, ...], where: str) -> re.Pattern[str]:
    return compile_fragments(fragments, where=where)


@dataclass(frozen=True, slots=True)
class TriggerLabel:
    label: str
    definition: str
    rating: Mapping[str, str]  # severity -> the least AO3 rating it needs
    tags: Mapping[str, str | None]  # severity -> an AO3 additional tag
    groups: tuple[CueGroup, ...]
    detail: tuple[str, ...] = ()  # lexicons whose words make a depicted event graphic
    graphic_min: int = 2
    speech_acts: bool = False  # its acts are things said (a slur, a sneer): said in a scene, they happen there
    intent_counts: bool = False  # wanting or planning it is the thing itself (suicidal intent)
    least: Severity = "referenced"  # the least severity that makes a finding (talk of sex is no sexual content)
    graphic_with: tuple[str, ...] = ()  # labels whose graphic hit makes this label's depicted hit in its sentence graphic
    needs_agent: bool = False  # the act needs a doer: "it hit him", "the car hit the cat" are none


@dataclass(frozen=True, slots=True)
class DerivedLabel:
    """A label raised from other labels' hits: always (the label implies it: a
    childbirth is a pregnancy), or when a word of a ``requires`` lexicon is near, and
    then also one of ``requires_also`` (violence near a child's age and a grown-up's
    name is child abuse)."""

    label: str
    sources: tuple[str, ...]
    requires: tuple[str, ...]
    weight: float
    groups: tuple[str, ...] = ()  # only hits of these cue groups (empty: any)
    requires_also: tuple[str, ...] = ()
    most: Severity = "graphic"  # the severity a derived hit can reach at most
    window: int = 2  # sentences either side in which the lexicons are looked for


@dataclass(frozen=True, slots=True)
class ArchiveWarningRule:
    label: str
    definition: str
    sources: tuple[str, ...]
    severity: Severity


@dataclass(frozen=True, slots=True)
class GroupTag:
    """An additional tag raised when some cue groups of a label matched and others did not."""

    label: str
    groups: tuple[str, ...]
    unless: tuple[str, ...]
    tag: str


@dataclass(frozen=True, slots=True)
class TagCondition:
    lexicon: str | None = None
    min: int = 1
    per_1000_words: float = 0.0
    notes: re.Pattern[str] | None = None
    finding: str | None = None
    severity: Severity = "referenced"
    relationship: str | None = None


@dataclass(frozen=True, slots=True)
class TagRule:
    tag: str
    reason: str
    all: tuple[TagCondition, ...] = ()
    any: tuple[TagCondition, ...] = ()
    none: tuple[TagCondition, ...] = ()


@dataclass(frozen=True, slots=True)
class WarningContext:
    """The words that decide whether a cue describes something happening in the scene.

    Word sets hold lower-case tokens as spaCy splits them; ``*_phrases`` are compiled
    patterns for the rule-only path (no parse).
    """

    negation_words: frozenset[str]
    negative_subjects: frozenset[str]
    modals: frozenset[str]
    marks: frozenset[str]
    intent_heads: frozenset[str]
    attempt_heads: frozenset[str]
    averted: frozenset[str]
    report_heads: frozenset[str]
    non_agents: frozenset[str]
    pronouns: Mapping[str, str]  # word -> "he" | "she" | "they" | "first" | "second"
    negation_phrases: re.Pattern[str]
    modality_phrases: re.Pattern[str]
    hedges: re.Pattern[str]
    reference_phrases: re.Pattern[str]
    survival_phrases: re.Pattern[str]
    insults: re.Pattern[str]  # words that aim an ambiguous slur at someone ("fucking ...")


@lru_cache(maxsize=None)
def warning_data(name: str) -> Mapping[str, object]:
    """One warnings/ file as parsed JSON (not yet checked; see ``check_warning_data``)."""
    if name not in _WARNING_FILES:
        raise KnowledgeError(f"no such warnings file {name!r}")
    return MappingProxyType(_warnings_json(name))


def _warnings_json(name: str) -> dict[str, object]:
    """A warnings/ file's one JSON object, or a KnowledgeError saying what is wrong with it."""
    path = f"warnings/{name}"
    try:
        data = json.loads(_data_dir("warnings").joinpath(name).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise KnowledgeError("missing; is the package data installed?", path=path) from error
    except json.JSONDecodeError as error:
        raise KnowledgeError(f"not valid JSON: {error}", path=path) from error
    if not isinstance(data, dict):
        raise KnowledgeError("must hold one JSON object", path=path)
    return data


def _section(name: str, key: str) -> dict[str, object]:
    value = warning_data(name).get(key)
    if not isinstance(value, dict):
        raise KnowledgeError(f"{key!r} must be an object", path=f"warnings/{name}")
    return value


@lru_cache(maxsize=1)
def _macros() -> Mapping[str, str]:
    found: dict[str, str] = {}
    lexicons = _section("lexicons.json", "lexicons")
    for name, value in _section("context.json", "macros").items():
        value = str(value)
        if value.startswith("@"):
            entry = lexicons.get(value[1:])
            if not isinstance(entry, dict):
                raise KnowledgeError(f"macro {name} names no lexicon {value[1:]!r}", path="warnings/context.json")
            value = "(?:" + "|".join(_strings(entry.get("terms"))) + ")"
        found[name] = value
    return MappingProxyType(found)


def expand_fragments(fragments: Iterable[str], *, where: str = "warnings") -> list[str]:
    """Fragments with their {MACROS} replaced, longest first (so a phrase wins over a word it starts with)."""
    macros = _macros()

    def expand(match: re.Match[str]) -> str:
        if match.group(1) not in macros:
            raise KnowledgeError(f"unknown macro {{{match.group(1)}}}", path=where)
        return macros[match.group(1)]

    return sorted((_MACRO.sub(expand, f) for f in fragments), key=len, reverse=True)


def compile_fragments(fragments: Iterable[str], *, where: str = "warnings") -> re.Pattern[str]:
    """Regular-expression fragments as one case-insensitive whole-word pattern, macros expanded."""
    expanded = expand_fragments(fragments, where=where)
    if not expanded:
        return re.compile(r"(?!x)x")  # matches nothing
    try:
        return re.compile(r"(?<!\w)(?:" + "|".join(expanded) + r")(?!\w)", re.IGNORECASE)
    except re.error as error:
        raise KnowledgeError(f"bad pattern: {error}", path=where) from error


@dataclass(frozen=True, slots=True)
class WordMatch:
    """Where a ``FirstWordIndex`` fragment matched, and the tags of the fragments that
    could have (a superset: every fragment tried at that word)."""

    start: int
    end: int
    tags: frozenset[str]


def _first_words_of(fragments: list[str], limit: int) -> dict[str, list[str] | None]:
    """``first_words`` of each fragment, read from the disk cache when the fragments and
    the fragment reader are those it was computed from."""
    digest = _disk_cache.key([Path(_fragment_words.__file__).read_text(encoding="utf-8"), str(limit), *fragments])
    cached = _disk_cache.load("first-words", digest)
    if isinstance(cached, dict) and cached.keys() == set(fragments):
        return cast(dict[str, list[str] | None], cached)
    found = {f: (sorted(words) if (words := first_words(f, limit)) is not None else None) for f in fragments}
    _disk_cache.store("first-words", digest, found)
    return found


class FirstWordIndex:
    """Whole-word fragments indexed by the words a match can start with.

    One regular expression of hundreds of alternatives tries each of them at every
    word of a text (seconds for a novel). Here a text's words are looked up in a
    dict instead, and only the fragments that can start with that word are tried
    there. Fragments whose first word cannot be listed (it starts with punctuation,
    or with an open-ended class) are searched the ordinary way. ``fragments`` maps a
    tag (the caller's name for a group, or "") to its fragments.
    """

    _PIECES = re.compile(r"(\W+)")
    _MAX_WORDS = 3000  # per fragment; more means the first word is too open to list

    def __init__(self, fragments: Mapping[str, Iterable[str]]) -> None:
        by_word: dict[str, dict[str, set[str]]] = {}
        rest: dict[str, set[str]] = {}
        groups = {tag: list(group) for tag, group in fragments.items()}
        starts = _first_words_of(sorted({f for group in groups.values() for f in group}), self._MAX_WORDS)
        for tag, group in groups.items():
            for fragment in group:
                words = starts[fragment]
                for word in words if words is not None else [None]:
                    target = rest if word is None else by_word.setdefault(word, {})
                    target.setdefault(fragment, set()).add(tag)
        # Compiled on first use: a text meets only some of the words.
        self._fragments = {word: tuple(sorted(found, key=len, reverse=True)) for word, found in by_word.items()}
        self._tags = {word: frozenset(t for tags in found.values() for t in tags) for word, found in by_word.items()}
        self._compiled: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._rest = re.compile(r"(?<!\w)(?:" + "|".join(rest) + r")(?!\w)", re.IGNORECASE) if rest else None
        self._rest_tags = frozenset(t for tags in rest.values() for t in tags)

    def _pattern(self, fragments: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self._compiled.get(fragments)
        if pattern is None:
            pattern = self._compiled[fragments] = re.compile(r"(?:" + "|".join(fragments) + r")(?!\w)", re.IGNORECASE)
        return pattern

    def matches(self, text: str, start: int = 0, end: int | None = None) -> list[WordMatch]:
        """Where any fragment matches in ``text[start:end]`` (offsets into ``text``), in order."""
        end = len(text) if end is None else end
        part = text[start:end]
        lower = part.lower()
        same_length = len(lower) == len(part)
        # re.split with a group alternates words (even places) and what separates them.
        pieces = self._PIECES.split(lower if same_length else part)
        words = pieces[0::2] if same_length else [w.lower() for w in pieces[0::2]]
        patterns = list(map(self._fragments.get, words))
        starts = list(accumulate(map(len, pieces), initial=start))
        found = []
        compiled = self._compiled
        for index in [i for i, pattern in enumerate(patterns) if pattern is not None]:
            fragments = patterns[index]
            pattern = compiled.get(fragments) or self._pattern(fragments)  # type: ignore[arg-type]
            match = pattern.match(text, starts[2 * index], end)
            if match:
                found.append(WordMatch(match.start(), match.end(), self._tags[words[index]]))
        if self._rest is not None:
            found.extend(WordMatch(m.start(), m.end(), self._rest_tags) for m in self._rest.finditer(text, start, end))
            found.sort(key=lambda m: m.start)
        return found

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """``matches`` as (start, end) pairs."""
        return [(m.start, m.end) for m in self.matches(text, start, end)]


@lru_cache(maxsize=None)
def warning_lexicon(name: str) -> re.Pattern[str]:
    """A lexicons.json list as one pattern."""
    entry = _section("lexicons.json", "lexicons").get(name)
    if not isinstance(entry, dict):
        raise KnowledgeError(f"no lexicon {name!r}", path="warnings/lexicons.json")
    return compile_fragments(_strings(entry.get("terms")), where=f"warnings/lexicons.json: {name}")


@lru_cache(maxsize=None)
def warning_lexicon_fragments(name: str) -> tuple[str, ...]:
    """A lexicons.json list's patterns, macros expanded (for ``FirstWordIndex``)."""
    entry = _section("lexicons.json", "lexicons").get(name)
    if not isinstance(entry, dict):
        raise KnowledgeError(f"no lexicon {name!r}", path="warnings/lexicons.json")
    return tuple(expand_fragments(_strings(entry.get("terms")), where=f"warnings/lexicons.json: {name}"))


def warning_lexicon_names() -> tuple[str, ...]:
    return tuple(sorted(_section("lexicons.json", "lexicons")))


@lru_cache(maxsize=1)
def warning_idioms() -> re.Pattern[str]:
    """Every figure of speech that cancels a cue it overlaps ("killing me", "dying to")."""
    idioms = _section("idioms.json", "idioms")
    return compile_fragments([f for group in idioms.values() for f in _strings(group)], where="warnings/idioms.json")


@lru_cache(maxsize=1)
def trigger_labels() -> tuple[TriggerLabel, ...]:
    """The 32 PAN 2023 labels in PAN's order, with their compiled cue groups (slurs included)."""
    taxonomy = _section("taxonomy.json", "triggers")
    cues = _section("cues.json", "labels")
    slurs = _section("slurs.json", "slurs")
    labels = []
    for label in TRIGGER_LABELS:
        info = cast(dict[str, object], taxonomy.get(label) or {})
        spec = cast(dict[str, object], cues.get(label) or {})
        where = f"warnings/cues.json: {label}"
        groups = []
        for name, raw in cast(dict[str, dict[str, object]], spec.get("groups", {})).items():
            patterns = _strings(raw.get("patterns"))
            groups.append(
                CueGroup(
                    label=label,
                    name=name,
                    role=cast(CueRole, raw.get("role", "event")),
                    weight=float(cast(float, raw.get("weight", 0.5))),
                    fragments=tuple(expand_fragments(patterns, where=f"{where}.{name}")),
                    graphic=cast(bool | None, raw.get("graphic")),
                    requires=tuple(_strings(raw.get("requires"))),
                    where=f"{where}.{name}",
                )
            )
        for kind, weight in SLUR_GROUPS.items():
            words = _strings(cast(dict[str, object], slurs.get(label) or {}).get(kind))
            if words:
                name = "slur" if kind == "strong" else "slur-ambiguous"
                where = f"warnings/slurs.json: {label}.{kind}"
                groups.append(CueGroup(label, name, "slur", weight, tuple(expand_fragments(words, where=where)), where=where))
        labels.append(
            TriggerLabel(
                label=label,
                definition=str(info.get("definition", "")),
                rating=MappingProxyType(cast(dict[str, str], info.get("rating", {}))),
                tags=MappingProxyType(cast(dict[str, str | None], info.get("tags", {}))),
                groups=tuple(groups),
                detail=tuple(_strings(spec.get("detail"))),
                graphic_min=int(cast(int, spec.get("graphic_min", 2))),
                speech_acts=bool(spec.get("speech_acts", False)),
                intent_counts=bool(spec.get("intent_counts", False)),
                least=cast(Severity, spec.get("least", "referenced")),
                graphic_with=tuple(_strings(spec.get("graphic_with"))),
                needs_agent=bool(spec.get("needs_agent", False)),
            )
        )
    return tuple(labels)


@lru_cache(maxsize=1)
def derived_labels() -> tuple[DerivedLabel, ...]:
    """The rules of cues.json's ``derived``: per label, one rule or a list of them."""
    derived = _section("cues.json", "derived")
    return tuple(
        DerivedLabel(
            label,
            sources=tuple(_strings(raw.get("from"))),
            requires=tuple(_strings(raw.get("requires"))),
            weight=float(cast(float, raw.get("weight", 0.5))),
            groups=tuple(_strings(raw.get("groups"))),
            requires_also=tuple(_strings(raw.get("requires_also"))),
            most=cast(Severity, raw.get("most", "graphic")),
            window=int(cast(int, raw.get("window", 2))),
        )
        for label, rules in derived.items()
        for raw in cast(list[dict[str, object]], rules if isinstance(rules, list) else [rules])
    )


@lru_cache(maxsize=1)
def cue_index() -> FirstWordIndex:
    """Every cue and slur pattern of every label, indexed: a sentence without a match
    needs no closer look."""
    return FirstWordIndex({cue_tag(group): group.fragments for label in trigger_labels() for group in label.groups})


def cue_tag(group: CueGroup) -> str:
    """The tag ``cue_index`` gives a cue group's matches."""
    return f"{group.label}/{group.name}"


@lru_cache(maxsize=1)
def idiom_index() -> FirstWordIndex:
    """``warning_idioms`` as a ``FirstWordIndex``."""
    idioms = _section("idioms.json", "idioms")
    return FirstWordIndex({"": expand_fragments([f for group in idioms.values() for f in _strings(group)], where="warnings/idioms.json")})


@lru_cache(maxsize=1)
def archive_warning_rules() -> Mapping[str, ArchiveWarningRule]:
    rules = {}
    for label, raw in cast(dict[str, dict[str, object]], _section("taxonomy.json", "ao3_warnings")).items():
        severity = cast(Severity, raw.get("severity", "depicted"))
        rules[label] = ArchiveWarningRule(label, str(raw.get("definition", "")), tuple(_strings(raw.get("from"))), severity)
    return MappingProxyType(rules)


@lru_cache(maxsize=1)
def group_tags() -> tuple[GroupTag, ...]:
    raw = warning_data("taxonomy.json").get("group_tags", [])
    return tuple(
        GroupTag(str(r["label"]), tuple(_strings(r.get("groups"))), tuple(_strings(r.get("unless"))), str(r["tag"]))
        for r in cast(list[dict[str, object]], raw)
    )


def _tag_condition(raw: dict[str, object]) -> TagCondition:
    notes = _strings(raw.get("notes"))
    return TagCondition(
        lexicon=cast(str | None, raw.get("lexicon")),
        min=int(cast(int, raw.get("min", 1))),
        per_1000_words=float(cast(float, raw.get("per_1000_words", 0.0))),
        notes=compile_fragments(notes, where="warnings/tags.json") if notes else None,
        finding=cast(str | None, raw.get("finding")),
        severity=cast(Severity, raw.get("severity", "referenced")),
        relationship=cast(str | None, raw.get("relationship")),
    )


@lru_cache(maxsize=1)
def tag_rules() -> tuple[TagRule, ...]:
    """The rules for suggested additional tags that are not warnings (Angst, Fluff, Missing Scene...)."""
    rules = []
    for raw in cast(list[dict[str, object]], warning_data("tags.json").get("rules", [])):
        conditions = {key: tuple(_tag_condition(c) for c in cast(list[dict[str, object]], raw.get(key, []))) for key in ("all", "any", "none")}
        rules.append(TagRule(str(raw["tag"]), str(raw.get("reason", "")), **conditions))
    return tuple(rules)


@lru_cache(maxsize=1)
def warning_context() -> WarningContext:
    context = warning_data("context.json")

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in _strings(cast(dict[str, object], context.get(section, {})).get(key)))

    def phrases(section: str) -> re.Pattern[str]:
        return compile_fragments(_strings(cast(dict[str, object], context.get(section, {})).get("phrases")), where=f"warnings/context.json: {section}")

    pronouns = {
        word: person for person, forms in cast(dict[str, list[str]], context.get("pronouns", {})).items() for word in forms
    }
    return WarningContext(
        negation_words=words("negation", "words"),
        negative_subjects=words("negation", "subjects"),
        modals=words("modality", "modals"),
        marks=words("modality", "marks"),
        intent_heads=words("modality", "intent_heads"),
        attempt_heads=words("modality", "attempt_heads"),
        averted=words("modality", "averted"),
        report_heads=words("reference", "report_heads"),
        non_agents=frozenset(w.lower() for w in _strings(context.get("non_agents"))),
        pronouns=MappingProxyType(pronouns),
        negation_phrases=phrases("negation"),
        modality_phrases=phrases("modality"),
        hedges=compile_fragments(_strings(cast(dict[str, object], context.get("modality", {})).get("hedges")), where="warnings/context.json: hedges"),
        reference_phrases=phrases("reference"),
        survival_phrases=phrases("survival"),
        insults=compile_fragments([f + r"\s+$" for f in _strings(context.get("insults"))], where="warnings/context.json: insults"),
    )


def check_warning_data() -> list[str]:
    """Problems with the shipped warnings/ files; [] when sound. Tests call this."""
    problems: list[str] = []
    for name in _WARNING_FILES:
        try:
            data = warning_data(name)
        except KnowledgeError as error:
            problems.append(str(error))
            continue
        for key in ("source", "licence"):
            if not isinstance(data.get(key), str) or not str(data.get(key)).strip():
                problems.append(f"warnings/{name}: needs a {key!r}")
    if problems:
        return problems
    taxonomy = _section("taxonomy.json", "triggers")
    cues = _section("cues.json", "labels")
    if sorted(taxonomy) != sorted(TRIGGER_LABELS):
        problems.append(f"taxonomy.json triggers differ from the 32 PAN labels: {sorted(set(taxonomy) ^ set(TRIGGER_LABELS))}")
    if sorted(cues) != sorted(TRIGGER_LABELS):
        problems.append(f"cues.json labels differ from the 32 PAN labels: {sorted(set(cues) ^ set(TRIGGER_LABELS))}")
    for label, raw in taxonomy.items():
        info = cast(dict[str, dict[str, object]], raw)
        for key, allowed in (("rating", AO3_RATINGS), ("tags", None)):
            table = cast(dict[str, object], info.get(key, {}))
            if sorted(table) != sorted(SEVERITIES):
                problems.append(f"taxonomy.json {label}.{key} must name each severity once")
            if allowed and any(v not in allowed for v in table.values()):
                problems.append(f"taxonomy.json {label}.rating: not an AO3 rating in {sorted(map(str, table.values()))}")
    for label, warning in archive_warning_rules().items():
        if label not in ARCHIVE_WARNING_LABELS:
            problems.append(f"taxonomy.json: {label!r} is not an AO3 Archive Warning")
        problems += [f"taxonomy.json {label}: unknown label {s!r}" for s in warning.sources if s not in TRIGGER_LABELS]
    lexicons = set(warning_lexicon_names())
    try:
        labels = trigger_labels()
        warning_idioms()
        warning_context()
        rules = tag_rules()
        for name in lexicons:
            warning_lexicon(name)
        for trigger in labels:
            for group in trigger.groups:
                group.pattern  # noqa: B018 (compiled on first use: compile them all here)
    except KnowledgeError as error:
        return [*problems, str(error)]
    for trigger in labels:
        if not trigger.groups:
            problems.append(f"cues.json {trigger.label}: no cue groups")
        problems += [f"cues.json {trigger.label}: unknown lexicon {d!r}" for d in trigger.detail if d not in lexicons]
        problems += [f"cues.json {trigger.label}: unknown label {g!r} in graphic_with" for g in trigger.graphic_with if g not in TRIGGER_LABELS]
        if trigger.least not in SEVERITIES:
            problems.append(f"cues.json {trigger.label}: least severity {trigger.least!r}")
        for group in trigger.groups:
            if group.role not in CUE_ROLES:
                problems.append(f"cues.json {trigger.label}.{group.name}: role {group.role!r}")
            if not 0 < group.weight <= 1:
                problems.append(f"cues.json {trigger.label}.{group.name}: weight {group.weight} outside (0, 1]")
            problems += [f"cues.json {trigger.label}.{group.name}: unknown lexicon {r!r}" for r in group.requires if r not in lexicons]
    for derived in derived_labels():
        problems += [f"cues.json derived {derived.label}: unknown {x!r}" for x in (derived.label, *derived.sources) if x not in TRIGGER_LABELS]
        problems += [f"cues.json derived {derived.label}: unknown lexicon {r!r}" for r in (*derived.requires, *derived.requires_also) if r not in lexicons]
        if derived.most not in SEVERITIES:
            problems.append(f"cues.json derived {derived.label}: severity {derived.most!r}")
        known = {g.name for t in labels if t.label in derived.sources for g in t.groups}
        problems += [f"cues.json derived {derived.label}: no cue group {g!r} in {derived.sources}" for g in derived.groups if g not in known]
    for group_tag in group_tags():
        if group_tag.label not in TRIGGER_LABELS:
            problems.append(f"taxonomy.json group_tags: unknown label {group_tag.label!r}")
    for rule in rules:
        for condition in (*rule.all, *rule.any, *rule.none):
            if condition.lexicon and condition.lexicon not in lexicons:
                problems.append(f"tags.json {rule.tag}: unknown lexicon {condition.lexicon!r}")
            if condition.finding and condition.finding not in TRIGGER_LABELS:
                problems.append(f"tags.json {rule.tag}: unknown label {condition.finding!r}")
            if condition.relationship and condition.relationship not in RELATIONSHIP_KINDS:
                problems.append(f"tags.json {rule.tag}: unknown relationship kind {condition.relationship!r}")
    return problems


# The Archive Warnings a reading of the text can give (the author alone can choose not to warn).
ARCHIVE_WARNING_LABELS: tuple[str, ...] = tuple(w for w in ARCHIVE_WARNINGS if w != "Creator Chose Not To Use Archive Warnings")

__all__ += [
    "AO3_RATINGS",
    "ARCHIVE_WARNING_LABELS",
    "ArchiveWarningRule",
    "CUE_ROLES",
    "CueGroup",
    "CueRole",
    "DerivedLabel",
    "FirstWordIndex",
    "GroupTag",
    "SEVERITIES",
    "SLUR_GROUPS",
    "TRIGGER_LABELS",
    "TagCondition",
    "TagRule",
    "TriggerLabel",
    "WarningContext",
    "WordMatch",
    "archive_warning_rules",
    "check_warning_data",
    "compile_fragments",
    "cue_index",
    "cue_tag",
    "derived_labels",
    "expand_fragments",
    "group_tags",
    "idiom_index",
    "tag_rules",
    "trigger_labels",
    "warning_context",
    "warning_data",
    "warning_idioms",
    "warning_lexicon",
    "warning_lexicon_fragments",
    "warning_lexicon_names",
]


# --------------------------------------------------------------------------- declared tags
#
# warnings/declared_tags.json: which trigger labels a work's declared tags, Archive
# Warnings and rating already warn for, and AO3's spelling of every name ficscope knows.
# ``ficscope.check`` (the author's check) reads it.

DECLARED_TAGS_FILE = "declared_tags.json"


@dataclass(frozen=True, slots=True)
class DeclaredTagMap:
    """What declared names warn for, and how AO3 spells them; build with ``declared_tag_map``."""

    covers: Mapping[str, frozenset[str]]  # folded tag, warning or rating -> trigger labels
    spellings: Mapping[str, str]  # folded name -> AO3's spelling (tags, warnings, ratings, categories)
    warning_aliases: Mapping[str, str]  # folded older or short Archive Warning name -> AO3's

    def labels_for(self, name: str) -> frozenset[str]:
        """The trigger labels a declared tag, warning or rating warns for (empty if unknown)."""
        return self.covers.get(fold(name), frozenset())

    def spelling(self, name: str) -> str:
        """AO3's spelling of ``name`` where ficscope knows it, else ``name`` without outer spaces."""
        return self.spellings.get(fold(name), " ".join(name.split()))

    def archive_warning(self, name: str) -> str | None:
        """AO3's name for an Archive Warning written any way ficscope knows, or None."""
        key = fold(name)
        return self.warning_aliases.get(key) or next((w for w in ARCHIVE_WARNINGS if fold(w) == key), None)


def check_declared_tag_data() -> list[str]:
    """Problems with ``warnings/declared_tags.json``; [] when sound. Tests call this."""
    try:
        data = _warnings_json(DECLARED_TAGS_FILE)
    except KnowledgeError as error:
        return [str(error)]
    where = f"warnings/{DECLARED_TAGS_FILE}"
    problems = [f"{where}: needs a {key!r}" for key in ("source", "licence") if not str(data.get(key) or "").strip()]
    for section in ("tags", "ratings"):
        table = data.get(section)
        if not isinstance(table, dict):
            problems.append(f"{where}: {section!r} must be an object")
            continue
        for name, labels in table.items():
            if not _strings(labels) or len(_strings(labels)) != len(_list(labels)):
                problems.append(f"{where} {section}.{name}: must list trigger labels")
            problems += [f"{where} {section}.{name}: unknown label {label!r}" for label in _strings(labels) if label not in TRIGGER_LABELS]
    problems += [f"{where} ratings: {name!r} is not an AO3 rating" for name in cast(dict[str, object], data.get("ratings") or {}) if name not in AO3_RATINGS]
    aliases = data.get("warning_aliases")
    if not isinstance(aliases, dict):
        problems.append(f"{where}: 'warning_aliases' must be an object")
    else:
        problems += [f"{where} warning_aliases.{alias}: {name!r} is not an Archive Warning" for alias, name in aliases.items() if name not in ARCHIVE_WARNINGS]
    folded = [fold(name) for name in cast(dict[str, object], data.get("tags") or {})]
    problems += [f"{where} tags: {name!r} is listed twice" for name in sorted({n for n in folded if folded.count(n) > 1})]
    return problems


@lru_cache(maxsize=1)
def declared_tag_map() -> DeclaredTagMap:
    """``warnings/declared_tags.json`` merged with the taxonomy's own suggested tags, which
    cover the label they are suggested for ("Blood and Injury" covers blood)."""
    problems = check_declared_tag_data()
    if problems:
        raise KnowledgeError("; ".join(problems))
    data = _warnings_json(DECLARED_TAGS_FILE)
    covers: dict[str, set[str]] = {}
    spellings: dict[str, str] = {}

    def add(name: str, labels: Iterable[str]) -> None:
        covers.setdefault(fold(name), set()).update(labels)
        spellings.setdefault(fold(name), name)

    for section in ("tags", "ratings"):
        for name, labels in cast(dict[str, object], data[section]).items():
            add(name, _strings(labels))
    for trigger in trigger_labels():
        for tag in trigger.tags.values():
            if tag:
                add(tag, [trigger.label])
    for group_tag in group_tags():
        add(group_tag.tag, [group_tag.label])
    for name in (*ARCHIVE_WARNINGS, *RATINGS, *CATEGORIES, *(rule.tag for rule in tag_rules())):
        spellings.setdefault(fold(name), name)
    return DeclaredTagMap(
        covers=MappingProxyType({key: frozenset(labels) for key, labels in covers.items()}),
        spellings=MappingProxyType(spellings),
        warning_aliases=MappingProxyType({fold(a): str(n) for a, n in cast(dict[str, object], data["warning_aliases"]).items()}),
    )


__all__ += ["DECLARED_TAGS_FILE", "DeclaredTagMap", "check_declared_tag_data", "declared_tag_map"]
