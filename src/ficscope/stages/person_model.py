"""The learned test of whether a candidate name is a person of the story.

A logistic regression over ``characters_features.FEATURES``: the weights are
``knowledge/models/characters.json``, fitted by ``train/characters.py`` on PDNC's
training novels (``characters.provenance.json`` beside it says on what, and how well).
A candidate is a person when its probability reaches the model's threshold for a name
mentioned as often.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import FicscopeError
from ._model_file import read_model
from .characters_features import FEATURES

FORMAT = "ficscope-person-model"
FORMAT_VERSION = 1
MODEL_FILE = ("knowledge", "models", "characters.json")
# Names with this many mentions or more are judged against ``threshold``, rarer ones
# against ``threshold_rare``: the text says less of them.
FREQUENT = 5


class PersonModelError(FicscopeError):
    """The shipped person model is missing or does not fit this ficscope."""


@dataclass(frozen=True, slots=True)
class PersonModel:
    weights: tuple[float, ...]
    threshold: float
    threshold_rare: float

    def probability(self, values: Sequence[float]) -> float:
        score = sum(w * v for w, v in zip(self.weights, values))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def threshold_for(self, mentions: int) -> float:
        return self.threshold if mentions >= FREQUENT else self.threshold_rare


def from_json(data: dict[str, object], source: str) -> PersonModel:
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise PersonModelError(f"{source}: not a version {FORMAT_VERSION} ficscope person model")
    weights = data.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(FEATURES):
        raise PersonModelError(f"{source}: its features do not match this ficscope's ({len(FEATURES)} expected)")
    thresholds = [data.get("threshold"), data.get("threshold_rare")]
    for threshold in thresholds:
        if not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
            raise PersonModelError(f"{source}: threshold and threshold_rare must be numbers between 0 and 1")
    return PersonModel(tuple(float(weights[f]) for f in FEATURES), float(thresholds[0]), float(thresholds[1]))


@lru_cache(maxsize=1)
def load() -> PersonModel:
    """The shipped model."""
    return from_json(*read_model(MODEL_FILE, "person model", PersonModelError))
