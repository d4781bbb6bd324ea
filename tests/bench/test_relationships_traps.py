"""The trap set's held-out half is frozen and both halves read."""

from __future__ import annotations

import hashlib

from bench import relationships_traps


def _bench():
    return relationships_traps


def test_the_held_out_set_is_the_one_frozen_by_its_hash() -> None:
    bench = _bench()
    raw = (bench.DATA / "heldout.jsonl").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == bench.HELDOUT_SHA256


def test_both_halves_load_with_their_pairs_and_kinds() -> None:
    bench = _bench()
    for split in ("dev", "heldout"):
        cases = bench.load(split)
        assert len(cases) >= 30
        kinds = {kind for case in cases for _, kind in case.pairs}
        assert kinds == {"romantic", "platonic", "family", "antagonistic"}
        assert any(not case.pairs for case in cases)  # passages where no pair holds
    assert not {c.id for c in bench.load("dev")} & {c.id for c in bench.load("heldout")}
