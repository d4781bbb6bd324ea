"""Fandom packs: their characters and relationships, checked, and the indexes built from them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations
from types import MappingProxyType
from typing import Literal, cast, get_args

from ..model import RelationshipKind
from ._files import KnowledgeError, _data_dir, _list, _strings
from ._fold import _tag_members, fold, fold_tag, without_disambiguator

Gender = Literal["he", "she", "they"]

GENDERS: tuple[str, ...] = get_args(Gender)
RELATIONSHIP_KINDS: tuple[str, ...] = get_args(RelationshipKind)

# Relationship tags with this many members or fewer also match in every order.
_MAX_PERMUTED_MEMBERS = 4

_PACK_FIELDS = frozenset(
    {"fandom", "ao3_names", "characters", "relationships", "non_characters", "notes"}
)
_CHARACTER_FIELDS = frozenset({"name", "aliases", "weak_aliases", "gender", "distinctive"})
_RELATIONSHIP_FIELDS = frozenset({"tag", "aliases", "kind"})


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
    problems = _unknown_fields(data, _PACK_FIELDS, "")
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


def _unknown_fields(raw: Mapping[str, object], known: frozenset[str], prefix: str) -> list[str]:
    """The problem of fields outside ``known``, if ``raw`` has any, its sentence led by ``prefix``."""
    unknown = sorted(set(raw) - known)
    return [f"{prefix}unknown fields {unknown}"] if unknown else []


def _check_character(
    raw: object, index: int, owner: dict[str, str], bare_names: dict[str, str]
) -> list[str]:
    where = f"characters[{index}]"
    if not isinstance(raw, dict):
        return [f"{where} must be an object"]
    problems = _unknown_fields(raw, _CHARACTER_FIELDS, f"{where}: ")
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
    problems = _unknown_fields(raw, _RELATIONSHIP_FIELDS, f"{where}: ")
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


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept = []
    for item in items:
        key = fold(item)
        if item and key not in seen:
            seen.add(key)
            kept.append(item)
    return tuple(kept)
