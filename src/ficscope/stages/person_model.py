"""The learned test of whether a candidate name is a person of the story.

A logistic regression over ``characters_features.FEATURES``: the weights are
``knowledge/models/characters.json``, fitted by ``train/characters.py`` on PDNC's
training novels (``characters.provenance.json`` beside it says on what, and how well).
A candidate is a person when its probability reaches the model's threshold.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import FicscopeError
from .characters_features import FEATURES

FORMAT = "ficscope-person-model"
FORMAT_VERSION = 1
MODEL_FILE = ("knowledge", "models", "characters.json")


class PersonModelError(FicscopeError):
    """The shipped person model is missing or does not fit this ficscope."""


@dataclass(frozen=True, slots=True)
class PersonModel:
    weights: tuple[float, ...]
    threshold: float

    def probability(self, values: Sequence[float]) -> float:
        score = sum(w * v for w, v in zip(self.weights, values))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def is_person(self, values: Sequence[float]) -> bool:
        return self.probability(values) >= self.threshold


def from_json(data: dict[str, object], source: str) -> PersonModel:
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise PersonModelError(f"{source}: not a version {FORMAT_VERSION} ficscope person model")
    weights = data.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(FEATURES):
        raise PersonModelError(f"{source}: its features do not match this ficscope's ({len(FEATURES)} expected)")
    threshold = data.get("threshold")
    if not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise PersonModelError(f"{source}: threshold must be a number between 0 and 1")
    return PersonModel(tuple(float(weights[f]) for f in FEATURES), float(threshold))


@lru_cache(maxsize=1)
def load() -> PersonModel:
    """The shipped model."""
    path = resources.files("ficscope").joinpath(*MODEL_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PersonModelError(f"{path}: cannot read the person model ({error})") from None
    return from_json(data, str(path))
