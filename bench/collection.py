"""A generated collection of works for the batch benchmark and tests.

    from collection import write_collection
    paths = write_collection(directory, count=200, seed=1)

Each work is pasted text with AO3's label lines (rating, archive warnings, category,
fandom, relationships, tags), a title and an author, and chapters of prose from
``generate.py``; about a third carry passages of violence, death or self-harm, some
declared by their "author" and some not. Deterministic for a seed; every sentence is
generated, not anyone's text.

Lengths are log-normal: median 3,000 words, sigma 1.0, at least 300 and at most
60,000 words (AO3's median work is a few thousand words, with a long tail of novels).
That is a mean of about 4,900 words before the cap trims it slightly.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

try:
    from .generate import PEOPLE, pasted_work
except ImportError:  # run as a script from bench/
    from generate import PEOPLE, pasted_work  # type: ignore[no-redef]

MEDIAN_WORDS = 3000
SIGMA = 1.0
MIN_WORDS = 300
MAX_WORDS = 60_000

ADJECTIVES = "Salt Iron Quiet Winter Paper Glass Borrowed Lantern Hollow Northern Last Silver".split()
NOUNS = "Harbour Watch Tide Letters Lamp Crossing Hours Storm Keeper Road Light Shore".split()
AUTHORS = "quillfern tidewright marrowlark inkandoar saltpage owlhollow".split()
RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
TAGS = ["Angst", "Hurt/Comfort", "Slow Burn", "Found Family", "Fluff", "Storms", "Lighthouses", "Pining"]

# Passages that read as harm, written for this benchmark.
DARK = {
    "violence": [
        "{a} hit {b} across the face, hard enough that blood ran from {b}'s mouth onto the floor.",
        "The knife went into {b}'s side and {b} screamed until {a} pulled it out.",
        "{a} kicked {b} again and again while {b} lay bleeding on the stairs.",
    ],
    "death": [
        "{b} was dead by morning, and {a} sat beside the body until the boats came in.",
        "They buried {b} on the hill above the harbour, and {a} did not cry at the funeral.",
    ],
    "self-harm": [
        "{a} pressed the blade against {a_pos} wrist again, cutting until the old scars opened.",
    ],
}
DECLARED_FOR = {"violence": "Graphic Depictions Of Violence", "death": "Major Character Death"}


@dataclass(frozen=True)
class Spec:
    """One generated work: its file name, length and the harm it holds and declares."""

    name: str
    words: int
    dark: tuple[str, ...]
    declared: tuple[str, ...]


def lengths(count: int, seed: int = 1) -> list[int]:
    """``count`` word counts from the log-normal described above."""
    rng = random.Random(seed)
    mu = math.log(MEDIAN_WORDS)
    return [int(min(MAX_WORDS, max(MIN_WORDS, rng.lognormvariate(mu, SIGMA)))) for _ in range(count)]


def work_text(index: int, words: int, rng: random.Random) -> tuple[str, Spec]:
    """One work's text and what it holds."""
    title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {index}"
    author = rng.choice(AUTHORS)
    dark = tuple(sorted(rng.sample(sorted(DARK), rng.randint(1, 2)))) if rng.random() < 0.35 else ()
    declared = tuple(DECLARED_FOR[kind] for kind in dark if kind in DECLARED_FOR and rng.random() < 0.5)
    warnings = ", ".join(declared) or rng.choice(["No Archive Warnings Apply", "Creator Chose Not To Use Archive Warnings"])
    rating = rng.choice(RATINGS[2:]) if dark else rng.choice(RATINGS[:3])
    cast = rng.sample(PEOPLE, 2)
    pair = "/" if rng.random() < 0.5 else " & "
    head = [
        "Rating:", f"    {rating}",
        "Archive Warning:", f"    {warnings}",
        "Category:", f"    {rng.choice(['Gen', 'F/M', 'M/M', 'F/F'])}",
        "Fandom:", "    Original Work",
        "Relationships:", f"    {cast[0][0]}{pair}{cast[1][0]}",
        "Additional Tags:", f"    {', '.join(rng.sample(TAGS, 3))}",
        "", title, f"by {author}", "",
        "Summary:", "", f"What the {title.split()[1].lower()} kept, and what it gave back.", "",
    ]
    story = pasted_work(words, seed=rng.randrange(1 << 30)).split("\n")
    story = [line for line in story[1:] if not line.startswith("A/N:")]  # the generator's own title and note
    (a, a_pronoun), (b, _) = cast
    possessive = {"she": "her", "he": "his"}.get(a_pronoun, "their")
    for kind in dark:
        passage = " ".join(line.format(a=a, b=b, a_pos=possessive) for line in DARK[kind])
        at = rng.randrange(len(story) // 2, len(story))
        story[at:at] = ["", passage, ""]
    name = f"{index:04d}-{title.lower().replace(' ', '-')}.txt"
    return "\n".join(head + story) + "\n", Spec(name, words, dark, declared)


def write_collection(directory: Path, count: int, seed: int = 1, sizes: list[int] | None = None) -> list[Spec]:
    """Write ``count`` works into ``directory``; ``sizes`` overrides the log-normal lengths."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    specs = []
    for index, words in enumerate(sizes or lengths(count, seed), 1):
        text, spec = work_text(index, words, rng)
        (directory / spec.name).write_text(text, encoding="utf-8")
        specs.append(spec)
    return specs
