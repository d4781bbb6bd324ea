"""The folded form names and relationship tags are compared in."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DISAMBIGUATOR = re.compile(r"\s+\([^()]+\)$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
_AROUND_SLASH = re.compile(r"\s*/\s*")
_AROUND_AMPERSAND = re.compile(r"\s*&\s*")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The form names are compared in: NFKC, casefolded, one space between words."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return " ".join(text.casefold().split())


def fold_tag(tag: str) -> str:
    """``fold`` for relationship tags: also ignores spaces around "/" and "&"."""
    folded = _AROUND_SLASH.sub("/", fold(tag))
    return _AROUND_AMPERSAND.sub(" & ", folded)


def without_disambiguator(name: str) -> str:
    """AO3's name without its trailing fandom disambiguator: "Thor (Marvel)" -> "Thor"."""
    return _DISAMBIGUATOR.sub("", name)


def _tag_members(tag: str) -> tuple[str, list[str]]:
    """Split a relationship tag into its separator ("/" or "&") and member names."""
    separator = "/" if "/" in tag else "&"
    return separator, [part.strip() for part in tag.split(separator)]
