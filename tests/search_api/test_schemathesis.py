"""The API against its own OpenAPI schema: schemathesis generates requests for every GET operation from
the schema the app publishes, sends them to the app over the fixture catalogue on the real node, and
checks every answer: never a 500, every status code declared, every body matching its declared schema.

The admin operations run without a token and must answer 401 (the POST ones are left out: authorised,
they start indexing processes, and no token is ever given here). The default suite runs a small
derandomised sample per operation; ``-m slow`` runs many more (results in ``bench/RESULTS.md``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from catalogue.settings import Settings
from search_api.app import create_app

FAST_EXAMPLES = 15
LONG_EXAMPLES = 400
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


# The GET operations, known when tests are collected: the schema does not depend on the catalogue.
OPERATIONS = [
    (path, method.upper())
    for path, methods in create_app(Settings()).openapi()["paths"].items()
    for method in methods
    if method == "get"
]


@pytest.fixture(scope="session")
def api_schema(catalogue: Settings) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(catalogue))


def _check(case: Any) -> int:
    """Send ``case``, run the checks on the answer, and return its status code."""
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    if case.path.startswith("/v1/admin/"):
        assert response.status_code == 401, response.text
    return int(response.status_code)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
@pytest.mark.parametrize(
    "examples",
    [
        pytest.param(FAST_EXAMPLES, id="fast"),
        pytest.param(LONG_EXAMPLES, id="long", marks=[pytest.mark.slow, pytest.mark.timeout(3600)]),
    ],
)
def test_operation_keeps_to_its_schema(api_schema: Any, path: str, method: str, examples: int) -> None:
    operation = api_schema[path][method]
    valid_or_not = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
    statuses: Counter[int] = Counter()

    @settings(
        max_examples=examples,
        derandomize=examples == FAST_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(valid_or_not))
    def run(case: Any) -> None:
        statuses[_check(case)] += 1

    run()
    print(f"\n{method} {path}: {dict(sorted(statuses.items()))}")
    if "{" not in path and not path.startswith("/v1/admin/"):  # random ids and names find nothing
        assert statuses[200], "no request was answered with data"
