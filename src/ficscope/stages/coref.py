"""Pronouns and epithets resolved once, to the characters they mean: the document's
coreference layer.

The characters stage files every name mention in ``antecedents`` ((chapter, offset) ->
character). This stage adds each third-person pronoun ("he", "her", "himself") and each
epithet ("the young man", "the nurse": a definite description with a noun of
``knowledge/names/person_nouns.tsv``) that means a character: its candidates are the characters named or resolved in the
``WINDOW`` characters before it (the ``MAX_CANDIDATES`` most recent), and a conditional
logit over cheap features (does the gender the text gives the character agree, how
recent and how salient the character is, whether it was the subject of its sentence,
whether the two sit in the same quotation) picks one, or nobody: the pronoun may mean
someone the text never names. Epithets have weights of their own. The weights are
``knowledge/models/coref.json``, fitted by ``train/coref.py`` on LitBank's dev texts;
``coref.provenance.json`` beside it says how well it does on LitBank's test texts.

Later stages read ``antecedents`` rather than resolve pronouns themselves.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .. import knowledge
from ..errors import FicscopeError
from ..model import Chapter, Character, Mention, Quote
from ..pipeline import Inputs, Stage
from ._model_file import read_model
from . import speech_tags
from .nlp import sentences

FORMAT = "ficscope-coref-model"
FORMAT_VERSION = 1
MODEL_FILE = ("knowledge", "models", "coref.json")
WINDOW = 2000
MAX_CANDIDATES = 6
FEATURES = (
    "gender_agrees",
    "gender_unknown",
    "gender_differs",
    "most_recent",
    "most_recent_agreeing",
    "recency_rank",
    "log_distance",
    "same_sentence",
    "previous_sentence",
    "subject",
    "mentions_in_window",
    "salience",
    "last_was_pronoun",
    "same_quote",
    "pronoun_quoted_candidate_not",
    "reflexive_nearest",
    "nobody",
    "nobody_none_agrees",
    "nobody_pronoun_quoted",
)
# The last candidate of every pronoun is nobody: a person the text never names.
NOBODY = ""
_REFLEXIVE = frozenset({"himself", "herself"})


class CorefModelError(FicscopeError):
    """The shipped coreference model is missing or does not fit this ficscope."""


@dataclass(frozen=True, slots=True)
class CorefModel:
    weights: tuple[float, ...]  # for pronouns
    nominal_weights: tuple[float, ...] = ()  # for epithets

    def score(self, values: Sequence[float], nominal: bool = False) -> float:
        return sum(w * v for w, v in zip(self.nominal_weights if nominal else self.weights, values))


def from_json(data: Mapping[str, object], source: str) -> CorefModel:
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise CorefModelError(f"{source}: not a version {FORMAT_VERSION} ficscope coreference model")
    tables = [data.get("weights"), data.get("nominal_weights")]
    for weights in tables:
        if not isinstance(weights, dict) or set(weights) != set(FEATURES):
            raise CorefModelError(f"{source}: its features do not match this ficscope's ({len(FEATURES)} expected)")
    return CorefModel(*(tuple(float(table[f]) for f in FEATURES) for table in tables))  # type: ignore[index]


@lru_cache(maxsize=1)
def load() -> CorefModel:
    """The shipped model."""
    return from_json(*read_model(MODEL_FILE, "coreference model", CorefModelError))


@dataclass(frozen=True, slots=True)
class Pronoun:
    """A pronoun ("she") or an epithet ("the young man") that may mean a character."""

    chapter: int
    start: int
    end: int
    text: str
    gender: str | None
    nominal: bool = False


@dataclass(slots=True)
class _Seen:
    """One place a character was named or meant, as the scan goes forward."""

    offset: int
    character: str
    sentence: int
    subject: bool
    pronoun: bool
    quote: int  # index of the quotation it sits in, -1 in narration


@dataclass(frozen=True, slots=True)
class Candidate:
    character: str
    features: tuple[float, ...]


@lru_cache(maxsize=1)
def _pronoun() -> re.Pattern[str]:
    """The pronouns of knowledge/names/pronouns.tsv, lower case or capitalised."""
    words = sorted(knowledge.pronoun_genders(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in words) + r")\b")


def pronouns(chapter: Chapter) -> list[Pronoun]:
    """Every third-person pronoun in the chapter's text."""
    genders = knowledge.pronoun_genders()
    return [
        Pronoun(chapter.number, m.start(), m.end(), m.group(0), genders[m.group(0).lower()])
        for m in _pronoun().finditer(chapter.text)
    ]


def epithets(chapter: Chapter) -> list[Pronoun]:
    """Every definite description of a person ("the young man", "the nurse"), with the
    gender its noun says (none for "the doctor")."""
    genders = knowledge.person_nouns()
    found = []
    for m in speech_tags.description_pattern().finditer(chapter.text):
        if m.group("det").lower() != "the":
            continue
        gender = genders.get(knowledge.fold(m.group("head")))
        found.append(Pronoun(chapter.number, m.start(), m.end(), m.group(0), gender if gender in ("he", "she") else None, True))
    return found


class _Scan:
    """The chapter's sentences and quotations, to place a mention or a pronoun."""

    def __init__(self, text: str, quotes: Sequence[Quote]) -> None:
        self.text = text
        bounds = sentences(text)
        self.sentence_starts = [s for s, _ in bounds]
        quoted = sorted((q.start, q.end) for q in quotes)
        self.quote_starts = [s for s, _ in quoted]
        self.quote_ends = [e for _, e in quoted]

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    def quote(self, offset: int) -> int:
        i = bisect_right(self.quote_starts, offset) - 1
        return i if i >= 0 and offset < self.quote_ends[i] else -1

    def subject(self, offset: int, sentence: int) -> bool:
        """Named first in its sentence, or first after an opening quotation's close."""
        start = self.sentence_starts[sentence] if sentence >= 0 else 0
        before = self.text[start:offset]
        return not before.strip(" \t\n\"'\u201c\u201d\u2018\u2019")


def candidates(
    pronoun: Pronoun, seen: Sequence[_Seen], scan: _Scan, genders: Mapping[str, str | None], salience: Mapping[str, float]
) -> list[Candidate]:
    """The characters a pronoun may mean, most recent first, with their features, and
    last ``NOBODY`` (someone unnamed) when there is any."""
    sentence = scan.sentence(pronoun.start)
    quote = scan.quote(pronoun.start)
    latest: dict[str, _Seen] = {}
    counts: Counter[str] = Counter()
    order: list[str] = []
    for item in reversed(seen):
        if pronoun.start - item.offset > WINDOW:
            break
        counts[item.character] += 1
        if item.character not in latest:
            if len(order) == MAX_CANDIDATES:
                continue
            latest[item.character] = item
            order.append(item.character)
    found = []
    agreeing_seen = False
    for rank, name in enumerate(order):
        item = latest[name]
        gender = genders.get(name)
        agrees = pronoun.gender is not None and gender == pronoun.gender
        first_agreeing = agrees and not agreeing_seen
        agreeing_seen = agreeing_seen or agrees
        values = (
            float(agrees),
            float(gender is None),
            float(pronoun.gender is not None and gender is not None and not agrees),
            float(rank == 0),
            float(first_agreeing),
            rank / MAX_CANDIDATES,
            math.log1p(pronoun.start - item.offset) / 8,
            float(item.sentence == sentence),
            float(item.sentence == sentence - 1),
            float(item.subject),
            math.log1p(counts[name]) / 3,
            salience.get(name, 0.0),
            float(item.pronoun),
            float(quote >= 0 and item.quote == quote),
            float(quote >= 0 and item.quote < 0),
            float(pronoun.text.lower() in _REFLEXIVE and rank == 0),
        )
        found.append(Candidate(name, (*values, 0.0, 0.0, 0.0)))
    if found:
        nobody = [0.0] * (len(FEATURES) - 3)
        found.append(Candidate(NOBODY, (*nobody, 1.0, float(not agreeing_seen), float(quote >= 0))))
    return found


def resolve_chapter(
    chapter: Chapter,
    mentions: Iterable[Mention],
    characters: Sequence[Character],
    quotes: Sequence[Quote],
    model: CorefModel | None = None,
    choose=None,
) -> dict[tuple[int, int], str]:
    """(chapter, pronoun offset) -> character for the chapter's pronouns. ``choose``
    ((pronoun, candidates) -> index or None) replaces the model, for fitting and for
    baselines."""
    model = model if model is not None or choose is not None else load()
    scan = _Scan(chapter.text, quotes)
    genders = {c.name: c.gender for c in characters}
    total = max(1, sum(c.mentions for c in characters))
    salience = {c.name: math.log1p(100 * c.mentions / total) / 5 for c in characters}
    events: list[tuple[int, int, object]] = [(m.start, 0, m) for m in mentions]
    events += [(p.start, 1, p) for p in (*pronouns(chapter), *epithets(chapter))]
    events.sort(key=lambda e: (e[0], e[1]))
    seen: list[_Seen] = []
    resolved: dict[tuple[int, int], str] = {}
    covered = -1
    for offset, kind, item in events:
        if kind == 0:
            assert isinstance(item, Mention)
            sentence = scan.sentence(offset)
            seen.append(_Seen(offset, item.character, sentence, scan.subject(offset, sentence), False, scan.quote(offset)))
            covered = max(covered, item.end)
            continue
        assert isinstance(item, Pronoun)
        if offset < covered:
            continue  # inside a name the characters stage found ("the Doctor")
        options = candidates(item, seen, scan, genders, salience)
        if not options:
            continue
        if choose is not None:
            pick = choose(item, options)
        else:
            pick = max(range(len(options)), key=lambda i: model.score(options[i].features, item.nominal))  # type: ignore[union-attr]
        if pick is None or not options[pick].character:
            continue
        name = options[pick].character
        resolved[(chapter.number, offset)] = name
        sentence = scan.sentence(offset)
        seen.append(_Seen(offset, name, sentence, scan.subject(offset, sentence), True, scan.quote(offset)))
    return resolved


def run(doc: Inputs) -> dict[str, object]:
    model = load()
    antecedents = dict(doc.antecedents)
    by_chapter: dict[int, list[Mention]] = {}
    for mention in doc.mentions:
        by_chapter.setdefault(mention.chapter, []).append(mention)
    quotes: dict[int, list[Quote]] = {}
    for quote in doc.quotes:
        quotes.setdefault(quote.chapter, []).append(quote)
    notes = {layout.number: layout.author_notes for layout in doc.layout}
    for chapter in doc.work.chapters:
        found = resolve_chapter(chapter, by_chapter.get(chapter.number, []), doc.characters, quotes.get(chapter.number, []), model)
        for (number, offset), name in found.items():
            if not any(n.start <= offset < n.end for n in notes.get(number, ())):
                antecedents.setdefault((number, offset), name)
    return {"antecedents": antecedents}


STAGE = Stage(
    name="coref",
    reads=("work", "layout", "characters", "mentions", "quotes"),
    assigns=(),
    modifies=("antecedents",),
    compute=run,
)

__all__ = ["FEATURES", "STAGE", "Candidate", "CorefModel", "Pronoun", "candidates", "load", "pronouns", "resolve_chapter"]
