"""A learned choice among the people who could be saying a line.

For each quote, the candidates are whoever the rules of ``speakers`` picked, the
speakers the rules gave the lines around it, the listeners those lines name, the people
the narration mentions nearby, and the POV character or first-person narrator. Each
candidate gets the features in ``FEATURES`` (the rules' own cue among them), and a
conditional logit model (one weight per feature, softmax over a quote's candidates)
picks one. The weights are ``knowledge/models/speakers.json``, fitted by
``train/speakers.py`` on PDNC's training novels; ``speakers.provenance.json`` beside it
says from what and how well.

``candidates`` is pure over the rules' output, so training and the stage share it.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .. import knowledge
from ..errors import FicscopeError
from ..model import Quote
from . import speech_tags

FORMAT_VERSION = 1
MODEL_FILE = ("knowledge", "models", "speakers.json")
RULE_CUES = ("tag", "nominal", "narrator", "pronoun", "beat", "epithet", "vocative", "phone", "turn")
FEATURES = (
    "rule",
    *(f"rule_{cue}" for cue in RULE_CUES),
    "previous",
    "previous_same_paragraph",
    "before_previous",
    "next",
    "addressed_here",
    "addressed_before",
    "addressed_after",
    "named_in_tag_after",
    "named_in_tag_before",
    "in_paragraph",
    "nearness",
    "recency",
    "named_in_quote",
    "window_mentions",
    "prominence",
    "pronoun_gender_match",
    "pronoun_gender_clash",
    "pov",
    "first_person_tag",
    "new_paragraph_previous",
    "first_after",
    "last_before",
    "alternation",
    "third_previous",
    "after_next",
    "conversation_rank",
    "named_in_previous_quote",
    "named_in_next_quote",
    "epithet_gender_match",
)
WINDOW_BEFORE = 1500
WINDOW_AFTER = 300
TAG_REACH = 80  # a name this close after a quote is in its tag
MAX_NEARBY = 8
MAX_TALKERS = 4
CONVERSATION_GAP = 600  # narration this long between two lines ends a conversation


class ModelError(FicscopeError):
    """The speaker model's data file cannot be used."""


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class RuleView:
    """What the rules found in one chapter, as ``candidates`` reads it."""

    text: str
    quotes: list[Quote]  # in text order, with the rules' speakers
    cues: list[str]  # the kind of cue behind each rule speaker ("" when none)
    vocatives: list[str | None]  # the listener each line names, if any
    paragraphs: list[tuple[int, int]]  # each quote's paragraph
    mention_starts: list[int]  # narration mentions, sorted by start
    mention_names: list[str]
    quote_mentions: list[tuple[int, str]]  # mentions inside dialogue: (start, character)
    genders: dict[str, str | None]
    pov: str | None
    narrator: str | None  # who "I" is when the chapter is in the first person
    # Who speaks each line once chosen (a first pass of the model): the speakers of the
    # lines around a quote are then read from here rather than from the rules.
    settled: list[str | None] | None = None
    # What does not change with ``settled`` (tags, the mentions around each line), kept
    # per quote so that choosing again costs only the features.
    context: dict[int, _Context] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class _Context:
    nearest: dict[str, int]  # name -> distance of its closest mention
    in_paragraph: set[str]
    tag_after: set[str]
    tag_before: set[str]
    window: dict[str, int]
    first_after: str | None
    last_before: str | None
    pronouns: set[str]
    unnamed_tag: str | None


def _tags(view: RuleView, index: int) -> list[speech_tags.Tag]:
    quote, para = view.quotes[index], view.paragraphs[index]
    next_start = view.quotes[index + 1].start if index + 1 < len(view.quotes) else len(view.text)
    prev_end = view.quotes[index - 1].end if index and view.quotes[index - 1].end > para[0] else para[0]
    found = [speech_tags.after(view.text[quote.end : min(para[1], next_start)]), speech_tags.before(view.text[prev_end : quote.start])]
    return [t for t in found if t is not None]


def _noun_gender(who: str) -> str | None:
    gender = knowledge.person_nouns().get(speech_tags.nominal_head(who))
    return gender if gender in ("he", "she") else None


def candidates(view: RuleView) -> list[list[Candidate]]:
    """Every quote's candidate speakers with their features, in ``FEATURES`` order."""
    counts: dict[str, int] = {}
    for name in view.mention_names:
        counts[name] = counts.get(name, 0) + 1
    in_quote: dict[int, set[str]] = {}
    quote_starts = [q.start for q in view.quotes]
    for start, name in view.quote_mentions:
        i = bisect_left(quote_starts, start + 1) - 1
        if i >= 0 and view.quotes[i].start <= start < view.quotes[i].end:
            in_quote.setdefault(i, set()).add(name)
    table = []
    talkers: list[str] = []  # the conversation's speakers so far, most recent first
    for index, quote in enumerate(view.quotes):
        if index and view.paragraphs[index - 1][1] < view.paragraphs[index][0] - CONVERSATION_GAP:
            talkers = []
        table.append(_candidates_of(view, index, quote, counts, in_quote, talkers))
        speaker = _speaker(view, index)
        if speaker:
            talkers = [speaker, *(t for t in talkers if t != speaker)][:MAX_TALKERS]
    return table


def _speaker(view: RuleView, index: int) -> str | None:
    if not 0 <= index < len(view.quotes):
        return None
    return view.settled[index] if view.settled is not None else view.quotes[index].speaker


def _vocative(view: RuleView, index: int) -> str | None:
    return view.vocatives[index] if 0 <= index < len(view.vocatives) else None


def _candidates_of(
    view: RuleView, index: int, quote: Quote, counts: dict[str, int], in_quote: dict[int, set[str]], talkers: list[str]
) -> list[Candidate]:
    named_inside = in_quote.get(index, set())
    para = view.paragraphs[index]
    new_paragraph = index == 0 or view.paragraphs[index - 1] != para
    same_para_prev = index > 0 and not new_paragraph
    context = view.context.get(index)
    if context is None:
        context = view.context[index] = _context_of(view, index, quote)
    nearest, window, pronouns, unnamed_tag = context.nearest, context.window, context.pronouns, context.unnamed_tag
    # Three lines in three paragraphs, the middle one by someone else: A, B, now A?
    alternating = (
        index >= 2
        and new_paragraph
        and view.paragraphs[index - 1] != view.paragraphs[index - 2]
        and _speaker(view, index - 1) != _speaker(view, index - 2)
    )
    pool: list[str] = []
    for name in (
        quote.speaker,
        _speaker(view, index - 1),
        _speaker(view, index - 2),
        _speaker(view, index + 1),
        _vocative(view, index - 1),
        _vocative(view, index + 1),
        view.narrator,
        _speaker(view, index - 3),
        _speaker(view, index + 2),
        *talkers,
        *sorted(nearest, key=lambda n: (nearest[n], n))[:MAX_NEARBY],
    ):
        if name and name not in pool:
            pool.append(name)
    recency = sorted((n for n in pool if n in nearest), key=lambda n: (nearest[n], n))
    cue = view.cues[index]
    found = []
    for name in pool:
        gender = view.genders.get(name)
        rank = recency.index(name) if name in recency else len(recency) + 2
        values = {
            "rule": name == quote.speaker,
            **{f"rule_{c}": name == quote.speaker and cue == c for c in RULE_CUES},
            "previous": name == _speaker(view, index - 1),
            "previous_same_paragraph": same_para_prev and name == _speaker(view, index - 1),
            "before_previous": name == _speaker(view, index - 2),
            "next": name == _speaker(view, index + 1),
            "addressed_here": name == view.vocatives[index],
            "addressed_before": new_paragraph and name == _vocative(view, index - 1),
            "addressed_after": name == _vocative(view, index + 1),
            "named_in_tag_after": name in context.tag_after,
            "named_in_tag_before": name in context.tag_before,
            "in_paragraph": name in context.in_paragraph,
            "nearness": 1.0 - math.log1p(nearest[name]) / math.log1p(WINDOW_BEFORE) if name in nearest else 0.0,
            "recency": 1.0 / (1 + rank),
            "named_in_quote": name in named_inside,
            "window_mentions": math.log1p(window.get(name, 0)) / math.log(50),
            "prominence": math.log1p(counts.get(name, 0)) / math.log(1000),
            "pronoun_gender_match": bool(gender) and gender in pronouns,
            "pronoun_gender_clash": bool(gender) and bool(pronouns & {"he", "she"}) and gender not in pronouns,
            "pov": name == view.narrator,
            "first_person_tag": name == view.narrator and "i" in pronouns,
            "new_paragraph_previous": new_paragraph and name == _speaker(view, index - 1),
            "first_after": name == context.first_after,
            "last_before": name == context.last_before,
            "alternation": alternating and name == _speaker(view, index - 2),
            "third_previous": name == _speaker(view, index - 3),
            "after_next": name == _speaker(view, index + 2),
            "conversation_rank": 1.0 / (1 + talkers.index(name)) if name in talkers else 0.0,
            "named_in_previous_quote": new_paragraph and name in in_quote.get(index - 1, ()),
            "named_in_next_quote": name in in_quote.get(index + 1, ()),
            "epithet_gender_match": unnamed_tag is not None and gender is not None and gender == unnamed_tag and name != quote.speaker,
        }
        found.append(Candidate(name, tuple(float(values[f]) for f in FEATURES)))
    return found


def _context_of(view: RuleView, index: int, quote: Quote) -> _Context:
    """The tags beside a line and the narration's mentions around it."""
    para = view.paragraphs[index]
    next_start = view.quotes[index + 1].start if index + 1 < len(view.quotes) else len(view.text)
    lo = bisect_left(view.mention_starts, quote.start - WINDOW_BEFORE)
    hi = bisect_left(view.mention_starts, quote.end + WINDOW_AFTER)
    nearest: dict[str, int] = {}  # name -> distance of its closest mention
    in_paragraph: set[str] = set()
    tag_after: set[str] = set()
    tag_before: set[str] = set()
    window: dict[str, int] = {}
    prev_end = view.quotes[index - 1].end if index else 0
    first_after: str | None = None
    last_before: str | None = None
    for k in range(lo, hi):
        start, name = view.mention_starts[k], view.mention_names[k]
        window[name] = window.get(name, 0) + 1
        distance = quote.start - start if start < quote.start else start - quote.end
        if distance >= 0 and (name not in nearest or distance < nearest[name]):
            nearest[name] = distance
        if para[0] <= start < para[1]:
            in_paragraph.add(name)
        if quote.end <= start < min(next_start, para[1]):
            if start < quote.end + TAG_REACH:
                tag_after.add(name)
            first_after = first_after or name
        if max(para[0], prev_end) <= start < quote.start:
            tag_before.add(name)
            last_before = name
    tags = _tags(view, index)
    # The gender a description in the tag implies ("said the old lady"): in a novel most
    # often a named character's epithet.
    unnamed_tag = next((_noun_gender(t.who) for t in tags if t.kind == "nominal"), None)
    pronouns = {t.who.lower() for t in tags if t.kind == "pronoun"}
    return _Context(nearest, in_paragraph, tag_after, tag_before, window, first_after, last_before, pronouns, unnamed_tag)


@dataclass(frozen=True, slots=True)
class Model:
    weights: tuple[float, ...]
    # The rules' cues ("" for none) after which the model chooses; after the others the
    # rules' answer stands (training measured the rules better there).
    decides: frozenset[str] = frozenset()

    def scores(self, options: list[Candidate]) -> list[float]:
        return [sum(w * x for w, x in zip(self.weights, c.features)) for c in options]

    def choose(self, options: list[Candidate]) -> tuple[str | None, float]:
        """The most likely candidate and its probability among the options."""
        if not options:
            return None, 0.0
        scores = self.scores(options)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        best = max(range(len(options)), key=lambda i: (scores[i], -i))
        return options[best].name, exps[best] / sum(exps)


def from_json(data: dict[str, object], source: str) -> Model:
    if data.get("format") != "ficscope-speaker-model" or data.get("version") != FORMAT_VERSION:
        raise ModelError(f"{source}: not a version {FORMAT_VERSION} ficscope speaker model")
    weights = data.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(FEATURES):
        raise ModelError(f"{source}: its features do not match this ficscope's ({len(FEATURES)} expected)")
    decides = data.get("decides_after_cues", [])
    if not isinstance(decides, list) or not set(decides) <= {"", *RULE_CUES}:
        raise ModelError(f"{source}: decides_after_cues must list rule cues")
    return Model(tuple(float(weights[f]) for f in FEATURES), frozenset(decides))


@lru_cache(maxsize=1)
def load() -> Model | None:
    """The shipped model, or None when the package has none."""
    path = resources.files("ficscope").joinpath(*MODEL_FILE)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: cannot read the speaker model ({error})") from None
    return from_json(data, str(path))
