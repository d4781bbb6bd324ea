"""Schemathesis sends requests generated from the app's own OpenAPI description, valid
and invalid, straight to the app in process: none may end in a server error."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from ficscope.library import Library
from ficscope.web import API_HEADER, LOOPBACK_HOSTS, create_app
from tests.web.shelf import add_shelf

# Small, so the whole run stays well under a minute; every operation still gets
# valid and invalid inputs, uploads included.
EXAMPLES = 25


def test_no_generated_request_ends_in_a_server_error(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    with Library(path) as library:
        add_shelf(library)
    app = create_app(path, max_upload_mb=0.05, allowed_hosts=(*LOOPBACK_HOSTS, "testserver"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    statuses: list[int] = []
    for operation in operations:
        strategy = operation.as_strategy() | operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)

        @given(case=strategy)
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def no_server_error(case: schemathesis.Case) -> None:
            response = case.call_and_validate(headers={API_HEADER: "schemathesis"}, checks=[not_a_server_error])
            statuses.append(response.status_code)

        no_server_error()
    assert {200, 404, 422} <= set(statuses), "the generated requests reach the handlers, not only validation"
