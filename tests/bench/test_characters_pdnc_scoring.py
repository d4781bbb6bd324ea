"""The scoring of bench/characters_pdnc.py on tiny hand-made casts (no PDNC, no spaCy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.characters_pdnc import CastMember, Listed, form, forms, read_cast, score_novel

CAST = [
    CastMember("Elizabeth Bennet", forms(["Elizabeth Bennet", "Lizzy", "Miss Elizabeth"]), "major"),
    CastMember("Mr. Bennet", forms(["Mr. Bennet", "Bennet"]), "major"),
    CastMember("Mrs. Bennet", forms(["Mrs. Bennet", "Bennet"]), "intermediate"),
    CastMember("Mr. Collins", forms(["Mr. Collins"]), "minor"),
]


def listed(name: str, mentions: int, *aliases: str) -> Listed:
    return Listed(name, forms([name, *aliases]), mentions)


def test_form_drops_full_stops_case_and_curly_apostrophes() -> None:
    assert form("Mr. D\u2019Arcy") == form("mr d'arcy") == "mr d'arcy"


def test_a_character_of_exactly_one_cast_member_is_precise() -> None:
    score = score_novel("n", [listed("Elizabeth", 9, "Lizzy"), listed("Mr Bennet", 6)], CAST)
    assert (score.listed, score.exact) == (2, 2)


def test_a_character_matching_several_members_or_none_is_wrong() -> None:
    score = score_novel("n", [listed("Bennet", 20), listed("Longbourn", 8)], CAST)
    assert score.exact == 0
    assert [c.name for c in score.none] == ["Longbourn"]
    assert score.several[0][1] == ["Mr. Bennet", "Mrs. Bennet"]


def test_precision_counts_only_characters_with_enough_mentions() -> None:
    score = score_novel("n", [listed("Longbourn", 4), listed("Lizzy", 5)], CAST, min_mentions=5)
    assert (score.listed, score.exact, score.none) == (1, 1, [])


def test_recall_counts_major_and_intermediate_members_found_alone() -> None:
    score = score_novel("n", [listed("Lizzy", 1), listed("Bennet", 30), listed("Mr. Collins", 9)], CAST)
    assert (score.cast, score.found) == (3, 1)
    assert score.missed == ["Mr. Bennet", "Mrs. Bennet"]


def test_a_member_listed_twice_is_a_split() -> None:
    score = score_novel("n", [listed("Lizzy", 7), listed("Elizabeth Bennet", 7)], CAST)
    assert (score.found, score.splits) == (1, 1)


def test_read_cast_reads_pdnc_aliases(tmp_path: Path) -> None:
    path = tmp_path / "character_info.csv"
    path.write_text(
        'Character ID,Main Name,Aliases,Gender,Category\n0,Emma,"{\'Emma\', \'Miss Woodhouse\'}",F,major\n',
        encoding="utf-8",
    )
    [member] = read_cast(path)
    assert member.forms == {"emma", "miss woodhouse"} and member.category == "major"


def test_read_cast_names_the_file_of_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "character_info.csv"
    path.write_text("Character ID,Main Name,Aliases,Gender,Category\n0,Emma,{'Emma',F,major\n", encoding="utf-8")
    with pytest.raises(ValueError, match="character_info.csv"):
        read_cast(path)


def test_the_first_dev_cast_reads_when_pdnc_is_there() -> None:
    data = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pdnc"
    if not (data / "Emma" / "character_info.csv").is_file():
        pytest.skip("PDNC is not beside the repository")
    cast = read_cast(data / "Emma" / "character_info.csv")
    assert any(m.category == "major" and "emma woodhouse" in m.forms for m in cast)


def test_named_precision_leaves_out_unnamed_people() -> None:
    unnamed = Listed("the old lady", forms(["the old lady"]), 12, named=False)
    score = score_novel("n", [unnamed, listed("Lizzy", 6), listed("Netherfield", 6)], CAST)
    assert (score.listed, score.exact, score.named_listed, score.named_exact) == (3, 1, 2, 1)


def test_a_character_a_fandom_pack_named_is_shown() -> None:
    eleven = Listed("Eleven", forms(["Eleven", "Jane"]), 40, fandom="Stranger Things")
    score = score_novel("n", [eleven, listed("Lizzy", 6)], CAST)
    assert score.pack_named == ["Eleven (Stranger Things)"]
