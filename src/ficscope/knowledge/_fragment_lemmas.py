"""``~lemma`` in a cue fragment: every inflection of the word ("~pour" matches pour,
pours, poured, pouring), so a cue is written once for any tense or person. Regular
forms come from spelling rules; irregular ones from ``inflections`` in context.json."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import cast

from ._files import _section

LEMMA = re.compile(r"~([a-z][a-z\-]*)")
_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=1)
def _irregular() -> Mapping[str, tuple[str, ...]]:
    table = cast(dict[str, list[str]], _section("context.json", "inflections"))
    return MappingProxyType({lemma: tuple(forms) for lemma, forms in table.items()})


def inflections(lemma: str) -> list[str]:
    """The forms a lemma takes as a verb or a noun, longest first. Spelling rules may
    add a form English does not use ("stabed"): it never matches, so it costs nothing."""
    forms = {lemma, *_irregular().get(lemma, ())}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("ie"):
        forms |= {lemma + "s", lemma + "d", lemma[:-2] + "ying"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing", lemma + "ing"}
    elif lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if len(lemma) > 2 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS:
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return sorted(forms, key=lambda f: (-len(f), f))


def expand_lemmas(fragment: str) -> str:
    """A fragment with each ``~lemma`` replaced by the alternation of its forms."""
    if "~" not in fragment:
        return fragment
    return LEMMA.sub(lambda m: "(?:" + "|".join(inflections(m.group(1))) + ")", fragment)
