"""The table of names and short names is sound: every short name leads to AO3's spelling."""

from __future__ import annotations

from ficscope.aliases import CANONICAL, canonical, vocabulary


def test_every_short_name_names_one_of_ao3s_own() -> None:
    for kind, names in CANONICAL.items():
        table = vocabulary(kind)  # type: ignore[arg-type]
        assert set(table.values()) <= set(names), kind
        assert all(canonical(kind, name) == name for name in names)  # type: ignore[arg-type]


def test_short_names_are_read_in_any_case_and_spacing() -> None:
    assert canonical("rating", "  TEEN  and Up ") == "Teen And Up Audiences"
    assert canonical("warning", "MCD") == "Major Character Death"
    assert canonical("rating", "Tweenie") is None
