"""Name forms of people clustered into characters.

A full name owns its first name and its surname when one person of the text has that
surname ("Alec Lightwood" -> "Alec"); a title keeps people apart ("Mr. Bennet" is not
"Mrs. Bennet") unless the text joins them by writing the title before a full name
("Mrs. Rachel Lynde", or "Mr. William Sikes" for Bill Sikes); a bare surname that several people of the text share ("Bates"
for Miss and Mrs. Bates) is nobody's; nicknames join given names (Izzy = Isabelle);
pack aliases join their canonical name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import knowledge
from ..model import Mention
from .characters_candidates import Occurrence, title_gender
from .characters_candidates import title as _title


@dataclass(slots=True)
class Cluster:
    canonical: str
    forms: Counter[str] = field(default_factory=Counter)
    gender: str | None = None
    fandom: str | None = None


@dataclass(slots=True)
class Family:
    """Who a bare surname may name: the given names and the titles written before it."""

    given: set[str] = field(default_factory=set)  # "Jane" of "Jane Bennet"
    titles: set[str] = field(default_factory=set)  # "mr" and "mrs" of "Mr. Bennet", "Mrs. Bennet"

    def shared(self) -> bool:
        """Several people may bear it: of given names and titles that say a gender ("Jane",
        "Mr.", "Mrs."), more than one. "Inspector" says nothing: it may be any of them."""
        gendered = {t for t in self.titles if t in knowledge.title_genders()}
        return self._given_people() + len(gendered) > 1

    def _given_people(self) -> int:
        """Given names that are not diminutives of one another ("James" and "Jimmy" are one)."""
        people: list[str] = []
        for name in sorted(self.given):
            if not any(knowledge.same_person_names(name, other) for other in people):
                people.append(name)
        return len(people)

    def one_full_name(self) -> bool:
        """Only one full name and never a title: "Lightwood" is Alec when he is the only one."""
        return self._given_people() == 1 and not self.titles


def families(occurrences: list[Occurrence], people: set[str]) -> dict[str, Family]:
    """Each surname's family: the given names of people's full names, and every title
    written before the surname alone."""
    seen: dict[str, Family] = defaultdict(Family)
    for name in {occ.name for occ in occurrences}:
        words = name.split()
        found = _title(name)
        if found and len(words) == 2:
            seen[words[1]].titles.add(found)
        elif not found and len(words) > 1 and name in people:
            seen[words[-1]].given.add(words[0])
    return seen


def cluster(
    people: set[str], occurrences: list[Occurrence], pack_names: dict[str, tuple[str, str | None, str | None]], texts: dict[int, str]
) -> tuple[list[Cluster], set[str]]:
    """The clusters, and the bare surnames several people share ("Bates" for Miss and
    Mrs. Bates): no cluster owns those; each mention of one is someone's by context."""
    frequency = Counter(occ.name for occ in occurrences if occ.name in people)
    family = families(occurrences, people)
    shared = {f for f in people if f.lower() not in pack_names and " " not in f and f in family and family[f].shared()}
    people = people - shared
    written = Counter(occ.name for occ in occurrences)
    clusters: dict[str, Cluster] = {}
    home: dict[str, Cluster] = {}

    def join(form: str, cluster: Cluster) -> None:
        cluster.forms[form] += frequency[form]
        home[form] = cluster

    # 1. Pack names first: every alias a pack knows joins its canonical character.
    for form in sorted(people, key=lambda f: -len(f)):
        known = pack_names.get(form.lower())
        if known:
            canonical, gender, fandom = known
            cluster = clusters.setdefault(canonical, Cluster(canonical, gender=gender, fandom=fandom))
            join(form, cluster)
    # 2. Full names, longest first, own their parts: "Alec Lightwood" -> "Alec".
    rest = sorted((f for f in people if f not in home), key=lambda f: (-len(f.split()), -frequency[f], f))
    for form in rest:
        if form in home:
            continue
        parts = form.split()
        if _title(form):
            continue  # titled names wait until every plain name has its cluster
        cluster = None
        if len(parts) > 1:
            cluster = home.get(parts[0]) if parts[0] in home and len(home[parts[0]].canonical.split()) == 1 else None
            if cluster is not None:
                # "Jake" then "Jake Miller": the fuller name becomes canonical.
                clusters.pop(cluster.canonical, None)
                cluster.canonical = form
                clusters[form] = cluster
        if cluster is None:
            cluster = clusters.setdefault(form, Cluster(form))
        join(form, cluster)
        if len(parts) > 1:
            if parts[0] in people and parts[0] not in home:
                join(parts[0], cluster)
            if family[parts[-1]].one_full_name() and parts[-1] in people and parts[-1] not in home:
                join(parts[-1], cluster)
    # 2b. Titled names: "Mrs. Rachel Lynde" is Rachel Lynde, "Aunt Polly" is Polly, and
    # "Mr. Bane" is the one man surnamed Bane; "Mr. Bennet" and "Mrs. Bennet", with no
    # plain name to join, stay two people.
    by_name: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in occurrences:
        if len(by_name[occ.name]) < 200:
            by_name[occ.name].append(occ)
    for cluster in clusters.values():
        if cluster.gender is None:
            said = [Mention(o.chapter, o.start, o.end, o.name, cluster.canonical) for f in cluster.forms for o in by_name[f]]
            cluster.gender = pronoun_gender(texts, said)
    titled = sorted((f for f in rest if f not in home and _title(f)), key=lambda f: (-len(f.split()), -frequency[f], f))
    for form in titled:
        gender = title_gender(form)
        cluster = _home_for_titled(form, gender, clusters, home, written)
        if cluster is None:
            bare = " ".join(form.split()[1:])
            canonical = bare if len(bare.split()) > 1 and bare not in clusters else form
            cluster = clusters.setdefault(canonical, Cluster(canonical, gender=gender))
        cluster.gender = cluster.gender or gender
        join(form, cluster)
    # 2c. A name that opens exactly one longer name is that person's: "Soo Lin" is Soo
    # Lin Yao, and "Brendan" is Brendan Cooper when the text names him in full only
    # with a title ("Dr. Brendan Cooper").
    by_first: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters.values():
        if not _title(c.canonical):
            by_first[c.canonical.split()[0]].append(c)
    for short in sorted(clusters.values(), key=lambda c: (len(c.canonical.split()), c.canonical)):
        if short.canonical not in clusters or short.fandom or _title(short.canonical):
            continue
        words = short.canonical.split()
        longer = [
            c for c in by_first[words[0]]
            if c.canonical in clusters and c is clusters[c.canonical] and c is not short
            and len(c.canonical.split()) > len(words) and c.canonical.split()[: len(words)] == words
        ]
        if len(longer) != 1 or short.gender is not None and longer[0].gender not in (None, short.gender):
            continue
        # Named in full only after a title, the gender must agree outright: "Charles" is
        # not "Mrs Charles Musgrove".
        if all(_title(f) for f in longer[0].forms) and short.gender != longer[0].gender:
            continue
        _absorb(longer[0], short, clusters, home)
    # 3. Nicknames: "Izzy" joins "Isabelle" when only one cluster has that given name.
    merged = True
    while merged:
        merged = False
        for a in list(clusters.values()):
            for b in list(clusters.values()):
                if a is b or a.canonical not in clusters or b.canonical not in clusters:
                    continue
                if _same_person(a, b):
                    keep, drop = (a, b) if _rank(a) >= _rank(b) else (b, a)
                    _absorb(keep, drop, clusters, home)
                    merged = True
    return list(clusters.values()), shared


def _absorb(keep: Cluster, drop: Cluster, clusters: dict[str, Cluster], home: dict[str, Cluster]) -> None:
    for form, count in drop.forms.items():
        keep.forms[form] += count
        home[form] = keep
    keep.gender = keep.gender or drop.gender
    keep.fandom = keep.fandom or drop.fandom
    clusters.pop(drop.canonical, None)


def _home_for_titled(
    form: str, gender: str | None, clusters: dict[str, Cluster], home: dict[str, Cluster], written: Counter[str]
) -> Cluster | None:
    """The plain-named cluster a titled name belongs to, if exactly one fits."""
    bare = form.split()[1:]

    def fits(cluster: Cluster) -> bool:
        return not _title(cluster.canonical) and (gender is None or cluster.gender in (None, gender))

    if len(bare) > 1:
        found = home.get(" ".join(bare))
        if found is None:
            # "Mr. William Sikes" is Bill Sikes: the same surname, and a given name of
            # which the other is a diminutive, in exactly one plain-named cluster.
            found = _one_by_nickname(bare, clusters)
        return found if found is not None and fits(found) else None
    name = bare[0]
    given = [c for c in clusters.values() if fits(c) and c.canonical.split()[0] == name]
    if len(given) == 1:
        return given[0]
    if given:
        return None
    full_named = [c for c in clusters.values() if not _title(c.canonical) and len(c.canonical.split()) > 1 and c.canonical.split()[-1] == name]
    if gender == "she" and form.split()[0].rstrip(".").lower() in _UNMARRIED:
        # "Miss Cowley" is Prudence Cowley when she is the one person of that surname
        # the text names in full; beside a sister or a brother she is nobody's. Of
        # unknown gender, the one named in full may be a brother the text calls "Mr.".
        if len(full_named) != 1 or full_named[0].gender == "he":
            return None
        men = any(title_gender(f) == "he" and f.split()[-1] == name for f in written)
        return full_named[0] if full_named[0].gender == "she" or not men else None
    if gender != "he":
        # A Mrs. beside a plain-named woman of that surname is as often her mother or
        # sister-in-law.
        return None
    surname = [c for c in full_named if c.gender == gender]
    if len(surname) != 1:
        return None
    # "Mr. John Knightley" written out again and again says "Mr. Knightley" is someone
    # else; once or twice ("Mr. Bill Sikes") it is only the man's name in full.
    full = f"{form.split()[0]} {surname[0].canonical}"
    return None if written[full] >= _FULL_TITLED_APART else surname[0]


_UNMARRIED = frozenset({"miss", "ms"})
# A man's title before a full name written this often keeps the title and surname
# alone apart from that full name.
_FULL_TITLED_APART = 3


def _one_by_nickname(bare: list[str], clusters: dict[str, Cluster]) -> Cluster | None:
    """The one untitled full-named cluster of the same surname whose given name is a
    diminutive of ``bare``'s first word or the name it is a diminutive of."""
    found = [
        c for c in clusters.values()
        if not _title(c.canonical) and len(words := c.canonical.split()) > 1 and words[-1] == bare[-1]
        and words[0] != bare[0] and knowledge.same_person_names(words[0], bare[0])
    ]
    return found[0] if len(found) == 1 else None


def _rank(cluster: Cluster) -> tuple[int, int, int]:
    return (1 if cluster.fandom else 0, len(cluster.canonical.split()), sum(cluster.forms.values()))


def _same_person(a: Cluster, b: Cluster) -> bool:
    if _title(a.canonical) or _title(b.canonical):
        return False  # "Mr. Bennet" is not "Mrs. Bennet", nor surely "Jane Bennet"
    a_first = {f.split()[0].lower() for f in a.forms}
    b_first = {f.split()[0].lower() for f in b.forms}
    a_last = {f.split()[-1].lower() for f in a.forms if len(f.split()) > 1}
    b_last = {f.split()[-1].lower() for f in b.forms if len(f.split()) > 1}
    if a_last and b_last and not a_last & b_last:
        return False
    if a.fandom and b.fandom:
        return False  # two pack characters are two people
    return any(knowledge.given_name_variants(n) & b_first for n in a_first if n not in b_first)


# Pronouns that point back to the subject: a possessive right after the verb ("shook
# his head"), a reflexive, or the subject of the next sentence. "laughed at her" is
# someone else and does not count.
_HE = re.compile(r"\b(?:his|himself)\b|(?:^|[.!?]\s+)He\b")
_SHE = re.compile(r"\bherself\b|\bher\s+(?!and\b|to\b|as\b|in\b|on\b|at\b|for\b|with\b|from\b|that\b|the\b|a\b|an\b|but\b|or\b|so\b|back\b|up\b|down\b|off\b|out\b)[a-z]|(?:^|[.!?]\s+)She\b")


def pronoun_gender(texts: dict[int, str], mentions: list[Mention]) -> str | None:
    he = she = 0
    for mention in mentions[:200]:
        text = texts[mention.chapter]
        window = text[mention.end : mention.end + 160]
        # This sentence and the next, stopping at dialogue or another capitalised name.
        stops = [m.end() for m in re.finditer(r"[.!?](?=\s)", window)][:2]
        window = window[: stops[-1]] if stops else window
        # ... and only into a next sentence that opens with He or She.
        cut = re.search(r"[\n\"\u201c\u201d]|(?<=[.!?]\s)(?!He\b|She\b)\S", window)
        if cut:
            window = window[: cut.start()]
        said = title_gender(mention.text)
        he += 3 if said == "he" else 0
        she += 3 if said == "she" else 0
        he += len(_HE.findall(window))
        she += len(_SHE.findall(window))
    if he + she < 1:
        return None
    if he >= 2 * she:
        return "he"
    if she >= 2 * he:
        return "she"
    return None


