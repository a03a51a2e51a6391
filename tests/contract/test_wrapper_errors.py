"""Any error body the spec allows reaches the caller as the right exception, nothing lost.

The bodies are generated from the spec's ``ErrorJson`` schema (ids from the catalogue as
well as arbitrary ones), answered through ``httpx.MockTransport`` to the wrapper's
``schedule``, ``get``, ``list_page``, ``cancel``, ``rerun`` and ``delete``; the exception
must be the class for the status (for a 400 with a state error's id, the state error's
class), and carry the body's ``id``, ``description``, ``details`` and ``ctx`` exactly.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from oneprovider_automation import (
    ApiStatusError,
    BadRequestError,
    ExecutionEndedError,
    ExecutionNotEndedError,
    ExecutionNotResumableError,
    ExecutionNotStoppedError,
    ForbiddenError,
    InternalServerError,
    InvalidStatusTransitionError,
    LaneRunNotRepeatableError,
    NotFoundError,
    Oneprovider,
    UnauthorizedError,
)

from contract_tests.catalogue import CATALOGUE
from contract_tests.spec_strategies import component_values
from tests.openapi_support import component

TOKEN = "wrapper-errors-token"
CLASS_BY_STATUS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    500: InternalServerError,
}
#: A 400 with one of these ids names the state problem.
STATE_CLASS_BY_ID: dict[str, type[BadRequestError]] = {
    "atmWorkflowExecutionEnded": ExecutionEndedError,
    "atmWorkflowExecutionNotEnded": ExecutionNotEndedError,
    "atmWorkflowExecutionNotResumable": ExecutionNotResumableError,
    "atmWorkflowExecutionNotStopped": ExecutionNotStoppedError,
    "atmInvalidStatusTransition": InvalidStatusTransitionError,
    "atmLaneExecutionRerunFailed": LaneRunNotRepeatableError,
    "atmLaneExecutionRetryFailed": LaneRunNotRepeatableError,
}


def _with_id(body: dict[str, Any], error_id: str) -> dict[str, Any]:
    return {**body, "error": {**body["error"], "id": error_id}}


@st.composite
def error_answers(draw: st.DrawFn) -> tuple[int, dict[str, Any]]:
    """A status this API declares and a spec-valid error body for it."""
    body: dict[str, Any] = draw(component_values("ErrorJson"), label="generated body")
    if draw(st.booleans(), label="use a catalogue id"):
        error_id = draw(st.sampled_from(sorted(CATALOGUE)))
        return CATALOGUE[error_id].status, _with_id(body, error_id)
    return draw(st.sampled_from(sorted(CLASS_BY_STATUS))), body


def _client(status: int, body: dict[str, Any]) -> Oneprovider:
    # ensure_ascii keeps any generated text (even lone surrogates) encodable.
    content = json.dumps(body).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"content-type": "application/json"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return Oneprovider("provider.example.com", TOKEN, http_client=http, max_retries=0)


def _answer(status: int, error: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"description": "d", **error}}


@pytest.mark.parametrize("operation", ["schedule", "get", "list", "cancel", "rerun", "delete"])
@given(answer=error_answers())
# 25.x: absent arguments and contexts come as null, and the new ids.
@example(answer=_answer(401, {"id": "unauthorized", "details": {"authError": None}, "ctx": None}))
@example(answer=_answer(400, {"id": "badData", "details": {"key": "callback", "hint": None}}))
@example(
    answer=_answer(
        401,
        {
            "id": "unauthorized",
            "details": {"authError": {"id": "userNotSupported", "description": "d", "ctx": None}},
        },
    )
)
@example(answer=_answer(400, {"id": "atmOpenfaasNotConfigured", "ctx": None}))
def test_error_bodies_parse_into_the_right_exception(
    operation: str, answer: tuple[int, dict[str, Any]]
) -> None:
    status, body = answer
    assert component("ErrorJson").is_valid(body)
    error = body["error"]
    with _client(status, body) as client:
        executions = client.workflow_executions
        calls: dict[str, Any] = {
            "schedule": lambda: executions.schedule("space", "schema", 3),
            "get": lambda: executions.get("execution"),
            "list": lambda: executions.list_page("space"),
            "cancel": lambda: executions.cancel("execution"),
            "rerun": lambda: executions.rerun("execution", lane_index=1, lane_run_number=1),
            "delete": lambda: executions.delete("execution"),
        }
        with pytest.raises(ApiStatusError) as raised:
            calls[operation]()
    exc = raised.value
    expected = STATE_CLASS_BY_ID.get(error["id"]) if status == 400 else None
    assert type(exc) is (expected or CLASS_BY_STATUS[status])
    assert exc.status_code == status
    assert exc.id == error["id"]
    assert exc.description == error["description"]
    assert exc.details == error.get("details", {})
    assert exc.ctx == error.get("ctx")
