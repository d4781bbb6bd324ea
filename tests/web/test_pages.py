"""The pages a reader uses: the library with its filters, a work, a chapter, uploads."""

from __future__ import annotations

import re

import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml.html import HtmlElement

from ficscope.web import CONTENT_SECURITY_POLICY
from tests.library.works import HARBOUR, OBSERVATORY
from tests.web.shelf import BEATING, HOSTILE, form_token


def _page(html: str) -> HtmlElement:
    return lxml.html.document_fromstring(html)


def _titles(client: TestClient, query: str = "") -> list[str]:
    response = client.get("/" + query)
    assert response.status_code == 200, response.text
    return [a.text_content() for a in _page(response.text).xpath("//li[@class='blurb']/h2/a")]


def _visible_text(html: str) -> str:
    """What a reader sees without opening anything: closed <details> show only their <summary>."""
    page = _page(html)
    for details in page.xpath("//details[not(@open)]"):
        for child in list(details):
            if child.tag != "summary":
                details.remove(child)
    return " ".join(page.text_content().split())


def test_library_lists_every_work_newest_first(client: TestClient) -> None:
    assert _titles(client) == [HOSTILE, "Orchard Days", "Harbour Lights"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?rating=General+Audiences", ["Orchard Days"]),
        ("?rating=teen&rating=g", ["Orchard Days", "Harbour Lights"]),
        ("?exclude_rating=Mature", ["Orchard Days", "Harbour Lights"]),
        ("?category=F/F", ["Orchard Days"]),
        ("?include_warning=Major+Character+Death", ["Harbour Lights"]),
        ("?include_trigger=blood:graphic", ["Harbour Lights"]),
        ("?exclude_trigger=death:depicted", [HOSTILE, "Orchard Days"]),
        ("?exclude_trigger=violence:depicted", [HOSTILE, "Orchard Days", "Harbour Lights"]),
        ("?character=Ilse", ["Orchard Days"]),
        ("?tag=winter&exclude_tag=fluff", ["Harbour Lights"]),
        ("?status=wip", ["Orchard Days"]),
        ("?words_from=50", ["Harbour Lights"]),
        ("?words_from=30&words_to=45", [HOSTILE]),
        ("?sort=title", [HOSTILE, "Harbour Lights", "Orchard Days"]),
    ],
)
def test_sidebar_filters_include_and_exclude(client: TestClient, query: str, expected: list[str]) -> None:
    assert _titles(client, query) == expected


def test_sidebar_shows_counts_and_keeps_choices_checked(client: TestClient) -> None:
    page = _page(client.get("/?rating=General+Audiences&exclude_trigger=death:depicted").text)
    checked = page.xpath("//input[@name='rating'][@checked]")
    assert [box.get("value") for box in checked] == ["General Audiences"]
    ratings = [label.text_content().split() for label in page.xpath("//input[@name='rating']/..")]
    assert ["General", "Audiences", "(1)"] in ratings
    chosen = page.xpath("//select[@name='exclude_trigger']/option[@selected][@value='death:depicted']")
    assert chosen, "the excluded trigger stays selected although no listed work has it"


def test_search_finds_words_in_the_story_and_shows_a_snippet(client: TestClient) -> None:
    response = client.get("/", params={"q": "telescope"})
    page = _page(response.text)
    assert [a.text_content() for a in page.xpath("//li[@class='blurb']/h2/a")] == ["Harbour Lights"]
    assert [m.text_content().lower() for m in page.xpath("//blockquote[@class='snippet']/mark")] == ["telescope"]


def test_search_text_is_never_obeyed_as_query_syntax(client: TestClient) -> None:
    for query in ['"unbalanced', "NOT AND (", "*", "ferry OR"]:
        assert client.get("/", params={"q": query}).status_code == 200


def test_a_malformed_filter_says_what_was_wrong(client: TestClient) -> None:
    response = client.get("/?include_trigger=violence:worse")
    assert response.status_code == 422
    page = _page(response.text)
    assert "unknown severity 'worse'" in page.xpath("string(//p[contains(@class, 'error')])")
    assert page.xpath("//aside[contains(@class, 'sidebar')]"), "the sidebar stays to fix it"


def test_work_page_shows_structure_characters_and_warnings_without_spoilers(client: TestClient) -> None:
    html = client.get("/works/1").text
    visible = _visible_text(html)
    assert "Harbour Lights" in visible and "by saltmarsh" in visible
    assert "death depicted" in visible and "blood graphic" in visible and "ch. 1" in visible
    evidence = HARBOUR.split()[0]
    page = _page(html)
    warning = page.xpath("//section[@id='warnings']//details")[0]
    assert warning.get("open") is None and evidence in warning.xpath("string(.//ol)")
    assert [a.text_content() for a in page.xpath("//section[@id='structure']//h3/a")] == ["Part 1", "Part 2"]


def test_revealing_opens_every_warning(client: TestClient) -> None:
    page = _page(client.get("/works/1?spoilers=true").text)
    assert all(d.get("open") is not None for d in page.xpath("//section[@id='warnings']//details"))


def test_unnamed_speakers_are_marked(client: TestClient, db_path) -> None:  # type: ignore[no-untyped-def]
    from ficscope.library import Library
    from tests.builders.analysis import full_analysis

    analysis = full_analysis()
    analysis.characters[1].named = False
    with Library(db_path) as library:
        work_id = library.add(analysis).id
    page = _page(client.get(f"/works/{work_id}").text)
    rows = {r.xpath("string(td[1])").strip() for r in page.xpath("//section[@id='characters']//tbody/tr")}
    assert rows == {"Wren", "Tomas unnamed"}
    lines = page.xpath("//section[@id='dialogue']//ol[contains(@class, 'lines')]/li")
    assert lines[0].text_content().startswith("Wren to Tomas:")
    assert any("unattributed" in line.text_content() for line in lines)


def test_chapter_reader_shows_the_text_and_links_the_next_chapter(client: TestClient) -> None:
    page = _page(client.get("/works/1/chapters/1").text)
    assert page.xpath("string(//div[@class='story'])").strip() == HARBOUR
    assert set(page.xpath("//a[@rel='next']/@href")) == {"/works/1/chapters/2"}
    second = _page(client.get("/works/1/chapters/2").text)
    assert second.xpath("string(//div[@class='story'])").strip() == OBSERVATORY
    assert not second.xpath("//a[@rel='next']")


def test_missing_work_or_chapter_is_a_404_page(client: TestClient) -> None:
    for path in ("/works/99", "/works/1/chapters/3", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")


def test_everything_a_work_holds_is_shown_as_text(client: TestClient) -> None:
    for path in ("/", "/?q=note", "/works/3", "/works/3?spoilers=true", "/works/3/chapters/1"):
        html = client.get(path).text
        assert "<script" not in html.lower(), path
        assert "&lt;script&gt;" in html, path


def test_every_page_carries_a_strict_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/works/1", "/add", "/static/style.css", "/api/works"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_uploading_a_work_adds_it_and_shows_it(client: TestClient) -> None:
    token = form_token(client)
    files = {"file": ("back-alley.txt", BEATING.encode(), "text/plain")}
    response = client.post("/add", data={"csrf_token": token}, files=files, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/works/4?version=1&added=added"
    page = client.get(response.headers["location"])
    assert "Added to your library as work #4." in page.text
    assert _titles(client)[0] == "The Back Alley"
    again = client.post("/add", data={"csrf_token": token}, files=files)
    assert "This text is in your library already." in again.text


def test_pasted_text_can_be_added_without_a_file(client: TestClient) -> None:
    no_file = ("", b"", "application/octet-stream")  # what a browser sends when no file is chosen
    response = client.post("/add", data={"csrf_token": form_token(client), "text": BEATING}, files={"file": no_file})
    assert response.status_code == 200 and "Added to your library" in response.text


def test_an_upload_over_the_limit_is_refused_with_413(client: TestClient) -> None:
    big = (HARBOUR + "\n\n").encode() * 8000  # ~2 MB; the client's limit is 1 MB
    response = client.post("/add", data={"csrf_token": form_token(client)}, files={"file": ("big.txt", big, "text/plain")})
    assert response.status_code == 413
    assert "over the 1 MB limit for one work" in response.text
    assert _titles(client) == [HOSTILE, "Orchard Days", "Harbour Lights"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "is binary data"),
        ("book.pdf", b"%PDF-1.7\n" + b"0" * 100, "PDF that cannot be read"),
        ("page.html", b"<!DOCTYPE html><html><body><p>A shop's opening hours.</p></body></html>", "not an AO3"),
        ("empty.txt", b"", "the file is empty"),
    ],
)
def test_a_file_that_is_no_work_is_refused_with_the_readers_reason(
    client: TestClient, name: str, data: bytes, reason: str
) -> None:
    response = client.post("/add", data={"csrf_token": form_token(client)}, files={"file": (name, data, "text/plain")})
    assert response.status_code in (400, 422)
    message = _page(response.text).xpath("string(//p[contains(@class, 'error')])")
    assert message.startswith(f"{name}: ") and reason in message, message
    assert re.search(r"\[E1\d\d\]$", message)


def test_a_client_file_name_is_only_a_label(client: TestClient, db_path) -> None:  # type: ignore[no-untyped-def]
    before = sorted(p.name for p in db_path.parent.iterdir())
    files = {"file": ("../../../etc/evil.txt", BEATING.encode(), "text/plain")}
    client.post("/add", data={"csrf_token": form_token(client)}, files=files)
    stored = client.get("/api/works/4").json()
    assert stored["analysis"]["work"]["source"] == "evil.txt"
    assert sorted(p.name for p in db_path.parent.iterdir()) == before


def test_a_form_without_its_token_is_refused(client: TestClient) -> None:
    files = {"file": ("back-alley.txt", BEATING.encode(), "text/plain")}
    for data in ({}, {"csrf_token": "1.forged.0000"}):
        response = client.post("/add", data=data, files=files)
        assert response.status_code == 403 and "[E501]" in response.text
    response = client.post("/works/1/remove", data={})
    assert response.status_code == 403
    assert len(_titles(client)) == 3


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "http://evil.example"},
     {"Origin": "null"}],
)
def test_a_cross_site_request_is_refused_even_with_a_token(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/works/1/remove", data={"csrf_token": form_token(client, "/works/1")}, headers=headers)
    assert response.status_code == 403 and "another" in response.text
    assert client.get("/works/1").status_code == 200


def test_a_same_origin_form_may_remove_a_work(client: TestClient) -> None:
    headers = {"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"}
    response = client.post(
        "/works/1/remove", data={"csrf_token": form_token(client, "/works/1")}, headers=headers, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/?removed=1"
    assert client.get("/works/1").status_code == 404


def test_a_foreign_host_name_is_refused(client: TestClient) -> None:
    response = client.get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 400 and "[E502]" in response.text
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
