"""What the text does with each candidate name, as numbers the person model weighs.

Every feature is cheap: regular expressions around each occurrence, counts over the
work, and the word lists of knowledge/names. No parse is needed. ``FEATURES`` names
them in the order ``features`` returns them; the shipped model's weights carry the
same names.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .. import knowledge
from .characters_candidates import Occurrence, bare, title

FEATURES = (
    "bias",
    "log_count",
    "log_rate",
    "sentence_initial",
    "lower_case_share",
    "english_word",
    "titled",
    "title_variants",
    "speech_verb_before",
    "speech_verb_after",
    "vocative",
    "pronoun_after",
    "it_after",
    "human_verb_after",
    "past_verb_after",
    "place_before",
    "to_from_before",
    "article_before",
    "of_before",
    "possessive",
    "tokens",
    "in_place_names",
    "known_given_name",
    "given_name_of_a_full_name",
    "surname_of_a_full_name",
    "inside_quotes",
    "any_person_cue",
    "any_place_cue",
    "plural_like",
)

_PERSON_VERBS = frozenset(
    """looked turned smiled nodded shrugged laughed sighed walked stood sat leaned watched felt
    thought knew wanted tried took grabbed pulled pushed kissed hugged held reached stepped ran
    opened closed shook rolled blinked frowned grinned swallowed paused stopped started glanced
    stared whispered said asked replied shouted yelled muttered snapped growled cocked scoffed
    smirked chuckled watched wiped climbed counted found hated loved fell woke slept came went
    is was had has would could should will did does saw heard told gave made seemed began
    """.split()
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|into|near|across|toward|towards|around|outside|inside|through|over)\s+(?:the\s+)?$", re.I)
_TO_FROM_BEFORE = re.compile(r"\b(?:to|from)\s+$", re.I)
_THE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_OF_BEFORE = re.compile(r"\bof\s+$", re.I)
_VOCATIVE_AFTER = re.compile(r"\s*[,.!?]\s*[\"\u201d\u2019']")
_VOCATIVE_BEFORE = re.compile(r"[,\u201c\"]\s*$")
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|himself|herself)\b", re.I)
_IT = re.compile(r"\b(?:its|itself|which)\b", re.I)
# Indexes into _occurrence_cues: speech verb before or after, vocative, human verb,
# possessive; and a place preposition, "to"/"from", an article, "of".
_PERSON_CUES = (0, 1, 2, 5, 11)
_PLACE_CUES = (7, 8, 9, 10)
_NEXT_WORD = re.compile(r"['\u2019]s\b|\s+(\w+)")


@lru_cache(maxsize=1)
def _speech_verbs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A speech verb just before a name ("said Magnus") and just after it ("Magnus said")."""
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in knowledge.speech_verbs())
    return re.compile(r"\b(?:" + verbs + r")\s+$", re.I), re.compile(r"\s*,?\s*(?:" + verbs + r")\b", re.I)


def _quote_depth(text: str, start: int) -> bool:
    """True if ``start`` is inside a quotation opened on its line."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    return line.count("\u201c") > line.count("\u201d") or line.count('"') % 2 == 1


def _occurrence_cues(text: str, occ: Occurrence) -> list[float]:
    """The per-occurrence cues, in FEATURES order from "speech_verb_before" to "possessive"
    (then "inside_quotes"), as 0 or 1."""
    before = text[max(0, occ.start - 30) : occ.start]
    after = text[occ.end : occ.end + 80]
    said_before, said_after = _speech_verbs()
    next_word = _NEXT_WORD.match(after)
    word = next_word.group(1) if next_word and next_word.group(1) else ""
    possessive = bool(next_word) and next_word.group(0).startswith(("'", "\u2019"))
    clause = re.split(r"[.!?;\n\u201c\u201d\"]", after, maxsplit=1)[0]
    return [
        float(bool(said_before.search(before))),
        float(bool(said_after.match(after))),
        float(bool(_VOCATIVE_AFTER.match(after) or (_VOCATIVE_BEFORE.search(before) and re.match(r"\s*[,!?]", after)))),
        float(bool(_PRONOUN.search(clause))),
        float(bool(_IT.search(clause))),
        float(word.lower() in _PERSON_VERBS),
        float(bool(re.fullmatch(r"[a-z]+ed", word))),
        float(bool(_PLACE_BEFORE.search(before))),
        float(bool(_TO_FROM_BEFORE.search(before))),
        float(bool(_THE_BEFORE.search(before))),
        float(bool(_OF_BEFORE.search(before))),
        float(possessive),
    ]


def features(
    occurrences: Iterable[Occurrence],
    texts: Mapping[int, str],
    lowercase_words: Counter[str],
    frequencies: Mapping[str, int] | None = None,
    forms: set[str] | None = None,
    cap: int = 300,
) -> dict[str, list[float]]:
    """Each name form of ``forms`` (by default every one) -> its feature vector
    (FEATURES order), read from all ``occurrences`` of names in the work.
    ``frequencies`` are the English word counts (by default
    knowledge/names/word_frequencies.tsv). At most ``cap`` occurrences of a form are
    read for its per-occurrence cues."""
    by_form: dict[str, list[Occurrence]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for occ in occurrences:
        counts[occ.name] += 1
        if len(by_form[occ.name]) < cap:
            by_form[occ.name].append(occ)
    titles: dict[str, set[str]] = defaultdict(set)  # bare name -> titles seen with it
    given: Counter[str] = Counter()  # first word of an untitled full name
    surnames: Counter[str] = Counter()
    places: Counter[str] = Counter()  # "Lucas" in "Lucas Lodge"
    for form in counts:
        words = form.split()
        if len(words) > 1 and words[-1].lower() in knowledge.place_words():
            places[words[0]] += counts[form]
    for form in by_form:
        found = title(form)
        if found:
            titles[bare(form)].add(found)
            titles[bare(form).split()[-1]].add(found)
        elif len(form.split()) > 1:
            given[form.split()[0]] += counts[form]
            surnames[form.split()[-1]] += counts[form]
    frequencies = knowledge.word_frequencies() if frequencies is None else frequencies
    words_in_work = max(1, sum(len(text.split()) for text in texts.values()))
    table: dict[str, list[float]] = {}
    for form, occs in by_form.items():
        if forms is not None and form not in forms:
            continue
        text_form = bare(form)
        words = text_form.split()
        head = words[0].lower().replace("\u2019", "'")
        n = len(occs)
        cues = [0.0] * 15
        for occ in occs:
            found = _occurrence_cues(texts[occ.chapter], occ)
            for i, value in enumerate(found):
                cues[i] += value
            cues[12] += _quote_depth(texts[occ.chapter], occ.start)
            cues[13] += max(found[i] for i in _PERSON_CUES)
            cues[14] += max(found[i] for i in _PLACE_CUES)
        lower = lowercase_words[head]
        table[form] = [
            1.0,
            math.log1p(min(counts[form], 5)),
            math.log1p(min(10.0, 10000 * counts[form] / words_in_work)),
            sum(o.sentence_start for o in occs) / n,
            lower / (lower + counts[form]) if len(words) == 1 else 0.0,
            math.log1p(frequencies.get(head, 0)) / 10 if len(words) == 1 else 0.0,
            float(title(form) is not None),
            math.log1p(len(titles.get(text_form, ()))) if not title(form) else 0.0,
            *(c / n for c in cues[:12]),
            float(len(words)),
            places[form] / (places[form] + counts[form]) if len(words) == 1 else 0.0,
            float(knowledge.known_given_name(words[0])),
            math.log1p(given[form]) if len(words) == 1 else 0.0,
            math.log1p(surnames[form]) if len(words) == 1 else 0.0,
            cues[12] / n,
            cues[13] / n,
            cues[14] / n,
            float(len(words) == 1 and head.endswith("s") and lowercase_words[head[:-1]] > 0),
        ]
    return table
