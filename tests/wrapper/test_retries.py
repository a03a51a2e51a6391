"""Retries: one row per branch of ``_should_retry``, then the clients' behaviour."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from oneprovider_automation import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    InternalServerError,
    NotFoundError,
    UnexpectedResponseError,
)
from oneprovider_automation._constants import (
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRY_JITTER,
)
from oneprovider_automation._exceptions import make_status_error
from oneprovider_automation._models import execution_from_json
from oneprovider_automation._retries import (
    Settlement,
    _should_retry,
    answer_lost,
    retry_after,
    retry_delay,
    settle_refusal,
    state_confirms,
)
from oneprovider_automation._secrets import Secret

from .router import WORKFLOWS, Router, Sleeps, async_client, client, details, error_body, scheduled

REQUEST = httpx.Request("GET", "https://provider.test/x")


def _error(cls: type[httpx.TransportError]) -> httpx.TransportError:
    return cls("simulated", request=REQUEST)


def _response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=REQUEST)


# (branch, repeatable, retries_done, max_retries, response, error, expected)
BRANCHES = [
    ("no retries left", True, 2, 2, _response(503), None, False),
    ("retries disabled", True, 0, 0, None, _error(httpx.ConnectError), False),
    ("connect error, not repeatable", False, 0, 2, None, _error(httpx.ConnectError), True),
    ("connect timeout, not repeatable", False, 0, 2, None, _error(httpx.ConnectTimeout), True),
    ("pool timeout, not repeatable", False, 0, 2, None, _error(httpx.PoolTimeout), True),
    ("read timeout, repeatable", True, 0, 2, None, _error(httpx.ReadTimeout), True),
    ("read timeout, not repeatable", False, 0, 2, None, _error(httpx.ReadTimeout), False),
    ("write timeout, not repeatable", False, 0, 2, None, _error(httpx.WriteTimeout), False),
    ("dropped, not repeatable", False, 0, 2, None, _error(httpx.RemoteProtocolError), False),
    ("read error, repeatable", True, 1, 2, None, _error(httpx.ReadError), True),
    ("400 is final", True, 0, 2, _response(400), None, False),
    ("404 is final", True, 0, 2, _response(404), None, False),
    ("500, not repeatable", False, 0, 2, _response(500), None, False),
    ("429, not repeatable", False, 0, 2, _response(429), None, False),
    (
        "503 with a long Retry-After",
        True,
        0,
        2,
        _response(503, **{"Retry-After": "61"}),
        None,
        False,
    ),
    ("503, repeatable", True, 0, 2, _response(503), None, True),
    ("429, repeatable", True, 0, 2, _response(429), None, True),
    ("408, repeatable", True, 0, 2, _response(408), None, True),
    ("502, repeatable", True, 1, 2, _response(502), None, True),
    ("503 with Retry-After 60", True, 0, 2, _response(503, **{"Retry-After": "60"}), None, True),
]


@pytest.mark.parametrize(
    ("repeatable", "retries_done", "max_retries", "response", "error", "expected"),
    [row[1:] for row in BRANCHES],
    ids=[row[0] for row in BRANCHES],
)
def test_should_retry_branch(
    repeatable: bool,
    retries_done: int,
    max_retries: int,
    response: httpx.Response | None,
    error: httpx.TransportError | None,
    expected: bool,
) -> None:
    decision = _should_retry(
        repeatable=repeatable,
        retries_done=retries_done,
        max_retries=max_retries,
        response=response,
        error=error,
    )
    assert decision.retry is expected, decision.reason
    assert decision.reason


def test_each_branch_logs_its_decision(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="oneprovider_automation")
    for _, repeatable, done, most, response, error, _ in BRANCHES:
        _should_retry(
            repeatable=repeatable,
            retries_done=done,
            max_retries=most,
            response=response,
            error=error,
        )
    decisions = [r for r in caplog.records if r.getMessage().startswith("retry decision")]
    assert len(decisions) == len(BRANCHES)


def test_backoff_doubles_up_to_the_cap_and_jitter_only_shortens() -> None:
    no_jitter = [retry_delay(n, rand=lambda: 0.0) for n in range(8)]
    assert no_jitter[:3] == [INITIAL_RETRY_DELAY, 2 * INITIAL_RETRY_DELAY, 4 * INITIAL_RETRY_DELAY]
    assert max(no_jitter) == MAX_RETRY_DELAY
    assert no_jitter == sorted(no_jitter)
    full_jitter = [retry_delay(n, rand=lambda: 1.0) for n in range(8)]
    assert full_jitter == [d * (1 - RETRY_JITTER) for d in no_jitter]


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert retry_after(_response(503, **{"Retry-After": "3"})) == 3.0
    assert retry_after(_response(503, **{"Retry-After": later}), now=now) == 7.0
    assert retry_after(_response(503, **{"Retry-After": "soon"})) is None
    assert retry_after(_response(503)) is None
    past = format_datetime(now - timedelta(seconds=30), usegmt=True)
    assert retry_after(_response(503, **{"Retry-After": past}), now=now) == 0.0


def test_retry_after_is_waited_exactly_not_backed_off() -> None:
    assert retry_delay(5, response=_response(429, **{"Retry-After": "2.5"})) == 2.5
    too_long = _response(429, **{"Retry-After": str(int(MAX_RETRY_AFTER) + 1)})
    assert retry_delay(0, response=too_long, rand=lambda: 0.0) == INITIAL_RETRY_DELAY


# --- the clients ----------------------------------------------------------------


def test_get_is_retried_through_two_503s() -> None:
    unavailable = httpx.Response(503, json=error_body("serviceUnavailable", "busy"))
    router = Router().add(
        "GET", f"{WORKFLOWS}/e1", unavailable, unavailable, httpx.Response(200, json=details())
    )
    sleeps = Sleeps()
    execution = client(router, sleeps).workflow_executions.get("e1")
    assert execution.id == "e1"
    assert router.count("GET", f"{WORKFLOWS}/e1") == 3
    assert len(sleeps.delays) == 2
    assert INITIAL_RETRY_DELAY * (1 - RETRY_JITTER) <= sleeps.delays[0] <= INITIAL_RETRY_DELAY


def test_get_gives_up_after_max_retries_with_the_last_error() -> None:
    router = Router().add(
        "GET", f"{WORKFLOWS}/e1", httpx.Response(500, json=error_body("internalServerError", "x"))
    )
    sleeps = Sleeps()
    with pytest.raises(InternalServerError):
        client(router, sleeps, max_retries=3).workflow_executions.get("e1")
    assert router.count("GET", f"{WORKFLOWS}/e1") == 4
    assert len(sleeps.delays) == 3


def test_schedule_is_not_retried_after_a_read_timeout() -> None:
    router = Router().add("POST", WORKFLOWS, httpx.ReadTimeout, scheduled())
    with pytest.raises(ApiTimeoutError) as caught:
        client(router).workflow_executions.schedule("s", "w", 3)
    assert router.count("POST", WORKFLOWS) == 1
    assert caught.value.request_sent is True
    assert "may have reached the provider" in str(caught.value)


def test_schedule_is_not_retried_after_a_500() -> None:
    router = Router().add(
        "POST",
        WORKFLOWS,
        httpx.Response(500, json=error_body("internalServerError", "crash")),
        scheduled(),
    )
    with pytest.raises(InternalServerError):
        client(router).workflow_executions.schedule("s", "w", 3)
    assert router.count("POST", WORKFLOWS) == 1


def test_schedule_is_not_retried_after_a_dropped_connection() -> None:
    router = Router().add("POST", WORKFLOWS, httpx.RemoteProtocolError, scheduled())
    with pytest.raises(ApiConnectionError) as caught:
        client(router).workflow_executions.schedule("s", "w", 3)
    assert not isinstance(caught.value, ApiTimeoutError)
    assert caught.value.request_sent is True
    assert router.count("POST", WORKFLOWS) == 1


def test_schedule_is_retried_after_a_connect_error() -> None:
    router = Router().add("POST", WORKFLOWS, httpx.ConnectError, httpx.ConnectTimeout, scheduled())
    sleeps = Sleeps()
    result = client(router, sleeps).workflow_executions.schedule("s", "w", 3)
    assert result.id == "e1"
    assert router.count("POST", WORKFLOWS) == 3
    assert len(sleeps.delays) == 2


def test_connect_errors_exhausted_say_the_request_never_left() -> None:
    router = Router().add("POST", WORKFLOWS, httpx.ConnectError)
    with pytest.raises(ApiConnectionError) as caught:
        client(router).workflow_executions.schedule("s", "w", 3)
    assert caught.value.request_sent is False
    assert "after 3 attempts" in str(caught.value)
    assert "may have reached" not in str(caught.value)


def test_schedule_is_retried_after_a_500_when_the_user_opts_in() -> None:
    crash = httpx.Response(500, json=error_body("internalServerError", "crash"))
    router = Router().add("POST", WORKFLOWS, crash, httpx.ReadTimeout, scheduled())
    result = client(router, unsafe_retries=True).workflow_executions.schedule("s", "w", 3)
    assert result.id == "e1"
    assert router.count("POST", WORKFLOWS) == 3


def test_opting_in_per_call_overrides_the_client() -> None:
    crash = httpx.Response(500, json=error_body("internalServerError", "crash"))
    router = Router().add("POST", WORKFLOWS, crash, scheduled())
    c = client(router)
    assert c.workflow_executions.schedule("s", "w", 3, unsafe_retries=True).id == "e1"
    router2 = Router().add("POST", WORKFLOWS, crash, scheduled())
    c2 = client(router2, unsafe_retries=True)
    with pytest.raises(InternalServerError):
        c2.workflow_executions.schedule("s", "w", 3, unsafe_retries=False)


def test_retry_after_is_honoured() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "7"}, text="slow down")
    router = Router().add("GET", f"{WORKFLOWS}/e1", limited, httpx.Response(200, json=details()))
    sleeps = Sleeps()
    client(router, sleeps).workflow_executions.get("e1")
    assert sleeps.delays == [7.0]


def test_a_retry_after_beyond_the_cap_ends_the_retries() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3600"}, text="come back later")
    router = Router().add("GET", f"{WORKFLOWS}/e1", limited, httpx.Response(200, json=details()))
    sleeps = Sleeps()
    with pytest.raises(UnexpectedResponseError) as caught:
        client(router, sleeps).workflow_executions.get("e1")
    assert caught.value.status_code == 429
    assert sleeps.delays == []


def test_max_retries_zero_disables_retries() -> None:
    router = Router().add(
        "GET", f"{WORKFLOWS}/e1", httpx.ConnectError, httpx.Response(200, json=details())
    )
    with pytest.raises(ApiConnectionError):
        client(router, max_retries=0).workflow_executions.get("e1")
    assert router.count("GET", f"{WORKFLOWS}/e1") == 1


def test_a_404_is_not_retried() -> None:
    router = Router().add(
        "GET", f"{WORKFLOWS}/e1", httpx.Response(404, json=error_body("notFound", "gone"))
    )
    with pytest.raises(NotFoundError):
        client(router).workflow_executions.get("e1")
    assert router.count("GET", f"{WORKFLOWS}/e1") == 1


def test_async_client_retries_the_same_way() -> None:
    unavailable = httpx.Response(503, json=error_body("serviceUnavailable", "busy"))

    async def scenario() -> tuple[Router, Router]:
        gets = Router().add(
            "GET", f"{WORKFLOWS}/e1", unavailable, unavailable, httpx.Response(200, json=details())
        )
        async with async_client(gets) as c:
            assert (await c.workflow_executions.get("e1")).id == "e1"
        posts = Router().add("POST", WORKFLOWS, httpx.ReadTimeout, scheduled())
        async with async_client(posts) as c:
            with pytest.raises(ApiTimeoutError):
                await c.workflow_executions.schedule("s", "w", 3)
        return gets, posts

    gets, posts = asyncio.run(scenario())
    assert gets.count("GET", f"{WORKFLOWS}/e1") == 3
    assert posts.count("POST", WORKFLOWS) == 1


def test_async_schedule_is_retried_after_a_connect_error() -> None:
    router = Router().add("POST", WORKFLOWS, httpx.ConnectError, scheduled("e9"))

    async def scenario() -> str:
        async with async_client(router) as c:
            return (await c.workflow_executions.schedule("s", "w", 3)).id

    assert asyncio.run(scenario()) == "e9"
    assert router.count("POST", WORKFLOWS) == 2


# --- what a retried action makes of a refusal ------------------------------------


def _refusal(status: int, id: str) -> ApiStatusError:
    return make_status_error(
        _response(status), id=id, description="d", details={}, ctx=None, secret=Secret("t")
    )


# (branch, operation, status, id, earlier attempt unknown, expected)
SETTLEMENTS = [
    ("first attempt", "cancel", 400, "atmWorkflowExecutionEnded", False, Settlement.RAISE),
    ("first delete 404", "delete", 404, "notFound", False, Settlement.RAISE),
    ("other refusal", "cancel", 403, "forbidden", True, Settlement.RAISE),
    (
        "resume refusal on cancel",
        "cancel",
        400,
        "atmWorkflowExecutionNotResumable",
        True,
        Settlement.RAISE,
    ),
    ("schedule has none", "schedule", 400, "atmWorkflowExecutionEnded", True, Settlement.RAISE),
    ("gone after delete", "delete", 404, "notFound", True, Settlement.SUCCEED),
    (
        "ended after cancel",
        "cancel",
        400,
        "atmWorkflowExecutionEnded",
        True,
        Settlement.CHECK_STATE,
    ),
    (
        "transition after pause",
        "pause",
        400,
        "atmInvalidStatusTransition",
        True,
        Settlement.CHECK_STATE,
    ),
    (
        "not resumable after resume",
        "resume",
        400,
        "atmWorkflowExecutionNotResumable",
        True,
        Settlement.CHECK_STATE,
    ),
]


@pytest.mark.parametrize(
    ("operation", "status", "id", "unknown", "expected"),
    [row[1:] for row in SETTLEMENTS],
    ids=[row[0] for row in SETTLEMENTS],
)
def test_settle_refusal_branch(
    operation: str, status: int, id: str, unknown: bool, expected: Settlement
) -> None:
    error = _refusal(status, id)
    assert settle_refusal(operation, error, earlier_attempt_unknown=unknown) is expected


@pytest.mark.parametrize(
    ("operation", "confirmed", "not_confirmed"),
    [
        ("cancel", ["cancelled", "stopping"], ["finished", "paused", "active"]),
        ("pause", ["paused", "stopping"], ["interrupted", "cancelled", "active"]),
        ("resume", ["scheduled", "resuming", "active", "stopping"], ["paused", "failed"]),
        ("force_continue", ["resuming", "active"], ["failed", "crashed"]),
    ],
)
def test_state_confirms(operation: str, confirmed: list[str], not_confirmed: list[str]) -> None:
    for status in confirmed:
        assert state_confirms(operation, execution_from_json(details(status=status)))
    for status in not_confirmed:
        assert not state_confirms(operation, execution_from_json(details(status=status)))


def test_answer_lost() -> None:
    sent = ApiConnectionError("x", request=REQUEST, request_sent=True)
    never = ApiConnectionError("x", request=REQUEST, request_sent=False)
    assert answer_lost(sent)
    assert not answer_lost(never)
    assert answer_lost(_refusal(500, "internalServerError"))
    assert answer_lost(_refusal(503, "serviceUnavailable"))
    assert not answer_lost(_refusal(400, "atmWorkflowExecutionNotEnded"))
    assert not answer_lost(_refusal(404, "notFound"))
