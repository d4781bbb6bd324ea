"""The strict rule for scoring a predicted speaker against a gold character.

A prediction names the gold character when, articles and punctuation aside,

- it equals one of that character's names or aliases and no other cast member's, or
- its words include a word of that character's names that no other cast member's
  names contain (a distinctive word: "Verloc" when only Mr. Verloc is a Verloc), and
  no distinctive word of anyone else.

A word two cast members share ("Miss", "Verloc" when there is a Mrs. Verloc too, "man")
is no match, nor is a pronoun. This is the rule BookNLP's figures are comparable with:
the prediction must pick out that one character.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_ARTICLES = frozenset({"the", "a", "an"})
_PRONOUNS = frozenset(
    "i me my mine myself you your yours yourself he him his himself she her hers herself it its itself "
    "we us our ours ourselves they them their theirs themselves thee thou thy one who whom".split()
)
_TITLES = frozenset(
    "mr mrs miss ms mister madam madame monsieur mademoiselle sir lady lord dr doctor captain colonel "
    "general professor rev reverend father mother uncle aunt cousin master mistress".split()
)


def words(text: str) -> tuple[str, ...]:
    """Lower-cased words without articles: "The Queen" -> ("queen",)."""
    return tuple(w.lower() for w in _WORD.findall(text) if w.lower() not in _ARTICLES)


class Cast:
    """Every character of one text with their names, for strict matching."""

    def __init__(self, names: Mapping[str, Iterable[str]], capitalised_only: bool = False) -> None:
        """``names``: each character's names and aliases. With ``capitalised_only`` (for
        names that are really mention texts, "the old man"), only a word written with a
        capital can be distinctive; every word still counts towards sharing."""
        self.names: dict[str, set[tuple[str, ...]]] = {}
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        word_owners: dict[str, set[str]] = defaultdict(set)
        capitalised: set[str] = set()
        for who, aliases in names.items():
            forms = self.names.setdefault(who, set())
            for alias in aliases:
                form = words(alias)
                if not form or set(form) <= _PRONOUNS:
                    continue
                forms.add(form)
                owners[form].add(who)
                for w in form:
                    word_owners[w].add(who)
                capitalised.update(w.lower() for w in _WORD.findall(alias) if w[0].isupper())
        self._owners = owners
        self._distinctive = {
            w: next(iter(who))
            for w, who in word_owners.items()
            if len(who) == 1 and w not in _TITLES and w not in _PRONOUNS and (not capitalised_only or w in capitalised)
        }

    def who(self, predicted: str | None) -> str | None:
        """The one cast member ``predicted`` names, or None."""
        if not predicted:
            return None
        form = words(predicted)
        if not form:
            return None
        exact = self._owners.get(form, set())
        if len(exact) == 1:
            return next(iter(exact))
        if exact:
            return None
        named = {self._distinctive[w] for w in form if w in self._distinctive}
        return next(iter(named)) if len(named) == 1 else None

    def matches(self, predicted: str | None, gold: str) -> bool:
        return gold in self.names and self.who(predicted) == gold
