"""What the web tests share: a few hand-built works, original prose to upload, and
the form token of a page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from ficscope.library import Library
from tests.library.works import HARBOUR, OBSERVATORY, ORCHARD, story

BASE_URL = "http://127.0.0.1"
HOSTILE = "<script>alert('x')</script>"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

# Original prose for upload tests: one scene a warnings detector cannot miss.
BEATING = """The Back Alley

Dana had warned him not to take the shortcut behind the cannery.

The three men were waiting by the bins. The first punch split Rafe's lip and he tasted blood. They dragged him down onto the wet cobbles and kicked him in the ribs until something cracked, and the tall one stamped on his hand and laughed while he screamed. Blood ran from his nose into his mouth and pooled black under his cheek. They beat him with a length of pipe until he stopped trying to get up.

"That's for Marco," the tall one said, and spat on him.

When Dana found him an hour later his face was so swollen she barely knew him.
"""


def add_shelf(library: Library) -> None:
    """Three works: a harbour story, an orchard story, and one whose every field is markup."""
    library.add(story(
        "Harbour Lights", [HARBOUR, OBSERVATORY], authors=["saltmarsh"], rating="Teen And Up Audiences",
        warnings=["Major Character Death"], categories=["Gen"], fandoms=["Original Work"], characters=["Marten"],
        tags=["Winter"], findings=[("trigger", "death", "depicted"), ("trigger", "blood", "graphic")],
    ))
    library.add(story(
        "Orchard Days", ORCHARD, authors=["appleby"], rating="General Audiences",
        warnings=["No Archive Warnings Apply"], categories=["F/F"], fandoms=["Original Work"], characters=["Ilse"],
        tags=["Fluff"], complete=False,
    ))
    library.add(story(
        HOSTILE, f"The note said {HOSTILE} and nothing else. " + HARBOUR, authors=[HOSTILE], rating="Mature",
        fandoms=[HOSTILE], characters=[HOSTILE], tags=[HOSTILE], summary=HOSTILE,
        findings=[("trigger", "violence", "referenced")],
    ))


def form_token(client: TestClient, path: str = "/add") -> str:
    """The CSRF token in the form on ``path``."""
    found = _TOKEN.search(client.get(path).text)
    assert found, f"no form token on {path}"
    return found.group(1)
