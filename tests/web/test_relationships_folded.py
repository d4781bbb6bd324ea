"""The work page folds the relationships with less evidence; the library lists only the shown."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from ficscope.library import Library
from ficscope.model import Relationship, Span
from ficscope.web import create_app
from tests.builders.analysis import full_analysis
from tests.web.shelf import BASE_URL


def test_hidden_relationships_fold_on_the_work_page_and_stay_out_of_the_library(tmp_path: Path) -> None:
    analysis = full_analysis()
    span = Span(1, 0, 1, analysis.work.chapters[0].text[:1])
    analysis.relationships = [
        Relationship("Jude/Mara", "romantic", ["Jude", "Mara"], [span], score=12.0, shown=True),
        Relationship("Ivo & Jude", "platonic", ["Ivo", "Jude"], [span], score=1.0, shown=False),
    ]
    path = tmp_path / "library.sqlite"
    with Library(path) as library:
        work_id = library.add(analysis).id
        facets = library.facets()
    named = {entry.name for entry in facets["relationship"]}
    assert "Jude/Mara" in named and "Ivo & Jude" not in named
    with TestClient(create_app(path, max_upload_mb=1), base_url=BASE_URL) as client:
        page = client.get(f"/works/{work_id}").text
    folded = re.search(r'<details class="more-relationships">(.*?)</details>\s*</details>', page, re.S)
    assert folded is not None
    assert "Ivo &amp; Jude" in folded.group(1)
    assert page.index("Jude/Mara") < folded.start()
