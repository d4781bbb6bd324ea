"""Who is in the work: names found in the text, clustered into characters.

Candidates are runs of capitalised words (with an honorific if one stands before
them). A candidate becomes a character when the text treats it as a person (it
speaks, acts, owns things, is addressed, or a fandom pack knows it) and not as a
place, an organisation or a figure of speech. Names are then clustered: a full name
joins its first name and its unambiguous surname, nicknames join given names
(Alec = Alexander, Izzy = Isabelle), and pack aliases join their canonical name.

``find`` is pure over the chapters; spaCy is asked only about candidates the rules
cannot settle.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .. import knowledge
from ..model import Chapter, Character, Mention
from ..pipeline import Inputs, Stage
from .nlp import Parser, sentences

_CONTEXTS_PER_NAME = 4
_PERSON_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "npadvmod", "appos", "conj", "dobj", "iobj"})

_UPPER = "A-Z\u00c0-\u00de"
# A capital then at least one lower-case letter somewhere ("McCoy", "O'Brien"), never
# an all-capitals heading word ("CHAPTER", "LATER"), never "_" (italics marks).
_WORD = rf"[{_UPPER}](?=[^\W_]*[a-z\u00df-\u00ff])[^\W_]*(?:['\u2019-][^\W_]+)*"
_CANDIDATE = re.compile(
    rf"(?:(?P<honorific>(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?|Miss|Madam|Lady|Lord|Sir|Doctor|Professor|Captain|Aunt|Uncle)[ \t]+)?"
    rf"(?P<name>{_WORD}(?:[ \t]+(?:de|van|von|del|da|di|le|la)?[ \t]*{_WORD}){{0,2}})"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?\u2026:;]\s*[\"'\u201c\u201d\u2018\u2019)]*\s*|[\"\u201c\u2018(]\s*|\n\s*)$")


@lru_cache(maxsize=1)
def _speech_verb_before() -> re.Pattern[str]:
    """A speech verb just before a name ("said Magnus"), from the one list in knowledge/names."""
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in knowledge.speech_verbs())
    return re.compile(r"\b(?:" + verbs + r")\s+$")
_PERSON_VERBS = frozenset(
    """looked turned smiled nodded shrugged laughed sighed walked stood sat leaned watched felt
    thought knew wanted tried took grabbed pulled pushed kissed hugged held reached stepped ran
    opened closed shook rolled blinked frowned grinned swallowed paused stopped started glanced
    stared whispered said asked replied shouted yelled muttered snapped growled cocked scoffed
    smirked chuckled snapped watched wiped climbed counted found hated loved fell woke slept
    """.split()
)
_PLACE_WORDS = frozenset(
    """hall street square park road lane court house manor castle abbey church chapel station
    bridge river mountain mountains lake island bay city town village avenue place row
    college school university hotel inn hospital palace tower forest wood woods hill hills
    valley harbour harbor port county state kingdom empire republic ocean sea gardens""".split()
)
# "to Ada" and "from Ada" are as likely people as places; these are not.
_PLACE_BEFORE = re.compile(r"\b(?:in|at|into|near|across|toward|towards|around|outside|inside|through|over)\s+(?:the\s+)?$", re.I)
_THE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_STOP_WORDS = frozenset(
    """I I'm I'll I'd I've A An The He She It We They You Me My Your His Her Its Our Their This That These
    Those There Here What Who Whom Why When Where How Which Whose If And But Or So Yet For Nor Not No Yes
    Then Now Just Still Even Maybe Perhaps Well Oh Ah Okay OK Hey Hi Hello Please Thanks Thank Sorry
    Good God Lord Mom Mum Dad Mother Father Sir Ma'am Madam Miss Mister Chapter Part Prologue Epilogue
    Because Although While After Before Since Until Unless As At By In On Of To With Without From Into
    Once Every Each Some Any All Both Either Neither Nothing Something Everything Someone Everyone
    Anyone Nobody Somebody Everybody One Two Three Four Five Six Seven Eight Nine Ten First Second
    Last Next Another Other Such Only Also Too Very Really Again Later Soon Never Always Sometimes
    I\u2019m I\u2019ll I\u2019d I\u2019ve Don\u2019t Can\u2019t It\u2019s That\u2019s There\u2019s Let\u2019s
    Don't Doesn't Didn't Can't Couldn't Won't Wouldn't Isn't Aren't Wasn't Weren't It's That's
    There's Let's Let Like Love Dear Honey Baby Darling Sweetheart Babe POV A/N AN""".split()
)


_HE_TITLES = frozenset({"mr", "sir", "lord", "uncle", "mister"})
_SHE_TITLES = frozenset({"mrs", "ms", "miss", "lady", "madam", "aunt"})
_TITLES = _HE_TITLES | _SHE_TITLES | {"mx", "dr", "prof", "doctor", "professor", "captain"}


def _title(form: str) -> str | None:
    """The honorific a name form starts with, lower-cased without its dot."""
    first = form.split()[0].rstrip(".").lower()
    return first if first in _TITLES and len(form.split()) > 1 else None


@dataclass(slots=True)
class _Occurrence:
    chapter: int
    start: int
    end: int
    name: str
    honorific: str | None
    sentence_start: bool
    figure: bool = False  # a figure of speech ("Humpty Dumpty"), kept only to know its parts


@dataclass(slots=True)
class _Cluster:
    canonical: str
    forms: Counter[str] = field(default_factory=Counter)
    gender: str | None = None
    fandom: str | None = None


def _occurrences(chapter: Chapter) -> Iterable[_Occurrence]:
    text = chapter.text
    for match in _CANDIDATE.finditer(text):
        name = match.group("name")
        # Trailing possessive: "Alec's" names Alec.
        name = re.sub(r"['\u2019]s?$", "", name)
        if knowledge.is_figure_of_speech(name):
            # "Mother Goose" whole, before "Mother" is dropped below.
            yield _Occurrence(chapter.number, match.start("name"), match.start("name") + len(name), name, None, False, True)
            continue
        words = name.split()
        # Drop leading stop words: "When Alec" -> "Alec".
        while words and words[0] in _STOP_WORDS:
            words.pop(0)
        if not words:
            continue
        name = " ".join(words)
        start = text.find(words[0], match.start("name"))
        end = start + len(name)
        if text[start:end] != name:
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        honorific = match.group("honorific") if start == match.start("name") else None
        if honorific:
            # "Mr. Bennet" and "Mrs. Bennet" are two people: the title stays in the name.
            name = " ".join(text[match.start() : end].split())
        yield _Occurrence(
            chapter.number,
            match.start() if honorific else start,
            end,
            name,
            honorific,
            bool(_SENTENCE_START.search(before)) and not honorific,
        )


def _person_evidence(text: str, occ: _Occurrence) -> tuple[int, int]:
    """(person cues, place/thing cues) around one occurrence."""
    after = text[occ.end : occ.end + 30]
    before = text[max(0, occ.start - 25) : occ.start]
    person = place = 0
    next_word = re.match(r"['\u2019]s\b|\s+(\w+)", after)
    if occ.honorific:
        person += 2
    if next_word:
        if next_word.group(0).startswith(("'", "\u2019")):
            person += 1
        elif next_word.group(1) and next_word.group(1).lower() in _PERSON_VERBS:
            person += 2
        elif next_word.group(1) and re.fullmatch(r"[a-z]+ed", next_word.group(1)):
            person += 1  # a past-tense verb: someone did something
    if re.match(r"\s*[,.!?]\s*[\"\u201d\u2019']", after) or re.search(r"[,\u201c\"]\s*$", before) and re.match(r"\s*[,!?]", after):
        person += 1  # a vocative: "..., Magnus." / "Magnus, ..."
    if _speech_verb_before().search(before):
        person += 2
    if _PLACE_BEFORE.search(before):
        place += 1
    if _THE_BEFORE.search(before):
        place += 2
    return person, place


def find(
    chapters: list[Chapter],
    declared_fandoms: Iterable[str] = (),
    declared_characters: Iterable[str] = (),
    parser: Parser | None = None,
) -> tuple[list[Character], list[Mention]]:
    """Characters with their aliases clustered, and every mention of them.

    With a ``parser``, names the rules cannot settle are decided by how spaCy tags and
    attaches them in a few of their sentences."""
    occurrences = [occ for chapter in chapters for occ in _occurrences(chapter)]
    texts = {chapter.number: chapter.text for chapter in chapters}
    lowercase_words = Counter(w for chapter in chapters for w in re.findall(r"\b[a-z][a-z'\u2019-]+\b", chapter.text))

    packs = _choose_packs(occurrences, declared_fandoms, lowercase_words)
    pack_names = _pack_index(packs)
    not_people = knowledge.not_characters()
    figures = knowledge.figures_of_speech()
    for pack in packs:
        not_people = not_people | {n.lower() for n in pack.non_characters}

    evidence: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # person, place, inside, total
    for occ in occurrences:
        person, place = _person_evidence(texts[occ.chapter], occ)
        score = evidence[occ.name]
        score[0] += person
        score[1] += place
        score[2] += 0 if occ.sentence_start else 1
        score[3] += 1

    def is_person(name: str) -> bool:
        lowered = name.lower()
        if lowered in pack_names:
            return True
        if lowered in not_people or name in _STOP_WORDS or lowered in figures:
            return False
        if any(part.lower() in not_people for part in name.split()) and len(name.split()) == 1:
            return False
        if len(name.split()) > 1 and name.split()[-1].lower() in _PLACE_WORDS:
            return False  # "Kellynch Hall", "Baker Street"
        person, place, inside, total = evidence[name]
        first = name.split()[0].lower()
        # A word the text also writes in lower case is a word, not a name ("Fine", "Wait").
        if lowercase_words[first] > max(1, total // 3) and len(name.split()) == 1:
            return False
        if inside == 0 and person < 2:
            # Only ever capitalised where a sentence starts: a name or just a word?
            undecided.add(name)
            return False
        if person > place and person >= 1:
            return True
        if place > person:
            return False
        undecided.add(name)
        return False

    # A figure of speech's parts are figures too: "Humpty" after "Humpty Dumpty".
    for occ in occurrences:
        if occ.figure or knowledge.is_figure_of_speech(occ.name):
            figures = figures | {part.lower() for part in occ.name.split()}
    occurrences = [occ for occ in occurrences if not occ.figure]
    undecided: set[str] = set()
    people = {occ.name for occ in occurrences if is_person(occ.name)}
    if undecided and parser is not None:
        people |= _ask_the_parser(parser, undecided - people, occurrences, texts)
    # "Jake Miller" opening a sentence is a person when "Jake" is one; "Bounderby Hall"
    # is not, for all that Bounderby is.
    people |= {
        occ.name
        for occ in occurrences
        if len(occ.name.split()) > 1
        and occ.name.split()[0] in people
        and occ.name.lower() not in figures
        and occ.name.split()[-1].lower() not in _PLACE_WORDS
    }
    clusters = _cluster(people, occurrences, pack_names, texts)
    characters: list[Character] = []
    mentions: list[Mention] = []
    by_form = {form: cluster for cluster in clusters for form in cluster.forms}
    counts: Counter[str] = Counter()
    for occ in occurrences:
        cluster = by_form.get(occ.name)
        if cluster is None:
            continue
        counts[cluster.canonical] += 1
        mentions.append(Mention(occ.chapter, occ.start, occ.end, texts[occ.chapter][occ.start : occ.end], cluster.canonical))
    for cluster in clusters:
        if not counts[cluster.canonical]:
            continue
        gender = cluster.gender or _pronoun_gender(texts, [m for m in mentions if m.character == cluster.canonical])
        aliases = sorted((f for f in cluster.forms if f != cluster.canonical), key=lambda f: (-cluster.forms[f], f))
        characters.append(Character(cluster.canonical, aliases, counts[cluster.canonical], False, gender, cluster.fandom))
    characters.sort(key=lambda c: (-c.mentions, c.name))
    return characters, mentions


def _ask_the_parser(parser: Parser, names: set[str], occurrences: list[_Occurrence], texts: dict[int, str]) -> set[str]:
    """Names spaCy tags as proper nouns acting as people (subjects, possessors,
    addressees) in most of the sentences sampled, not as places after a preposition."""
    contexts: dict[str, list[tuple[str, int]]] = {name: [] for name in names}
    for occ in occurrences:
        found = contexts.get(occ.name)
        if found is None or len(found) >= _CONTEXTS_PER_NAME:
            continue
        text = texts[occ.chapter]
        for start, end in sentences(text, max(0, occ.start - 300), min(len(text), occ.end + 300)):
            if start <= occ.start < end:
                found.append((text[start:end], occ.start - start))
                break
    flat = [(name, sentence, offset) for name, items in contexts.items() for sentence, offset in items]
    docs = parser.parse_many([sentence for _, sentence, _ in flat])
    votes: dict[str, list[int]] = {name: [0, 0] for name in names}
    for (name, _, offset), doc in zip(flat, docs):
        token = next((t for t in doc if t.idx >= offset), None)
        if token is None:
            continue
        last = token
        while last.i + 1 < len(doc) and doc[last.i + 1].idx < offset + len(name):
            last = doc[last.i + 1]
        head = last
        proper = token.tag_ in ("NNP", "NNPS")
        acts = head.dep_ in _PERSON_DEPS or (head.dep_ == "pobj" and head.head.lower_ in ("with", "to", "for", "from", "by"))
        # The small model tags some given names as common nouns ("Wren" NNS): a noun
        # that acts as subject or possessor still counts, at half weight.
        if proper and acts:
            votes[name][0] += 2
        elif token.tag_ in ("NN", "NNS") and head.dep_ in ("nsubj", "poss"):
            votes[name][0] += 1
        else:
            votes[name][1] += 2
    return {name for name, (yes, no) in votes.items() if yes > no and yes >= 2}


def _choose_packs(
    occurrences: list[_Occurrence], declared: Iterable[str], lowercase_words: Counter[str] | None = None
) -> list[knowledge.FandomPack]:
    lowercase_words = lowercase_words or Counter()
    chosen = [pack for name in declared if (pack := knowledge.pack_for(name)) is not None]
    if chosen:
        return list(dict.fromkeys(chosen))
    names = Counter(occ.name.lower() for occ in occurrences)
    scored = []
    for pack in knowledge.fandom_packs():
        hits = distinct = strong = 0
        for character in pack.characters:
            forms = {character.name.lower(), *(a.lower() for a in character.aliases)}
            found = sum(names[f] for f in forms)
            if found:
                distinct += 1
                hits += found
                # A full name or a name rare outside the fandom is evidence; "Tom" and
                # "Mary" on their own are not, nor a name the text also writes as a
                # word ("papa", "the doctor", "the dean").
                if any(names[f] for f in forms if " " in f) or (
                    character.distinctive
                    and any(
                        names[f] and not lowercase_words[f] and len(knowledge.given_name_variants(f)) <= 1 for f in forms
                    )
                ):
                    strong += 1
        if strong >= 2:
            scored.append((strong, hits, pack))
    scored.sort(key=lambda s: (-s[0], -s[1]))
    return [scored[0][2]] if scored else []


def _pack_index(packs: list[knowledge.FandomPack]) -> dict[str, tuple[str, str | None, str]]:
    """lower-cased name or alias -> (canonical, gender, fandom)."""
    index: dict[str, tuple[str, str | None, str]] = {}
    for pack in packs:
        for character in pack.characters:
            for form in (character.name, *character.aliases):
                index.setdefault(form.lower(), (character.name, character.gender, pack.fandom))
    return index


def _cluster(
    people: set[str], occurrences: list[_Occurrence], pack_names: dict[str, tuple[str, str | None, str]], texts: dict[int, str]
) -> list[_Cluster]:
    frequency = Counter(occ.name for occ in occurrences if occ.name in people)
    clusters: dict[str, _Cluster] = {}
    home: dict[str, _Cluster] = {}

    def join(form: str, cluster: _Cluster) -> None:
        cluster.forms[form] += frequency[form]
        home[form] = cluster

    # 1. Pack names first: every alias a pack knows joins its canonical character.
    for form in sorted(people, key=lambda f: -len(f)):
        known = pack_names.get(form.lower())
        if known:
            canonical, gender, fandom = known
            cluster = clusters.setdefault(canonical, _Cluster(canonical, gender=gender, fandom=fandom))
            join(form, cluster)
    # 2. Full names, longest first, own their parts: "Alec Lightwood" -> "Alec".
    rest = sorted((f for f in people if f not in home), key=lambda f: (-len(f.split()), -frequency[f], f))
    surnames: dict[str, set[str]] = defaultdict(set)
    for form in rest:
        if len(form.split()) > 1 and not _title(form):
            surnames[form.split()[-1]].add(form.split()[0])
    for form in rest:
        if form in home:
            continue
        parts = form.split()
        if _title(form):
            continue  # titled names wait until every plain name has its cluster
        cluster = None
        if len(parts) == 1:
            cluster = _home_for_single(form, home, surnames)
        else:
            cluster = home.get(parts[0]) if parts[0] in home and len(home[parts[0]].canonical.split()) == 1 else None
            if cluster is not None:
                # "Jake" then "Jake Miller": the fuller name becomes canonical.
                clusters.pop(cluster.canonical, None)
                cluster.canonical = form
                clusters[form] = cluster
        if cluster is None:
            cluster = clusters.setdefault(form, _Cluster(form))
        join(form, cluster)
        if len(parts) > 1:
            for part in (parts[0],):
                if part in people and part not in home:
                    join(part, cluster)
            if len(surnames[parts[-1]]) == 1 and parts[-1] in people and parts[-1] not in home:
                join(parts[-1], cluster)
    # 2b. Titled names: "Mrs. Rachel Lynde" is Rachel Lynde, "Aunt Polly" is Polly, and
    # "Mr. Bane" is the one man surnamed Bane; "Mr. Bennet" and "Mrs. Bennet", with no
    # plain name to join, stay two people.
    by_name: dict[str, list[_Occurrence]] = defaultdict(list)
    for occ in occurrences:
        if len(by_name[occ.name]) < 200:
            by_name[occ.name].append(occ)
    for cluster in clusters.values():
        if cluster.gender is None:
            said = [Mention(o.chapter, o.start, o.end, o.name, cluster.canonical) for f in cluster.forms for o in by_name[f]]
            cluster.gender = _pronoun_gender(texts, said)
    for form in sorted((f for f in rest if f not in home and _title(f)), key=lambda f: -len(f.split())):
        title = _title(form)
        gender = "he" if title in _HE_TITLES else "she" if title in _SHE_TITLES else None
        cluster = _home_for_titled(form, gender, clusters, home)
        if cluster is None:
            bare = " ".join(form.split()[1:])
            canonical = bare if len(bare.split()) > 1 else form
            cluster = clusters.setdefault(canonical, _Cluster(canonical, gender=gender))
        cluster.gender = cluster.gender or gender
        join(form, cluster)
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
    return list(clusters.values())


def _absorb(keep: _Cluster, drop: _Cluster, clusters: dict[str, _Cluster], home: dict[str, _Cluster]) -> None:
    for form, count in drop.forms.items():
        keep.forms[form] += count
        home[form] = keep
    keep.gender = keep.gender or drop.gender
    keep.fandom = keep.fandom or drop.fandom
    clusters.pop(drop.canonical, None)


def _home_for_titled(form: str, gender: str | None, clusters: dict[str, _Cluster], home: dict[str, _Cluster]) -> _Cluster | None:
    """The plain-named cluster a titled name belongs to, if exactly one fits."""
    bare = form.split()[1:]
    if len(bare) > 1:
        return home.get(" ".join(bare))
    name = bare[0]

    def fits(cluster: _Cluster) -> bool:
        return not _title(cluster.canonical) and (gender is None or cluster.gender in (None, gender))

    given = [c for c in clusters.values() if fits(c) and c.canonical.split()[0] == name]
    if len(given) == 1:
        return given[0]
    if given:
        return None
    if gender is None or form.split()[0].rstrip(".").lower() == "mrs":
        return None  # a Mrs. beside a plain-named woman of that surname is as often her mother
    surname = [
        c for c in clusters.values()
        if fits(c) and c.gender == gender and len(c.canonical.split()) > 1 and c.canonical.split()[-1] == name
    ]
    return surname[0] if len(surname) == 1 else None


def _home_for_single(form: str, home: dict[str, _Cluster], surnames: dict[str, set[str]]) -> _Cluster | None:
    return home.get(form)


def _rank(cluster: _Cluster) -> tuple[int, int, int]:
    return (1 if cluster.fandom else 0, len(cluster.canonical.split()), sum(cluster.forms.values()))


def _same_person(a: _Cluster, b: _Cluster) -> bool:
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


def _pronoun_gender(texts: dict[int, str], mentions: list[Mention]) -> str | None:
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
        if re.search(r"\b(?:Mr|Sir|Lord)\b\.?$", text[max(0, mention.start - 6) : mention.start]):
            he += 3
        elif re.search(r"\b(?:Mrs|Ms|Miss|Lady)\b\.?$", text[max(0, mention.start - 6) : mention.start]):
            she += 3
        he += len(_HE.findall(window))
        she += len(_SHE.findall(window))
    if he + she < 1:
        return None
    if he >= 2 * she:
        return "he"
    if she >= 2 * he:
        return "she"
    return None


def run(doc: Inputs) -> dict[str, object]:
    work = doc.work
    characters, mentions = find(work.chapters, work.declared.fandoms, work.declared.characters, doc.parser)
    pov_names = {s.pov.lower() for layout in doc.layout for s in layout.sections if s.pov}
    for character in characters:
        forms = {character.name.lower(), *(a.lower() for a in character.aliases)}
        character.pov = bool(forms & pov_names)
    antecedents = {(m.chapter, m.start): m.character for m in mentions}
    return {"characters": characters, "mentions": mentions, "antecedents": antecedents}


STAGE = Stage(
    name="characters",
    reads=("work", "layout", "parser"),
    assigns=("characters", "mentions", "antecedents"),
    compute=run,
)
