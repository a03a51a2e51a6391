"""wait(): polls with growing intervals until the execution stops, or times out clearly."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from oneprovider_automation import (
    ExecutionStatus,
    ExecutionSuspendedError,
    NotFoundError,
    WaitTimeoutError,
)
from oneprovider_automation._constants import MAX_POLL_INTERVAL, POLL_BACKOFF

from .router import WORKFLOWS, Router, Sleeps, async_client, client, details, error_body


def _statuses(*statuses: str) -> list[httpx.Response]:
    return [httpx.Response(200, json=details(status=s)) for s in statuses]


def test_wait_returns_the_stopped_execution() -> None:
    router = Router().add(
        "GET", f"{WORKFLOWS}/e1", *_statuses("scheduled", "active", "active", "finished")
    )
    sleeps = Sleeps()
    execution = client(router, sleeps).workflow_executions.wait("e1", poll_interval=1.0)
    assert execution.status is ExecutionStatus.FINISHED
    assert router.count("GET", f"{WORKFLOWS}/e1") == 4
    assert sleeps.delays == [1.0, 1.0 * POLL_BACKOFF, 1.0 * POLL_BACKOFF**2]


def test_paused_counts_as_stopped() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("active", "paused"))
    execution = client(router).workflow_executions.wait("e1")
    assert execution.status is ExecutionStatus.PAUSED


def test_intervals_are_capped() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses(*["active"] * 30, "failed"))
    sleeps = Sleeps()
    client(router, sleeps).workflow_executions.wait("e1", timeout=None, poll_interval=2.0)
    assert max(sleeps.delays) == MAX_POLL_INTERVAL
    assert sleeps.delays == sorted(sleeps.delays)


def test_wait_times_out_with_the_last_state_and_a_clear_message() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("active"))
    sleeps = Sleeps()
    with pytest.raises(WaitTimeoutError) as caught:
        client(router, sleeps).workflow_executions.wait("e1", timeout=10.0, poll_interval=3.0)
    error = caught.value
    assert error.execution.status is ExecutionStatus.ACTIVE
    assert error.timeout == 10.0
    assert "workflow execution e1 is still active after 10.0 s" in str(error)
    # The last sleep is cut to land on the deadline, where one more poll is made.
    assert sum(sleeps.delays) == 10.0
    assert router.count("GET", f"{WORKFLOWS}/e1") == len(sleeps.delays) + 1


def test_an_execution_stopping_at_the_deadline_is_still_seen() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("active", "active", "finished"))
    sleeps = Sleeps()
    execution = client(router, sleeps).workflow_executions.wait(
        "e1", timeout=2.0, poll_interval=1.5
    )
    assert execution.status is ExecutionStatus.FINISHED
    assert sleeps.delays == [1.5, 0.5]


def test_timeout_zero_polls_once() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("active"))
    with pytest.raises(WaitTimeoutError):
        client(router).workflow_executions.wait("e1", timeout=0)
    assert router.count("GET", f"{WORKFLOWS}/e1") == 1


def test_errors_while_waiting_are_raised() -> None:
    router = Router().add(
        "GET", f"{WORKFLOWS}/e1", httpx.Response(404, json=error_body("notFound", "gone"))
    )
    with pytest.raises(NotFoundError):
        client(router).workflow_executions.wait("e1")


@pytest.mark.parametrize(
    ("timeout", "poll_interval", "match"),
    [(-1.0, 1.0, "timeout"), (5.0, 0.0, "poll_interval")],
)
def test_wait_arguments_are_checked(timeout: float, poll_interval: float, match: str) -> None:
    router = Router()
    with pytest.raises(ValueError, match=match):
        client(router).workflow_executions.wait("e1", timeout=timeout, poll_interval=poll_interval)
    assert router.requests == []


def test_async_wait() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("active", "active", "crashed"))
    sleeps = Sleeps()

    async def scenario() -> ExecutionStatus:
        async with async_client(router, sleeps) as c:
            return (await c.workflow_executions.wait("e1", poll_interval=1.0)).status

    assert asyncio.run(scenario()) is ExecutionStatus.CRASHED
    assert sleeps.delays == [1.0, POLL_BACKOFF]


def test_async_wait_times_out() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("stopping"))

    async def scenario() -> None:
        async with async_client(router) as c:
            await c.workflow_executions.wait("e1", timeout=5.0)

    with pytest.raises(WaitTimeoutError, match="still stopping"):
        asyncio.run(scenario())


def test_until_stopped_says_suspended_and_until_ended_refuses_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger="oneprovider_automation")
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("active", "interrupted"))
    execution = client(router).workflow_executions.wait("e1")
    assert execution.is_suspended
    assert "workflow execution e1 is suspended: interrupted" in caplog.text
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("active", "paused"))
    with pytest.raises(ExecutionSuspendedError) as caught:
        client(router).workflow_executions.wait("e1", until="ended")
    assert caught.value.execution.status is ExecutionStatus.PAUSED
    assert "e1 is paused (suspended): it will not end by itself; resume" in str(caught.value)


def test_until_ended_logs_the_end(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="oneprovider_automation")
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("stopping", "cancelled"))
    execution = client(router).workflow_executions.wait("e1", until="ended")
    assert execution.is_ended
    assert "workflow execution e1 has ended: cancelled" in caplog.text
    assert "is stopping (ongoing); next poll" in caplog.text


def test_a_timeout_until_ended_says_so() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", *_statuses("scheduled"))
    with pytest.raises(WaitTimeoutError, match=r"\(waiting, not yet ended; timeout 1 s\)"):
        client(router).workflow_executions.wait("e1", until="ended", timeout=1)


def test_until_is_checked() -> None:
    router = Router()
    with pytest.raises(ValueError, match="until must be 'stopped' or 'ended'"):
        client(router).workflow_executions.wait("e1", until="finished")  # type: ignore[arg-type]
    assert router.requests == []
