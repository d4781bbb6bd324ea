"""Full-text search, AO3's include/exclude filters, sorting and facet counts."""

from __future__ import annotations

import pytest

from ficscope.errors import FilterError
from ficscope.library import Filters, Library, Sort, TriggerFilter, parse_query, parse_range
from tests.library.works import HARBOUR, OBSERVATORY, ORCHARD, story

MCD = "Major Character Death"
VIOLENCE = "Graphic Depictions Of Violence"


@pytest.fixture
def shelf(fresh_library: Library) -> Library:
    """Four works with different tags, findings and sizes."""
    fresh_library.add(story(
        "Harbour Lights", HARBOUR, authors=["saltmarsh"], rating="Teen And Up Audiences", warnings=[MCD],
        categories=["Gen"], fandoms=["Original Work"], characters=["Marten"], tags=["Winter", "Grief"],
        findings=[("trigger", "death", "referenced"), ("trigger", "sexual-assault", "referenced")],
        updated="2023-01-10",
    ))
    fresh_library.add(story(
        "Orchard Days", [ORCHARD, ORCHARD.replace("Ilse", "Ilse's sister")] , authors=["appleby"],
        rating="General Audiences", warnings=["No Archive Warnings Apply"], categories=["F/F"],
        fandoms=["Original Work"], characters=["Ilse"], tags=["Fluff"], complete=False, language="Deutsch",
        updated="2024-06-01",
    ))
    fresh_library.add(story(
        "The Dome", OBSERVATORY * 30, authors=["brightstar"], rating="Explicit",
        warnings=["Creator Chose Not To Use Archive Warnings"], categories=["M/M"], fandoms=["Original Work"],
        tags=["Angst"], findings=[("ao3", VIOLENCE, "graphic"), ("trigger", "sexual-assault", "depicted"),
                                  ("trigger", "blood", "graphic")],
        updated="2022-02-02",
    ))
    fresh_library.add(story(
        "Undeclared", HARBOUR + " " + OBSERVATORY, authors=["fernwright"], findings=[("ao3", MCD, "depicted")],
        detected_rating="Mature", detected_tags=["Angst"], published="2020-01-01",
    ))
    return fresh_library


def titles(library: Library, filters: Filters | None = None, query: str | None = None, sort: str = "title") -> list[str]:
    return [w.title or "" for w in library.search(query, filters, sort).works]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(ratings=["Explicit"]), ["The Dome"]),
        (Filters(ratings=["teen", "g"]), ["Harbour Lights", "Orchard Days"]),
        (Filters(ratings=["Mature"]), ["Undeclared"]),  # detected when none is declared
        (Filters(exclude_ratings=["Explicit", "Mature"]), ["Harbour Lights", "Orchard Days"]),
        (Filters(categories=["F/F"]), ["Orchard Days"]),
        (Filters(exclude_categories=["Gen"]), ["Orchard Days", "The Dome", "Undeclared"]),
        (Filters(fandoms=["Original Work"], tags=["Winter", "Grief"]), ["Harbour Lights"]),
        (Filters(tags=["angst"]), ["The Dome", "Undeclared"]),
        (Filters(exclude_tags=["Angst", "Fluff"]), ["Harbour Lights"]),
        (Filters(characters=["Ilse"]), ["Orchard Days"]),
        (Filters(exclude_characters=["Ilse"]), ["Harbour Lights", "The Dome", "Undeclared"]),
        (Filters(words=(0, 40)), ["Harbour Lights"]),
        (Filters(words=(57, None)), ["Orchard Days", "The Dome"]),
        (Filters(complete=False), ["Orchard Days"]),
        (Filters(complete=True), ["Harbour Lights", "The Dome", "Undeclared"]),
        (Filters(languages=["deutsch"]), ["Orchard Days"]),
        (Filters(chapters=(2, None)), ["Orchard Days"]),
    ],
)
def test_filters(shelf: Library, filters: Filters, expected: list[str]) -> None:
    assert titles(shelf, filters) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [("declared", ["Harbour Lights"]), ("detected", ["Undeclared"]), ("either", ["Harbour Lights", "Undeclared"])],
)
def test_warning_filters_read_declared_detected_or_either(shelf: Library, source: str, expected: list[str]) -> None:
    assert titles(shelf, Filters(include_warnings=[MCD], warnings_source=source)) == expected  # type: ignore[arg-type]


def test_excluding_a_warning_drops_works_declared_or_detected(shelf: Library) -> None:
    assert titles(shelf, Filters(exclude_warnings=["mcd", "violence"])) == ["Orchard Days"]
    assert titles(shelf, Filters(exclude_warnings=[MCD], warnings_source="declared")) == [
        "Orchard Days", "The Dome", "Undeclared"
    ]


@pytest.mark.parametrize(
    ("trigger", "included", "excluded"),
    [
        ("sexual-assault", ["Harbour Lights", "The Dome"], ["Orchard Days", "Undeclared"]),
        ("sexual-assault:referenced", ["Harbour Lights", "The Dome"], ["Orchard Days", "Undeclared"]),
        ("sexual-assault:depicted", ["The Dome"], ["Harbour Lights", "Orchard Days", "Undeclared"]),
        ("sexual-assault:graphic", [], ["Harbour Lights", "Orchard Days", "The Dome", "Undeclared"]),
        ("Blood:Graphic", ["The Dome"], ["Harbour Lights", "Orchard Days", "Undeclared"]),
    ],
)
def test_trigger_severity_means_that_or_worse(shelf: Library, trigger: str, included: list[str], excluded: list[str]) -> None:
    assert titles(shelf, Filters(include_triggers=[trigger])) == included
    assert titles(shelf, Filters(exclude_triggers=[trigger])) == excluded


def test_includes_of_one_kind_must_all_match(shelf: Library) -> None:
    both = Filters(include_triggers=["death", "sexual-assault"])
    assert titles(shelf, both) == ["Harbour Lights"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.TITLE, ["Harbour Lights", "Orchard Days", "The Dome", "Undeclared"]),
        (Sort.AUTHOR, ["Orchard Days", "The Dome", "Undeclared", "Harbour Lights"]),
        (Sort.WORDS, ["The Dome", "Orchard Days", "Undeclared", "Harbour Lights"]),
        (Sort.DATE_ADDED, ["Undeclared", "The Dome", "Orchard Days", "Harbour Lights"]),
        (Sort.DATE_UPDATED, ["Orchard Days", "Harbour Lights", "The Dome", "Undeclared"]),
    ],
)
def test_sorts(shelf: Library, sort: Sort, expected: list[str]) -> None:
    assert titles(shelf, sort=sort.value) == expected


def test_full_text_finds_words_in_the_story_with_a_snippet(shelf: Library) -> None:
    results = shelf.search("telescope")
    assert [w.title for w in results.works] == ["The Dome", "Undeclared"]  # more hits rank first
    snippet = results.works[0].snippet
    assert snippet is not None
    assert [p.text for p in snippet if p.hit] == ["telescope"] * len([p for p in snippet if p.hit])
    assert "drift of old snow" in "".join(p.text for p in snippet)


def test_all_words_must_appear_and_phrases_stay_whole(shelf: Library) -> None:
    assert titles(shelf, query="ferry telescope") == ["Undeclared"]
    assert titles(shelf, query='"harbour lights"') == ["Harbour Lights", "Undeclared"]
    assert titles(shelf, query='"lights harbour"') == []


def test_query_and_filters_combine(shelf: Library) -> None:
    assert titles(shelf, Filters(ratings=["Explicit"]), "telescope") == ["The Dome"]


def test_without_a_query_best_match_falls_back_to_date_added(shelf: Library) -> None:
    assert titles(shelf, sort="best-match") == ["Undeclared", "The Dome", "Orchard Days", "Harbour Lights"]


@pytest.mark.parametrize(
    "nasty",
    ['"', '""', 'ferry"', "ferry AND", "AND", "OR NOT", "NEAR(ferry", "*", "ferr*", "(", ")", "ferry)",
     "title:ferry", "^ferry", "ferry - crates", "{ferry}", "'", "\\", "ferry;DROP TABLE works", "\u201cferry\u201d", "\x00"],
)
def test_user_text_can_never_break_the_query(shelf: Library, nasty: str) -> None:
    results = shelf.search(nasty)
    assert results.total == len(results.works)


def test_operators_are_searched_as_words(shelf: Library) -> None:
    assert titles(shelf, query="ferry OR telescope") == []  # "or" is a word to find, and no story has it
    assert titles(shelf, query="ferr*") == []  # '*' is no wildcard, and "ferr" is no word of any story


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("words>100", ["The Dome"]),
        ("words<100", ["Harbour Lights", "Orchard Days", "Undeclared"]),
        ("words:20-40", ["Harbour Lights"]),
        ("telescope words>100", ["The Dome"]),
        ("words>=1 words<=57", ["Harbour Lights", "Undeclared"]),
        ("chapters>1", ["Orchard Days"]),
    ],
)
def test_range_terms_in_the_query(shelf: Library, query: str, expected: list[str]) -> None:
    assert titles(shelf, query=query) == expected


def test_contradicting_ranges_find_nothing(shelf: Library) -> None:
    assert shelf.search("words>100", Filters(words=(None, 50))).total == 0


def test_pages_count_every_match(shelf: Library) -> None:
    page = shelf.list(sort="title", limit=2, offset=1)
    assert page.total == 4
    assert [w.title for w in page.works] == ["Orchard Days", "The Dome"]


def test_results_carry_the_tags_for_a_list_view(shelf: Library) -> None:
    dome = shelf.search("telescope", sort="title").works[0]
    assert dome.rating == "Explicit" and dome.categories == ["M/M"]
    assert [(w.label, w.source, w.severity) for w in dome.warnings] == [
        ("Creator Chose Not To Use Archive Warnings", "declared", None),
        (VIOLENCE, "detected", "graphic"),
    ]
    assert [(t.label, t.severity) for t in dome.triggers] == [("blood", "graphic"), ("sexual-assault", "depicted")]
    assert dome.as_dict()["snippet"][0].keys() == {"text", "hit"}


def test_facets_count_the_matching_works(shelf: Library) -> None:
    facets = shelf.facets()
    assert {f.name: f.count for f in facets["tag"]} == {"Angst": 2, "Fluff": 1, "Winter": 1, "Grief": 1}
    assert facets["tag"][0].name == "Angst"
    assert {f.name: f.count for f in facets["trigger"]} == {"sexual-assault": 2, "death": 1, "blood": 1}
    assert {f.name: f.count for f in facets["warning"]}[MCD] == 2
    narrowed = shelf.facets(Filters(exclude_tags=["Angst"]), query="ferry")
    assert {f.name: f.count for f in narrowed["rating"]} == {"Teen And Up Audiences": 1}
    assert {f.name: f.count for f in shelf.facets(Filters(warnings_source="declared"))["warning"]}[MCD] == 1
    assert {f.name: f.count for f in facets["language"]} == {"English": 3, "Deutsch": 1}


def _counted_as_live(library: Library) -> None:
    """The whole library's facets (kept in step by writes) equal a count made now."""
    assert library.facets() == library._matching_facets(Filters(), None, None, complement=False)
    assert library.facets(limit=2) == library._matching_facets(Filters(), None, 2, complement=False)


@pytest.mark.parametrize(
    ("filters", "query"),
    [
        (Filters(exclude_tags=["Fluff"]), None),
        (Filters(exclude_triggers=["sexual-assault:depicted"]), "ferry"),
        (Filters(ratings=["Explicit"]), None),
        (Filters(languages=["English"], complete=True), None),
        (Filters(), "the"),
    ],
)
def test_facets_of_most_works_count_the_rest_and_subtract(shelf: Library, filters: Filters, query: str | None) -> None:
    direct = shelf._matching_facets(filters, parse_query(query).match, None, complement=False)
    assert shelf._matching_facets(filters, parse_query(query).match, None, complement=True) == direct
    assert shelf.facets(filters, query) == direct


def test_whole_library_facets_stay_in_step_with_every_write(shelf: Library) -> None:
    _counted_as_live(shelf)
    revised = story("Harbour Lights", ORCHARD, authors=["saltmarsh"], rating="Mature", tags=["Rewritten"],
                    findings=[("trigger", "abuse", "depicted")], language="Français")
    assert shelf.add(revised).status == "new-version"
    _counted_as_live(shelf)
    assert {f.name for f in shelf.facets()["tag"]} >= {"Rewritten"} and "Winter" not in {
        f.name for f in shelf.facets()["tag"]}
    shelf.remove(1, version=2)  # the first version is current again
    _counted_as_live(shelf)
    assert "Winter" in {f.name for f in shelf.facets()["tag"]}
    shelf.remove(3)
    _counted_as_live(shelf)
    assert "Explicit" not in {f.name for f in shelf.facets()["rating"]}
    shelf.reindex()
    _counted_as_live(shelf)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: parse_range("abc"), "'abc' is not a number"),
        (lambda: parse_range("5000-1000"), "minimum is larger"),
        (lambda: parse_range("-"), "MIN-MAX"),
        (lambda: TriggerFilter.parse("nonsense:worse"), "unknown label 'nonsense'"),
        (lambda: TriggerFilter.parse("violence:worse"), "unknown severity 'worse'"),
        (lambda: Filters(ratings=["PG-13"]), "not an AO3 rating"),
        (lambda: Filters(include_warnings=["spiders"]), "not an AO3 warning"),
        (lambda: Filters(categories=["M/F"]), "not an AO3 category"),
        (lambda: Filters(warnings_source="maybe"), "warnings source"),  # type: ignore[arg-type]
        (lambda: parse_query("words>lots"), "'lots' is not a number"),
        (lambda: parse_query("words:"), "range term"),
    ],
)
def test_malformed_filters_say_what_was_expected(make: object, message: str) -> None:
    with pytest.raises(FilterError, match=message) as caught:
        make()  # type: ignore[operator]
    assert "\n" not in str(caught.value) and str(caught.value).endswith("[E404]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1000-5000", (1000, 5000)), ("1,000-5,000", (1000, 5000)), ("10k-", (10000, None)), ("-5000", (None, 5000)),
     (">5000", (5001, None)), ("<1000", (None, 999)), (">=5k", (5000, None)), ("2000", (2000, 2000)),
     ("1000 \u2013 2000", (1000, 2000)), ("1.5k-2k", (1500, 2000))],
)
def test_word_ranges(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_range(text) == expected


def test_query_words_are_quoted_and_range_terms_taken_out() -> None:
    parsed = parse_query('lamp "the sea" words>5000 NEAR( x*')
    assert parsed.match == '"lamp" "the sea" "NEAR(" "x*"'
    assert parsed.words == (5001, None)
    assert parse_query("   ").match is None
