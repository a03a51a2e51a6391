"""Actions: the requests, typed state errors, and how a retry after a lost answer is read."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from oneprovider_automation import (
    ApiTimeoutError,
    ExecutionEndedError,
    ExecutionNotEndedError,
    ExecutionNotResumableError,
    ExecutionNotStoppedError,
    ExecutionStateError,
    InvalidStatusTransitionError,
    LaneRunNotRepeatableError,
    NotFoundError,
    OutcomeUnknownError,
)

from .router import WORKFLOWS, Router, async_client, client, details, error_body

E1 = f"{WORKFLOWS}/e1"


def _refusal(id: str, status: int = 400, **details: Any) -> httpx.Response:
    return httpx.Response(status, json=error_body(id, f"{id} description", details or None))


NO_CONTENT = httpx.Response(204)


@pytest.mark.parametrize(
    ("operation", "method", "path"),
    [
        ("cancel", "POST", f"{E1}/cancel"),
        ("pause", "POST", f"{E1}/pause"),
        ("resume", "POST", f"{E1}/resume"),
        ("force_continue", "POST", f"{E1}/force_continue"),
        ("delete", "DELETE", E1),
    ],
)
def test_each_action_sends_its_request_and_returns_none(
    operation: str, method: str, path: str
) -> None:
    router = Router().add(method, path, NO_CONTENT)
    assert getattr(client(router).workflow_executions, operation)("e1") is None
    (request,) = router.requests
    assert request.content == b""


@pytest.mark.parametrize("operation", ["rerun", "retry"])
def test_rerun_and_retry_send_the_lane_run_after_getting_the_execution(operation: str) -> None:
    router = Router().add("GET", E1, httpx.Response(200, json=details(status="failed")))
    router.add("POST", f"{E1}/{operation}", NO_CONTENT)
    getattr(client(router).workflow_executions, operation)("e1", lane_index=2, lane_run_number=3)
    get, post = router.requests
    assert get.method == "GET"
    assert json.loads(post.content) == {"laneIndex": 2, "laneRunNumber": 3}
    assert post.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("arguments", "error", "named"),
    [
        ({"lane_index": 0, "lane_run_number": 1}, ValueError, "lane_index"),
        ({"lane_index": 1, "lane_run_number": -2}, ValueError, "lane_run_number"),
        ({"lane_index": True, "lane_run_number": 1}, TypeError, "lane_index"),
        ({"lane_index": 1, "lane_run_number": "1"}, TypeError, "lane_run_number"),
    ],
)
def test_lane_runs_are_checked_before_sending(
    arguments: dict[str, Any], error: type[Exception], named: str
) -> None:
    router = Router()
    with pytest.raises(error, match=named):
        client(router).workflow_executions.rerun("e1", **arguments)
    assert router.requests == []


@pytest.mark.parametrize(
    ("operation", "reply", "cls", "says"),
    [
        ("cancel", _refusal("atmWorkflowExecutionEnded"), ExecutionEndedError, "has already ended"),
        (
            "resume",
            _refusal("atmWorkflowExecutionNotResumable"),
            ExecutionNotResumableError,
            "only a paused or interrupted",
        ),
        (
            "force_continue",
            _refusal("atmWorkflowExecutionNotResumable"),
            ExecutionNotResumableError,
            "not the last one",
        ),
        (
            "delete",
            _refusal("atmWorkflowExecutionNotStopped"),
            ExecutionNotStoppedError,
            "cancel or pause it",
        ),
        (
            "pause",
            _refusal("atmInvalidStatusTransition", prevStatus="paused", newStatus="stopping"),
            InvalidStatusTransitionError,
            "from paused to stopping",
        ),
        ("cancel", _refusal("notFound", 404), NotFoundError, "e1 does not exist, or was deleted"),
    ],
)
def test_state_errors_are_typed_and_say_what_to_do(
    operation: str, reply: httpx.Response, cls: type[Exception], says: str
) -> None:
    method = "DELETE" if operation == "delete" else "POST"
    path = E1 if operation == "delete" else f"{E1}/{operation}"
    router = Router().add(method, path, reply)
    with pytest.raises(cls) as caught:
        getattr(client(router).workflow_executions, operation)("e1")
    assert says in str(caught.value)
    assert "workflow execution e1" in str(caught.value)
    if isinstance(caught.value, ExecutionStateError):
        assert caught.value.execution_id == "e1"
    assert len(router.requests) == 1


def test_invalid_transition_carries_both_statuses() -> None:
    reply = _refusal("atmInvalidStatusTransition", prevStatus="finished", newStatus="stopping")
    router = Router().add("POST", f"{E1}/pause", reply)
    with pytest.raises(InvalidStatusTransitionError) as caught:
        client(router).workflow_executions.pause("e1")
    assert (caught.value.prev_status, caught.value.new_status) == ("finished", "stopping")


@pytest.mark.parametrize(
    ("reply", "cls", "says"),
    [
        (_refusal("atmWorkflowExecutionNotEnded"), ExecutionNotEndedError, "has not ended"),
        (
            _refusal("atmLaneExecutionRetryFailed"),
            LaneRunNotRepeatableError,
            "lane 1 run 2 of workflow execution e1 cannot be retried",
        ),
        (
            _refusal("notFound", 404),
            NotFoundError,
            "workflow execution e1 or its lane 1 run 2 does not exist",
        ),
    ],
)
def test_retry_refusals_name_the_lane_run(
    reply: httpx.Response, cls: type[Exception], says: str
) -> None:
    router = Router().add("GET", E1, httpx.Response(200, json=details(status="failed")))
    router.add("POST", f"{E1}/retry", reply)
    with pytest.raises(cls) as caught:
        client(router).workflow_executions.retry("e1", lane_index=1, lane_run_number=2)
    assert says in str(caught.value)
    if isinstance(caught.value, LaneRunNotRepeatableError):
        assert (caught.value.lane_index, caught.value.lane_run_number) == (1, 2)


# --- a retry after a lost answer ---------------------------------------------------


def test_a_first_attempt_refusal_is_never_success() -> None:
    router = Router().add("POST", f"{E1}/cancel", _refusal("atmWorkflowExecutionEnded"))
    router.add("GET", E1, httpx.Response(200, json=details(status="cancelled")))
    with pytest.raises(ExecutionEndedError):
        client(router).workflow_executions.cancel("e1")
    assert router.count("GET", E1) == 0


@pytest.mark.parametrize(
    ("operation", "refusal", "status"),
    [
        ("cancel", _refusal("atmWorkflowExecutionEnded"), "cancelled"),
        ("cancel", _refusal("atmInvalidStatusTransition", prevStatus="finished"), "stopping"),
        ("pause", _refusal("atmInvalidStatusTransition", prevStatus="paused"), "paused"),
        ("resume", _refusal("atmWorkflowExecutionNotResumable"), "resuming"),
        ("force_continue", _refusal("atmWorkflowExecutionNotResumable"), "active"),
    ],
)
def test_a_retry_refused_because_the_lost_attempt_applied_is_success(
    operation: str, refusal: httpx.Response, status: str
) -> None:
    router = Router().add("POST", f"{E1}/{operation}", httpx.ReadTimeout, refusal)
    router.add("GET", E1, httpx.Response(200, json=details(status=status)))
    assert getattr(client(router).workflow_executions, operation)("e1") is None
    assert router.count("POST", f"{E1}/{operation}") == 2
    assert router.count("GET", E1) == 1


@pytest.mark.parametrize(
    ("operation", "status"),
    [("cancel", "finished"), ("pause", "cancelled"), ("resume", "paused")],
)
def test_a_retry_refused_in_a_state_the_action_does_not_make_is_raised(
    operation: str, status: str
) -> None:
    refusal = {
        "cancel": _refusal("atmWorkflowExecutionEnded"),
        "pause": _refusal("atmWorkflowExecutionEnded"),
        "resume": _refusal("atmWorkflowExecutionNotResumable"),
    }[operation]
    unavailable = _refusal("serviceUnavailable", 503)
    router = Router().add("POST", f"{E1}/{operation}", unavailable, refusal)
    router.add("GET", E1, httpx.Response(200, json=details(status=status)))
    with pytest.raises(ExecutionStateError):
        getattr(client(router).workflow_executions, operation)("e1")
    assert router.count("GET", E1) == 1


def test_a_retried_delete_that_finds_nothing_is_success() -> None:
    router = Router().add("DELETE", E1, httpx.RemoteProtocolError, _refusal("notFound", 404))
    client(router).workflow_executions.delete("e1")
    assert len(router.requests) == 2


def test_a_first_delete_that_finds_nothing_is_not_found() -> None:
    router = Router().add("DELETE", E1, _refusal("notFound", 404))
    with pytest.raises(NotFoundError):
        client(router).workflow_executions.delete("e1")


def _with_new_run(status: str = "scheduled") -> dict[str, Any]:
    body = details(status=status)
    old = body["lanes"][0]["runs"][0]
    new = {**old, "runNumber": 2, "originRunNumber": 1, "runType": "rerun", "status": "scheduled"}
    body["lanes"][0]["runs"] = [new, old]
    return body


def test_a_rerun_whose_answer_is_lost_is_not_sent_again_and_is_seen_applied() -> None:
    router = Router().add(
        "GET",
        E1,
        httpx.Response(200, json=details(status="finished")),
        httpx.Response(200, json=_with_new_run()),
    )
    router.add("POST", f"{E1}/rerun", httpx.ReadTimeout)
    client(router).workflow_executions.rerun("e1", lane_index=1, lane_run_number=1)
    assert router.count("POST", f"{E1}/rerun") == 1
    assert router.count("GET", E1) == 2


@pytest.mark.parametrize("lost", [httpx.ReadTimeout, _refusal("internalServerError", 500)])
def test_a_rerun_whose_answer_is_lost_and_not_seen_is_outcome_unknown(
    lost: httpx.Response | type[httpx.TransportError],
) -> None:
    router = Router().add("GET", E1, httpx.Response(200, json=details(status="finished")))
    router.add("POST", f"{E1}/rerun", lost)
    with pytest.raises(OutcomeUnknownError) as caught:
        client(router).workflow_executions.rerun("e1", lane_index=1, lane_run_number=1)
    assert "rerun of lane 1 run 1 of workflow execution e1: the outcome is unknown" in str(
        caught.value
    )
    assert caught.value.execution_id == "e1"
    assert router.count("POST", f"{E1}/rerun") == 1


def test_a_retry_run_is_not_taken_for_a_rerun() -> None:
    seen = _with_new_run()
    seen["lanes"][0]["runs"][0]["runType"] = "retry"
    router = Router().add(
        "GET",
        E1,
        httpx.Response(200, json=details(status="finished")),
        httpx.Response(200, json=seen),
    )
    router.add("POST", f"{E1}/rerun", httpx.ReadTimeout)
    with pytest.raises(OutcomeUnknownError):
        client(router).workflow_executions.rerun("e1", lane_index=1, lane_run_number=1)


def test_a_cancel_that_never_gets_an_answer_raises_the_timeout() -> None:
    router = Router().add("POST", f"{E1}/cancel", httpx.ReadTimeout)
    with pytest.raises(ApiTimeoutError):
        client(router).workflow_executions.cancel("e1")
    assert len(router.requests) == 3


def test_async_actions_settle_alike() -> None:
    router = Router().add(
        "POST", f"{E1}/cancel", httpx.ReadTimeout, _refusal("atmWorkflowExecutionEnded")
    )
    router.add("GET", E1, httpx.Response(200, json=details(status="cancelled")))
    router.add("POST", f"{E1}/retry", httpx.ReadTimeout)

    async def scenario() -> None:
        async with async_client(router) as c:
            await c.workflow_executions.cancel("e1")
            with pytest.raises(OutcomeUnknownError):
                await c.workflow_executions.retry("e1", lane_index=1, lane_run_number=1)

    asyncio.run(scenario())
    assert router.count("POST", f"{E1}/cancel") == 2
    assert router.count("POST", f"{E1}/retry") == 1
