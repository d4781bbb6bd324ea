"""Who is with whom, in AO3 syntax, with the passages that link the two.

A relationship holds only on evidence that links its two members (``relationships_
evidence``): one acts on the other by the dependency parse, a relation noun ("his
mother", "Magnus's boyfriend"), words one says to the other, narration of feelings.
Two names in one sentence are never evidence. Kinship is read first, coercion is never
romance, and each relationship is scored so that the few a reader would tag are
``shown`` (``relationships_score``); the others stay in the analysis. Tags are spelled as
the work declares its members, else as the fandom pack does (``relationships_tags``).
Cue words live in ``knowledge/relationships.json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .. import knowledge
from ..model import Chapter, Character, Mention, Quote, Relationship
from ..pipeline import Inputs, Stage
from .nlp import Parser
from .relationships_evidence import parsed_links, quote_links
from .relationships_people import People, address_only
from .relationships_score import relationships
from .relationships_tags import Speller, pack_tag

KINDS = ("romantic", "platonic", "family", "antagonistic")


def tag_for(members: list[str], kind: str) -> str:
    """AO3 syntax, in the pack's order when a pack knows the pairing, else alphabetical."""
    return pack_tag(members, kind)


def find(
    chapters: Sequence[Chapter],
    characters: Sequence[Character],
    mentions: Iterable[Mention],
    quotes: Sequence[Quote],
    parser: Parser | None = None,
    antecedents: Mapping[tuple[int, int], str] | None = None,
    declared_relationships: Iterable[str] = (),
    declared_characters: Iterable[str] = (),
) -> list[Relationship]:
    """Every linked pair of named characters, the shown ones first."""
    cues = knowledge.relationship_cues()
    people = People([c for c in characters if not address_only(c.name, cues)], mentions, antecedents or {}, quotes)
    links = quote_links(quotes, people, cues, chapters)
    links += parsed_links(chapters, people, cues, parser if parser is not None else Parser())
    speller = Speller(characters, declared_relationships, declared_characters)
    return relationships(links, characters, speller, people.present())


def run(doc: Inputs) -> dict[str, list[Relationship]]:
    work = doc.work
    found = find(
        work.chapters,
        doc.characters,
        doc.mentions,
        doc.quotes,
        doc.parser,
        doc.antecedents,
        work.declared.relationships,
        work.declared.characters,
    )
    return {"relationships": found}


STAGE = Stage(
    name="relationships",
    reads=("work", "characters", "mentions", "antecedents", "quotes", "parser"),
    assigns=("relationships",),
    compute=run,
)

__all__ = ["KINDS", "STAGE", "find", "run", "tag_for"]
