"""The PDNC bench's scoring: speakers by the strict rule, addressees among the gold ones."""

from __future__ import annotations

from bench.pdnc import GoldQuotation, Novel
from bench.quotes_pdnc import tally


def _novel() -> Novel:
    quotations = [
        GoldQuotation("Q1", ((0, 5),), "Hester Vale", ("Owen Marsh",), "Explicit"),
        GoldQuotation("Q2", ((10, 15),), "Owen Marsh", ("Hester Vale", "Ada Vale"), "Implicit"),
        GoldQuotation("Q3", ((20, 25),), "Owen Marsh", (), "Anaphoric"),
    ]
    cast = {"Hester Vale": ("Hester Vale", "Hester"), "Owen Marsh": ("Owen Marsh", "Owen"), "Ada Vale": ("Ada Vale", "Ada")}
    return Novel("Test", "dev", 3, " " * 30, quotations, cast, {})


def test_addressee_is_right_when_it_names_any_gold_addressee() -> None:
    result = tally(_novel(), [("Hester", "Owen"), ("Owen", "Ada"), ("Owen", None)])
    assert (result.addressed, result.addressee_right) == (2, 2)
    assert sum(result.right.values()) == 3


def test_a_shared_surname_names_no_addressee_and_no_speaker() -> None:
    result = tally(_novel(), [("Vale", "Vale"), (None, "Hester"), ("Owen", "Hester")])
    assert (result.addressed, result.addressee_right) == (2, 1)
    assert sum(result.right.values()) == 1
    assert sum(result.unattributed.values()) == 1
