"""Who is with whom, in AO3 syntax, with the sentences that show it.

A pair of characters named (or named and referred to) in one sentence with a cue of
romance, family, friendship or harm gets a relationship of that kind. Coercion is
never romance: forced contact makes the pair ``antagonistic`` whatever else the text
says. Two people who keep talking to each other (four lines or more, both ways) are
at least a platonic pair. Cue words live in ``knowledge/relationships.json``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from itertools import combinations

from .. import knowledge
from ..model import Chapter, Character, Mention, Quote, Relationship, Span
from ..pipeline import Inputs, Stage
from .nlp import sentences

KINDS = ("antagonistic", "romantic", "family", "platonic")
MAX_EVIDENCE = 3
MIN_CONVERSATION = 4  # lines between two people, both ways, that make them a pair
_NEGATION = re.compile(r"\b(?:not|never|n't|no longer|wasn't|isn't|didn't|doesn't)\b", re.I)


@lru_cache(maxsize=1)
def cues() -> dict[str, re.Pattern[str]]:
    data = json.loads(resources.files("ficscope.knowledge").joinpath("relationships.json").read_text(encoding="utf-8"))
    return {kind: re.compile(r"\b(?:" + "|".join(data["cues"][kind]) + r")\b", re.I) for kind in KINDS}


def tag_for(members: list[str], kind: str) -> str:
    """AO3 syntax, in the pack's order when a pack knows the pairing, else alphabetical."""
    separator = "/" if kind == "romantic" else " & "
    known = knowledge.relationship_synonyms()
    for order in (members, list(reversed(members))):
        canonical = known.get(separator.strip().join(order).lower()) or known.get(separator.join(order).lower())
        if canonical:
            return canonical
    return separator.join(sorted(members))


def find(chapters: list[Chapter], characters: list[Character], mentions: list[Mention], quotes: list[Quote]) -> list[Relationship]:
    by_chapter: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_chapter[mention.chapter].append(mention)
    patterns = cues()
    evidence: dict[tuple[str, str], dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for chapter in chapters:
        text = chapter.text
        chapter_mentions = sorted(by_chapter.get(chapter.number, []), key=lambda m: m.start)
        index = 0
        for start, end in sentences(text):
            while index < len(chapter_mentions) and chapter_mentions[index].end <= start:
                index += 1
            names = []
            j = index
            while j < len(chapter_mentions) and chapter_mentions[j].start < end:
                names.append(chapter_mentions[j].character)
                j += 1
            names = list(dict.fromkeys(names))
            if len(names) < 2:
                continue
            sentence = text[start:end]
            for kind in KINDS:
                cue = patterns[kind].search(sentence)
                # "never kissed" is no kiss; a negation elsewhere in the sentence does not count.
                if cue and not (kind != "antagonistic" and _NEGATION.search(sentence[max(0, cue.start() - 20) : cue.start()])):
                    for pair in combinations(sorted(names[:3]), 2):
                        spans = evidence[pair][kind]
                        if len(spans) < MAX_EVIDENCE:
                            spans.append(Span(chapter.number, start, end, sentence))
                    break
    # Lines of love spoken from one character to another count too.
    for quote in quotes:
        if quote.speaker and quote.addressee and quote.speaker != quote.addressee and patterns["romantic"].search(quote.text):
            pair = tuple(sorted((quote.speaker, quote.addressee)))
            spans = evidence[pair]["romantic"]  # type: ignore[index]
            if len(spans) < MAX_EVIDENCE:
                spans.append(Span(quote.chapter, quote.start, quote.end, quote.text))
    # Two people who keep talking to each other share a relationship, at least a platonic one.
    for pair, lines in _conversations(quotes).items():
        if pair not in evidence:
            evidence[pair]["platonic"].extend(lines[:MAX_EVIDENCE])
    relationships: list[Relationship] = []
    for pair, kinds in evidence.items():
        kind = next(k for k in KINDS if kinds.get(k))
        members = list(pair)
        relationships.append(Relationship(tag_for(members, kind), kind, members, kinds[kind]))  # type: ignore[arg-type]
    order = {c.name: i for i, c in enumerate(characters)}
    relationships.sort(key=lambda r: (KINDS.index(r.kind) if r.kind != "antagonistic" else 9, min(order.get(m, 99) for m in r.members)))
    return relationships


def _conversations(quotes: list[Quote]) -> dict[tuple[str, str], list[Span]]:
    """Pairs who speak to each other at least ``MIN_CONVERSATION`` times, both ways, with their lines."""
    lines: dict[tuple[str, str], list[Quote]] = defaultdict(list)
    for quote in quotes:
        if quote.speaker and quote.addressee and quote.speaker != quote.addressee:
            lines[tuple(sorted((quote.speaker, quote.addressee)))].append(quote)  # type: ignore[index]
    return {
        pair: [Span(q.chapter, q.start, q.end, q.text) for q in said]
        for pair, said in lines.items()
        if len(said) >= MIN_CONVERSATION and len({q.speaker for q in said}) == 2
    }


def run(doc: Inputs) -> dict[str, list[Relationship]]:
    return {"relationships": find(doc.work.chapters, doc.characters, doc.mentions, doc.quotes)}


STAGE = Stage(
    name="relationships", reads=("work", "characters", "mentions", "quotes"), assigns=("relationships",), compute=run
)
