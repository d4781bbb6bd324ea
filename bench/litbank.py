"""LitBank's annotated excerpts as readable text with gold quotes, speakers, coreference and names.

    from bench.litbank import documents
    for doc in documents("dev"):
        doc.text, doc.quotes, doc.clusters, doc.entities

The data (CC BY 4.0, Bamman et al.; see its README.md and ATTRIBUTION.md) lives in
``../shared/data/litbank`` beside this checkout, or wherever ``FICSCOPE_LITBANK`` points.
``SPLIT.tsv`` assigns 80 texts to ``dev`` (tune on these) and 20 to ``test`` (report only).

What the files hold, and what this module makes of them:

- ``quotations/tsv/NAME_brat.txt``: one tokenised sentence per line, tokens separated by
  single spaces. The three layers (quotations, ``coref/conll``, ``entities/tsv``) share
  exactly this tokenisation (checked on all 100 texts). ``text`` is a detokenised
  reconstruction (no space before , . ; : ! ? ’ ” ) n't 's; none after “ ‘ ( ; straight
  " and ' resolved to opening or closing by position and by pairing), and
  ``LitbankDoc.token_spans[sentence][token]`` gives every token's ``(start, end)`` in
  ``text`` (``text[start:end]`` is the token, always).
- **Paragraph breaks are not in the data**: sentences are all there is. ``paragraphs=``
  chooses how to lay them out: ``"sentence"`` puts every sentence in its own paragraph;
  ``"quote"`` (the default) joins sentences with a space and starts a new paragraph
  (a blank line) before a sentence that begins with an opening quotation mark (unless
  it nests inside a quote still open), before one that begins with a dialogue dash
  outside quotes, and after a sentence that closes every open quote unless the next
  one starts in lower case (a speech tag: "‘Well!’ thought Alice"). This follows the
  text's own marks only, never the gold annotations.
- ``quotations/tsv/NAME_brat.ann``: ``QUOTE`` rows (id, start sentence, start token, end
  sentence, end token — the end token is included — and the quotation's tokens) and
  ``ATTRIB`` rows (quote id, speaker id such as ``Winnie_Verloc-3``).
- ``coref/conll/NAME_brat.conll``: the last column holds cluster ids, ``(7`` opening a
  mention, ``7)`` closing one, ``(7)`` both, several joined by ``|``.
- ``entities/tsv/NAME_brat.tsv``: one token per line, then up to six nested BIO layers
  (PER, FAC, LOC, GPE, VEH, ORG). The proper/common distinction is not in this copy;
  ``entities`` keeps PER mentions that look like names (every word but particles
  capitalised, not "a ...", not a lone title). Checked against the upstream PROP labels:
  95% of proper PER mentions are kept, 85% of those kept are proper.

**Speaker ids and coref clusters.** The number after the last ``-`` in an ATTRIB speaker
id is *not* the CoNLL cluster id in general. It is the entity number of LitBank's brat
coreference annotation (``coref/tsv/*.ann`` upstream, not copied here), and the CoNLL
export renumbers clusters: measured against the upstream brat files, a coreference
entity's suffix equals its CoNLL id for only 16,755 of 28,411 linked mentions (exactly
in some texts, shifted by one or more after a dropped or inserted entity in most).
The name part is the text of one of the entity's mentions with every non-word character
made ``_`` (``Mr__Verloc`` is "Mr. Verloc"), or an annotator's label (``narrator``).
So the speaker's cluster is resolved here by name: the cluster with a mention whose
normalised text equals the name, nearest in number to the suffix shifted by the offset
of the nearest speaker already resolved that way; failing that, a cluster sharing a
name word within two of that expected number; failing that, the expected number
itself. Checked against the upstream brat files, this finds LitBank's own cluster for
271 of 279 speakers, 1,701 of 1,765 quotes (96.4%). ``GoldQuote.speaker_names`` adds
the id's own name, so scoring a predicted name does not hinge on that last 3.6%.

**How LitBank marks quotes** (checked against the upstream original texts, which keep
paragraphs): a quote interrupted by a speech tag is two quotes (“No,” she said, “not
yet.”); nested quotation marks belong to the outer quote; speech running over several
paragraphs (each opening with a mark, only the last closed) is rare in the excerpts:
six such paragraph boundaries in all 100 texts, three annotated as a quote per
paragraph, two inside one spanning quote (the mother's speech in *The Red Badge of
Courage* is split at its first boundary and spanned at its second), one in text not
annotated as speech. A few quotes leave their marks out, and Joyce's dialogue
(*Ulysses*, *A Portrait*, 71 dev quotes) opens with a dash and has no marks at all.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

ParagraphMode = Literal["sentence", "quote"]
Split = Literal["dev", "test", "all"]

ENV_VAR = "FICSCOPE_LITBANK"
DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "litbank"


class LitbankMissing(FileNotFoundError):
    """The LitBank directory is not where we look for it."""


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GoldQuote:
    id: str  # "Q342"
    start: int
    end: int
    text: str
    annotation: str  # the .ann file's Quotation column: tokens joined by spaces
    speaker: str | None  # the ATTRIB id, "Winnie_Verloc-3"
    cluster: int | None  # the speaker's coref cluster, resolved by name (module docstring)
    speaker_names: tuple[str, ...] = ()  # the id's name and the cluster's mention texts


@dataclass(frozen=True, slots=True)
class Entity:
    """A PER mention that looks like a proper name, with its coref cluster if it has one."""

    start: int
    end: int
    text: str
    cluster: int | None


@dataclass(slots=True)
class LitbankDoc:
    name: str  # as SPLIT.tsv spells it: "974_the_secret_agent_a_simple_tale"
    split: str
    text: str
    sentences: list[list[str]]  # the tokens, as the data gives them
    token_spans: list[list[tuple[int, int]]]  # [sentence][token] -> (start, end) in text
    quotes: list[GoldQuote] = field(default_factory=list)
    clusters: dict[int, list[TextSpan]] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)

    def char_span(self, sentence: int, first: int, sentence_end: int | None = None, last: int | None = None) -> tuple[int, int]:
        """Characters from token ``first`` of ``sentence`` to token ``last`` of ``sentence_end``, inclusive."""
        sentence_end = sentence if sentence_end is None else sentence_end
        last = first if last is None else last
        return self.token_spans[sentence][first][0], self.token_spans[sentence_end][last][1]


# --- locating the data ------------------------------------------------------------


def data_dir() -> Path:
    """The LitBank directory: ``$FICSCOPE_LITBANK`` or ``../shared/data/litbank`` beside the repo."""
    path = Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else DEFAULT_DIR
    if not (path / "SPLIT.tsv").is_file():
        raise LitbankMissing(
            f"{path}: no LitBank data here (SPLIT.tsv missing). Put the annotated LitBank copy "
            f"(quotations/tsv, coref/conll, entities/tsv, SPLIT.tsv) there, or set {ENV_VAR} to its directory."
        )
    return path


def _split_table(root: Path) -> dict[str, str]:
    """Text name -> "dev" or "test", in SPLIT.tsv order."""
    table = {}
    for line in (root / "SPLIT.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            name, which = line.split("\t")
            table[name] = which
    return table


def split_names(split: Split = "test", root: Path | None = None) -> list[str]:
    if split not in ("dev", "test", "all"):
        raise ValueError(f"split must be dev, test or all, not {split!r}")
    return [name for name, which in _split_table(root or data_dir()).items() if split in ("all", which)]


def documents(split: Split = "test", paragraphs: ParagraphMode = "quote", root: Path | None = None) -> list[LitbankDoc]:
    """Every document of ``split`` ("dev", "test" or "all"), in SPLIT.tsv order."""
    root = root or data_dir()
    table = _split_table(root)
    return [load(name, table[name], paragraphs, root) for name in split_names(split, root)]


def load(name: str, split: str = "", paragraphs: ParagraphMode = "quote", root: Path | None = None) -> LitbankDoc:
    """One text, by its SPLIT.tsv name ("974_the_secret_agent_a_simple_tale")."""
    if paragraphs not in ("sentence", "quote"):
        raise ValueError(f"paragraphs must be 'sentence' or 'quote', not {paragraphs!r}")
    root = root or data_dir()
    stem = f"{name}_brat"
    sentences = [line.split(" ") for line in _lines(root / "quotations" / "tsv" / f"{stem}.txt")]
    text, token_spans = detokenise(sentences, paragraphs)
    doc = LitbankDoc(name=name, split=split, text=text, sentences=sentences, token_spans=token_spans)
    mention_spans, by_cluster = _read_conll(root / "coref" / "conll" / f"{stem}.conll")
    doc.clusters = {
        cluster: [_span(doc, *m) for m in mentions] for cluster, mentions in sorted(by_cluster.items())
    }
    doc.quotes = _read_quotes(root / "quotations" / "tsv" / f"{stem}.ann", doc)
    doc.entities = _read_entities(root / "entities" / "tsv" / f"{stem}.tsv", doc, sentences, mention_spans)
    return doc


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def _span(doc: LitbankDoc, s0: int, t0: int, s1: int, t1: int) -> TextSpan:
    start, end = doc.char_span(s0, t0, s1, t1)
    return TextSpan(start, end, doc.text[start:end])


# --- detokenising -------------------------------------------------------------------

_OPENING = {"“", "‘", "``", "`", "“‘", "(", "[", "{"}
_CLOSING = {"”", "’", "''", "’”", ")", "]", "}"}
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "...", "....", "!!", "!!!", "%"}
_DASHES = {"--", "----", "—", "–", "-"}
_CLITIC = re.compile(r"^(?:n['’]t|['’](?:s|ll|re|ve|d|m))$", re.I)
_OPENING_MARKS = {"“", "‘", "``", "`", '"', "'", "“‘"}
_CLOSING_MARKS = {"”", "’", "''", '"', "'", "’”"}
_DIALOGUE_DASHES = {"—", "--"}
_BEFORE_NESTED = {'"', "(", "--", "—", ":"}


def detokenise(sentences: list[list[str]], paragraphs: ParagraphMode = "quote") -> tuple[str, list[list[tuple[int, int]]]]:
    """Readable text from tokenised sentences, and every token's (start, end) in it."""
    single_dialogue = sum(s.count("'") for s in sentences) > sum(s.count('"') for s in sentences)
    glue = _glue(sentences, single_dialogue)
    parts: list[str] = []
    pos = 0
    spans: list[list[tuple[int, int]]] = []
    state = _QuoteState()
    for i, sentence in enumerate(sentences):
        if i and sentences[i - 1]:
            if glue[i - 1][-1][1]:
                sep = ""  # the sentence before ends with the opening mark of this one
            elif paragraphs == "sentence" or state.paragraph_before(sentences[i - 1], sentence, glue[i]):
                sep = "\n\n"
            else:
                sep = " "
            parts.append(sep)
            pos += len(sep)
        row = []
        for j, token in enumerate(sentence):
            if j and not (glue[i][j - 1][1] or glue[i][j][0]):
                # An opening mark the tokeniser left at the end of the sentence before
                # its quote ("wincing. 'I should not...") starts the quote's paragraph.
                stranded = (
                    paragraphs == "quote" and j == len(sentence) - 1 and glue[i][j][1] and token in _OPENING_MARKS and state.closed
                )
                sep = "\n\n" if stranded else " "
                parts.append(sep)
                pos += len(sep)
            parts.append(token)
            row.append((pos, pos + len(token)))
            pos += len(token)
            state.update(token, glue[i][j])
        spans.append(row)
    return "".join(parts), spans


_DOUBLE_KIND = {"“", "”", '"', "``", "''", "“‘", "’”"}
_SINGLE_KIND = {"‘", "’", "'", "`"}


class _QuoteState:
    """How deep inside double and single quotes the text is, following the marks' roles."""

    def __init__(self) -> None:
        self.double = self.single = 0

    @property
    def closed(self) -> bool:
        return not (self.double or self.single)

    def update(self, token: str, glue: tuple[bool, bool]) -> None:
        opening = glue == (False, True)
        straight = token in ('"', "'")  # these pair by position and cannot nest
        if token in _DOUBLE_KIND:
            self.double = 1 if straight and opening else 0 if straight else max(0, self.double + (1 if opening else -1))
        elif token in _SINGLE_KIND:
            self.single = 1 if straight and opening else 0 if straight else max(0, self.single + (1 if opening else -1))

    def paragraph_before(self, previous: list[str], sentence: list[str], glue: list[tuple[bool, bool]]) -> bool:
        """Whether a paragraph starts at ``sentence``, judged from the text's own marks."""
        if not previous or not sentence:
            return False
        first = sentence[0]
        if first in _OPENING_MARKS and glue[0] == (False, True):
            # A new quote, or the same speech reopening in its next paragraph; not a
            # quote nested in the one still open.
            return self.closed or (first in _DOUBLE_KIND and self.double) or (first in _SINGLE_KIND and not self.double)
        if first in _DIALOGUE_DASHES:
            return self.closed
        # After a closing mark, unless a lower-case speech tag carries on: "'Well!' thought Alice."
        return previous[-1] in _CLOSING_MARKS and self.closed and not first[:1].islower()


def _glue(sentences: list[list[str]], single_dialogue: bool) -> list[list[tuple[bool, bool]]]:
    """For every token: (no space before it, no space after it)."""
    double_open = single_open = False
    out: list[list[tuple[bool, bool]]] = []
    for sentence in sentences:
        row: list[tuple[bool, bool]] = []
        italic_open = False
        for j, token in enumerate(sentence):
            nxt = sentence[j + 1] if j + 1 < len(sentence) else ""
            prev = sentence[j - 1] if j else ""
            if token in _OPENING:
                row.append((False, True))
            elif token in _CLOSING:
                row.append((True, False))
            elif token in _NO_SPACE_BEFORE or _CLITIC.match(token):
                row.append((True, False))
            elif token in _DASHES:
                row.append((True, True))
            elif token == "_":
                italic_open = not italic_open
                row.append((False, True) if italic_open else (True, False))
            elif token == '"':
                opening = _opens(j, prev, nxt, double_open)
                double_open = opening
                row.append((False, True) if opening else (True, False))
            elif token == "'":
                if single_dialogue:
                    opening = single_open = _opens(j, prev, nxt, single_open)
                else:
                    # Where dialogue is double-quoted a lone ' is an apostrophe ("an' take",
                    # "goin' home") unless it opens a quote nested at a quote's start.
                    opening = (j == 0 or prev in _BEFORE_NESTED) and nxt[:1].isalnum()
                row.append((False, True) if opening else (True, False))
            else:
                row.append((False, False))
        out.append(row)
    return out


def _opens(j: int, prev: str, nxt: str, is_open: bool) -> bool:
    """Whether a straight quotation mark opens a quote, from its place and the pairing so far."""
    if not nxt:
        # Last in its sentence: a closing mark, or the next quote's opening mark
        # that the tokeniser put after the full stop ("wincing . '").
        return not is_open and j > 0 and prev in (".", "!", "?", ";", ":", "--", "—")
    if nxt in _NO_SPACE_BEFORE:
        return False
    if j == 0:
        return True  # a sentence, and so often a paragraph, starts here: a new quote
    return not is_open


# --- annotation layers --------------------------------------------------------------

_CLUSTER_PART = re.compile(r"^(\()?(\d+)(\))?$")
Mention = tuple[int, int, int, int]  # start sentence, start token, end sentence, end token (inclusive)


def _read_conll(path: Path) -> tuple[dict[Mention, list[int]], dict[int, list[Mention]]]:
    spans: dict[Mention, list[int]] = {}
    by_cluster: dict[int, list[Mention]] = defaultdict(list)
    stacks: dict[int, list[tuple[int, int]]] = defaultdict(list)
    sentence, in_sentence = 0, False
    for line in _lines(path):
        if line.startswith("#"):
            continue
        if not line.strip():
            if in_sentence:
                sentence += 1
                in_sentence = False
            continue
        in_sentence = True
        cols = line.split("\t")
        token, column = int(cols[2]), cols[-1].strip()
        if column in ("", "_", "-"):
            continue
        for part in column.split("|"):
            match = _CLUSTER_PART.match(part)
            if not match:
                continue
            cluster = int(match.group(2))
            if match.group(1):
                stacks[cluster].append((sentence, token))
            if match.group(3) and stacks[cluster]:
                s0, t0 = stacks[cluster].pop()
                mention = (s0, t0, sentence, token)
                spans.setdefault(mention, []).append(cluster)
                by_cluster[cluster].append(mention)
    for mentions in by_cluster.values():
        mentions.sort()
    return spans, by_cluster


def _normalise_name(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


_NAME_STOPWORDS = set("the a an of mr mrs miss dr s his her my our their your and to who with in on at".split())


def resolve_speakers(speakers: Iterable[str], clusters: dict[int, list[TextSpan]]) -> dict[str, int | None]:
    """The coref cluster of each ATTRIB speaker id (see the module docstring for why and how well)."""
    normalised = {c: {_normalise_name(m.text) for m in mentions} for c, mentions in clusters.items()}
    speakers = sorted(set(speakers))
    exact: dict[str, list[int]] = {}
    for speaker in speakers:
        name, number = _split_id(speaker)
        exact[speaker] = [c for c, names in normalised.items() if _normalise_name(name) in names]
    anchors = sorted((_split_id(s)[1], found[0]) for s, found in exact.items() if len(found) == 1)

    def expected(number: int) -> int:
        if not anchors:
            return number
        near = min(anchors, key=lambda a: abs(a[0] - number))
        return number + near[1] - near[0]

    resolved: dict[str, int | None] = {}
    for speaker in speakers:
        name, number = _split_id(speaker)
        guess = expected(number)
        candidates = exact[speaker]
        if not candidates:
            words = {w for w in _normalise_name(name).split("_") if w and w not in _NAME_STOPWORDS}
            candidates = [
                c
                for c, names in normalised.items()
                if abs(c - guess) <= 2 and any(words & set(n.split("_")) for n in names)
            ]
        if not candidates:
            candidates = [guess] if guess in clusters else []
        resolved[speaker] = min(candidates, key=lambda c: (abs(c - guess), c)) if candidates else None
    return resolved


def _split_id(speaker: str) -> tuple[str, int]:
    name, _, number = speaker.rpartition("-")
    return (name, int(number)) if number.isdigit() else (speaker, -1)


def _read_quotes(path: Path, doc: LitbankDoc) -> list[GoldQuote]:
    rows: list[list[str]] = []
    attrib: dict[str, str] = {}
    for line in _lines(path):
        cols = line.split("\t")
        if cols[0] == "QUOTE":
            rows.append(cols)
        elif cols[0] == "ATTRIB":
            attrib[cols[1]] = cols[2]
    clusters = resolve_speakers(attrib.values(), doc.clusters)
    quotes = []
    for cols in rows:
        qid = cols[1]
        s0, t0, s1, t1 = (int(c) for c in cols[2:6])
        start, end = doc.char_span(s0, t0, s1, t1)
        speaker = attrib.get(qid)
        cluster = clusters.get(speaker) if speaker else None
        names: list[str] = []
        if speaker:
            names.append(_split_id(speaker)[0].replace("_", " ").strip())
        if cluster is not None:
            names.extend(m.text for m in doc.clusters.get(cluster, []))
        quotes.append(
            GoldQuote(
                id=qid,
                start=start,
                end=end,
                text=doc.text[start:end],
                annotation=cols[6] if len(cols) > 6 else "",
                speaker=speaker,
                cluster=cluster,
                speaker_names=tuple(dict.fromkeys(names)),
            )
        )
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


# Words that do not make a mention a name on their own.
_NOT_NAMES = set(
    "the this that these those his her its my our your their one some every each no another any all "
    "poor old little young dear good i nobody people men women man woman "
    "mr mrs miss ms dr sir madam lady lord master mister".split()
)
_PARTICLES = {"of", "de", "van", "von", "der", "la", "le", "du", "del", "di", "da", "'s", "’s", "."}


def _looks_proper(words: list[str]) -> bool:
    """A name, as far as capitals tell: every word but particles capitalised ("Mr Verloc",
    "the Duke of Kent"), not "a Denver tailor", "Winnie ’s mother" or a lone "Nobody"."""
    if words and words[0].lower() in ("a", "an"):
        return False
    content = [w for w in words if w.lower() not in _PARTICLES and w.lower() != "the"]
    if not content or len(content) > 5:
        return False
    if not all(w[:1].isupper() for w in content):
        return False
    return any(w.lower().strip(".") not in _NOT_NAMES for w in content)


def per_mentions(path: Path) -> set[Mention]:
    """Every PER mention of an entities file as (sentence, first token, sentence, last token),
    names or not ("envious Miss Briggs"); nested layers included."""
    found: set[Mention] = set()
    sentence, token = 0, 0
    open_per: dict[int, int] = {}  # layer -> start token of the PER mention it is inside

    def close(layer: int) -> None:
        start = open_per.pop(layer)
        found.add((sentence, start, sentence, token - 1))

    for line in _lines(path):
        if not line.strip():
            for layer in list(open_per):
                close(layer)
            if token:
                sentence += 1
                token = 0
            continue
        for layer, label in enumerate(line.split("\t")[1:]):
            if layer in open_per and label != "I-PER":
                close(layer)
            if label == "B-PER":
                open_per[layer] = token
        token += 1
    for layer in list(open_per):
        close(layer)
    return found


def _read_entities(
    path: Path, doc: LitbankDoc, sentences: list[list[str]], mention_spans: dict[Mention, list[int]]
) -> list[Entity]:
    found = per_mentions(path)
    entities = []
    for mention in sorted(found):
        s, t0, _, t1 = mention
        if not _looks_proper(sentences[s][t0 : t1 + 1]):
            continue
        span = _span(doc, *mention)
        clusters = mention_spans.get(mention)
        entities.append(Entity(span.start, span.end, span.text, clusters[0] if clusters else None))
    return entities


__all__ = [
    "DEFAULT_DIR",
    "ENV_VAR",
    "Entity",
    "GoldQuote",
    "LitbankDoc",
    "LitbankMissing",
    "TextSpan",
    "data_dir",
    "detokenise",
    "documents",
    "load",
    "per_mentions",
    "resolve_speakers",
    "split_names",
]
