"""The relationship stage's cues (relationships.json): acts by verb, relation nouns, words
said to someone, and the markers that make an act coercion."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ._files import KnowledgeError, relationship_data

RELATIONSHIP_FILE = "relationships.json"
_VOWELS = "aeiou"


@dataclass(frozen=True, slots=True)
class ActGroup:
    """A group of acts ("romantic", "coercive"...): the kind of relationship it shows, how strongly."""

    name: str
    kind: str
    strength: float


@dataclass(frozen=True, slots=True)
class RelationshipCues:
    groups: Mapping[str, ActGroup]
    verb_forms: Mapping[str, str]  # an inflected or base form -> its base form
    verb_groups: Mapping[str, str]  # base form -> group
    phrasal: Mapping[tuple[str, frozenset[str]], str]  # (verb, the words after it) -> group
    act_nouns: Mapping[str, str]  # "kiss" (a noun) -> group
    noun_forms: Mapping[str, str]  # relation noun, singular or plural -> its kind
    engaged: frozenset[str]
    familial_kiss: frozenset[str]
    endearment: re.Pattern[str]  # said to someone as a vocative
    friendly: re.Pattern[str]
    kin: re.Pattern[str]  # said to someone, makes them the speaker's kin ("little brother", "Mom")
    declaration: re.Pattern[str]
    coercion: re.Pattern[str]
    words: frozenset[str]  # every word that can be a cue, for picking sentences to parse
    phrase: re.Pattern[str]  # a phrasal act ("made out", "slept with"), for the same
    qualifiers: frozenset[str]  # words a declared character tag adds to the name ("Original", "Male", "Character(s)")

    def act_group(self, word: str) -> str | None:
        """The group of the act a verb form names ("kissed" -> "romantic"), if any."""
        base = self.verb_forms.get(word.lower())
        return self.verb_groups.get(base) if base else None

    def base(self, word: str) -> str:
        return self.verb_forms.get(word.lower(), word.lower())

    def relation_kind(self, word: str) -> str | None:
        """The kind a relation noun names ("mother" -> "family", "boyfriends" -> "romantic")."""
        return self.noun_forms.get(word.lower().replace("\u2019", "'"))


def inflections(lemma: str) -> set[str]:
    """The regular forms of an English verb: -s, -ed, -ing, with doubled consonants and
    dropped e's (kiss -> kisses, kissed, kissing; date -> dated, dating; pin -> pinned)."""
    forms = {lemma}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        short = len(lemma) <= 4 and lemma[-1] not in _VOWELS + "wxy" and lemma[-2:-1] in _VOWELS and lemma[-3:-2] not in _VOWELS
        if short:  # one syllable ending consonant-vowel-consonant: pin, hug, stab, slap
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # never "pined": that is "pine"
        else:
            forms |= {lemma + "ed", lemma + "ing"}
    return forms


def _strings(data: Mapping[str, object], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"{key!r} must be a list of strings", path=RELATIONSHIP_FILE)
    return list(value)


def _mapping(data: Mapping[str, object], key: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise KnowledgeError(f"{key!r} must map words to strings", path=RELATIONSHIP_FILE)
    return dict(value)


def _alternation(fragments: Iterable[str]) -> str:
    return "|".join(sorted(fragments, key=len, reverse=True))


@lru_cache(maxsize=1)
def relationship_cues() -> RelationshipCues:
    data = relationship_data()
    acts = data.get("acts")
    if not isinstance(acts, dict):
        raise KnowledgeError("'acts' must be an object", path=RELATIONSHIP_FILE)
    groups: dict[str, ActGroup] = {}
    verb_groups: dict[str, str] = {}
    for name, spec in acts.items():
        groups[name] = ActGroup(name, spec["kind"], float(spec["strength"]))
        for lemma in spec["lemmas"]:
            if lemma in verb_groups:
                raise KnowledgeError(f"the verb {lemma!r} is in two groups", path=RELATIONSHIP_FILE)
            verb_groups[lemma] = name
    phrasal: dict[tuple[str, frozenset[str]], str] = {}
    for phrase, group in _mapping(data, "phrasal").items():
        verb, *rest = phrase.split()
        phrasal[(verb, frozenset(rest))] = group
    irregular = _mapping(data, "irregular")
    act_nouns = _mapping(data, "act_nouns")
    for group in (*phrasal.values(), *act_nouns.values()):
        if group not in groups:
            raise KnowledgeError(f"no act group {group!r}", path=RELATIONSHIP_FILE)
    verb_forms: dict[str, str] = {}
    for lemma in {*verb_groups, *(verb for verb, _ in phrasal)}:
        for form in inflections(lemma):
            verb_forms.setdefault(form, lemma)
    verb_forms.update(irregular)
    nouns = data.get("relation_nouns")
    if not isinstance(nouns, dict):
        raise KnowledgeError("'relation_nouns' must be an object", path=RELATIONSHIP_FILE)
    noun_forms: dict[str, str] = {}
    for kind, words in nouns.items():
        for word in words:
            noun_forms[word] = kind
            noun_forms.setdefault(word + ("es" if word.endswith(("s", "sh", "ch")) else "s"), kind)
    for plural, singular in _mapping(data, "irregular_plurals").items():
        noun_forms[plural] = noun_forms[singular]
    endearments = _strings(data, "endearments")
    friendly = _strings(data, "friendly_vocatives")
    # Words that make a sentence worth parsing. A phrasal verb's own forms ("had", "went",
    # "made") are too common alone: its phrase is looked for instead.
    act_forms = {form for form, base in verb_forms.items() if base in verb_groups}
    words = {*act_forms, *act_nouns, *noun_forms, *(w for e in endearments for w in e.split()), *_strings(data, "engaged")}
    words |= {"love", "friends", "friend"}
    phrases = [
        rf"(?:{_alternation(sorted(f for f, b in verb_forms.items() if b == verb))})\s+(?:\w+\s+)?(?:{_alternation(rest)})"
        for verb, rest in phrasal
    ]
    return RelationshipCues(
        groups=groups,
        verb_forms=verb_forms,
        verb_groups=verb_groups,
        phrasal=phrasal,
        act_nouns=act_nouns,
        noun_forms=noun_forms,
        engaged=frozenset(_strings(data, "engaged")),
        familial_kiss=frozenset(_strings(data, "familial_kiss")),
        # A vocative: set off by a comma or opening or closing the line ("Come here, darling.").
        endearment=re.compile(rf"(?:^|[,;]\s*|\b(?:my|oh)\s+)(?:{_alternation(map(re.escape, endearments))})(?=\s*(?:[,.!?;\u2026]|$))", re.I),
        friendly=re.compile(rf"(?:^|,\s*)(?:{_alternation(map(re.escape, friendly))})(?=\s*[,.!?;\u2026]|$)", re.I),
        kin=re.compile(rf"(?:^|[,;]\s*|\bmy\s+)(?:{_alternation(map(re.escape, _strings(data, 'kin_vocatives')))})(?=\s*(?:[,.!?;\u2026]|$))", re.I),
        declaration=re.compile(rf"(?<!n't )(?<!not )(?<!never )\b(?:{_alternation(_strings(data, 'declarations'))})\b", re.I),
        coercion=re.compile(rf"\b(?:{_alternation(_strings(data, 'coercion_markers'))})\b", re.I),
        words=frozenset(w.lower() for w in words),
        phrase=re.compile(rf"\b(?:{'|'.join(phrases)})\b", re.I),
        qualifiers=frozenset(w.lower() for w in _strings(data, "declared_qualifiers")),
    )


__all__ = ["ActGroup", "RELATIONSHIP_FILE", "RelationshipCues", "inflections", "relationship_cues"]
