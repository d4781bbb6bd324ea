"""Who is in the work: names found in the text, clustered into characters.

Candidates are runs of capitalised words, with a title if one stands before them
(``characters_candidates``). Listed non-characters, figures of speech, titles alone and
places ("Kellynch Hall") are left out; a fandom pack's names (when its fandom is
declared, or the work's own people point to it: ``characters_packs``) and the work's
declared characters are people. Every other name is put to the person model (``person_model``),
a logistic regression over what the text does with it (``characters_features``: it
speaks, is addressed, acts, takes he or she; or follows "in" and "the", or is an
ordinary word) fitted on PDNC's train casts; rare names close to its threshold go to
spaCy. The people are clustered (``characters_clusters``). Names inside author's notes
are not the story's. A work told in the second person has the reader among its
characters (``characters_reader``); a declared character the text names only by a
common noun ("the vampire") is one too (``characters_declared``).

``find`` is pure over the chapters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import knowledge
from ..model import Chapter, Character, Mention, Span
from ..pipeline import Inputs, Stage
from . import characters_declared, characters_packs, characters_reader, person_model
from .characters_candidates import STOP_WORDS, Occurrence, occurrences, title
from .characters_clusters import cluster as cluster_people
from .characters_clusters import Cluster, pronoun_gender
from .characters_features import features
from .nlp import Parser, sentences

_CONTEXTS_PER_NAME = 4
# Below the model's threshold by less than this, a name seen fewer than
# _PARSER_MAX_MENTIONS times is put to the parser: the text says too little of it.
_PARSER_BAND = 0.25
_PARSER_MAX_MENTIONS = 5
# A capitalised word opening a sentence before a name, written this often in lower case,
# is an ordinary word: "Was Dorcas", "Poor Harriet".
_OPENING_WORD_LOWER = 3
# ... or this often in English (knowledge/names/word_frequencies.tsv): "Poor Harriet".
_ORDINARY_WORD = 100
# How far back (characters) a bare surname several people share looks for the one of
# them it names.
_SURNAME_REACH = 3000
# "She'd", "They've", "Couldn't": a contraction is no name ("O'Brien", "Fen'Harel" are).
_CONTRACTION = re.compile(r"['\u2019](?:d|ll|ve|re|m)$|n['\u2019]t$")
_PERSON_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "npadvmod", "appos", "conj", "dobj", "iobj"})


def candidate_forms(
    occurrences: list[Occurrence], not_people: frozenset[str], figures: frozenset[str]
) -> list[Occurrence]:
    """The occurrences of names that may be people: not a listed non-character, stop
    word, contraction, figure of speech, title alone ("Mlle.") or place ("Kellynch Hall",
    "Transylvania", unless it is also a given name or part of someone's full name)."""

    titles_alone = knowledge.honorifics() - knowledge.ambiguous_honorifics()
    places = knowledge.places()
    # "Kent" of "Clark Kent", "Washington" of "George Washington": a place's name that
    # is part of someone's full name is theirs too.
    name_parts = {
        part
        for name in {occ.name for occ in occurrences if " " in occ.name}
        if knowledge.fold(name) not in places
        for part in (knowledge.fold(name.split()[0]), knowledge.fold(name.split()[-1]))
    }

    def a_place(lowered: str) -> bool:
        folded = knowledge.fold(lowered)
        return folded in places and folded not in name_parts and not (" " not in folded and knowledge.known_given_name(folded))

    def possible(name: str) -> bool:
        lowered = name.lower()
        if lowered in not_people or name in STOP_WORDS or lowered in figures or _CONTRACTION.search(lowered):
            return False
        if a_place(lowered):
            return False
        words = lowered.split()
        if len(words) == 1:
            return lowered not in titles_alone and lowered + "." not in titles_alone
        # "Kellynch Hall", "Baker Street"; but "Mr. Hall" is a man.
        return words[-1] not in knowledge.place_words() or len(words) == 2 and words[0].rstrip(".") + "." in titles_alone

    verdict: dict[str, bool] = {}
    return [occ for occ in occurrences if verdict.setdefault(occ.name, possible(occ.name))]


def lowercase_counts(chapters: Iterable[Chapter]) -> Counter[str]:
    """How often each word is written in lower case in the work."""
    return Counter(w.replace("\u2019", "'") for chapter in chapters for w in re.findall(r"\b[a-z][a-z'\u2019-]+\b", chapter.text))


@dataclass(slots=True)
class Candidates:
    """A work's candidate names before the person model decides on them."""

    found: list[Occurrence]  # every occurrence of a name, figures of speech left out
    texts: dict[int, str]
    pack_names: dict[str, tuple[str, str | None, str | None]]  # declared and of the packs chosen
    table: dict[str, list[float]]  # features of each name form no pack knows


def gather(
    chapters: list[Chapter],
    declared_fandoms: Iterable[str] = (),
    frequencies: Mapping[str, int] | None = None,
    declared_characters: Iterable[str] = (),
    notes: Iterable[Span] = (),
    infer_pack: bool = True,
) -> Candidates:
    """The work's candidate names, the declared characters' and packs' names among
    them, and the features of the rest. Names inside ``notes`` (author's notes) are
    not the story's and are left out. With no fandom declared, the pack the work's own
    people point to (``characters_packs.infer``) is used unless ``infer_pack`` is false."""
    outside: dict[int, list[Span]] = defaultdict(list)
    for span in notes:
        outside[span.chapter].append(span)
    everything = [
        occ
        for chapter in chapters
        for occ in occurrences(chapter)
        if not any(n.start <= occ.start < n.end for n in outside.get(chapter.number, ()))
    ]
    texts = {chapter.number: chapter.text for chapter in chapters}
    lowercase_words = lowercase_counts(chapters)
    figures = knowledge.figures_of_speech()
    # A figure of speech's parts are figures too: "Humpty" after "Humpty Dumpty".
    for occ in everything:
        if occ.figure or knowledge.is_figure_of_speech(occ.name):
            figures = figures | {part.lower() for part in occ.name.split()}
    found = [_without_opening_word(occ, lowercase_words, frequencies) for occ in everything if not occ.figure]
    declared_names = _declared_index(declared_characters)
    base_not_people = knowledge.not_characters() | fandom_phrases(declared_fandoms)

    def candidate_names(not_people: frozenset[str], known: Mapping[str, object]) -> set[str]:
        return {o.name for o in candidate_forms([o for o in found if o.name.lower() not in known], not_people, figures)}

    packs = characters_packs.declared_packs(declared_fandoms)
    table = None
    if packs is None:
        # No fandom declared: the pack, if any, is the one the work's own people point to.
        table = features(found, texts, lowercase_words, frequencies, candidate_names(base_not_people, declared_names))
        people = [*(v[0] for v in declared_names.values()), *model_people(table, found)]
        pack = characters_packs.infer(people) if infer_pack else None
        packs = [pack] if pack is not None else []
    pack_names = {**declared_names, **_pack_index(packs)}
    not_people = base_not_people.union(*({n.lower() for n in pack.non_characters} for pack in packs))
    candidates = candidate_names(not_people, pack_names)
    if table is None:
        table = features(found, texts, lowercase_words, frequencies, candidates)
    else:
        table = {form: values for form, values in table.items() if form in candidates}
    return Candidates(found, texts, pack_names, table)


def model_people(table: Mapping[str, list[float]], found: Iterable[Occurrence]) -> list[str]:
    """The name forms of ``table`` the person model takes as people, by their features alone."""
    model = person_model.load()
    counts = Counter(occ.name for occ in found)
    return [form for form, values in table.items() if model.probability(values) >= model.threshold_for(counts[form])]


def fandom_phrases(fandoms: Iterable[str]) -> frozenset[str]:
    """Runs of two or more words of the declared fandoms' names that do not open with a
    given name, lower-cased: "night vale" of "Welcome to Night Vale", "dragon age" of
    "Dragon Age: Inquisition" are the work's world, not its people ("Percy Jackson" of
    "Percy Jackson and the Olympians" may be)."""
    phrases: set[str] = set()
    for fandom in fandoms:
        for part in re.split(r"\s+[|\-\u2013\u2014]\s+|:\s*", knowledge.without_disambiguator(fandom)):
            words = re.findall(r"[\w'\u2019!.-]+", part)
            for i in range(len(words)):
                if knowledge.known_given_name(words[i]):
                    continue
                for j in range(i + 2, len(words) + 1):
                    phrases.add(" ".join(words[i:j]).lower())
    return frozenset(phrases)


def _without_opening_word(occ: Occurrence, lowercase_words: Counter[str], frequencies: Mapping[str, int] | None = None) -> Occurrence:
    """A name opening a sentence without the ordinary word glued before it: "Was Dorcas"
    is "Dorcas" when the text writes "was" in lower case too, "Poor Harriet" is "Harriet"
    because "poor" is a common English word. An -ing form of a word is cut wherever it
    stands: "Nudging Kirishima" is "Kirishima". A given name, a title ("Uncle Tom") or a fandom
    pack's name ("Black Widow") keeps its first word."""
    words = occ.name.split()
    if len(words) < 2 or knowledge.known_given_name(words[0]) or title(occ.name):
        return occ
    head = words[0].lower().replace("\u2019", "'")
    if not (_ing_form(head, lowercase_words, frequencies) or occ.sentence_start and _ordinary_word(head, lowercase_words, frequencies)):
        return occ
    if any(pack.character(occ.name) for pack in knowledge.fandom_packs()):
        return occ
    cut = len(occ.name) - len(occ.name[len(words[0]) :].lstrip())
    return Occurrence(occ.chapter, occ.start + cut, occ.end, occ.name[cut:], occ.honorific, False)


def _ordinary_word(word: str, lowercase_words: Counter[str], frequencies: Mapping[str, int] | None) -> bool:
    """Written in lower case often in this work or in English."""
    frequencies = knowledge.word_frequencies() if frequencies is None else frequencies
    return lowercase_words[word] >= _OPENING_WORD_LOWER or frequencies.get(word, 0) >= _ORDINARY_WORD


def _ing_form(word: str, lowercase_words: Counter[str], frequencies: Mapping[str, int] | None) -> bool:
    """An -ing form of a word written in lower case in this work or in English
    ("nudging" of "nudged", "grinning" of "grin"; not "sterling")."""
    if len(word) < 6 or not word.endswith("ing"):
        return False
    frequencies = knowledge.word_frequencies() if frequencies is None else frequencies
    stem = word[:-3]
    stems = [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    return any(lowercase_words[w] > 0 or frequencies.get(w, 0) > 0 for s in stems for w in (s, s + "s", s + "ed", s + "es", s + "d"))


def find(
    chapters: list[Chapter],
    declared_fandoms: Iterable[str] = (),
    declared_characters: Iterable[str] = (),
    parser: Parser | None = None,
    notes: Iterable[Span] = (),
) -> tuple[list[Character], list[Mention]]:
    """Characters with their aliases clustered, and every mention of them.

    The characters a work declares ("Hermione Granger") are the preferred names: their
    given names and surnames join them ("Hermione", "Granger"). Names inside ``notes``
    (author's notes) are not the story's.

    The person model (``person_model``) decides which candidate names are people; with
    a ``parser``, rare names it finds close to its threshold are decided by how spaCy
    tags and attaches them in a few of their sentences."""
    seen = gather(chapters, declared_fandoms, declared_characters=declared_characters, notes=notes)
    found, texts, pack_names, table = seen.found, seen.texts, seen.pack_names, seen.table
    model = person_model.load()
    people = {occ.name for occ in found if occ.name.lower() in pack_names}
    undecided: set[str] = set()
    counts = Counter(occ.name for occ in found)
    for form, values in table.items():
        probability = model.probability(values)
        threshold = model.threshold_for(counts[form])
        if probability >= threshold:
            people.add(form)
        elif probability >= threshold - _PARSER_BAND and counts[form] < _PARSER_MAX_MENTIONS:
            undecided.add(form)
    if undecided and parser is not None:
        people |= _ask_the_parser(parser, undecided, found, texts)
    clusters, shared = cluster_people(people, found, pack_names, texts)
    characters: list[Character] = []
    mentions: list[Mention] = []
    by_form = {form: cluster for cluster in clusters for form in cluster.forms}
    mentioned: Counter[str] = Counter()
    # The last mention of someone by each surname: a shared bare surname ("Bates")
    # is the person of that surname the text named last, not far back.
    last: dict[str, tuple[int, int, Cluster]] = {}
    for occ in found:
        cluster = by_form.get(occ.name)
        if cluster is None and occ.name in shared:
            recent = last.get(occ.name)
            if recent and recent[0] == occ.chapter and occ.start - recent[1] <= _SURNAME_REACH:
                cluster = recent[2]
        if cluster is None:
            continue
        if occ.name in by_form:
            last[occ.name.split()[-1]] = (occ.chapter, occ.end, cluster)
        mentioned[cluster.canonical] += 1
        mentions.append(Mention(occ.chapter, occ.start, occ.end, texts[occ.chapter][occ.start : occ.end], cluster.canonical))
    for cluster in clusters:
        if not mentioned[cluster.canonical]:
            continue
        gender = cluster.gender or pronoun_gender(texts, [m for m in mentions if m.character == cluster.canonical])
        aliases = sorted((f for f in cluster.forms if f != cluster.canonical), key=lambda f: (-cluster.forms[f], f))
        characters.append(Character(cluster.canonical, aliases, mentioned[cluster.canonical], False, gender, cluster.fandom))
    characters.sort(key=lambda c: (-c.mentions, c.name))
    return characters, mentions


def _ask_the_parser(parser: Parser, names: set[str], occurrences: list[Occurrence], texts: dict[int, str]) -> set[str]:
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


def _declared_index(declared: Iterable[str]) -> dict[str, tuple[str, str | None, str | None]]:
    """lower-cased declared name, its given name and its surname (when no other declared
    character shares them) -> (canonical, None, None)."""
    names = [knowledge.without_disambiguator(n).strip() for n in declared]
    names = [n for n in dict.fromkeys(names) if n]
    parts = Counter(p.lower() for n in names if " " in n for p in {n.split()[0], n.split()[-1]})
    index: dict[str, tuple[str, str | None, str | None]] = {}
    for name in names:
        index[name.lower()] = (name, None, None)
        if " " in name and not title(name):
            for part in (name.split()[0], name.split()[-1]):
                if parts[part.lower()] == 1:
                    index.setdefault(part.lower(), (name, None, None))
    return index


def _pack_index(packs: list[knowledge.FandomPack]) -> dict[str, tuple[str, str | None, str]]:
    """lower-cased name or alias -> (canonical, gender, fandom)."""
    index: dict[str, tuple[str, str | None, str]] = {}
    for pack in packs:
        for character in pack.characters:
            for form in (character.name, *character.aliases):
                index.setdefault(form.lower(), (character.name, character.gender, pack.fandom))
    return index


def _joined(
    characters: list[Character], mentions: list[Mention], more: list[Character], more_mentions: list[Mention]
) -> tuple[list[Character], list[Mention]]:
    """The cast and its mentions with some more characters, in the cast's order."""
    if not more:
        return characters, mentions
    cast = sorted(characters + more, key=lambda c: (-c.mentions, c.name))
    return cast, sorted(mentions + more_mentions, key=lambda m: (m.chapter, m.start))


def run(doc: Inputs) -> dict[str, object]:
    work = doc.work
    notes = [span for layout in doc.layout for span in layout.author_notes]
    characters, mentions = find(work.chapters, work.declared.fandoms, work.declared.characters, doc.parser, notes)
    reader, reader_mentions = characters_reader.find(work.chapters, work.declared.characters)
    if reader is not None and all(c.name != reader.name for c in characters):
        characters, mentions = _joined(characters, mentions, [reader], reader_mentions)
    nouns, noun_mentions = characters_declared.find(work.chapters, characters, work.declared.characters, work.declared.relationships)
    characters, mentions = _joined(characters, mentions, nouns, noun_mentions)
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
