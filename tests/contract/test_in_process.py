"""The in-process transport gives the app the request and the checks the answer that
schemathesis's own ASGI transport does, and every request of a case takes it."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode, Response
from schemathesis.specs.openapi.schemas import OpenApiSchema

from contract_tests import in_process
from contract_tests.schema import load_schema
from contract_tests.target import embedded_target

DRAWS = settings(
    max_examples=25, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)
DETAILS = "/automation/execution/workflows/{wid}"
LIST = "/spaces/{sid}/automation/execution/workflows"
SCHEDULE = "/automation/execution/workflows"


@pytest.fixture(scope="module")
def schema() -> OpenApiSchema:
    return load_schema(embedded_target())


def _sent(response: Response) -> tuple[Any, ...]:
    request = response.request
    return (request.method, request.url, dict(request.headers), request.body)


def _answer(response: Response) -> tuple[Any, ...]:
    """Status, headers and body; an error's body less the time it was made at."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return (response.status_code, response.headers, response.content)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("ctx"), dict):
        error["ctx"].pop("timestamp", None)
    return (response.status_code, response.headers, body)


def _cases(schema: OpenApiSchema, path: str, method: str) -> st.SearchStrategy[Case[Any]]:
    """Valid and invalid cases of an operation."""
    operation = schema[path][method]
    return st.one_of(
        [
            operation.as_strategy(generation_mode=mode)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
    )


def test_an_in_process_target_is_reached_through_the_thread_loop(schema: OpenApiSchema) -> None:
    assert schemathesis.transport.get(schema.app) is in_process.TRANSPORT


@pytest.mark.parametrize(("path", "method"), [(DETAILS, "GET"), (LIST, "GET")])
def test_reads_get_the_answer_schemathesis_transport_gets(
    schema: OpenApiSchema, path: str, method: str
) -> None:
    own = in_process.SCHEMATHESIS_TRANSPORT

    @DRAWS
    @given(_cases(schema, path, method))
    def compare(case: Case[Any]) -> None:
        ours, theirs = in_process.TRANSPORT.send(case), own.send(case)
        assert _sent(ours) == _sent(theirs)
        assert _answer(ours) == _answer(theirs)

    compare()


def test_bodies_reach_the_app_as_with_schemathesis_transport(schema: OpenApiSchema) -> None:
    own = in_process.SCHEMATHESIS_TRANSPORT
    compared: list[int] = []

    @DRAWS
    @given(_cases(schema, SCHEDULE, "POST"))
    def compare(case: Case[Any]) -> None:
        ours = in_process.TRANSPORT.send(case)
        if ours.status_code == 201:
            return  # a new execution: a second schedule would answer with another id
        theirs = own.send(case)
        assert _sent(ours) == _sent(theirs)
        assert _answer(ours) == _answer(theirs)
        compared.append(ours.status_code)

    compare()
    assert compared


def test_the_checks_resend_through_it(
    schema: OpenApiSchema, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    send = in_process.ThreadLoopAdapter.send

    def counting(self: in_process.ThreadLoopAdapter, request: Any, **kwargs: Any) -> Any:
        sent.append(str(request.headers.get("X-Auth-Token")))
        return send(self, request, **kwargs)

    monkeypatch.setattr(in_process.ThreadLoopAdapter, "send", counting)
    target = embedded_target()
    case = schema[LIST]["GET"].Case(
        path_parameters={"sid": target.space_id}, headers={"X-Auth-Token": target.token}
    )
    case.call_and_validate(checks=[schemathesis.checks.ignored_auth])
    # The case with its token (a 200), then ignored_auth's probes without it.
    assert len(sent) >= 2
    assert sent[0] == target.token
    assert "None" in sent[1:]
