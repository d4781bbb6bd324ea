"""From links to relationships: the kind each pair is, how much evidence it has, and the
few a reader would tag.

Kinship is read first: a pair the text makes family is "A & B", family, and romance
between them needs romance the text shows between those two (a sexual act, a partner
noun, dating or marrying, "in love with", or more than one kiss that is no goodnight
kiss on the cheek); then the relationship is romantic with ``kin`` set, which the
warnings stage reads for incest. Coercion is antagonistic and never romance.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Character, Relationship, Span
from .relationships_evidence import Link

KISSES = frozenset({"kiss", "kisses", "kissed", "kissing"})
MAX_EVIDENCE = 3
MIN_SHOWN = 3.0  # one strong passage (a kiss, "his mother", "I love you") or several weak ones
SHOWN_SHARE = 0.4  # a second pairing is shown when it has this share of the main one's score
MAX_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Judged:
    members: tuple[str, str]
    kind: str
    kin: bool
    score: float
    links: tuple[Link, ...]


def _strong_kin_romance(links: Sequence[Link]) -> bool:
    """Romance between relatives only on romance between those two, never on a goodnight kiss."""
    romantic = [l for l in links if l.kind == "romantic"]
    if any(l.group in ("sexual", "relation") or (l.group == "romantic" and l.cue not in KISSES) or l.cue == "in love" for l in romantic):
        return True
    kisses = {l.span for l in romantic if l.cue in KISSES and not l.familial}
    return len(kisses) >= 2


def judge(members: tuple[str, str], links: Sequence[Link]) -> Judged:
    """The kind of one pair's relationship and its score."""
    totals: dict[str, float] = defaultdict(float)
    for link in links:
        totals[link.kind] += link.strength
    kin = totals["family"] > 0
    if kin:
        romance = _strong_kin_romance(links)
        kind = "romantic" if romance else "family"
        if totals["antagonistic"] > totals["romantic"] + totals["family"] + totals["platonic"]:
            kind = "antagonistic"
        counted = [l for l in links if l.kind == kind or (kind == "romantic" and l.kind == "family")]
    else:
        friendly = totals["platonic"]
        romance = totals["romantic"]
        if totals["antagonistic"] >= max(romance, friendly) and totals["antagonistic"] > 0:
            kind = "antagonistic"
        elif romance >= MIN_SHOWN and romance >= friendly:
            kind = "romantic"
        elif friendly > 0:
            kind = "platonic"
        else:
            kind = "romantic"
        counted = [l for l in links if l.kind == kind]
    chapters = {l.span.chapter for l in counted}
    # Each passage counts once, at its strongest reading.
    strongest: dict[tuple[int, int], float] = {}
    for link in counted:
        key = (link.span.chapter, link.span.start)
        strongest[key] = max(strongest.get(key, 0.0), link.strength)
    score = sum(strongest.values()) * (1 + math.log2(max(1, len(chapters))) / 2)
    ordered = sorted(counted, key=lambda l: (-l.strength, l.span.chapter, l.span.start))
    return Judged(members, kind, kin, round(score, 2), tuple(ordered))


def _evidence(links: Iterable[Link]) -> list[Span]:
    spans = []
    for link in links:
        if link.span not in spans:
            spans.append(link.span)
        if len(spans) == MAX_EVIDENCE:
            break
    return sorted(spans, key=lambda s: (s.chapter, s.start))


def _local_score(j: Judged, chapter: int) -> float:
    """A pair's evidence in one chapter, each passage once at its strongest."""
    strongest: dict[int, float] = {}
    for link in j.links:
        if link.span.chapter == chapter:
            strongest[link.span.start] = max(strongest.get(link.span.start, 0.0), link.strength)
    return sum(strongest.values())


def shown(judged: Sequence[Judged], present: Mapping[int, set[str]] | None = None) -> set[tuple[str, str]]:
    """The pairs a reader would tag: the main pairing, and the few close to it; and in a
    chapter that never names both members of any of those (an anthology's next story),
    that chapter's own main pairing. ``present`` holds the people each chapter names."""
    # On equal evidence a romance is the pairing a reader tags first.
    eligible = sorted((j for j in judged if j.kind != "antagonistic" and j.score >= MIN_SHOWN), key=lambda j: (-j.score, j.kind != "romantic"))
    if not eligible:
        return set()
    floor = max(MIN_SHOWN, SHOWN_SHARE * eligible[0].score)
    chosen = [j for j in eligible[:MAX_SHOWN] if j.score >= floor]
    if not present:
        return {j.members for j in chosen}
    covered = {l.span.chapter for j in chosen for l in j.links}
    # A chapter stands alone when every chosen pair has a member the chapter never names:
    # Mothman's story is over, the Minotaur's begins; a novel's chapter with its main pair
    # apart does not.
    alone = {c for c, names in present.items() if all(not set(j.members) <= names for j in chosen)}
    for chapter in sorted(({l.span.chapter for j in eligible for l in j.links} - covered) & alone):
        local = sorted(((_local_score(j, chapter), j) for j in eligible if j not in chosen), key=lambda x: -x[0])
        if local and local[0][0] >= MIN_SHOWN and (len(local) == 1 or local[0][0] > local[1][0]):
            chosen.append(local[0][1])
    return {j.members for j in chosen}


def relationships(
    links: Iterable[Link],
    characters: Sequence[Character],
    tag: Callable[[list[str], str], str],
    present: Mapping[int, set[str]] | None = None,
) -> list[Relationship]:
    """One relationship per linked pair, strongest first, the shown ones before the rest."""
    by_pair: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for link in links:
        by_pair[link.members].append(link)
    judged = [judge(members, found) for members, found in by_pair.items()]
    chosen = shown(judged, present)
    out = [
        Relationship(
            tag(list(j.members), j.kind),
            j.kind,  # type: ignore[arg-type]
            list(j.members),
            _evidence(j.links),
            score=j.score,
            shown=j.members in chosen,
            kin=j.kin,
        )
        for j in judged
    ]
    order = {c.name: i for i, c in enumerate(characters)}
    out.sort(key=lambda r: (not r.shown, r.kind == "antagonistic", -r.score, r.kind != "romantic", min(order.get(m, 99) for m in r.members), r.tag))
    return out


__all__ = ["Judged", "MAX_SHOWN", "MIN_SHOWN", "SHOWN_SHARE", "judge", "relationships", "shown"]
