"""Evidence that links two characters, never their being in one sentence.

Four kinds, read from the dependency parse of the few sentences that hold a person, a
second person (or a pronoun) and a cue word, and from the quotes:

- **acts**: one acts on the other ("Alec kissed Magnus", "Victor pinned Elsie"): the
  verb's subject and its object or prepositional object, in the passive too; a shared
  subject ("Kell and Lila held hands") links its members;
- **relation nouns**: "his mother", "Alec's mother", "Maryse, Alec's mother",
  "Magnus's boyfriend, Alec", "her husband Tom", "Isabelle was Alec's sister",
  "Pia and June were friends";
- **words said**: a declaration ("I love you") or an endearment ("darling") in a line
  whose speaker and addressee are known; kin said as a vocative ("You're a celebrity,
  little brother") makes the two family;
- **feelings**: "Alec loved Magnus", "she was in love with him".

A romantic act in a sentence that marks coercion ("against her will", "forced") is
coercion, never romance. A negated act ("never kissed") is no evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import knowledge
from ..knowledge import RelationshipCues
from ..model import Chapter, Quote, Span
from .nlp import sentences
from .relationships_people import PRONOUNS, People

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .nlp import Parser

MAX_SENTENCE = 600  # characters; longer stretches are lists or run-ons, not evidence
OBJECT_PREPOSITIONS = frozenset({"with", "to", "on", "onto", "at", "against", "into", "over", "around", "for", "beside"})
SUBJECT_CLIMB = frozenset({"xcomp", "conj", "pcomp", "advcl", "acl", "acomp"})
COPULAS = frozenset({"be", "is", "was", "were", "are", "been", "being", "'s", "’s", "'re", "become", "became", "remain", "remained", "seem", "seemed"})
RECIPROCAL_GROUPS = frozenset({"romantic", "sexual", "tender", "platonic", "violent", "hostile"})
MIN_CONVERSATION = 4  # lines between two people, both ways, that make them at least friends
REFLEXIVES = frozenset({"himself", "herself", "themselves", "myself", "yourself", "themself"})
SAID_NOT_DONE = frozenset({"violent", "hostile", "coercive"})  # harm talked of in a quote is no harm done
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


@dataclass(frozen=True, slots=True)
class Link:
    """One passage linking two named characters: what links them, how, how strongly."""

    members: tuple[str, str]  # sorted
    kind: str  # romantic, platonic, family, antagonistic
    group: str  # the act group, or "relation", "declaration", "endearment", "vocative", "conversation"
    strength: float
    span: Span
    cue: str  # the words that decided it ("kissed", "mother", "darling")
    familial: bool = False  # a kiss on the cheek, goodnight: what relatives do


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


# --------------------------------------------------------------------------- choosing sentences


def candidate_sentences(chapters: Sequence[Chapter], people: People, cues: RelationshipCues) -> list[tuple[int, int, int]]:
    """(chapter, start, end) of sentences with two people (named, or pronouns that may
    stand for them) and a cue word: the only ones worth parsing."""
    found = []
    for chapter in chapters:
        text = chapter.text
        for start, end in sentences(text):
            if end - start > MAX_SENTENCE:
                continue
            words = {w.lower().replace("\u2019", "'") for w in _WORD.findall(text[start:end])}
            if not words & cues.words and not cues.phrase.search(text, start, end):
                continue
            named = {m.character for m in people.mentions_in(chapter.number, start, end)}
            if len(named) + len(words & PRONOUNS) >= 2:
                found.append((chapter.number, start, end))
    return found


# --------------------------------------------------------------------------- reading a parse


class _Sentence:
    """One parsed sentence and who its tokens name."""

    def __init__(self, doc: Doc, chapter: Chapter, start: int, people: People, cues: RelationshipCues) -> None:
        self.doc = doc
        self.cues = cues
        self.chapter = chapter
        self.start = start
        self.people = people
        self.span = Span(chapter.number, start, start + len(doc.text), doc.text)

    def person(self, token: Token, exclude: Iterable[str] = ()) -> str | None:
        begin = self.start + token.idx
        named = self.people.named_at(self.chapter.number, begin, begin + len(token.text))
        if named is not None:
            return named if named not in exclude else None
        if token.lower_ in REFLEXIVES:
            return None  # "Sherlock shoots himself": the subject again, never a second person
        if token.lower_ in PRONOUNS and token.tag_ in ("PRP", "PRP$"):
            forward = self.span.end if token.tag_ == "PRP$" else None
            return self.people.resolve(self.chapter.number, begin, token.lower_, frozenset(exclude), forward)
        return None

    def people_of(self, token: Token, exclude: Iterable[str] = ()) -> list[str]:
        """The person a token names, and those of its coordinated tokens ("Alec and
        Magnus"); a relation noun stands for the name beside it ("her husband Tom")."""
        found = []
        for t in (token, *_conjuncts(token)):
            who = self.person(t, exclude)
            if who is None and t.pos_ == "NOUN" and self.cues.relation_kind(t.text):
                beside = [p for p in _named_beside(self, t) if p not in exclude]
                who = beside[0] if beside else None
            if who is not None and who not in found:
                found.append(who)
        return found


def _named_beside(sentence: _Sentence, noun: Token) -> list[str]:
    """The name a relation noun is in apposition with: "his mother, Maryse", "her husband Tom"."""
    named = [p for c in noun.children if c.dep_ in ("appos", "compound", "npadvmod") for p in (sentence.person(c),) if p]
    if named:
        return named
    following = noun.nbor() if noun.i + 1 < len(noun.doc) else None
    if following is not None and following.dep_ in ("npadvmod", "appos", "nsubj", "compound"):
        who = sentence.person(following)
        return [who] if who else []
    return []


def _conjuncts(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ == "conj":
            yield child
            yield from _conjuncts(child)


NEGATIONS = frozenset({"not", "n't", "never", "neither", "nor", "no"})
MODALS = frozenset({"will", "'ll", "’ll", "would", "'d", "’d", "could", "might", "should", "gonna", "wanna"})


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.i < token.i) for c in token.children):
        return True
    if any(c.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children) for c in token.children):
        return True  # "had no feelings for her"
    return token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in token.head.children)


def _unreal(sentence: _Sentence, verb: Token) -> bool:
    """Said, not done: a threat or a wish inside a quote ("I'll kill you"), or an act under
    "if" ("if you kiss him")."""
    clause = [verb, verb.head] if verb.dep_ in ("xcomp", "ccomp") else [verb]
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for t in clause for c in t.children):
        return True
    inside = sentence.people.quote_at(sentence.chapter.number, sentence.start + verb.idx) is not None
    return inside and any(c.lower_ in MODALS or c.lower_ in ("to",) for t in clause for c in t.children if c.dep_ == "aux")


def _in_quote(sentence: _Sentence, token: Token) -> bool:
    return sentence.people.quote_at(sentence.chapter.number, sentence.start + token.idx) is not None


def _subjects(sentence: _Sentence, verb: Token) -> list[str]:
    """Who does it: the verb's subject, a passive's agent, or the subject (or for
    "forced Maren to marry", the object) of the verb it depends on."""
    token = verb
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
        agents = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if subjects or agents:
            return [p for t in (*subjects, *agents) for p in sentence.people_of(t)]
        if token.dep_ not in SUBJECT_CLIMB and not (token.dep_ == "pcomp" or token.head.dep_ == "prep"):
            return []
        head = token.head
        while head.dep_ == "prep" and head.head is not head:
            head = head.head
        if head is token:
            return []
        if token.dep_ in ("xcomp", "pcomp") or token.head.dep_ == "prep":
            controllers = [c for c in head.children if c.dep_ in ("dobj", "dative") and sentence.person(c)]
            if controllers:
                return [p for c in controllers for p in sentence.people_of(c)]
        token = head
    return []


def _objects(sentence: _Sentence, verb: Token, exclude: Sequence[str], cues: RelationshipCues) -> list[str]:
    """Who it is done to: direct object, dative, a passive's subject, a prepositional
    object ("danced with"), or the owner of the body part acted on ("kissed his cheek")."""
    found: list[str] = []
    targets = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass", "attr")]
    targets += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS for g in c.children if g.dep_ == "pobj"]
    targets += [g for c in verb.children if c.dep_ == "prt" for g in c.children if g.dep_ == "pobj"]
    for target in targets:
        people = sentence.people_of(target, exclude)
        if not people and target.pos_ in ("NOUN", "PROPN") and cues.relation_kind(target.text) is None:
            people = _owners(sentence, target, exclude)
        if not people:
            people = [p for c in target.children if c.dep_ == "appos" for p in sentence.people_of(c, exclude)]
        if not people:
            # A preposition on the object: "planted a kiss on his cheek", "the top of her head".
            for prep in (c for c in target.children if c.dep_ == "prep" and (c.lower_ in OBJECT_PREPOSITIONS or c.lower_ == "of")):
                people += _objects_of_prep(sentence, prep, exclude, cues)
        found += [p for p in people if p not in found]
    return found


def _objects_of_prep(sentence: _Sentence, prep: Token, exclude: Sequence[str], cues: RelationshipCues) -> list[str]:
    found = []
    for target in (g for g in prep.children if g.dep_ == "pobj"):
        people = sentence.people_of(target, exclude)
        if not people and cues.relation_kind(target.text) is None:
            people = _owners(sentence, target, exclude)
        found += people
    return found


def _owners(sentence: _Sentence, thing: Token, subjects: Sequence[str]) -> list[str]:
    """Whose body part is acted on: "kissed his cheek". A possessive may be the subject's
    own ("John bit his lip"), so it is resolved freely, and then the subject is no object."""
    owners = [p for c in thing.children if c.dep_ == "poss" for p in sentence.people_of(c)]
    return [p for p in owners if p not in subjects]


def _familial(verb: Token, cues: RelationshipCues) -> bool:
    return any(t.lower_ in cues.familial_kiss for t in verb.subtree if t is not verb)


def _act_links(sentence: _Sentence, cues: RelationshipCues) -> Iterator[Link]:
    coerced_sentence = bool(cues.coercion.search(sentence.doc.text))
    for token in sentence.doc:
        group, cue, verb = _act_of(token, cues)
        if group is None or verb is None or _negated(verb) or _unreal(sentence, verb):
            continue
        if group in SAID_NOT_DONE and _in_quote(sentence, token):
            continue
        subjects = _subjects(sentence, verb)
        if not subjects:
            continue
        objects = _objects(sentence, token if token is not verb else verb, subjects, cues)
        if token is not verb and not objects:
            objects = _objects(sentence, verb, subjects, cues)
        spec = cues.groups[group]
        kind, strength = spec.kind, spec.strength
        if kind == "romantic" and (coerced_sentence or _governed_by_coercion(verb, cues)):
            group, kind, strength = "coercive", "antagonistic", cues.groups["coercive"].strength
        familial = cue in ("kiss", "kisses", "kissed", "kissing") and _familial(verb if token is verb else token, cues)
        pairs = [(s, o) for s in subjects for o in objects if s != o]
        if not objects and len(subjects) >= 2 and group in RECIPROCAL_GROUPS:
            pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1 :]]
        for a, b in pairs:
            yield Link(pair(a, b), kind, group, strength, sentence.span, cue, familial)


def _act_of(token: Token, cues: RelationshipCues) -> tuple[str | None, str, Token | None]:
    """(group, cue, the verb that carries its subject) when ``token`` names an act."""
    word = token.lower_
    if token.tag_.startswith("VB"):
        base = cues.base(word)
        following = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "dobj", "dative")}
        for (verb, rest), group in cues.phrasal.items():
            if verb == base and rest and rest <= following:
                return group, word, token
        group = cues.act_group(word)
        return group, word, token if group else None
    if token.pos_ != "NOUN":
        return None, word, None
    if word == "love" and token.head.lower_ == "in" and any(c.lower_ == "with" for c in token.children):
        verb = token.head.head
        return "feeling", "in love", verb if verb.tag_.startswith("VB") else None
    group = cues.act_nouns.get(word)
    if group is None or token.dep_ not in ("dobj", "pobj", "nsubj"):
        return None, word, None
    verb = token.head
    while verb.dep_ == "prep" and verb.head is not verb:
        verb = verb.head
    return group, word, verb if verb.tag_.startswith("VB") else None


def _governed_by_coercion(verb: Token, cues: RelationshipCues) -> bool:
    head = verb
    for _ in range(3):
        if head.dep_ not in SUBJECT_CLIMB or head.head is head:
            return False
        head = head.head
        if cues.act_group(head.lower_) == "coercive":
            return True
    return False


def _relation_links(sentence: _Sentence, cues: RelationshipCues) -> Iterator[Link]:
    for token in sentence.doc:
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        kind = cues.relation_kind(token.text)
        if kind is None or sentence.person(token):
            continue
        copula = token.head if token.dep_ == "attr" and token.head.lower_ in COPULAS else None
        if copula is not None and _negated(copula):
            continue
        if kind == "family" and _figurative(sentence.doc.text[max(0, token.idx - 16) : token.idx + len(token.text) + 20]):
            kind = "platonic"
        referents = _referents(sentence, token, copula)
        holders = _holders(sentence, token, referents)  # nobody is their own mother
        if not holders and copula is not None and len(referents) >= 2 and token.tag_ in ("NNS", "NNPS", "NN"):
            # "Pia and June had been friends", "Jem and Will were parabatai".
            for i, a in enumerate(referents):
                for b in referents[i + 1 :]:
                    yield Link(pair(a, b), kind, "relation", 3.0, sentence.span, token.lower_)
            continue
        for holder in holders:
            for referent in referents:
                if holder != referent:
                    yield Link(pair(holder, referent), kind, "relation", 3.0, sentence.span, token.lower_)


def _holders(sentence: _Sentence, noun: Token, referents: Sequence[str]) -> list[str]:
    """Whose mother: "his", "Alec's", "of Alec", "the best friend he could ask for"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return sentence.people_of(child, referents)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            # "the mother of Alec", "a friend of Alec's"; "a son of Ishgard" is a figure of speech.
            owners = [g for g in child.children if g.dep_ == "pobj" and (definite or any(c.dep_ == "case" for c in g.children))]
            return [p for g in owners for p in sentence.people_of(g, referents)]
        if child.dep_ == "relcl":
            return [p for g in child.children if g.dep_ == "nsubj" for p in sentence.people_of(g, referents)]
    return []


def _referents(sentence: _Sentence, noun: Token, copula: Token | None) -> list[str]:
    """Who the mother is: "Maryse, Alec's mother", "his mother, Maryse", "her husband
    Tom", "Isabelle was Alec's sister", "reveal Damian as his son"."""
    if noun.dep_ == "appos":
        return sentence.people_of(noun.head)
    named = _named_beside(sentence, noun)
    if named:
        return named
    if copula is not None:
        return [p for c in copula.children if c.dep_ == "nsubj" for p in sentence.people_of(c)]
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":
        verb = noun.head.head
        return [p for c in verb.children if c.dep_ == "dobj" for p in sentence.people_of(c)]
    return []


def _engaged_links(sentence: _Sentence, cues: RelationshipCues) -> Iterator[Link]:
    """"Vera had been engaged to Pavel", "Ruth was married to Abel"."""
    for token in sentence.doc:
        if token.lower_ not in cues.engaged or _negated(token):
            continue
        holder = token if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) else token.head
        if _negated(holder):
            continue
        subjects = [p for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") for p in sentence.people_of(c)]
        partners = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "to" for p in _objects_of_prep(sentence, c, subjects, cues)]
        for a in subjects:
            for b in partners:
                if a != b:
                    yield Link(pair(a, b), "romantic", "romantic", 3.0, sentence.span, token.lower_)


_COPULA_WORDS = ("were", "are", "had been", "have been", "became", "'re", "’re")


def _surface_links(sentence: _Sentence, cues: RelationshipCues) -> Iterator[Link]:
    """What the small parser misreads with names it does not know ("Mia hated Zoe" as one
    compound): a person, an act, a person, side by side; "A and B were friends"."""
    tokens = list(sentence.doc)
    for i in range(1, len(tokens) - 1):
        verb = tokens[i]
        group = cues.act_group(verb.text)
        if group is None or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or _negated(verb):
            continue  # the parse has read this verb already
        if any(t.lower_ in NEGATIONS for t in tokens[max(0, i - 4) : i]):
            continue
        if group in SAID_NOT_DONE and _in_quote(sentence, verb):
            continue
        left = tokens[i - 1]
        if left.tag_ == "RB" and i >= 2:
            left = tokens[i - 2]
        subject = sentence.person(left) if left.tag_ != "PRP$" else None
        if subject is None:
            continue
        after = tokens[i + 1]
        possessive = after.tag_ == "PRP$" or (i + 2 < len(tokens) and tokens[i + 2].pos_ in ("NOUN", "ADJ"))
        obj = None if possessive else sentence.person(after, (subject,))
        if obj is None or obj == subject:
            continue
        spec = cues.groups[group]
        if spec.kind == "romantic" and cues.coercion.search(sentence.doc.text):
            group, spec = "coercive", cues.groups["coercive"]
        yield Link(pair(subject, obj), spec.kind, group, spec.strength, sentence.span, verb.lower_)
    text = sentence.doc.text
    for i in range(len(tokens) - 3):
        if tokens[i + 1].lower_ != "and":
            continue
        a, b = sentence.person(tokens[i]), sentence.person(tokens[i + 2])
        if a is None or b is None or a == b:
            continue
        rest = text[tokens[i + 2].idx + len(tokens[i + 2].text) :].lstrip().lower()
        for copula in _COPULA_WORDS:
            if rest.startswith(copula + " "):
                words = rest[len(copula) + 1 :].split()
                for word in words[:3]:
                    kind = cues.relation_kind(word.strip(",.;!?"))
                    if kind is not None:
                        if not _figurative(rest):
                            yield Link(pair(a, b), kind, "relation", 3.0, sentence.span, word.strip(",.;!?"))
                        break
                break


def _figurative(text: str) -> bool:
    """"brothers in all but blood", "like a sister to him": closeness, not kinship."""
    return bool(re.search(r"\b(?:in all but (?:name|blood)|like (?:a|an|his|her|their) |practically |almost )", text, re.I))


def parsed_links(chapters: Sequence[Chapter], people: People, cues: RelationshipCues, parser: Parser) -> list[Link]:
    """Every link the parsed sentences show."""
    picked = candidate_sentences(chapters, people, cues)
    by_number = {c.number: c for c in chapters}
    docs = parser.parse_many([by_number[ch].text[s:e] for ch, s, e in picked])
    links: list[Link] = []
    for (number, start, _end), doc in zip(picked, docs):
        sentence = _Sentence(doc, by_number[number], start, people, cues)
        found = {*_act_links(sentence, cues), *_relation_links(sentence, cues), *_engaged_links(sentence, cues), *_surface_links(sentence, cues)}
        links += sorted(found, key=lambda link: (link.members, link.group, link.cue))
    return links


# --------------------------------------------------------------------------- words said


@lru_cache(maxsize=1)
def _speech_verb() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in knowledge.speech_verbs())
    return re.compile(rf"\s*(?:\w+\s+){{0,3}}?(?:{verbs})\s+(?:to\s+)?(?=\S)", re.I)


def addressee_of(quote: Quote, text: str, people: People) -> str | None:
    """The speaker model's addressee, else the one the speech tag names: "... ," June told Max."""
    if quote.addressee is not None:
        return quote.addressee
    tag = _speech_verb().match(text, quote.end, min(len(text), quote.end + 80))
    if tag is None:
        return None
    for mention in people.mentions_in(quote.chapter, tag.end(), tag.end() + 1):
        return mention.character
    return None


TURN_GAP = 300  # characters between two lines that answer each other


def _inside(line: str) -> str:
    """A quote's words without its quotation marks, so that a vocative can close it."""
    return line.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()


def _turn_partner(ordered: Sequence[Quote], index: int) -> str | None:
    """Who a line answers: the other speaker of the line just before it, close by."""
    if not index:
        return None
    quote, before = ordered[index], ordered[index - 1]
    if before.chapter != quote.chapter or before.speaker in (None, quote.speaker) or quote.start - before.end > TURN_GAP:
        return None
    return before.speaker


def quote_links(quotes: Iterable[Quote], people: People, cues: RelationshipCues, chapters: Sequence[Chapter] = ()) -> list[Link]:
    """Declarations and endearments said to someone, and pairs who keep talking."""
    links = []
    lines: dict[tuple[str, str], list[Quote]] = {}
    texts = {c.number: c.text for c in chapters}
    ordered = sorted(quotes, key=lambda q: (q.chapter, q.start))
    for index, quote in enumerate(ordered):
        speaker = quote.speaker
        addressee = addressee_of(quote, texts[quote.chapter], people) if quote.chapter in texts else quote.addressee
        if addressee is None:
            # Lines that answer each other are a conversation, but say nothing of love.
            partner = _turn_partner(ordered, index)
            if speaker in people.named and partner in people.named:
                lines.setdefault(pair(speaker, partner), []).append(quote)  # type: ignore[arg-type]
            continue

        if speaker not in people.named or addressee not in people.named or speaker == addressee:
            continue
        members = pair(speaker, addressee)  # type: ignore[arg-type]
        lines.setdefault(members, []).append(quote)
        span = Span(quote.chapter, quote.start, quote.end, quote.text)
        declared = cues.declaration.search(quote.text)
        if declared:
            links.append(Link(members, "romantic", "declaration", 3.0, span, declared.group(0).lower()))
        endearment = cues.endearment.search(quote.text)
        if endearment:
            links.append(Link(members, "romantic", "endearment", 1.0, span, endearment.group(0).strip(" ,;").lower()))
        kin = cues.kin.search(_inside(quote.text))
        if kin:
            links.append(Link(members, "family", "relation", 3.0, span, kin.group(0).strip(" ,;").lower()))
        friendly = cues.friendly.search(quote.text)
        if friendly:
            links.append(Link(members, "platonic", "vocative", 1.0, span, friendly.group(0).strip(" ,").lower()))
    for members, said in lines.items():
        speakers = Counter(q.speaker for q in said)
        if len(said) >= MIN_CONVERSATION and len(speakers) == 2:
            first = said[0]
            span = Span(first.chapter, first.start, first.end, first.text)
            links.append(Link(members, "platonic", "conversation", min(3.0, len(said) / MIN_CONVERSATION), span, f"{len(said)} lines"))
    return links


__all__ = ["Link", "MIN_CONVERSATION", "candidate_sentences", "pair", "parsed_links", "quote_links"]
