"""Speech tags: the narration beside a quote that says who is speaking.

``after(text)`` reads the narration that follows a quote ("said Alec", "the young man
answered", "replied he"), ``before(text)`` the narration that leads into one ("Meg
said in an altered tone,", "Said she:", "She crouched beside him and whispered:").
Both return the tag's subject as written, with its offsets in ``text`` and its kind:
a name, a pronoun, or a nominal ("the girl", "his mother"). Resolving the subject to a
character is the speakers stage's work; this module only reads the words.

The verbs come from ``knowledge/names/speech_verbs.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .. import knowledge

TagKind = Literal["name", "pronoun", "nominal", "titled"]

PRONOUNS = frozenset({"he", "she", "they", "i"})
DETERMINERS = frozenset({"the", "his", "her", "my", "our", "their", "your", "a", "an", "this", "that", "one of the"})

# A name word ends at a full stop unless it is an initial ("J. Alfred"), and a name's
# second word is on the same line or the next, never past a paragraph break.
_NAME_WORD = r"(?:[A-Z]\.|St\.|[A-Z][\w'\u2019-]*)"
_NAME = (
    r"(?:(?:old|young|little|poor)\s+)?(?:(?:Mr|Mrs|Ms|Mx|Dr|Miss)\.?\s+)?"
    rf"{_NAME_WORD}(?:(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*(?=[A-Z][a-z]))[A-Z][\w'\u2019-]*){{0,2}}"
)
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|I)(?![\w'\u2019])"
_DETERMINER = r"(?:[Oo]ne\s+of\s+the|[Tt]he|[Hh]is|[Hh]er|[Mm]y|[Oo]ur|[Tt]heir|[Yy]our|[Aa]n?|[Tt]his|[Tt]hat)"
# A word of a nominal subject: not a function word, an adverb or a participle, which
# end the noun phrase ("the girl in a soft voice", "the boy, fumbling").
_NOMINAL_WORD = (
    r"(?!(?:and|or|but|in|on|at|to|with|as|of|for|from|into|who|whom|that|which|was|were|is|"
    r"had|has|would|could|will|then|there|here|not|so|he|she|they|it|i|you|we|him|her|them|me|us)\b)(?![a-z]{3,}ly\b)(?![a-z]{3,}ing\b)[a-z][\w'\u2019-]*"
)
# A capitalised title or name after "the": "the Queen", "the Gryphon", "the irrepressible Thomas".
_TITLED = rf"[Tt]he\s+(?:{_NOMINAL_WORD}\s+){{0,2}}[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?"
_NOMINAL = rf"{_DETERMINER}\s+{_NOMINAL_WORD}(?:\s+{_NOMINAL_WORD}){{0,3}}"
_WHO = rf"(?P<who>{_TITLED}|{_NOMINAL}|{_PRONOUN}|{_NAME})"
# Adverbs and auxiliaries between a subject and its verb: "he would say", "Alec quietly said".
_MODIFIERS = r"(?:(?:[a-z]+ly|had|would|then|now|just|only|also|again|finally|quietly)\s+){0,2}"
_LEAD = r"^\s*[,.!?\u2026\u2014\u2013-]*\s*"
_CLAUSE = r"[^.!?\"\u201c\u201d]"
# A tag before a quote is read in this much of the narration leading to it: a sentence
# that leads into speech is shorter.
BEFORE_REACH = 400


@dataclass(frozen=True, slots=True)
class Tag:
    who: str
    start: int
    end: int
    kind: TagKind
    strength: Literal["tag", "beat"] = "tag"


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[tuple[re.Pattern[str], str], ...]]:
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in knowledge.speech_verbs())
    verb = rf"(?:{verbs})(?![\w'\u2019])"
    any_case_verb = rf"(?i:{verbs})(?![\w'\u2019])"
    after = (
        re.compile(rf"{_LEAD}{verb}\s+{_WHO}(?![\w'\u2019])"),  # "said Alec", "replied he"
        re.compile(rf"{_LEAD}{_WHO}\s+{_MODIFIERS}{verb}"),  # "Alec said", "his mother had replied"
    )
    before = (
        (re.compile(rf"{_WHO}\s+{_MODIFIERS}{verb}(?:,?\s+[\w'\u2019-]+){{0,6}}\s*[,:]\s*$"), "tag"),  # "Meg said in a low tone,", "Meg said, through the door,"
        (re.compile(rf"{any_case_verb}\s+{_WHO}\s*[,:]\s*$"), "tag"),  # "Said she:"
        (re.compile(rf"{_WHO}\s+{_MODIFIERS}{verb}\s*$"), "tag"),  # 'Alec said "..."'
        (re.compile(rf"(?:^|[.!?\u2026]\s+){_WHO}\s{_CLAUSE}*?\band\s+{_MODIFIERS}{verb}(?:{_CLAUSE}*[,:])?\s*$"), "tag"),
        # "Meg, turning from the window, said:"
        (re.compile(rf"(?:^|[.!?\u2026]\s+){_WHO},\s{_CLAUSE}{{1,80}}?,\s*{_MODIFIERS}{verb}\s*[,:]?\s*$"), "tag"),
        (re.compile(rf"(?:^|[.!?\u2026]\s+){_WHO}\s{_CLAUSE}*:\s*$"), "beat"),  # "She crouched and whispered in eager tones:"
    )
    return after, before


@lru_cache(maxsize=1)
def description_pattern() -> re.Pattern[str]:
    """A person described, not named: a determiner, up to two words, and a noun of
    knowledge/names/person_nouns.tsv ("an old labouring man", "the nurse"); groups
    ``det`` and ``head``."""
    nouns = "|".join(sorted(map(re.escape, knowledge.person_nouns()), key=len, reverse=True))
    return re.compile(rf"\b(?P<det>[Aa]n?|[Tt]he)\s+(?:(?!(?:and|or|of|in|to|with)\b)[a-z][\w'\u2019-]*\s+){{0,2}}(?P<head>{nouns})\b")


def kind_of(who: str) -> TagKind:
    lowered = who.lower()
    if lowered in PRONOUNS:
        return "pronoun"
    first = lowered.split(None, 1)[0]
    if first == "the" and who.split()[-1][:1].isupper():
        return "titled"
    if first in DETERMINERS or lowered.startswith("one of the "):
        return "nominal"
    return "name"


def _tag(match: re.Match[str], strength: Literal["tag", "beat"] = "tag") -> Tag:
    who = match.group("who")
    return Tag(who, match.start("who"), match.end("who"), kind_of(who), strength)


def after(text: str) -> Tag | None:
    """The speech tag at the start of the narration that follows a quote."""
    for pattern in _patterns()[0]:
        match = pattern.match(text)
        if match:
            return _tag(match)
    return None


def before(text: str) -> Tag | None:
    """The speech tag (or colon-introduced speaker) at the end of the narration before a
    quote, read in its last ``BEFORE_REACH`` characters."""
    cut = max(0, len(text) - BEFORE_REACH)
    for pattern, strength in _patterns()[1]:
        match = pattern.search(text, cut)
        if match:
            return _tag(match, "beat" if strength == "beat" else "tag")
    return None


def titled_name(who: str) -> str:
    """The capitalised words of a titled subject: "the irrepressible Thomas" -> "Thomas"."""
    words = who.split()
    i = len(words)
    while i > 1 and words[i - 1][:1].isupper():
        i -= 1
    return " ".join(words[i:])


def nominal_head(who: str) -> str:
    """The head noun of a nominal subject, lower-cased: "the young man" -> "man"."""
    return who.split()[-1].lower().strip("'\u2019")


def nominal_label(who: str) -> str:
    """How an unnamed speaker is named: "a girl" and "the girl" are both "the girl";
    possessives stay as written ("his mother")."""
    words = who.split()
    first = words[0].lower()
    if who.lower().startswith("one of the "):
        return "the " + " ".join(words[3:]).lower()
    if first in ("a", "an", "this", "that", "the"):
        # Capitalised words keep their capitals: "the Gryphon" is a name of sorts.
        return "the " + " ".join(w if w[:1].isupper() else w.lower() for w in words[1:])
    return " ".join([first, *words[1:]]).lower()


def voice_owner(who: str) -> str:
    """Whose voice a tag's subject is: "his mother's voice" -> "his mother"; anything
    else as it is."""
    words = who.split()
    if len(words) > 1 and words[-1].lower() == "voice":
        for i, word in enumerate(words[:-1]):
            if word.endswith(("'s", "\u2019s")):
                return " ".join(words[: i] + [word[:-2]])
    return who
