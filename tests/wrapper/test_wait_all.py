"""wait_all(): many executions of a space followed through its phase lists, requests counted."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import httpx
import pytest
from oneprovider_automation import (
    ExecutionStatus,
    ExecutionSuspendedError,
    Oneprovider,
    UnlistedExecutionsError,
    WaitAllTimeoutError,
)

from .router import HOST, TOKEN, Sleeps, async_client
from .space import OTHER_SPACE, SPACE, FakeSpace

#: What the request-count test measures (the README quotes these numbers).
EXECUTIONS = 1000
POLLS = 10
HISTORY = 5000
WAIT_ALL_REQUESTS = 1040
ONE_GET_PER_POLL_REQUESTS = 5500


class Finishing:
    """Sleeps that make the next tenth of the executions end at each poll."""

    def __init__(self, space: FakeSpace, ids: list[str], per_poll: int) -> None:
        self.sleeps = Sleeps()
        self._space = space
        self._ids = ids
        self._per_poll = per_poll
        self._ended = 0

    def end_next(self) -> None:
        for execution_id in self._ids[self._ended : self._ended + self._per_poll]:
            self._space.set(execution_id, "finished")
        self._ended += self._per_poll

    def __call__(self, seconds: float) -> None:
        self.sleeps(seconds)
        self.end_next()


def _client(space: FakeSpace, sleep: Finishing | Sleeps) -> Oneprovider:
    c = Oneprovider(HOST, TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(space)))
    sleeps = sleep.sleeps if isinstance(sleep, Finishing) else sleep
    c._sleep = sleep
    c._clock = sleeps.clock
    return c


def _busy_space() -> tuple[FakeSpace, list[str]]:
    """A space with a long history of ended executions and 1,000 of ours, all active."""
    space = FakeSpace()
    for n in range(HISTORY):
        space.add(f"old{n:05d}", "finished")
    ids = [f"e{n:04d}" for n in range(EXECUTIONS)]
    for execution_id in ids:
        space.add(execution_id, "active")
    return space, ids


def test_waiting_for_1000_executions_reads_list_pages_not_one_get_each() -> None:
    space, ids = _busy_space()
    finishing = Finishing(space, ids, EXECUTIONS // POLLS)
    finishing.end_next()  # the first tenth has ended by the first poll
    done = _client(space, finishing).workflow_executions.wait_all(SPACE, ids, timeout=None)
    assert list(done) == ids
    assert all(e.status is ExecutionStatus.FINISHED for e in done.values())
    assert len(finishing.sleeps.delays) == POLLS - 1
    # One GET per execution, when first seen ended; four list pages a poll.
    assert space.requests["get"] == EXECUTIONS
    assert space.requests["list"] == 4 * POLLS
    assert sum(space.requests.values()) == WAIT_ALL_REQUESTS


def test_one_get_per_execution_per_poll_over_the_same_polls() -> None:
    space, ids = _busy_space()
    finishing = Finishing(space, ids, EXECUTIONS // POLLS)
    finishing.end_next()
    client = _client(space, finishing)
    pending = list(ids)
    for _ in range(POLLS):
        pending = [i for i in pending if not client.workflow_executions.get(i).is_stopped]
        if pending:
            client._sleep(1.0)
    assert not pending
    assert sum(space.requests.values()) == ONE_GET_PER_POLL_REQUESTS


def test_a_poll_reads_a_page_a_phase_until_all_are_found_and_gets_the_new_stopped() -> None:
    space, ids = _busy_space()
    # What ends before each poll: nothing; a tenth; nothing; the rest.
    ending: Iterator[tuple[list[str], str]] = iter(
        [([], ""), (ids[:100], "finished"), ([], ""), (ids[100:], "failed")]
    )

    def before_poll() -> None:
        execution_ids, status = next(ending)
        for execution_id in execution_ids:
            space.set(execution_id, status)

    per_poll: list[dict[str, int]] = []
    seen = dict(space.requests)

    def sleep(seconds: float) -> None:
        nonlocal seen
        per_poll.append(
            {kind: space.requests[kind] - seen.get(kind, 0) for kind in ("list", "get")}
        )
        seen = dict(space.requests)
        before_poll()

    client = _client(space, Sleeps())
    client._sleep = sleep
    before_poll()
    done = client.workflow_executions.wait_all(SPACE, ids, until="ended", timeout=None)
    per_poll.append({kind: space.requests[kind] - seen.get(kind, 0) for kind in ("list", "get")})
    assert len(done) == EXECUTIONS
    assert per_poll == [
        # All 1,000 found in the first page of ongoing: waiting and ongoing read.
        {"list": 2, "get": 0},
        # 100 newly ended: every phase read (one page each), each new one got once.
        {"list": 4, "get": 100},
        # The 900 left all ongoing again; the 100 are done and not looked for.
        {"list": 2, "get": 0},
        # The newest 900 of the ended list are ours: its first page finds them.
        {"list": 4, "get": 900},
    ]


def test_a_deleted_execution_is_an_error_after_two_polls() -> None:
    space = FakeSpace()
    space.add("e1", "active")
    sleeps = Sleeps()
    with pytest.raises(UnlistedExecutionsError) as caught:
        _client(space, sleeps).workflow_executions.wait_all(SPACE, ["e1", "gone"])
    error = caught.value
    assert error.missing == ("gone",)
    assert "gone not found (404)" in str(error)
    assert len(sleeps.delays) == 1
    assert space.requests["get"] == 1


def test_an_execution_of_another_space_is_named_with_its_space() -> None:
    space = FakeSpace()
    space.add("e1", "finished")
    space.add("x1", "active", space=OTHER_SPACE)
    with pytest.raises(UnlistedExecutionsError) as caught:
        _client(space, Sleeps()).workflow_executions.wait_all(SPACE, ["e1", "x1"])
    assert caught.value.elsewhere == {"x1": OTHER_SPACE}
    assert list(caught.value.done) == ["e1"]
    assert f"x1 belongs to space {OTHER_SPACE}" in str(caught.value)


def test_an_execution_missing_from_one_poll_only_is_waited_for() -> None:
    space = FakeSpace()
    space.add("e1", "active")
    sleeps = Sleeps()
    client = _client(space, sleeps)
    steps: Iterator[Callable[[], None]] = iter(
        [lambda: space.remove("e1"), lambda: space.add("e1", "finished")]
    )

    def sleep(seconds: float) -> None:
        sleeps(seconds)
        next(steps)()

    client._sleep = sleep
    done = client.workflow_executions.wait_all(SPACE, ["e1"])
    assert done["e1"].status is ExecutionStatus.FINISHED
    assert space.requests["get"] == 1


def test_until_ended_raises_for_a_suspended_execution() -> None:
    space = FakeSpace()
    space.add("e1", "paused")
    with pytest.raises(ExecutionSuspendedError, match="e1 is paused"):
        _client(space, Sleeps()).workflow_executions.wait_all(SPACE, ["e1"], until="ended")


def test_until_stopped_returns_a_suspended_execution() -> None:
    space = FakeSpace()
    space.add("e1", "interrupted")
    space.add("e2", "cancelled")
    done = _client(space, Sleeps()).workflow_executions.wait_all(SPACE, ["e2", "e1"])
    assert [e.status.value for e in done.values()] == ["cancelled", "interrupted"]


def test_wait_all_times_out_naming_what_is_pending() -> None:
    space = FakeSpace()
    space.add("e1", "active")
    space.add("e2", "finished")
    with pytest.raises(WaitAllTimeoutError) as caught:
        _client(space, Sleeps()).workflow_executions.wait_all(SPACE, ["e1", "e2"], timeout=5)
    assert caught.value.pending == ("e1",)
    assert list(caught.value.done) == ["e2"]
    assert "1 of 2 workflow executions are not yet stopped" in str(caught.value)


def test_no_executions_sends_nothing() -> None:
    space = FakeSpace()
    assert _client(space, Sleeps()).workflow_executions.wait_all(SPACE, []) == {}
    assert not space.requests


@pytest.mark.parametrize(
    ("ids", "until", "error"),
    [
        ("e1", "stopped", TypeError),
        (["e1", ""], "stopped", ValueError),
        (["e1"], "done", ValueError),
    ],
)
def test_arguments_are_checked_before_sending(ids: object, until: str, error: type) -> None:
    space = FakeSpace()
    with pytest.raises(error):
        _client(space, Sleeps()).workflow_executions.wait_all(SPACE, ids, until=until)  # type: ignore[arg-type]
    assert not space.requests


def test_async_wait_all() -> None:
    space = FakeSpace()
    space.add("e1", "active")
    sleeps = Sleeps()

    async def sleep(seconds: float) -> None:
        sleeps(seconds)
        space.set("e1", "failed")

    async def scenario() -> dict[str, ExecutionStatus]:
        client = async_client(httpx.MockTransport(space).handler, sleeps)  # type: ignore[arg-type]
        client._sleep = sleep
        async with client:
            done = await client.workflow_executions.wait_all(SPACE, ["e1"])
            return {i: e.status for i, e in done.items()}

    assert asyncio.run(scenario()) == {"e1": ExecutionStatus.FAILED}
