"""Generated works for benchmarks: prose with named characters, dialogue, tags and breaks.

Deterministic for a seed. The sentences are built from templates and a small word
list, so they read like narration to the analysers without being anyone's text.
"""

from __future__ import annotations

import random

PEOPLE = [("Wren", "she"), ("Tomas", "he"), ("Ada", "she"), ("Bram", "he"), ("Iris", "she"), ("Jake", "he")]
VERBS = "looked turned waited smiled nodded laughed sighed walked stood watched climbed counted".split()
THINGS = "the lamp|the stairs|the harbour|the boats|the blanket|the window|the door|the sea|the road|the letter".split("|")
ADVERBS = "slowly|quietly|at last|again|without a word|for a long time|once more".split("|")
SAID = "said asked replied whispered muttered snapped called".split()
LINES = [
    "You should have woken me",
    "Go back to bed",
    "The boats are all in",
    "I counted them twice",
    "Then count them again",
    "We could leave in the morning",
    "Nobody is leaving",
    "Did you hear that",
]


def sentence(rng: random.Random, names: list[tuple[str, str]]) -> str:
    name, pronoun = rng.choice(names)
    kind = rng.random()
    if kind < 0.35:
        other = rng.choice([n for n in names if n[0] != name])[0]
        line = rng.choice(LINES)
        if rng.random() < 0.5:
            return f"\u201c{line}, {other},\u201d {name} {rng.choice(SAID)}."
        return f"\u201c{line},\u201d {pronoun} {rng.choice(SAID)}."
    if kind < 0.7:
        return f"{name} {rng.choice(VERBS)} at {rng.choice(THINGS)} {rng.choice(ADVERBS)}."
    subject = pronoun.capitalize()
    return f"{subject} {rng.choice(VERBS)} {rng.choice(ADVERBS)}, and {rng.choice(THINGS)} was still there when {name} {rng.choice(VERBS)}."


def pasted_work(words: int, seed: int = 7) -> str:
    """A pasted work of about ``words`` words: title, note, chapters, POV headers, scene breaks."""
    rng = random.Random(seed)
    out = ["The Long Watch", "", "A/N: Set after the storm. Thank you for reading!", ""]
    count = 0
    chapter = 0
    while count < words:
        chapter += 1
        cast = rng.sample(PEOPLE, 3)
        out += [f"Chapter {chapter}: Part {chapter}", "", "Chapter Text", "", f"{cast[0][0]}'s POV", ""]
        for _ in range(rng.randint(30, 60)):
            paragraph = " ".join(sentence(rng, cast) for _ in range(rng.randint(1, 4)))
            out += [paragraph, ""]
            count += len(paragraph.split())
            if rng.random() < 0.03:
                out += [rng.choice(["* * *", "~~~", "o0o"]), ""]
    return "\n".join(out)
