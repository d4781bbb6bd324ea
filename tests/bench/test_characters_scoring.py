"""The scoring of bench/characters_litbank.py on tiny hand-made inputs (no LitBank, no spaCy)."""

from __future__ import annotations

import pytest

from bench.characters_litbank import (
    align,
    name_form,
    prf,
    score_characters,
    score_mentions,
    score_merges,
)
from bench.litbank import Entity
from ficscope.model import Mention

TEXT = (
    "Elizabeth Bennet walked in. Mr. Bennet smiled. Mrs. Bennet cried. Lizzy laughed. "
    "Elizabeth sat. Mr. Bennet read. Mrs. Bennet sighed. They went to London."
)


def _spans(word: str) -> list[tuple[int, int]]:
    out, at = [], TEXT.find(word)
    while at >= 0:
        out.append((at, at + len(word)))
        at = TEXT.find(word, at + 1)
    return out


def _mentions_of(words: dict[str, str], kind: str) -> list:
    """Every occurrence of each word, as gold entities (value: cluster) or predictions (value: character)."""
    out = []
    for word, label in words.items():
        for start, end in _spans(word):
            if kind == "gold":
                out.append(Entity(start, end, word, label))
            else:
                out.append(Mention(1, start, end, word, label))
    out.sort(key=lambda m: m.start)
    return out


@pytest.fixture
def gold() -> list[Entity]:
    """Elizabeth (cluster 1): "Elizabeth Bennet", "Lizzy", "Elizabeth"; Mr. Bennet (2) and Mrs. Bennet (3) twice each."""
    entities = _mentions_of({"Elizabeth Bennet": 1, "Lizzy": 1, "Mr. Bennet": 2, "Mrs. Bennet": 3}, "gold")
    start = TEXT.find("Elizabeth sat")
    entities.append(Entity(start, start + len("Elizabeth"), "Elizabeth", 1))
    return sorted(entities, key=lambda e: e.start)


def _predicted(labels: dict[str, str]) -> list[Mention]:
    mentions = _mentions_of({w: c for w, c in labels.items() if w != "Elizabeth"}, "predicted")
    if "Elizabeth" in labels:
        start = TEXT.find("Elizabeth sat")
        mentions.append(Mention(1, start, start + len("Elizabeth"), "Elizabeth", labels["Elizabeth"]))
    return sorted(mentions, key=lambda m: m.start)


PERFECT = {
    "Elizabeth Bennet": "Elizabeth Bennet",
    "Lizzy": "Elizabeth Bennet",
    "Elizabeth": "Elizabeth Bennet",
    "Mr. Bennet": "Mr. Bennet",
    "Mrs. Bennet": "Mrs. Bennet",
}


def test_a_perfect_prediction_scores_one_everywhere(gold: list[Entity]) -> None:
    predicted = _predicted(PERFECT)
    chars = score_characters(predicted, gold, main_min=2)
    assert (chars.predicted, chars.matched, chars.splits, chars.false) == (3, 3, 0, 0)
    assert prf(chars.matched, chars.predicted, chars.gold_matched, chars.gold) == (1.0, 1.0, 1.0)
    # main: clusters with >= 2 proper-name mentions (all three here), predicted characters with >= 2 mentions
    assert (chars.main_gold, chars.main_gold_matched, chars.main_predicted, chars.main_predicted_matched) == (3, 3, 3, 3)
    merges = score_merges(predicted, gold)
    assert merges.predicted == merges.gold == {
        frozenset({"elizabeth bennet", "lizzy"}),
        frozenset({"elizabeth bennet", "elizabeth"}),
        frozenset({"elizabeth", "lizzy"}),
    }
    assert prf(merges.right, len(merges.predicted), merges.right, len(merges.gold)) == (1.0, 1.0, 1.0)
    assert score_mentions(predicted, gold) == (7, 7, 7, 7)


def test_a_split_cluster_is_counted_once_as_a_match_and_once_as_a_split(gold: list[Entity]) -> None:
    labels = dict(PERFECT, Lizzy="Lizzy")  # Lizzy on her own
    predicted = _predicted(labels)
    chars = score_characters(predicted, gold, main_min=2)
    assert (chars.predicted, chars.matched, chars.splits, chars.false) == (4, 3, 1, 0)
    assert chars.status["Elizabeth Bennet"] == ("matched", 1)  # more mentions of cluster 1 than "Lizzy"
    assert chars.status["Lizzy"] == ("split", 1)
    p, r, _ = prf(chars.matched, chars.predicted, chars.gold_matched, chars.gold)
    assert p == pytest.approx(3 / 4) and r == 1.0  # the split costs precision, not recall
    merges = score_merges(predicted, gold)
    assert merges.right == len(merges.predicted) == 1  # "elizabeth" + "elizabeth bennet" only
    assert len(merges.gold) == 3  # merge recall 1/3: the pairs with "lizzy" are missing


def test_when_a_split_takes_the_larger_share_the_smaller_is_the_split(gold: list[Entity]) -> None:
    labels = dict(PERFECT, **{"Elizabeth Bennet": "Lizzy", "Lizzy": "Lizzy"})
    chars = score_characters(_predicted(labels), gold)
    assert chars.status["Lizzy"] == ("matched", 1)
    assert chars.status["Elizabeth Bennet"] == ("split", 1)


def test_a_wrong_merge_lowers_merge_precision_and_loses_a_character(gold: list[Entity]) -> None:
    labels = dict(PERFECT, **{"Mrs. Bennet": "Mr. Bennet"})  # husband and wife as one
    predicted = _predicted(labels)
    merges = score_merges(predicted, gold)
    assert frozenset({"mr. bennet", "mrs. bennet"}) in merges.predicted - merges.gold
    p, r, _ = prf(merges.right, len(merges.predicted), merges.right, len(merges.gold))
    assert p == pytest.approx(3 / 4) and r == 1.0
    chars = score_characters(predicted, gold, main_min=2)
    assert (chars.predicted, chars.matched, chars.gold, chars.gold_matched) == (2, 2, 3, 2)
    assert chars.status["Mr. Bennet"] == ("matched", 2)  # two mentions each: the cluster named first wins
    assert chars.missed == [3]


def test_a_character_that_overlaps_no_gold_name_is_false(gold: list[Entity]) -> None:
    predicted = _predicted(dict(PERFECT, London="London"))
    chars = score_characters(predicted, gold, main_min=2)
    assert chars.status["London"] == ("false", None)
    assert (chars.predicted, chars.matched, chars.false) == (4, 3, 1)
    assert chars.main_predicted == 3  # London, named once, is not a main prediction
    right, n_predicted, found, n_gold = score_mentions(predicted, gold)
    assert (right, n_predicted, found, n_gold) == (7, 8, 7, 7)


def test_a_character_matches_the_cluster_most_of_its_mentions_belong_to(gold: list[Entity]) -> None:
    # "Elizabeth Bennet" holds both Elizabeth mentions and one "Mrs. Bennet": it matches cluster 1.
    predicted = _predicted(PERFECT)
    first_mrs = next(m for m in predicted if m.text == "Mrs. Bennet")
    predicted = [Mention(1, m.start, m.end, m.text, "Elizabeth Bennet") if m is first_mrs else m for m in predicted]
    chars = score_characters(predicted, gold)
    assert chars.status["Elizabeth Bennet"] == ("matched", 1)
    assert chars.status["Mrs. Bennet"] == ("matched", 3)


def test_characters_without_mentions_count_as_false_predictions(gold: list[Entity]) -> None:
    chars = score_characters(_predicted(PERFECT), gold, names=["Nobody"])
    assert chars.predicted == 4 and chars.status["Nobody"] == ("false", None)


def test_gold_pairs_keep_only_forms_ficscope_found(gold: list[Entity]) -> None:
    labels = {k: v for k, v in PERFECT.items() if k != "Lizzy"}  # "Lizzy" never found
    merges = score_merges(_predicted(labels), gold)
    assert merges.gold == {frozenset({"elizabeth", "elizabeth bennet"})}
    assert merges.right == 1


def test_a_mention_belongs_to_the_gold_mention_it_overlaps_most() -> None:
    gold = [Entity(0, 10, "Anne Brown", 1), Entity(11, 16, "Smith", 2)]
    predicted = [Mention(1, 2, 13, "ne Brown Sm", "x"), Mention(1, 20, 25, "Jones", "y")]
    assert align(predicted, gold) == [0, None]
    # 5 characters of "Brown" against 5 of "Smith": a tie goes to the shorter, tighter gold mention
    assert align([Mention(1, 5, 16, "Brown Smith", "x")], gold) == [1]


def test_name_forms_fold_case_quotes_and_a_leading_the() -> None:
    assert name_form("The  White\nRabbit") == "white rabbit"
    assert name_form("Lynde\u2019s") == name_form("lynde's")
    assert name_form("Theodore") == "theodore"


def test_prf_with_nothing_predicted_or_nothing_gold() -> None:
    assert prf(0, 0, 0, 0) == (0.0, 0.0, 0.0)


def test_a_name_not_found_drops_out_of_merge_gold_but_not_out_of_every_form_gold(gold: list[Entity]) -> None:
    labels = {k: v for k, v in PERFECT.items() if k != "Lizzy"}  # "Lizzy" never found
    merges = score_merges(_predicted(labels), gold)
    assert merges.gold == {frozenset({"elizabeth bennet", "elizabeth"})}  # found-forms gold: recall looks perfect
    assert len(merges.gold_all) == 3  # every-form gold keeps the two pairs with "lizzy"
    assert len(merges.predicted & merges.gold_all) == 1
