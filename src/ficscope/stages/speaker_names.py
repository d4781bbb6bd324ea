"""Names the mentions missed, found again for the speakers stage.

The characters stage finds a character's mentions, but not every one: in a long novel
a surname in a tag or a beat ("growled Sikes", "Syme smiled") is often left out. A
pronoun then looks back past it to someone else, and the line's candidates lack the
person on stage. ``missed`` finds each written form of a name the mentions use
elsewhere wherever it appears without a mention, as the character that form most often
means.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from ..model import Mention

# A form that means one character this much more often than all others together is theirs.
MAJORITY = 2
_SENTENCE_START = re.compile(r"(?:[.!?\u2026:;\"\u201c\u2018(\n]|--|\u2014)\s*$")


def missed(text: str, chapter: int, mentions: list[Mention]) -> list[Mention]:
    """Mentions of the names ``mentions`` use, where the text has them and the mentions
    do not. A form that is also a common word ("May", "Will") is left alone where a
    sentence starts with it."""
    counts: dict[str, Counter[str]] = {}
    for m in mentions:
        form = " ".join(m.text.split())
        if len(form) >= 3 and form[0].isupper() and not form.startswith(("The ", "A ")):
            counts.setdefault(form, Counter())[m.character] += 1
    owner: dict[str, str] = {}
    for form, who in counts.items():
        (best, n), *rest = who.most_common()
        if n > MAJORITY * sum(k for _, k in rest):
            owner[form] = best
    if not owner:
        return []
    forms = sorted(owner, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w'\u2019-])(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + r")(?![\w'\u2019-])")
    also_words = {f for f in forms if " " not in f and re.search(rf"(?<![\w'\u2019-]){re.escape(f.lower())}(?![\w'\u2019-])", text)}
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in spans]
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        i = bisect_right(starts, end - 1) - 1
        if i >= 0 and spans[i][1] > start:
            continue  # a mention already covers it
        form = " ".join(match.group(0).split())
        if form in also_words and (start == 0 or _SENTENCE_START.search(text, max(0, start - 3), start)):
            continue
        found.append(Mention(chapter, start, end, match.group(0), owner[form]))
    return found
