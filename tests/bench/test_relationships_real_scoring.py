"""The scoring of bench/relationships_real.py on tiny hand-made pairs (no works read)."""

from __future__ import annotations

from bench.relationships_real import Pair, declared_pairs, member_name, same_person, score_work


def test_slash_is_romantic_and_ampersand_platonic() -> None:
    pairs, groups = declared_pairs(["Alec Lightwood/Magnus Bane", "Alec Lightwood & Isabelle Lightwood"])
    assert [(p.a, p.b, p.kind) for p in pairs] == [
        ("Alec Lightwood", "Magnus Bane", "romantic"),
        ("Alec Lightwood", "Isabelle Lightwood", "platonic"),
    ]
    assert groups == 0


def test_group_tags_and_self_pairs_are_not_scored() -> None:
    pairs, groups = declared_pairs(["A & B & C", "Avengers Team & Avengers Team", "Original Characters"])
    assert (pairs, groups) == ([], 1)


def test_member_name_drops_past_disambiguator_and_alias() -> None:
    assert member_name("past Harry Truman") == "Harry Truman"
    assert member_name("Inquisitor (Dragon Age)") == "Inquisitor"
    assert member_name("Fen'Harel | Solas") == "Solas"


def test_a_given_name_alone_is_the_declared_member() -> None:
    assert same_person("Bakugou Katsuki", "Bakugou")
    assert not same_person("Bakugou Katsuki", "Kirishima")


def test_right_kind_wrong_kind_missed_and_undeclared() -> None:
    declared = [Pair("Alec Lightwood", "Magnus Bane", "romantic"), Pair("Alec", "Izzy", "platonic"), Pair("Jace", "Clary", "romantic")]
    found = [
        Pair("Magnus", "Alec", "romantic"),
        Pair("Izzy", "Alec", "romantic"),
        Pair("Simon", "Clary", "platonic"),
    ]
    score = score_work("w", declared, found)
    assert (score.declared, score.right) == (3, 1)
    assert score.wrong_kind == ["Alec & Izzy found as romantic"]
    assert score.missed == ["Jace/Clary"]
    assert score.undeclared == ["Simon & Clary"]


def test_family_counts_as_a_declared_platonic_pair() -> None:
    score = score_work("w", [Pair("Bruce Wayne", "Damian Wayne", "platonic")], [Pair("Damian Wayne", "Bruce Wayne", "family")])
    assert score.right == 1


def test_only_shown_relationships_count_read_from_their_tags() -> None:
    from bench.relationships_real import found_pairs
    from ficscope.model import Relationship

    shown = Relationship("Lavellan (Dragon Age)/Solas", "romantic", ["Fenina Lavellan", "Solas"], shown=True)
    hidden = Relationship("Cole & Solas", "platonic", ["Cole", "Solas"], shown=False)
    enemies = Relationship("Corypheus & Solas", "antagonistic", ["Corypheus", "Solas"], shown=True)
    # Members are read as declared ones are: the fandom disambiguator dropped.
    assert found_pairs([shown, hidden, enemies]) == [Pair("Lavellan", "Solas", "romantic")]
    assert len(found_pairs([shown, hidden, enemies], every=True)) == 2


def test_misses_say_why_each_declared_pair_is_missed() -> None:
    from bench.relationships_real import miss_causes
    from ficscope.model import Character, Relationship

    declared = [
        Pair("Ilse", "Marten", "romantic"),
        Pair("Ilse", "Oda", "romantic"),
        Pair("Marten", "Oda", "platonic"),
        Pair("Ilse", "Varo", "platonic"),
        Pair("Oda", "Pell", "platonic"),
    ]
    found = [
        Relationship("Ilse/Marten", "romantic", ["Ilse", "Marten"]),
        Relationship("Ilse & Oda", "platonic", ["Ilse", "Oda"]),
        Relationship("Marten & Oda", "platonic", ["Marten", "Oda"], score=1.0, shown=False),
    ]
    cast = [Character(n) for n in ("Ilse", "Marten", "Oda", "Varo")]
    causes = miss_causes(declared, found, cast, "Ilse and Marten and Oda and Varo.")
    assert [c.split(":")[0] for c in causes] == ["(b) Ilse/Oda", "(c) Marten & Oda", "(d) Ilse & Varo", "(a) Oda & Pell"]
    assert causes[-1].endswith("no character 'Pell' (not in the text)")
