"""Fuzzed cases that break only the token mostly get it back, and some keep it broken."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.generation.meta import negated_parameters
from schemathesis.specs.openapi.schemas import OpenApiSchema

from contract_tests.schema import load_schema
from contract_tests.target import TOKEN_HEADER, embedded_target
from contract_tests.tokens import SECURITY_HEADERS, breaks_only_the_token, keep_token

FIND = settings(max_examples=100, suppress_health_check=list(HealthCheck), database=None)
DRAWS = settings(
    max_examples=80, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)


@pytest.fixture(scope="module")
def schema() -> OpenApiSchema:
    return load_schema(embedded_target())


def _negative_gets(schema: OpenApiSchema) -> st.SearchStrategy[Any]:
    operation = schema["/automation/execution/workflows/{wid}"]["GET"]
    # The suite's hooks are on the schema: each drawn case has been through keep_token.
    return operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)


def _security_headers(case: Any) -> set[str]:
    return {name.lower() for name in case.headers} & SECURITY_HEADERS


def test_only_security_headers_count_as_the_token() -> None:
    assert breaks_only_the_token([("Authorization", "header"), (TOKEN_HEADER, "header")])
    assert not breaks_only_the_token([("Authorization", "header"), ("phase", "query")])
    assert not breaks_only_the_token([])


def test_most_such_cases_are_sent_with_the_token_and_some_keep_it_broken(
    schema: OpenApiSchema,
) -> None:
    kept: list[Any] = []
    broken: list[Any] = []

    @DRAWS
    @given(_negative_gets(schema))
    def draw(case: Any) -> None:
        (broken if case.meta.generation.mode.is_negative else kept).append(case)

    draw()
    assert kept
    assert len(kept) > len(broken) > 0
    token = embedded_target().token
    for case in kept:
        assert _security_headers(case) == {TOKEN_HEADER.lower()}
        assert case.headers[TOKEN_HEADER] == token
    for case in broken:
        assert breaks_only_the_token(negated_parameters(case.meta))


def test_the_hook_leaves_other_phases_and_positive_cases_alone(schema: OpenApiSchema) -> None:
    operation = schema["/automation/execution/workflows/{wid}"]["GET"]
    positive = find(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        lambda case: bool(case.headers),
        settings=FIND,
    )
    hook = keep_token("t0ken")
    assert find(hook(None, positive), lambda case: True) is positive  # type: ignore[arg-type]
